"""FastLSTM is torch.nn.LSTM's cell (gate rows reordered, one bias)."""
import numpy as np
import pytest

from nnlib import nn

from .test_lstm import lstm_reference


def _to_torch_order(w, hidden):
    """nnlib's gate rows [i | f | o | g] -> PyTorch's [i | f | g | o]."""
    i, f, o, g = (w[k * hidden:(k + 1) * hidden] for k in range(4))
    return np.concatenate([i, f, g, o])


def compare_with_torch_lstm(module, run, x, gy):
    """`run(x, gy)` -> (output, grad_input) of `module` (float64, FastLSTM cell); compared with torch.nn.LSTM."""
    torch = pytest.importorskip("torch")
    hidden = module.output_size
    ref = torch.nn.LSTM(module.input_size, hidden).double()
    with torch.no_grad():
        ref.weight_ih_l0.copy_(torch.from_numpy(_to_torch_order(module.weight_x, hidden)))
        ref.weight_hh_l0.copy_(torch.from_numpy(_to_torch_order(module.weight_h, hidden)))
        ref.bias_ih_l0.copy_(torch.from_numpy(_to_torch_order(module.bias, hidden)))
        ref.bias_hh_l0.zero_()
    xt = torch.from_numpy(x).requires_grad_()
    yt, _ = ref(xt)
    (yt * torch.from_numpy(gy)).sum().backward()
    module.zero_grad_parameters()
    out, gx = run(x, gy)
    np.testing.assert_allclose(out, yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(_to_torch_order(module.grad_weight_x, hidden), ref.weight_ih_l0.grad.numpy(),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(_to_torch_order(module.grad_weight_h, hidden), ref.weight_hh_l0.grad.numpy(),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(_to_torch_order(module.grad_bias, hidden), ref.bias_ih_l0.grad.numpy(),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("hidden", [5, 37])
def test_matches_torch_lstm(hidden):
    m = nn.FastLSTM(3, hidden).astype(np.float64)
    seq = nn.Sequencer(m)
    rng = np.random.default_rng(0)
    x, gy = rng.standard_normal((4, 3, 3)), rng.standard_normal((4, 3, hidden))
    compare_with_torch_lstm(m, lambda x, gy: (seq.forward(x).copy(), seq.backward(x, gy)), x, gy)


def test_no_peepholes_and_numpy_reference():
    m = nn.FastLSTM(2, 3).astype(np.float64)
    assert not m.cell2gate and [n for n in m._parameter_names] == ["weight_x", "bias", "weight_h"]
    x = np.random.default_rng(1).standard_normal((3, 2, 2))
    np.testing.assert_allclose(nn.Sequencer(m).forward(x),
                               lstm_reference(x, m.weight_x, m.bias, m.weight_h, np.zeros((3, 3))), rtol=1e-12)
    assert repr(m) == "nn.FastLSTM(2 -> 3)"
