"""The examples and loss formulas of torch/nn's doc/criterion.md, translated to nnlib
(0-based class labels, lists for tables), asserting the results the page documents."""

import numpy as np
import pytest

import nnlib
from nnlib import nn

f32 = np.float32
RNG = np.random.default_rng(0)


def rand(*shape):
    return RNG.random(shape).astype(f32)


def randn(*shape):
    return RNG.standard_normal(shape).astype(f32)


def approx(v):
    return pytest.approx(float(v), rel=1e-5, abs=1e-6)


def log_softmax(x):
    x = x.astype(np.float64)
    return x - np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)) - x.max(-1, keepdims=True)


def test_abs_criterion():
    x, y = randn(3, 5), randn(3, 5)
    c = nn.AbsCriterion()
    assert c.forward(x, y) == approx(np.abs(x - y).mean())
    c.size_average = False
    assert c.forward(x, y) == approx(np.abs(x - y).sum())


def test_class_nll_criterion():
    x = log_softmax(randn(4, 5)).astype(f32)
    t = np.array([0, 4, 2, 2])
    assert nn.ClassNLLCriterion().forward(x, t) == approx(-x[np.arange(4), t].mean())
    w = rand(5) + 0.5
    # With weights, the mean is taken over the weights of the targets (Torch7's
    # sizeAverage divides by the summed weights).
    expected = -(w[t] * x[np.arange(4), t]).sum() / w[t].sum()
    assert nn.ClassNLLCriterion(w).forward(x, t) == approx(expected)
    # An ignored class contributes 0.
    c = nn.ClassNLLCriterion(None, False, 2)
    assert c.forward(x, t) == approx(-(x[0, 0] + x[1, 4]))


def test_class_nll_training_step():
    nnlib.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(3, 4), nn.LogSoftMax())
    x, y = randn(2, 3), np.array([1, 3])
    criterion = nn.ClassNLLCriterion()
    before = criterion.forward(mlp.forward(x), y)
    for _ in range(20):
        pred = mlp.forward(x)
        criterion.forward(pred, y)
        mlp.zero_grad_parameters()
        mlp.backward(x, criterion.backward(pred, y))
        mlp.update_parameters(0.1)
    assert criterion.forward(mlp.forward(x), y) < before


def test_cross_entropy_criterion():
    x = randn(4, 5)
    t = np.array([1, 0, 4, 1])
    xd = x.astype(np.float64)
    per = -xd[np.arange(4), t] + np.log(np.exp(xd).sum(-1))
    assert nn.CrossEntropyCriterion().forward(x, t) == approx(per.mean())
    w = rand(5) + 0.5
    crit = nn.CrossEntropyCriterion(w)
    assert crit.forward(x, t) == approx((w[t] * per).sum() / w[t].sum())
    # Torch7's crit.nll.sizeAverage = false: nnlib's keyword
    crit = nn.CrossEntropyCriterion(w, size_average=False)
    assert crit.forward(x, t) == approx((w[t] * per).sum())


def test_class_simplex_criterion_example():
    nnlib.manual_seed(0)
    n_input, n_classes, n_hidden = 10, 30, 20
    mlp = nn.Sequential()
    mlp.add(nn.Linear(n_input, n_hidden)).add(nn.ReLU())
    # The doc's nn.NormalizedLinearNoBias is no torch/nn class; a bias-free Linear stands in.
    mlp.add(nn.Linear(n_hidden, n_classes, False))
    mlp.add(nn.Normalize(2))
    criterion = nn.ClassSimplexCriterion(n_classes)
    x, y = randn(3, n_input), np.array([0, 29, 7])
    errs = []
    for _ in range(30):
        pred = mlp.forward(x)
        errs.append(criterion.forward(pred, y))
        mlp.zero_grad_parameters()
        mlp.backward(x, criterion.backward(pred, y))
        mlp.update_parameters(0.5)
    assert errs[-1] < errs[0]
    np.testing.assert_array_equal(criterion.get_top_prediction(mlp.forward(x)).ravel(), y)


