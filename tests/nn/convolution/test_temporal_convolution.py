"""TemporalConvolution: PyTorch's conv1d on batch-first frames, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((3, 4, 3, 2), (1, 8, 3)), ((2, 3, 1), (2, 5, 2)), ((1, 2, 5, 3), (3, 11, 1))]


def torch_reference(m, x):
    torch = pytest.importorskip("torch")
    w = m.weight.reshape(m.output_frame_size, m.kW, m.input_frame_size).transpose(0, 2, 1)  # (O, F, kW)
    y = torch.nn.functional.conv1d(torch.from_numpy(np.ascontiguousarray(x.transpose(0, 2, 1))),
                                   torch.from_numpy(np.ascontiguousarray(w)), torch.from_numpy(m.bias), stride=m.dW)
    return y.numpy().transpose(0, 2, 1)


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape):
    m = nn.TemporalConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    np.testing.assert_allclose(m.forward(x), torch_reference(m, x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape):
    m = nn.TemporalConvolution(*args).astype(np.float64)
    x = np.random.default_rng(1).standard_normal(shape)
    check_module_gradients(m, x)
    check_module_gradients(m, x[0])  # one (T, F) sequence


def test_one_sequence_init_and_accumulation():
    m = nn.TemporalConvolution(4, 3, 2)
    assert m.weight.shape == (3, 8) and m.bias.shape == (3,)
    bound = 1 / np.sqrt(2 * 4)
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(2).standard_normal((6, 4)).astype(np.float32)
    batched = m.forward(x[None]).copy()
    np.testing.assert_array_equal(m.forward(x), batched[0])
    m.zero_grad_parameters()
    gy = np.ones((5, 3), np.float32)
    assert m.backward(x, gy).shape == x.shape
    once = m.grad_weight.copy()
    m.acc_grad_parameters(x, gy, 0.5)
    np.testing.assert_allclose(m.grad_weight, 1.5 * once, rtol=1e-6)


def test_bad_input_names_module_and_shape():
    m = nn.TemporalConvolution(3, 2, 4)
    with pytest.raises(ValueError, match=r"TemporalConvolution.*2 features.*expected 3.*\(N, T, 3\)"):
        m.forward(np.zeros((1, 5, 2), np.float32))
    with pytest.raises(ValueError, match=r"TemporalConvolution.*3 frames.*expected T >= 4"):
        m.forward(np.zeros((3, 3), np.float32))
    with pytest.raises(ValueError, match=r"TemporalConvolution.*\(N, T, 3\) or one sequence \(T, 3\)"):
        m.forward(np.zeros((1, 1, 5, 3), np.float32))
    with pytest.raises(ValueError, match="kW=0"):
        nn.TemporalConvolution(3, 2, 0)
