"""The examples of torch/nn's doc/simple.md, translated to nnlib (0-based dims and
indices, lists for tables), asserting the results the page documents."""

import math

import numpy as np
import pytest

import nnlib
from nnlib import nn

f32 = np.float32

# The 4x5 tensor the Narrow example prints.
NARROW_X = np.array([[0.3695, 0.2017, 0.4485, 0.4638, 0.0513],
                     [0.9222, 0.1877, 0.3388, 0.6265, 0.5659],
                     [0.8785, 0.7394, 0.8265, 0.9212, 0.0129],
                     [0.2290, 0.7971, 0.2113, 0.1097, 0.3166]])


def grad_update(mlp, x, y, criterion, learning_rate):
    """The doc's gradUpdate helper."""
    pred = mlp.forward(x)
    err = criterion.forward(pred, y)
    grad_criterion = criterion.backward(pred, y)
    mlp.zero_grad_parameters()
    mlp.backward(x, grad_criterion)
    mlp.update_parameters(learning_rate)
    return err


def test_linear_shapes():
    module = nn.Linear(10, 5)
    mlp = nn.Sequential()
    mlp.add(module)
    assert module.weight.shape == (5, 10) and module.bias.shape == (5,)
    assert module.grad_weight.shape == (5, 10) and module.grad_bias.shape == (5,)
    y = module.forward(np.zeros(10, f32))
    assert y.shape == (5,)
    np.testing.assert_allclose(y, module.bias)


def test_bilinear_and_partial_linear_shapes():
    rng = np.random.default_rng(0)
    module = nn.Bilinear(10, 5, 3)
    out = module.forward([rng.standard_normal((7, 10)).astype(f32),
                          rng.standard_normal((7, 5)).astype(f32)])
    assert out.shape == (7, 3)
    module = nn.PartialLinear(5, 3)
    assert module.forward(rng.standard_normal((7, 5)).astype(f32)).shape == (7, 3)


def test_dropout_masks_scale_and_evaluate():
    x = np.array([[1, 2, 3, 4], [5, 6, 7, 8]], f32)
    module = nn.Dropout()
    nnlib.manual_seed(0)
    out = module.forward(x)
    # Each element is either dropped or scaled by 1/(1-p) = 2, as the doc prints.
    assert np.all((out == 0) | (out == 2 * x))
    grad = module.backward(x, np.ones_like(x))
    np.testing.assert_array_equal(grad, np.where(out != 0, 2.0, 0.0))
    module.evaluate()
    np.testing.assert_array_equal(module.forward(x), x)
    stochastic = nn.Dropout(0.5, False, False, True)
    stochastic.evaluate()
    out = stochastic.forward(x)
    assert np.all((out == 0) | (out == 2 * x))
    module.training()
    out = module.forward(x)
    assert np.all((out == 0) | (out == 2 * x))


@pytest.mark.parametrize("name", ["Abs", "Exp", "Square", "Sqrt", "Power"])
def test_plotted_transfer_functions(name):
    lo = {"Abs": -5, "Exp": -2, "Square": -5, "Sqrt": 0, "Power": 0}[name]
    hi = {"Abs": 5, "Exp": 2, "Square": 5, "Sqrt": 5, "Power": 2}[name]
    ii = np.linspace(lo, hi, 100)
    m = nn.Power(1.25) if name == "Power" else getattr(nn, name)()
    m.double()
    oo = m.forward(ii)
    go = np.ones(100)
    gi = m.backward(ii, go)
    f, df = {
        "Abs": (np.abs, np.sign),
        "Exp": (np.exp, np.exp),
        "Square": (np.square, lambda v: 2 * v),
        "Sqrt": (np.sqrt, lambda v: 0.5 / np.sqrt(v)),
        "Power": (lambda v: v ** 1.25, lambda v: 1.25 * v ** 0.25),
    }[name]
    np.testing.assert_allclose(oo, f(ii), rtol=1e-12)
    keep = ii != 0  # Abs' and Sqrt's derivative at 0 is a convention
    np.testing.assert_allclose(gi[keep], df(ii[keep]), rtol=1e-12)


