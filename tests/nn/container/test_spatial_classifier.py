"""SpatialClassifier (nnx): a row classifier at every pixel, spatial or flat output, batches, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _linear(n_in=3, n_out=2):
    return nn.Linear(n_in, n_out).astype(np.float64)


def test_classifies_every_pixel():
    linear = _linear()
    x = np.random.default_rng(0).standard_normal((3, 4, 5))
    out = nn.SpatialClassifier(linear).forward(x)
    assert out.shape == (2, 4, 5)
    np.testing.assert_allclose(out, np.einsum("mk,khw->mhw", linear.weight, x) + linear.bias[:, None, None],
                               rtol=1e-12)


def test_flat_output_keeps_one_row_per_pixel():
    linear = _linear()
    module = nn.SpatialClassifier(linear)
    module.spatial_output = False
    x = np.random.default_rng(1).standard_normal((3, 4, 5))
    out = module.forward(x)
    assert out.shape == (20, 2) and repr(module).startswith("nn.SpatialClassifier(spatial_output=False) @")
    np.testing.assert_allclose(out[4 * 5 - 1], linear.forward(x[:, 3, 4][None])[0], rtol=1e-12)


def test_a_batch_is_each_image_classified():
    module = nn.SpatialClassifier(nn.Sequential(_linear(), nn.LogSoftMax().astype(np.float64)))
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 5))
    out = module.forward(x).copy()
    assert out.shape == (2, 2, 4, 5)
    for n in range(2):
        np.testing.assert_allclose(module.forward(x[n]), out[n], rtol=1e-12)


def test_add_appends_to_the_classifier():
    module = nn.SpatialClassifier()
    module.add(nn.Linear(3, 4)).add(nn.Tanh())
    assert isinstance(module.classifier, nn.Sequential) and len(module.classifier) == 2
    assert module.forward(np.zeros((3, 2, 2), np.float32)).shape == (4, 2, 2)


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 3, 2)])
@pytest.mark.parametrize("spatial", [True, False])
def test_gradients(shape, spatial):
    module = nn.SpatialClassifier(nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))).astype(np.float64)
    module.spatial_output = spatial
    check_module_gradients(module, np.random.default_rng(3).standard_normal(shape))


def test_errors():
    module = nn.SpatialClassifier(nn.Linear(3, 2))
    with pytest.raises(ValueError, match=r"SpatialClassifier.*\(K, H, W\) feature map.*got shape \(3, 4\)"):
        module.forward(np.zeros((3, 4), np.float32))
    summing = nn.SpatialClassifier(nn.Sum(1))
    with pytest.raises(ValueError, match=r"SpatialClassifier.*classifier should map the \(6, 3\) rows"):
        summing.forward(np.zeros((3, 2, 3), np.float32))
    module.forward(np.zeros((3, 2, 2), np.float32))
    with pytest.raises(ValueError, match=r"SpatialClassifier.*grad_output shape \(2, 2, 3\)"):
        module.backward(np.zeros((3, 2, 2), np.float32), np.zeros((2, 2, 3), np.float32))