def test_dist_kl_div_criterion():
    x = np.log(rand(3, 4) + 0.1)
    t = rand(3, 4) + 0.1
    expected = (t * (np.log(t) - x)).mean()
    assert nn.DistKLDivCriterion().forward(x, t) == approx(expected)


def test_bce_criterion():
    o, t = rand(3, 4) * 0.9 + 0.05, (rand(3, 4) > 0.5).astype(f32)
    ll = t * np.log(o.astype(np.float64)) + (1 - t) * np.log(1 - o.astype(np.float64))
    assert nn.BCECriterion().forward(o, t) == approx(-ll.mean())
    w = rand(4) + 0.5
    assert nn.BCECriterion(w).forward(o, t) == approx(-(w * ll).mean())


def _two_point_training(criterion):
    nnlib.manual_seed(0)
    mlp = nn.Sequential()
    mlp.add(nn.Linear(5, 1))
    x1, x2 = rand(5), rand(5)
    t1, t2 = np.array([1], f32), np.array([-1], f32)

    def grad_update(x, y):
        pred = mlp.forward(x)
        criterion.forward(pred, y)
        g = criterion.backward(pred, y)
        mlp.zero_grad_parameters()
        mlp.backward(x, g)
        mlp.update_parameters(0.01)

    for _ in range(1000):
        grad_update(x1, t1)
        grad_update(x2, t2)
    return (mlp.forward(x1).copy(), mlp.forward(x2).copy(),
            criterion.forward(mlp.forward(x1), t1), criterion.forward(mlp.forward(x2), t2))


def test_margin_criterion_example():
    x = randn(7)
    y = np.where(rand(7) > 0.5, 1, -1).astype(f32)
    assert nn.MarginCriterion(0.5).forward(x, y) == approx(np.maximum(0, 0.5 - y * x).sum() / 7)
    o1, o2, e1, e2 = _two_point_training(nn.MarginCriterion(1))
    # The doc prints 1.0043, -1.0061 and both losses 0: the margin is met.
    assert o1[0] >= 1 and o2[0] <= -1
    assert e1 == 0 and e2 == 0


def test_soft_margin_criterion_example():
    x = randn(7)
    y = np.where(rand(7) > 0.5, 1, -1).astype(f32)
    expected = np.log1p(np.exp(-y * x.astype(np.float64))).sum() / 7
    assert nn.SoftMarginCriterion().forward(x, y) == approx(expected)
    o1, o2, e1, e2 = _two_point_training(nn.SoftMarginCriterion())
    # The doc prints 0.7471, -0.9607 and losses 0.388, 0.324: the right signs, and each
    # loss is log(1 + exp(-y x)) of the printed output.
    assert o1[0] > 0 > o2[0]
    assert e1 == approx(np.log1p(np.exp(-o1[0])))
    assert e2 == approx(np.log1p(np.exp(o2[0])))


def test_multi_margin_criterion():
    x, y = randn(6), 2
    for p in (1, 2):
        terms = np.maximum(0, 1 - x[y] + x) ** p
        terms[y] = 0  # the sum runs over i != y
        assert nn.MultiMarginCriterion(p).forward(x, np.array(y)) == approx(terms.sum() / 6)
    w = rand(6) + 0.5
    terms = np.maximum(0, w[y] * (1 - x[y] + x))
    terms[y] = 0
    assert nn.MultiMarginCriterion(1, w).forward(x, np.array(y)) == approx(terms.sum() / 6)


def test_multi_margin_with_euclidean_similarity():
    nnlib.manual_seed(0)
    n, m = 4, 3
    mlp = nn.Sequential()
    mlp.add(nn.Euclidean(n, m))
    mlp.add(nn.MulConstant(-1))
    x = randn(n)
    out = mlp.forward(x)
    assert out.shape == (m,) and np.all(out <= 0)
    assert np.isfinite(nn.MultiMarginCriterion().forward(out, np.array(1)))


