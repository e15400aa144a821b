"""The examples of torch/nn's doc/table.md, translated to nnlib (0-based dims and
indices, Python lists for tables), asserting the results the page documents."""

import numpy as np
import pytest

import nnlib
from nnlib import nn

f32 = np.float32


def grad_update(mlp, x, y, criterion, learning_rate):
    """The page's gradUpdate helper."""
    pred = mlp.forward(x)
    err = criterion.forward(pred, y)
    grad_criterion = criterion.backward(pred, y)
    mlp.zero_grad_parameters()
    mlp.backward(x, grad_criterion)
    mlp.update_parameters(learning_rate)
    return err


def test_concat_table_linears():
    nnlib.manual_seed(0)
    mlp = nn.ConcatTable()
    mlp.add(nn.Linear(5, 2))
    mlp.add(nn.Linear(5, 3))
    x = np.random.default_rng(0).standard_normal(5).astype(f32)
    pred = mlp.forward(x)
    assert [p.shape for p in pred] == [(2,), (3,)]
    for p, m in zip(pred, mlp.modules):
        np.testing.assert_allclose(p, m.weight @ x + m.bias, rtol=1e-5)


def test_concat_table_identity_nested():
    mlp = nn.ConcatTable()
    mlp.add(nn.Identity())
    mlp.add(nn.Identity())
    rng = np.random.default_rng(0)
    x = [rng.standard_normal(2).astype(f32), [rng.standard_normal(3).astype(f32)]]
    pred = mlp.forward(x)
    assert len(pred) == 2
    for p in pred:
        assert p[0].shape == (2,) and len(p[1]) == 1 and p[1][0].shape == (3,)
        np.testing.assert_array_equal(p[0], x[0])
        np.testing.assert_array_equal(p[1][0], x[1][0])


def test_parallel_table():
    nnlib.manual_seed(0)
    mlp = nn.ParallelTable()
    mlp.add(nn.Linear(10, 2))
    mlp.add(nn.Linear(5, 3))
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(10).astype(f32), rng.random(5).astype(f32)
    pred = mlp.forward([x, y])
    assert [p.shape for p in pred] == [(2,), (3,)]
    for p, m, v in zip(pred, mlp.modules, (x, y)):
        np.testing.assert_allclose(p, m.weight @ v + m.bias, rtol=1e-5)


def test_map_table_shares_parameters():
    nnlib.manual_seed(0)
    mp = nn.MapTable()
    mp.add(nn.Linear(10, 3))
    rng = np.random.default_rng(0)
    x1, x2 = rng.random(10).astype(f32), rng.random(10).astype(f32)
    y = mp.forward([x1, x2])
    assert [v.shape for v in y] == [(3,), (3,)]
    lin = mp.modules[0]
    # Both outputs come from the one (shared) Linear.
    for v, x in zip(y, (x1, x2)):
        np.testing.assert_allclose(v, lin.weight @ x + lin.bias, rtol=1e-5)
    assert len(mp.modules) == 2
    assert np.shares_memory(mp.modules[1].weight, lin.weight)
    assert np.shares_memory(mp.modules[1].bias, lin.bias)


# SplitTable's outputs as printed; the input is the tensor they split.
SPLIT1 = [[1.3885, 1.3295, 0.4281, -1.0171], [-1.1565, -0.8556, -1.0717, -0.8316],
          [-1.3678, -0.1709, -0.0191, -2.5871]]
SPLIT2 = [[1.6114, 0.9038, 0.8419], [2.4742, 0.2208, 1.6043], [1.3415, 0.2984, 0.2260],
          [2.0889, 1.2309, 0.0983]]


def test_split_table_examples_1_2():
    x = np.array(SPLIT1).T  # 4x3
    out = nn.SplitTable(1).double().forward(x)  # Torch7's SplitTable(2)
    assert len(out) == 3
    for o, e in zip(out, SPLIT1):
        np.testing.assert_array_equal(o, e)
    x = np.array(SPLIT2)
    out = nn.SplitTable(0).double().forward(x)  # Torch7's SplitTable(1)
    assert len(out) == 4
    for o, e in zip(out, SPLIT2):
        np.testing.assert_array_equal(o, e)