def _train(module, make_xy, iters=1000, lr=0.1):
    # The doc runs 10000 steps at rate 0.01; 1000 steps at 0.1 reach the same fixed point
    # (the documented values) in a tenth of the time.
    mlp = nn.Sequential()
    mlp.add(module)
    rng = np.random.default_rng(0)
    criterion = nn.MSECriterion()
    for _ in range(iters):
        x, y = make_xy(rng)
        grad_update(mlp, x, y, criterion, lr)
    return mlp.get(0)


def test_add_learns_offsets():
    def xy(rng):
        x = rng.random(5).astype(f32)
        return x, x + np.arange(1, 6, dtype=f32)
    nnlib.manual_seed(0)
    np.testing.assert_allclose(_train(nn.Add(5), xy).bias, [1, 2, 3, 4, 5], atol=1e-3)


def test_cadd_learns_offsets():
    bf = np.repeat(np.arange(1, 6, dtype=f32)[:, None], 4, axis=1)
    def xy(rng):
        x = rng.random((5, 4)).astype(f32)
        return x, x + bf
    nnlib.manual_seed(0)
    bias = _train(nn.CAdd(5, 1), xy).bias
    assert bias.shape == (5, 1)
    np.testing.assert_allclose(bias[:, 0], [1, 2, 3, 4, 5], atol=1e-3)


def test_mul_learns_pi():
    def xy(rng):
        x = rng.random(5).astype(f32)
        return x, x * f32(math.pi)
    nnlib.manual_seed(0)
    weight = _train(nn.Mul(), xy).weight
    assert weight.shape == (1,)
    np.testing.assert_allclose(weight, [math.pi], atol=1e-3)


def test_cmul_learns_scales():
    sc = np.repeat(np.arange(1, 6, dtype=f32)[:, None], 4, axis=1)
    def xy(rng):
        x = rng.random((5, 4)).astype(f32)
        return x, x * sc
    nnlib.manual_seed(0)
    weight = _train(nn.CMul(5, 1), xy).weight
    assert weight.shape == (5, 1)
    np.testing.assert_allclose(weight[:, 0], [1, 2, 3, 4, 5], atol=1e-3)


def test_identity():
    np.testing.assert_array_equal(nn.Identity().forward(np.ones((5, 2), f32)), np.ones((5, 2)))


def test_identity_criterion_table_training():
    nnlib.manual_seed(0)
    pred_mlp = nn.Sequential()
    pred_mlp.add(nn.Linear(5, 4))
    pred_mlp.add(nn.Linear(4, 3))
    xy_mlp = nn.ParallelTable()
    xy_mlp.add(pred_mlp)
    xy_mlp.add(nn.Identity())
    mlp = nn.Sequential()
    mlp.add(xy_mlp)
    mlp.add(nn.CriterionTable(nn.MSECriterion()))
    errs = []
    for _ in range(100):
        x = np.ones(5, f32)
        y = x[0:3].copy()
        err = mlp.forward([x, y])
        errs.append(float(err))
        mlp.zero_grad_parameters()
        mlp.backward([x, y], None)  # Torch7 omits the unused gradOutput
        mlp.update_parameters(0.05)
    # The printed error is the criterion's value on the prediction, and it falls.
    assert errs[-1] < 1e-3 < errs[0]


@pytest.mark.parametrize("args, rows, cols", [
    ((0, 1, 3), slice(1, 4), slice(None)),
    ((0, 1, -1), slice(1, 4), slice(None)),
    ((0, 1, 2), slice(1, 3), slice(None)),
    ((0, 1, -2), slice(1, 3), slice(None)),
    ((1, 1, 3), slice(None), slice(1, 4)),
    ((1, 1, -2), slice(None), slice(1, 4)),
])
def test_narrow(args, rows, cols):
    # Torch7's nn.Narrow(1, 2, 3) is nn.Narrow(0, 1, 3).
    np.testing.assert_array_equal(nn.Narrow(*args).double().forward(NARROW_X),
                                  NARROW_X[rows, cols])


def test_replicate_shares_storage():
    x = np.linspace(1, 5, 5)
    m = nn.Replicate(3).double()
    o = m.forward(x)
    np.testing.assert_array_equal(o, np.tile([1, 2, 3, 4, 5], (3, 1)))
    x.fill(13)
    # Torch7's output is a zero-stride view of the input: it follows the fill.
    np.testing.assert_array_equal(o, np.full((3, 5), 13.0))