def test_multi_label_margin_criterion():
    x = randn(2, 4)
    # Torch7's {{1, 3, 0, 0}, {4, 0, 0, 0}} (1-based, 0 ends the list) is 0-based, ended by -1.
    target = np.array([[0, 2, -1, -1], [3, -1, -1, -1]])
    loss = 0.0
    for xs, labels in ((x[0], [0, 2]), (x[1], [3])):
        others = [i for i in range(4) if i not in labels]
        loss += sum(max(0, 1 - (xs[j] - xs[i])) for j in labels for i in others) / 4
    assert nn.MultiLabelMarginCriterion().forward(x, target) == approx(loss / 2)


def test_multi_label_soft_margin_criterion():
    x, y = randn(3, 4), (rand(3, 4) > 0.5).astype(f32)
    xd = x.astype(np.float64)
    expected = -(y * np.log(np.exp(xd) / (1 + np.exp(xd))) + (1 - y) * np.log(1 / (1 + np.exp(xd)))).sum() / x.size
    assert nn.MultiLabelSoftMarginCriterion().forward(x, y) == approx(expected)


def test_mse_criterion():
    x, y = randn(3, 5), randn(3, 5)
    c = nn.MSECriterion()
    assert c.forward(x, y) == approx(((x - y) ** 2).mean())
    c.size_average = False
    assert c.forward(x, y) == approx(((x - y) ** 2).sum())


def test_spatial_auto_crop_mse_criterion():
    # The target is centre-cropped to the input's spatial size.
    x, y = randn(2, 3, 3, 3), randn(2, 3, 5, 5)
    crop = y[:, :, 1:4, 1:4]
    c = nn.SpatialAutoCropMSECriterion()
    assert c.forward(x, y) == approx(((x - crop) ** 2).mean())
    c.size_average = False
    assert c.forward(x, y) == approx(((x - crop) ** 2).sum())


def test_multi_criterion():
    x = rand(2, 10)
    target = np.array([0, 7], np.int32)  # Torch7's IntTensor{1, 8}
    nll = nn.ClassNLLCriterion()
    nll2 = nn.CrossEntropyCriterion()
    mc = nn.MultiCriterion().add(nll, 0.5).add(nll2)
    output = mc.forward(x, target)
    assert output == approx(0.5 * nn.ClassNLLCriterion().forward(x, target)
                            + nn.CrossEntropyCriterion().forward(x, target))


def test_parallel_criterion():
    x = [rand(2, 10), randn(2, 10)]
    target = [np.array([0, 7], np.int32), randn(2, 10)]
    pc = nn.ParallelCriterion().add(nn.ClassNLLCriterion(), 0.5).add(nn.MSECriterion())
    output = pc.forward(x, target)
    assert output == approx(0.5 * nn.ClassNLLCriterion().forward(x[0], target[0])
                            + nn.MSECriterion().forward(x[1], target[1]))


def test_smooth_l1_criterion():
    x, y = randn(3, 5) * 2, randn(3, 5)
    d = np.abs(x - y)
    per = np.where(d < 1, 0.5 * d ** 2, d - 0.5)
    c = nn.SmoothL1Criterion()
    assert c.forward(x, y) == approx(per.mean())
    c.size_average = False
    assert c.forward(x, y) == approx(per.sum())


def test_hinge_embedding_criterion():
    x = rand(6) * 2
    y = np.array([1, -1, 1, -1, -1, 1], f32)
    per = np.where(y == 1, x, np.maximum(0, 1 - x))
    assert nn.HingeEmbeddingCriterion(1).forward(x, y) == approx(per.mean())


def test_l1_hinge_embedding_criterion():
    x1, x2 = randn(5), randn(5)
    d = np.abs(x1 - x2).sum()
    c = nn.L1HingeEmbeddingCriterion(2)
    assert c.forward([x1, x2], 1) == approx(d)
    assert c.forward([x1, x2], -1) == approx(max(0, 2 - d))