def test_split_table_n_input_dims():
    batch = np.array([[[-1.3533, 0.7448, -0.8818], [0.1130, -1.3904, 1.4620],
                       [0.4672, -1.2738, 1.1559], [0.4194, 1.2991, 0.2241]],
                      [[-0.4521, -1.2463, 0.0316], [0.6722, 2.0910, -0.2466],
                       [0.4664, 0.0768, 0.6243], [2.9786, -0.6715, 0.0393]]])
    mlp = nn.SplitTable(0, 2).double()  # Torch7's SplitTable(1, 2)
    out = mlp.forward(batch)
    assert len(out) == 4 and all(o.shape == (2, 3) for o in out)
    np.testing.assert_array_equal(out[0], [[-1.3533, 0.7448, -0.8818], [-0.4521, -1.2463, 0.0316]])
    np.testing.assert_array_equal(out[3], [[0.4194, 1.2991, 0.2241], [2.9786, -0.6715, 0.0393]])
    single = np.array([[-1.8932, 0.0516, -0.6316], [-0.3397, -1.8881, -0.0977],
                       [0.0135, 1.2089, 0.5785], [-0.1758, -0.0776, -1.1013]])
    out = mlp.forward(single)
    assert len(out) == 4
    for o, e in zip(out, single):
        np.testing.assert_array_equal(o, e)


def test_split_table_negative_dim():
    m = nn.SplitTable(-2).double()
    x = np.array([[0.1420, -0.5698], [0.1663, 0.1197], [0.4198, -1.1394]])
    out = m.forward(x)
    assert len(out) == 3 and all(o.shape == (2,) for o in out)
    np.testing.assert_array_equal(out[2], [0.4198, -1.1394])
    x = np.array([[[-2.4941, -1.4541], [0.4594, 1.1946], [-2.3322, -0.7383]]])
    out = m.forward(x)
    assert len(out) == 3 and all(o.shape == (1, 2) for o in out)
    np.testing.assert_array_equal(out[1], [[0.4594, 1.1946]])


def _train(mlp, make_x, target, steps=100):
    criterion = nn.MSECriterion()
    errs = [grad_update(mlp, make_x(), target, criterion, 0.05) for _ in range(steps)]
    assert errs[-1] < 1e-3 < errs[0]


def test_split_table_complicated_example():
    nnlib.manual_seed(0)
    mlp = nn.Sequential()
    mlp.add(nn.SplitTable(1))  # Torch7's SplitTable(2)
    c = nn.ParallelTable()
    c.add(nn.Linear(10, 3))
    c.add(nn.Linear(10, 7))
    mlp.add(c)
    p = nn.ParallelTable()
    p.add(nn.Linear(3, 2))
    p.add(nn.Linear(7, 1))
    mlp.add(p)
    mlp.add(nn.JoinTable(0))  # Torch7's JoinTable(1)
    pred = mlp.forward(np.random.default_rng(0).standard_normal((10, 2)).astype(f32))
    assert pred.shape == (3,)
    _train(mlp, lambda: np.ones((10, 2), f32), np.ones(3, f32))


JX = [1.3965, 0.5146, -1.5244, -0.9540, 0.4256]
JY = [0.1575, 0.4491, 0.6580, 0.1784, -1.7362]
JZ = [-1.2660, 1.0869]


def test_join_table_example_1():
    x, y, z = (np.array(v)[:, None] for v in (JX, JY, JZ))
    np.testing.assert_array_equal(nn.JoinTable(0).double().forward([x, y]),
                                  np.array(JX + JY)[:, None])
    np.testing.assert_array_equal(nn.JoinTable(1).double().forward([x, y]),
                                  np.array([JX, JY]).T)
    np.testing.assert_array_equal(nn.JoinTable(0).double().forward([x, z]),
                                  np.array(JX + JZ)[:, None])