def _x16():
    return np.arange(1, 17, dtype=f32).reshape(4, 4)


def test_reshape():
    x = _x16()
    np.testing.assert_array_equal(nn.Reshape(2, 8).forward(x), np.arange(1, 17).reshape(2, 8))
    np.testing.assert_array_equal(nn.Reshape(8, 2).forward(x), np.arange(1, 17).reshape(8, 2))
    np.testing.assert_array_equal(nn.Reshape(16).forward(x), np.arange(1, 17))
    y = np.zeros((1, 4), f32)
    assert nn.Reshape(4).forward(y).shape == (1, 4)
    assert nn.Reshape(4, batch_mode=False).forward(y).shape == (4,)


def test_view():
    x = _x16()
    np.testing.assert_array_equal(nn.View(2, 8).forward(x), np.arange(1, 17).reshape(2, 8))
    np.testing.assert_array_equal(nn.View((8, 2)).forward(x), np.arange(1, 17).reshape(8, 2))
    np.testing.assert_array_equal(nn.View(16).forward(x), np.arange(1, 17))
    m = nn.View(-1).set_num_input_dims(2)
    assert m.forward(np.zeros((2, 3), f32)).shape == (6,)
    assert m.forward(np.zeros((5, 2, 3), f32)).shape == (5, 6)


SELECT_X = np.array([
    [0.9720, -0.0836, 0.0831, -0.2059, -0.0871],
    [0.8750, -2.0432, -0.1295, -2.3932, 0.8168],
    [0.0369, 1.1633, 0.6483, 1.2862, 0.6596],
    [0.1667, -0.5704, -0.7303, 0.3697, -2.2941],
    [0.4794, 2.0636, 0.3502, 0.3560, -0.5500],
    [-0.1898, -1.1547, 0.1145, -1.1399, 0.1711],
    [-1.5130, 1.4445, 0.2356, -0.5393, -0.6222],
    [-0.6587, 0.4314, 1.1916, -1.4509, 1.9400],
    [0.2733, 1.0911, 0.7667, 0.4002, 0.1646],
    [0.5804, -0.5333, 1.1621, 1.5683, -0.1978]])


def test_select():
    mlp = nn.Sequential()
    mlp.add(nn.Select(0, 2))  # Torch7's nn.Select(1, 3)
    mlp.double()
    np.testing.assert_array_equal(mlp.forward(SELECT_X),
                                  [0.0369, 1.1633, 0.6483, 1.2862, 0.6596])


def test_select_concat_training():
    nnlib.manual_seed(0)
    rng = np.random.default_rng(0)
    mlp = nn.Sequential()
    c = nn.Concat(1)  # Torch7's nn.Concat(2)
    for i in range(10):
        t = nn.Sequential()
        t.add(nn.Select(0, i))
        t.add(nn.Linear(3, 2))
        t.add(nn.Reshape(2, 1))
        c.add(t)
    mlp.add(c)
    pred = mlp.forward(rng.standard_normal((10, 3)).astype(f32))
    assert pred.shape == (2, 10)
    criterion = nn.MSECriterion()
    y = np.ones((2, 10), f32)
    errs = []
    for _ in range(300):
        x = rng.standard_normal((10, 3)).astype(f32)
        errs.append(grad_update(mlp, x, y, criterion, 0.01))
    assert np.mean(errs[-20:]) < 0.7 * np.mean(errs[:20])


def test_masked_select():
    ms = nn.MaskedSelect().double()
    mask = np.array([[1, 0], [0, 1]], np.uint8)
    x = np.array([[10, 20], [30, 40]], np.float64)
    out = ms.forward([x, mask])
    np.testing.assert_array_equal(out, [10, 40])
    grad_in = ms.backward([x, mask], out)
    np.testing.assert_array_equal(grad_in[0], [[10, 0], [0, 40]])


def test_index_and_squeeze_equal_the_tensor_ops():
    t = np.arange(24, dtype=f32).reshape(2, 3, 4)
    i = np.array([2, 0, 2])
    np.testing.assert_array_equal(nn.Index(1).forward([t, i]), np.take(t, i, axis=1))
    s = np.zeros((2, 1, 3, 1), f32)
    assert nn.Squeeze().forward(s).shape == np.squeeze(s).shape