def test_cosine_embedding_criterion():
    x1, x2 = randn(3, 5), randn(3, 5)
    cos = (x1 * x2).sum(1) / np.linalg.norm(x1, axis=1) / np.linalg.norm(x2, axis=1)
    y = np.array([1, -1, -1], f32)
    per = np.where(y == 1, 1 - cos, np.maximum(0, cos - 0.1))
    assert nn.CosineEmbeddingCriterion(0.1).forward([x1, x2], y) == approx(per.mean())


def test_distance_ratio_criterion_triplet_example():
    nnlib.manual_seed(0)
    sample = [rand(4, 12), rand(4, 12), rand(4, 12)]  # the doc's 32 x 512, shrunk
    embedding = nn.Sequential()
    embedding.add(nn.Linear(12, 5)).add(nn.ReLU())
    triple = nn.ParallelTable()
    triple.add(embedding)
    triple.add(embedding.clone("weight", "bias", "grad_weight", "grad_bias"))
    triple.add(embedding.clone("weight", "bias", "grad_weight", "grad_bias"))
    pos = nn.Sequential()
    pos.add(nn.NarrowTable(0, 2)).add(nn.PairwiseDistance())  # Torch7's NarrowTable(1, 2)
    neg = nn.Sequential()
    neg.add(nn.NarrowTable(1, 2)).add(nn.PairwiseDistance())  # Torch7's NarrowTable(2, 2)
    model = nn.Sequential().add(triple).add(nn.ConcatTable().add(pos).add(neg))
    criterion = nn.DistanceRatioCriterion(True)
    output = model.forward(sample)
    loss = criterion.forward(output)
    ds, dd = output[0].astype(np.float64), output[1].astype(np.float64)
    expected = -np.log(np.exp(-ds) / (np.exp(-ds) + np.exp(-dd))).mean()
    assert loss == approx(expected)
    d_loss = criterion.backward(output)
    grad = model.backward(sample, d_loss)
    assert [g.shape for g in grad] == [(4, 12)] * 3


def test_margin_ranking_criterion_example():
    x1, x2 = randn(4), randn(4)
    y = np.array([1, -1, 1, -1], f32)
    expected = np.maximum(0, -y * (x1 - x2) + 0.1).mean()
    assert nn.MarginRankingCriterion(0.1).forward([x1, x2], y) == approx(expected)

    nnlib.manual_seed(0)
    p1_mlp = nn.Linear(5, 2)
    p2_mlp = p1_mlp.clone("weight", "bias")
    prl = nn.ParallelTable()
    prl.add(p1_mlp)
    prl.add(p2_mlp)
    mlp1 = nn.Sequential()
    mlp1.add(prl)
    mlp1.add(nn.DotProduct())
    mlp2 = mlp1.clone("weight", "bias")
    mlpa = nn.Sequential()
    prla = nn.ParallelTable()
    prla.add(mlp1)
    prla.add(mlp2)
    mlpa.add(prla)
    crit = nn.MarginRankingCriterion(0.1)
    x, y, z = randn(5), randn(5), randn(5)
    inp = [[x, y], [x, z]]

    def grad_update(label):
        pred = mlpa.forward(inp)
        crit.forward(pred, label)
        g = crit.backward(pred, label)
        mlpa.zero_grad_parameters()
        mlpa.backward(inp, g)
        mlpa.update_parameters(0.01)

    for _ in range(100):
        grad_update(1)
    o1, o2 = mlp1.forward([x, y])[0], mlp2.forward([x, z])[0]
    o = crit.forward(mlpa.forward(inp), 1)
    assert o == approx(max(0, -(o1 - o2) + 0.1))
    assert o1 > o2
    for _ in range(100):
        grad_update(-1)
    o1, o2 = mlp1.forward([x, y])[0], mlp2.forward([x, z])[0]
    assert o2 > o1
