"""TemporalRowConvolution: PyTorch's grouped conv1d, both layouts, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def torch_reference(m, x_feat_first):
    torch = pytest.importorskip("torch")
    return torch.nn.functional.conv1d(torch.from_numpy(x_feat_first), torch.from_numpy(m.weight),
                                      torch.from_numpy(m.bias), stride=m.dW, groups=m.input_frame_size).numpy()


@pytest.mark.parametrize("args, shape", [((3, 3, 2), (1, 8, 3)), ((2, 1), (2, 5, 2)), ((1, 4, 3), (2, 9, 1))])
@pytest.mark.parametrize("feat_first", [False, True])
def test_forward_and_gradients(args, shape, feat_first):
    m = nn.TemporalRowConvolution(*args, feat_first=feat_first).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)  # (N, T, F)
    xf = np.ascontiguousarray(x.transpose(0, 2, 1))
    ref = torch_reference(m, xf)
    if feat_first:
        np.testing.assert_allclose(m.forward(xf), ref, rtol=1e-12, atol=1e-12)
        check_module_gradients(m, xf)
        check_module_gradients(m, xf[0])
    else:
        np.testing.assert_allclose(m.forward(x), ref.transpose(0, 2, 1), rtol=1e-12, atol=1e-12)
        check_module_gradients(m, x)
        check_module_gradients(m, x[0])


def test_init_and_errors():
    m = nn.TemporalRowConvolution(4, 3)
    assert m.weight.shape == (4, 1, 3) and m.bias.shape == (4,) and m.dW == 1 and not m.feat_first
    bound = 1 / np.sqrt(3 * 4)
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    with pytest.raises(ValueError, match=r"TemporalRowConvolution.*5 features.*expected 4.*\(N, T, 4\)"):
        m.forward(np.zeros((2, 6, 5), np.float32))
    with pytest.raises(ValueError, match=r"\(N, 4, T\)"):
        nn.TemporalRowConvolution(4, 3, feat_first=True).forward(np.zeros((2, 6, 4), np.float32))
    with pytest.raises(ValueError, match="expected T >= 3"):
        m.forward(np.zeros((2, 4), np.float32))