def test_unsqueeze():
    x = np.zeros((2, 4, 3), f32)
    assert nn.Unsqueeze(0).forward(x).shape == (1, 2, 4, 3)
    assert nn.Unsqueeze(3).forward(x).shape == (2, 4, 3, 1)
    m = nn.Unsqueeze(1)
    assert m.forward(x).shape == (2, 1, 4, 3)
    assert m.forward(np.zeros((3, 5, 7), f32)).shape == (3, 1, 5, 7)
    batch = np.zeros((5, 2, 4, 3), f32)
    assert nn.Unsqueeze(3, 3).forward(batch).shape == (5, 2, 4, 3, 1)
    assert nn.Unsqueeze(1).set_num_input_dims(3).forward(batch).shape == (5, 2, 1, 4, 3)


def test_transpose():
    t = np.arange(24, dtype=f32).reshape(2, 3, 4)
    np.testing.assert_array_equal(nn.Transpose((0, 1), (1, 2)).forward(t),
                                  t.swapaxes(0, 1).swapaxes(1, 2))
    batch = np.zeros((5, 2, 4, 3), f32)
    # The doc prints "4 x 2 x b x 3 x 1" for this, a typo: swapping dims 1 and 3
    # (1-based) of a b x 2 x 4 x 3 tensor gives 4 x 2 x b x 3.
    assert nn.Transpose((0, 2)).forward(batch).shape == (4, 2, 5, 3)
    m = nn.Transpose((0, 2)).set_num_input_dims(3)
    assert m.forward(batch).shape == (5, 3, 4, 2)


def test_clamp():
    a = np.array([[-1.1321, 0.0227, -0.4672, 0.6519, -0.5380],
                  [0.9061, -1.0858, 0.3697, -0.8120, -1.6759]])
    b = nn.Clamp(-0.1, 0.5).double().forward(a)
    np.testing.assert_array_equal(b, [[-0.1, 0.0227, -0.1, 0.5, -0.1],
                                      [0.5, -0.1, 0.3697, -0.1, -0.1]])


def test_normalize():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 5))
    b = nn.Normalize(2).double().forward(a)
    assert b.shape == (3, 5)
    np.testing.assert_allclose(np.linalg.norm(b, axis=1), [1, 1, 1], rtol=1e-9)
    b = nn.Normalize(math.inf).double().forward(a)
    np.testing.assert_allclose(b, a / np.abs(a).max(axis=1, keepdims=True), rtol=1e-9)


def test_mm_shapes():
    rng = np.random.default_rng(0)
    b, m, n, p = 2, 3, 4, 5
    a = rng.standard_normal((b, m, n)).astype(f32)
    bb = rng.standard_normal((b, n, p)).astype(f32)
    c = nn.MM().forward([a, bb])
    assert c.shape == (b, m, p)
    np.testing.assert_allclose(c, a @ bb, rtol=1e-5)
    a = rng.standard_normal((b, n, m)).astype(f32)
    c = nn.MM(True, False).forward([a, bb])
    assert c.shape == (b, m, p)
    np.testing.assert_allclose(c, a.transpose(0, 2, 1) @ bb, rtol=1e-5)


@pytest.mark.parametrize("affine", [True, False])
def test_batch_normalization_shape(affine):
    rng = np.random.default_rng(0)
    model = nn.BatchNormalization(3, None, None, affine) if False else \
        nn.BatchNormalization(3, affine=affine)
    a = rng.standard_normal((4, 3)).astype(f32)
    c = model.forward(a)
    assert c.shape == (4, 3)
    # The documented formula (the weight starts at 1 and the bias at 0).
    ref = (a - a.mean(0)) / np.sqrt(a.var(0) + 1e-5)
    np.testing.assert_allclose(c, ref, rtol=1e-4, atol=1e-5)


