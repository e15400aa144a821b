"""TorchGRU is torch.nn.GRU's cell, same parameter layout."""
import numpy as np
import pytest

from nnlib import nn


def compare_with_torch_gru(module, run, x, gy):
    torch = pytest.importorskip("torch")
    ref = torch.nn.GRU(module.input_size, module.output_size).double()
    names = [("weight_ih_l0", "weight_x"), ("bias_ih_l0", "bias_x"), ("weight_hh_l0", "weight_h"),
             ("bias_hh_l0", "bias_h")]
    with torch.no_grad():
        for t_name, name in names:
            getattr(ref, t_name).copy_(torch.from_numpy(getattr(module, name)))
    xt = torch.from_numpy(x).requires_grad_()
    yt, _ = ref(xt)
    (yt * torch.from_numpy(gy)).sum().backward()
    module.zero_grad_parameters()
    out, gx = run(x, gy)
    np.testing.assert_allclose(out, yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for t_name, name in names:
        np.testing.assert_allclose(getattr(module, "grad_" + name), getattr(ref, t_name).grad.numpy(),
                                   rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("hidden", [5, 37])
def test_matches_torch_gru(hidden):
    m = nn.TorchGRU(3, hidden).astype(np.float64)
    seq = nn.Sequencer(m)
    rng = np.random.default_rng(0)
    x, gy = rng.standard_normal((4, 3, 3)), rng.standard_normal((4, 3, hidden))
    compare_with_torch_gru(m, lambda x, gy: (seq.forward(x).copy(), seq.backward(x, gy)), x, gy)
    assert repr(m) == f"nn.TorchGRU(3 -> {hidden})"