def test_join_table_example_2():
    module = nn.JoinTable(1, 2).double()  # Torch7's JoinTable(2, 2)
    x = np.array([[0.4288], [-1.4084], [-0.2091]])
    y = np.array([[1.2002], [-0.7960], [0.1852]])
    np.testing.assert_array_equal(module.forward([x, y]), np.hstack([x, y]))
    mx = np.array([[[0.5561], [-0.6792], [0.0687]], [[2.5787], [-0.9860], [0.1989]]])
    my = np.array([[[0.1228], [0.1153], [0.2955]], [[1.8185], [0.6756], [-0.4327]]])
    out = module.forward([mx, my])
    assert out.shape == (2, 3, 2)
    np.testing.assert_array_equal(out[1], [[2.5787, 1.8185], [-0.9860, 0.6756], [0.1989, -0.4327]])


def test_join_table_complicated_example():
    nnlib.manual_seed(0)
    mlp = nn.Sequential()
    c = nn.ConcatTable()
    c.add(nn.Linear(10, 3))
    c.add(nn.Linear(10, 7))
    mlp.add(c)
    p = nn.ParallelTable()
    p.add(nn.Linear(3, 2))
    p.add(nn.Linear(7, 1))
    mlp.add(p)
    mlp.add(nn.JoinTable(0))
    assert mlp.forward(np.random.default_rng(0).standard_normal(10).astype(f32)).shape == (3,)
    _train(mlp, lambda: np.ones(10, f32), np.ones(3, f32))


def _gater(n):
    gater = nn.Sequential()
    gater.add(nn.Linear(3, 7))
    gater.add(nn.Tanh())
    gater.add(nn.Linear(7, n))
    gater.add(nn.SoftMax())
    return gater


def test_mixture_table_example_1():
    nnlib.manual_seed(0)
    n = 3
    experts = nn.ConcatTable()
    for _ in range(n):
        expert = nn.Sequential()
        expert.add(nn.Linear(3, 4))
        expert.add(nn.Tanh())
        expert.add(nn.Linear(4, 5))
        expert.add(nn.Tanh())
        experts.add(expert)
    gater = _gater(n)
    trunk = nn.ConcatTable()
    trunk.add(gater)
    trunk.add(experts)
    moe = nn.Sequential()
    moe.add(trunk)
    moe.add(nn.MixtureTable())
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(f32)
    out = moe.forward(x)
    assert out.shape == (2, 5)
    # output = G[1]*E[1] + ... + G[n]*E[n]
    g = gater.output
    ref = sum(g[:, i:i + 1] * e.output for i, e in enumerate(experts.modules))
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)


def test_mixture_table_example_2():
    nnlib.manual_seed(0)
    n = 3
    experts = nn.Concat(4)  # Torch7's Concat(5)
    for _ in range(n):
        expert = nn.Sequential()
        expert.add(nn.Linear(3, 4))
        expert.add(nn.Tanh())
        expert.add(nn.Linear(4, 4 * 2 * 5))
        expert.add(nn.Tanh())
        expert.add(nn.Reshape(4, 2, 5, 1))
        experts.add(expert)
    trunk = nn.ConcatTable()
    gater = _gater(n)
    trunk.add(gater)
    trunk.add(experts)
    moe = nn.Sequential()
    moe.add(trunk)
    moe.add(nn.MixtureTable(4))  # Torch7's MixtureTable(5)
    out = moe.forward(np.random.default_rng(0).standard_normal((2, 3)).astype(f32))
    assert out.shape == (2, 4, 2, 5)
    ref = (experts.output * gater.output[:, None, None, None, :]).sum(-1)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)