def test_padding():
    # Torch7's nn.Padding(1, 2, 1, -1) is nn.Padding(0, 2, 1, -1).
    x = np.array([0.2008, 0.4848, -1.0783])
    np.testing.assert_array_equal(nn.Padding(0, 2, 1, -1).double().forward(x),
                                  [0.2008, 0.4848, -1.0783, -1, -1])
    x = np.array([[1.0203, 0.2704, -1.6164], [-0.2219, -0.6529, -1.9218]])
    np.testing.assert_array_equal(nn.Padding(0, -2, 1, -1).double().forward(x),
                                  [[-1, -1, 1.0203, 0.2704, -1.6164],
                                   [-1, -1, -0.2219, -0.6529, -1.9218]])
    # Torch7's index 2 (the padding goes before the 2nd element) is index 1. The doc's
    # second printed row swaps two input values (its input was a fresh randn); the
    # first row shows the layout.
    np.testing.assert_array_equal(nn.Padding(0, -2, 1, -1, 1).double().forward(x),
                                  [[1.0203, -1, -1, 0.2704, -1.6164],
                                   [-0.2219, -1, -1, -0.6529, -1.9218]])


def test_l1_penalty_autoencoder():
    nnlib.manual_seed(0)
    encoder = nn.Sequential()
    encoder.add(nn.Linear(3, 128))
    encoder.add(nn.Threshold())
    decoder = nn.Linear(128, 3)
    autoencoder = nn.Sequential()
    autoencoder.add(encoder)
    penalty = nn.L1Penalty(0.1)
    autoencoder.add(penalty)
    autoencoder.add(decoder)
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(f32)
    out = autoencoder.forward(x)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(penalty.loss, 0.1 * np.abs(encoder.output).sum(), rtol=1e-5)


def test_constant_in_concat_table():
    v = np.array([1.5, -2.0], f32)
    x = np.arange(3, dtype=f32)
    out = nn.ConcatTable().add(nn.Constant(v)).add(nn.Identity()).forward(x)
    np.testing.assert_array_equal(out[0], v)
    np.testing.assert_array_equal(out[1], x)


def test_one_hot():
    module = nn.OneHot(5)
    # Torch7's 1-based class 3 is nnlib's class 2.
    np.testing.assert_array_equal(module.forward(np.array([2])), [[0, 0, 1, 0, 0]])
    np.testing.assert_array_equal(module.forward(np.array([2.0, 1.0, 0.0])),
                                  [[0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0]])
    out = module.forward(np.array([[2, 1, 0], [0, 1, 2]]))
    assert out.shape == (2, 3, 5)
    np.testing.assert_array_equal(out[1], np.eye(5)[[0, 1, 2]])


def test_convert():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2, 3, 1)).astype(f32)
    out = nn.Convert("bchw", "bf").forward(x)
    assert out.shape == (3, 6)
    np.testing.assert_array_equal(out, x.reshape(3, 6))
    assert nn.Convert("chw", "f").forward(x).shape == (3, 6)
    x = np.empty((1, 2, 3, 2), f32)
    x[:, 0] = 1
    x[:, 1] = 2
    out = nn.Convert("chw", "hwc").forward(x)
    assert out.shape == (1, 3, 2, 2)
    np.testing.assert_array_equal(out, np.broadcast_to([1, 2], (1, 3, 2, 2)))


def test_collapse_equals_view():
    x = np.arange(30, dtype=f32).reshape(5, 2, 3)
    np.testing.assert_array_equal(nn.Collapse(2).forward(x),
                                  nn.View(-1).set_num_input_dims(2).forward(x))
    assert nn.Collapse(2).forward(x).shape == (5, 6)


def test_max_min_mean_sum_reduce_the_documented_dimension():
    # "if an n x p x q Tensor was given and dimension = 2 (1-based), an n x q matrix is output"
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    np.testing.assert_array_equal(nn.Max(1).double().forward(x), x.max(1))
    np.testing.assert_array_equal(nn.Min(1).double().forward(x), x.min(1))
    np.testing.assert_allclose(nn.Mean(1).double().forward(x), x.mean(1), rtol=1e-12)
    np.testing.assert_allclose(nn.Sum(1).double().forward(x), x.sum(1), rtol=1e-12)
    # squeeze = false keeps an n x 1 x q output; sizeAverage divides by the size (a Mean)
    assert nn.Sum(1, None, False, False).double().forward(x).shape == (2, 1, 4)
    np.testing.assert_allclose(nn.Sum(1, None, True).double().forward(x), x.mean(1), rtol=1e-12)
    # with nInputDim, a larger input is a batch and the dimension moves by one
    batch = np.stack([x, x + 1])
    np.testing.assert_array_equal(nn.Max(1, 3).double().forward(batch), batch.max(2))
    np.testing.assert_allclose(nn.Sum(1, 3).double().forward(batch), batch.sum(2), rtol=1e-12)