A23 = np.array([[-0.3060, 0.1398, 0.2707], [0.0576, 1.5455, 0.0610]])
G23 = np.array([[-0.4891, -0.3495, -0.3182], [-2.0999, 0.7381, -0.5312]])


def test_select_table_example_1():
    inp = [A23, np.array([[2.3080], [-0.2955]])]
    np.testing.assert_array_equal(nn.SelectTable(0).double().forward(inp), A23)  # SelectTable(1)
    np.testing.assert_array_equal(nn.SelectTable(-1).double().forward(inp), inp[1])
    # nnlib's backward needs a forward first (Torch7's doc calls backward on a fresh module).
    m = nn.SelectTable(0).double()
    m.forward(inp)
    g = m.backward(inp, G23)
    np.testing.assert_array_equal(g[0], G23)
    np.testing.assert_array_equal(g[1], [[0], [0]])


def test_select_table_example_3_nested():
    rng = np.random.default_rng(0)
    inp = [rng.standard_normal((2, 3)), [rng.standard_normal((2, 1)), [rng.standard_normal((2, 2))]]]
    m = nn.SelectTable(1).double()  # Torch7's SelectTable(2)
    out = m.forward(inp)  # (nnlib's backward also needs this forward first)
    assert out[0].shape == (2, 1) and out[1][0].shape == (2, 2)
    go = [rng.standard_normal((2, 1)), [rng.standard_normal((2, 2))]]
    g = m.backward(inp, go)
    np.testing.assert_array_equal(g[0], np.zeros((2, 3)))
    np.testing.assert_array_equal(g[1][0], go[0])
    np.testing.assert_array_equal(g[1][1][0], go[1][0])
    go = rng.standard_normal((2, 3))
    m = nn.SelectTable(0).double()
    m.forward(inp)
    g = m.backward(inp, go)
    np.testing.assert_array_equal(g[0], go)
    np.testing.assert_array_equal(g[1][0], np.zeros((2, 1)))
    np.testing.assert_array_equal(g[1][1][0], np.zeros((2, 2)))


def test_narrow_table():
    rng = np.random.default_rng(0)
    inp = [rng.standard_normal((2, 3)), rng.standard_normal((2, 1)), rng.standard_normal((1, 2))]
    out = nn.NarrowTable(1, 2).double().forward(inp)  # Torch7's NarrowTable(2, 2)
    assert [o.shape for o in out] == [(2, 1), (1, 2)]
    out = nn.NarrowTable(0).double().forward(inp)  # Torch7's NarrowTable(1)
    assert [o.shape for o in out] == [(2, 3)]
    go = [np.array([[1.9528, -0.1381, 0.2023], [0.2297, -1.5169, -1.1871]]),
          np.array([[-1.2023], [-0.4165]])]
    m = nn.NarrowTable(0, 2).double()
    m.forward(inp)
    g = m.backward(inp, go)
    np.testing.assert_array_equal(g[0], go[0])
    np.testing.assert_array_equal(g[1], go[1])
    np.testing.assert_array_equal(g[2], [[0, 0]])


def test_flatten_table():
    rng = np.random.default_rng(0)
    x = [rng.random(1), [rng.random(2), [rng.random(3)]], rng.random(4)]
    out = nn.FlattenTable().double().forward(x)
    assert [o.shape for o in out] == [(1,), (2,), (3,), (4,)]
    for o, e in zip(out, (x[0], x[1][0], x[1][1][0], x[2])):
        np.testing.assert_array_equal(o, e)


def test_zip_tables():
    # The doc zips strings; nnlib's tables hold arrays.
    a1, a2, b1, b2, c1, c2 = (np.full(2, v, f32) for v in range(6))
    out = nn.ZipTable().forward([[a1, a2], [b1, b2], [c1, c2]])
    assert [[o[0] for o in row] for row in out] == [[0, 2, 4], [1, 3, 5]]
    el, a, b, c = (np.full(2, v, f32) for v in range(4))
    out = nn.ZipTableOneToMany().forward([el, [a, b, c]])
    assert [[o[0] for o in row] for row in out] == [[0, 1], [0, 2], [0, 3]]


def test_pairwise_distance():
    x, y = np.array([1.0, 2, 3]), np.array([4.0, 5, 6])
    np.testing.assert_allclose(nn.PairwiseDistance(1).double().forward([x, y]), [9])
    np.testing.assert_allclose(nn.PairwiseDistance(2).double().forward([x, y]), [5.1962], atol=1e-4)


def test_pairwise_distance_hinge_training():
    nnlib.manual_seed(0)
    p1_mlp = nn.Sequential()
    p1_mlp.add(nn.Linear(5, 2))
    p2_mlp = p1_mlp.clone("weight", "bias")
    prl = nn.ParallelTable()
    prl.add(p1_mlp)
    prl.add(p2_mlp)
    mlp = nn.Sequential()
    mlp.add(prl)
    mlp.add(nn.PairwiseDistance(1))
    crit = nn.HingeEmbeddingCriterion(1)
    rng = np.random.default_rng(0)
    x, y = rng.random(5).astype(f32), rng.random(5).astype(f32)
    label = np.ones(1, f32)
    dist = [float(mlp.forward([x, y])[0])]
    for _ in range(10):  # push together: the distance gets smaller
        grad_update(mlp, [x, y], label, crit, 0.01)
        dist.append(float(mlp.forward([x, y])[0]))
    assert all(b < a for a, b in zip(dist, dist[1:]))
    dist = dist[-1:]
    for _ in range(10):  # pull apart: the distance gets larger
        grad_update(mlp, [x, y], -label, crit, 0.01)
        dist.append(float(mlp.forward([x, y])[0]))
    assert all(b > a for a, b in zip(dist, dist[1:]))


def test_dot_product():
    x, y = np.array([1.0, 2, 3]), np.array([4.0, 5, 6])
    np.testing.assert_array_equal(nn.DotProduct().double().forward([x, y]), [32])


def test_dot_product_ranking():
    nnlib.manual_seed(0)
    mlp1 = nn.Linear(5, 10)
    mlp2 = mlp1.clone("weight", "bias")
    prl = nn.ParallelTable()
    prl.add(mlp1)
    prl.add(mlp2)
    mlp1 = nn.Sequential()
    mlp1.add(prl)
    mlp1.add(nn.DotProduct())
    mlp2 = mlp1.clone("weight", "bias")
    mlp = nn.Sequential()
    prla = nn.ParallelTable()
    prla.add(mlp1)
    prla.add(mlp2)
    mlp.add(prla)
    rng = np.random.default_rng(0)
    x, y, z = (rng.random(5).astype(f32) for _ in range(3))
    # x.x is a dot product of one vector with itself: non-negative
    assert mlp1.forward([x, x])[0] >= 0
    crit = nn.MarginRankingCriterion(1)
    inp = [[x, y], [x, z]]
    one = np.ones(1, f32)
    for _ in range(100):
        grad_update(mlp, inp, one, crit, 0.05)
    o1, o2 = mlp1.forward([x, y])[0], mlp2.forward([x, z])[0]
    assert o1 > o2 + 1 - 1e-4  # the margin is met: x matches y better
    assert crit.forward(mlp.forward(inp), one) < 1e-4
    for _ in range(100):
        grad_update(mlp, inp, -one, crit, 0.05)
    o1, o2 = mlp1.forward([x, y])[0], mlp2.forward([x, z])[0]
    assert o2 > o1 + 1 - 1e-4


def test_cosine_distance():
    x, y = np.array([1.0, 2, 3]), np.array([4.0, 5, 6])
    np.testing.assert_allclose(nn.CosineDistance().double().forward([x, y]), [0.9746], atol=1e-4)
    x = np.array([[1.0, 2, 3], [1, 2, -3]])
    y = np.array([[4.0, 5, 6], [-4, 5, 6]])
    np.testing.assert_allclose(nn.CosineDistance().double().forward([x, y]), [0.9746, -0.3655], atol=1e-4)