def test_euclidean_weighted_euclidean_cosine_formulas():
    nnlib.manual_seed(0)
    x = np.random.default_rng(0).standard_normal(4)
    m = nn.Euclidean(4, 3).double()
    w = m.weight  # (in, out), as Torch7
    np.testing.assert_allclose(m.forward(x), np.linalg.norm(w - x[:, None], axis=0), rtol=1e-10)
    m = nn.WeightedEuclidean(4, 3).double()
    m.diag_cov[...] = np.random.default_rng(1).random(m.diag_cov.shape) + 0.5
    np.testing.assert_allclose(m.forward(x), np.linalg.norm(m.diag_cov * (m.weight - x[:, None]), axis=0),
                               rtol=1e-10)
    m = nn.Cosine(4, 3).double()
    w = m.weight  # (out, in)
    np.testing.assert_allclose(m.forward(x), w @ x / (np.linalg.norm(w, axis=1) * np.linalg.norm(x)),
                               rtol=1e-10)


def test_kmeans_clustering_example():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 5.0]])
    samples = np.concatenate([c + 0.1 * rng.standard_normal((20, 2)) for c in centres])
    k, dim = 3, 2
    nnlib.manual_seed(0)
    best_km, best_loss = None, math.inf
    for _ in range(3):  # the doc's 10 attempts of 100 iterations, shortened
        km = nn.Kmeans(k, dim).double()
        km.init_kmeans_plus(samples)
        for _ in range(20):
            km.zero_grad_parameters()
            km.forward(samples)  # sets km.loss
            km.backward(samples, None)  # the gradOutput is ignored
            km.update_parameters(1)
        if km.loss < best_loss:
            best_loss, best_km = km.loss, km.clone()
    found = best_km.weight[np.argsort(best_km.weight[:, 0] * 10 + best_km.weight[:, 1])]
    np.testing.assert_allclose(found, centres[np.argsort(centres[:, 0] * 10 + centres[:, 1])], atol=0.1)
    labels = best_km.forward(samples)
    assert len(set(labels[:20])) == 1 and len(set(labels)) == 3


def test_pixel_shuffle_super_resolution_sizes():
    nnlib.manual_seed(0)
    upscale, channels = 3, 1
    model = nn.Sequential()
    model.add(nn.SpatialConvolution(channels, 4, 5, 5, 1, 1, 2, 2))  # 64 and 32 planes, shrunk
    model.add(nn.ReLU())
    model.add(nn.SpatialConvolution(4, 3, 3, 3, 1, 1, 1, 1))
    model.add(nn.ReLU())
    model.add(nn.SpatialConvolution(3, channels * upscale * upscale, 3, 3, 1, 1, 1, 1))
    model.add(nn.PixelShuffle(upscale))
    out = model.forward(np.zeros((1, 6, 8), f32))  # the doc's 192 x 256, shrunk
    assert out.shape == (1, 18, 24)  # C x H*r x W*r


def test_pixel_shuffle_layout():
    # [C*r*r, H, W] -> [C, H*r, W*r]: output[c, h*r + i, w*r + j] = input[c*r*r + i*r + j, h, w]
    r = 2
    x = np.arange(2 * r * r * 3 * 2, dtype=f32).reshape(2 * r * r, 3, 2)
    out = nn.PixelShuffle(r).forward(x)
    ref = x.reshape(2, r, r, 3, 2).transpose(0, 3, 1, 4, 2).reshape(2, 3 * r, 2 * r)
    np.testing.assert_array_equal(out, ref)


def test_gradient_reversal():
    x, go = np.array([1, -2, 3], f32), np.array([0.5, 1, -1], f32)
    m = nn.GradientReversal(2)
    np.testing.assert_array_equal(m.forward(x), x)
    np.testing.assert_array_equal(m.backward(x, go), -2 * go)
    m.set_lambda(0.5)
    np.testing.assert_array_equal(m.backward(x, go), -0.5 * go)