def test_cosine_distance_training():
    nnlib.manual_seed(0)
    p1_mlp = nn.Sequential()
    p1_mlp.add(nn.Linear(5, 2))
    p2_mlp = p1_mlp.clone("weight", "bias")
    prl = nn.ParallelTable()
    prl.add(p1_mlp)
    prl.add(p2_mlp)
    mlp = nn.Sequential()
    mlp.add(prl)
    mlp.add(nn.CosineDistance())
    rng = np.random.default_rng(0)
    x, y = rng.random(5).astype(f32), rng.random(5).astype(f32)

    def update(label, lr):
        pred = mlp.forward([x, y])
        if pred[0] * label < 1:
            mlp.zero_grad_parameters()
            mlp.backward([x, y], np.array([-label], f32))
            mlp.update_parameters(lr)

    for _ in range(200):  # push together: the cosine rises towards 1
        update(1, 0.1)
    assert mlp.forward([x, y])[0] > 0.99
    for _ in range(200):  # pull apart: the cosine falls
        update(-1, 0.1)
    assert mlp.forward([x, y])[0] < 0


def test_criterion_table():
    mlp = nn.CriterionTable(nn.MSECriterion())
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(5).astype(f32), rng.standard_normal(5).astype(f32)
    assert mlp.forward([x, x]) == 0
    assert mlp.forward([x, y]) == pytest.approx(float(np.mean((x - y) ** 2)), rel=1e-6)


def test_criterion_table_in_network():
    nnlib.manual_seed(0)
    mlp = nn.Sequential()
    main_mlp = nn.Sequential()
    main_mlp.add(nn.Linear(5, 4))
    main_mlp.add(nn.Linear(4, 3))
    cmlp = nn.ParallelTable()
    cmlp.add(main_mlp)
    cmlp.add(nn.Identity())
    mlp.add(cmlp)
    mlp.add(nn.CriterionTable(nn.MSECriterion()))
    errs = []
    for _ in range(20):
        x = np.ones(5, f32)
        y = x[0:3].copy()
        errs.append(mlp.forward([x, y]))
        mlp.zero_grad_parameters()
        mlp.backward([x, y], None)  # Torch7 omits the unused gradOutput
        mlp.update_parameters(0.05)
    assert errs[-1] < errs[0]


def test_cwise_tables():
    ii = [np.ones(5, f32), np.ones(5, f32) * 2, np.ones(5, f32) * 3]
    np.testing.assert_array_equal(nn.CAddTable().forward(ii), np.full(5, 6))
    np.testing.assert_allclose(nn.CSubTable().forward([np.full(5, 2.2, f32), np.ones(5, f32)]),
                               np.full(5, 1.2), rtol=1e-6)
    ii = [np.ones(5, f32) * 2, np.ones(5, f32) * 3, np.ones(5, f32) * 4]
    np.testing.assert_array_equal(nn.CMulTable().forward(ii), np.full(5, 24))
    np.testing.assert_allclose(nn.CDivTable().forward([np.full(5, 2.2, f32), np.full(5, 4.4, f32)]),
                               np.full(5, 0.5), rtol=1e-6)
    pair = [np.array([1, 2, 3], f32), np.array([3, 2, 1], f32)]
    np.testing.assert_array_equal(nn.CMaxTable().forward(pair), [3, 2, 3])
    np.testing.assert_array_equal(nn.CMinTable().forward(pair), [1, 2, 1])


def test_cadd_tensor_table():
    out = nn.CAddTensorTable().forward([np.array([0, 1, 1], f32),
                                        [np.array([0, 0, 0], f32), np.array([1, 1, 1], f32)]])
    np.testing.assert_array_equal(out[0], [0, 1, 1])
    np.testing.assert_array_equal(out[1], [1, 2, 2])