def test_temporal_dynamic_k_max_pooling_k():
    x = np.random.default_rng(0).standard_normal((7, 3)).astype(f32)
    assert nn.TemporalDynamicKMaxPooling(2).forward(x).shape == (2, 3)
    # k = max(minK, ceil(factor * nInputFrame))
    assert nn.TemporalDynamicKMaxPooling(2, 0.5).forward(x).shape == (max(2, math.ceil(0.5 * 7)), 3)
    out = nn.TemporalDynamicKMaxPooling(3).forward(x)
    for f in range(3):  # the k highest values of each feature, in their frame order
        top = np.sort(np.argsort(-x[:, f], kind="stable")[:3])
        np.testing.assert_array_equal(out[:, f], x[top, f])


def test_white_noise_modes():
    x = np.zeros((200, 50), f32)
    nnlib.manual_seed(0)
    m = nn.WhiteNoise(0.5, 0.1)
    out = m.forward(x)
    assert abs(out.mean() - 0.5) < 0.01 and abs(out.std() - 0.1) < 0.01
    go = np.ones_like(x)
    np.testing.assert_array_equal(m.backward(x, go), go)  # gradients passed as is
    m.evaluate()
    np.testing.assert_array_equal(m.forward(x), x + 0.5)  # evaluation adds the mean


def test_zero_grad():
    module = nn.ZeroGrad()
    x, go = np.array([1, 2], f32), np.array([3, 4], f32)
    np.testing.assert_array_equal(module.forward(x), [1, 2])
    np.testing.assert_array_equal(module.backward(x, go), [0, 0])


def test_sparse_linear_equals_linear_on_the_dense_vector():
    nnlib.manual_seed(0)
    module = nn.SparseLinear(40, 2)  # the doc's 10000 inputs, shrunk
    # Torch7's {{1, 0.1}, {2, 0.3}, {10, 0.3}, {31, 0.2}}: 0-based indices 0, 1, 9, 30
    x = np.array([[0, 0.1], [1, 0.3], [9, 0.3], [30, 0.2]], f32)
    dense = np.zeros(40, f32)
    dense[[0, 1, 9, 30]] = [0.1, 0.3, 0.3, 0.2]
    np.testing.assert_allclose(module.forward(x), module.weight @ dense + module.bias, rtol=1e-5)


def test_index_linear_example_input():
    nnlib.manual_seed(0)
    module = nn.IndexLinear(1000, 2, None, 0, None, None, False)
    # Torch7's keys {1, 200} and {100, 200, 1000} are 0-based 0, 199 and 99, 199, 999.
    x = [[np.array([0, 199]), np.array([99, 199, 999])],
         [np.array([1, 0.1], f32), np.array([10, 0.5, -0.5], f32)]]
    out = module.forward(x)
    assert out.shape == (2, 2)
    w = module.weight  # (input_size, output_size): transposed compared to SparseLinear
    np.testing.assert_allclose(out[0], 1 * w[0] + 0.1 * w[199] + module.bias, rtol=1e-5)
    np.testing.assert_allclose(out[1], 10 * w[99] + 0.5 * w[199] - 0.5 * w[999] + module.bias, rtol=1e-5)


def test_partial_linear_partition():
    nnlib.manual_seed(0)
    module = nn.PartialLinear(5, 3)
    x = np.random.default_rng(0).standard_normal((4, 5)).astype(f32)
    full = module.forward(x).copy()
    assert full.shape == (4, 3)
    module.set_partition(np.array([1, 2]))  # Torch7's {2, 4} names 1-based outputs of a size-5 layer
    part = module.forward(x)
    np.testing.assert_allclose(part, full[:, [1, 2]], rtol=1e-5)


def test_linear_weight_norm_round_trip():
    nnlib.manual_seed(0)
    lin = nn.Linear(4, 3)
    wn = nn.LinearWeightNorm.from_linear(lin)
    x = np.random.default_rng(0).standard_normal((2, 4)).astype(f32)
    np.testing.assert_allclose(wn.forward(x), lin.forward(x), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(wn.to_linear().forward(x), lin.forward(x), rtol=1e-5, atol=1e-6)


def test_copy_and_contiguous():
    x = np.arange(6, dtype=np.float64).reshape(2, 3).T
    out = nn.Copy(np.float64, np.float32).forward(x)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, x)
    out = nn.Contiguous().double().forward(x)
    assert out.flags.c_contiguous
    np.testing.assert_array_equal(out, x)
