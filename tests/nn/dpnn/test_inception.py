import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_towers_and_output_channels():
    m = nn.Inception({"input_size": 3, "output_size": [4, 2], "reduce_size": [2, 3, 2, 1]}).astype(np.float64)
    towers = m.module.modules
    assert len(towers) == 4 and isinstance(m.module, nn.DepthConcat)
    assert [type(t) for t in towers[2].modules] == [nn.SpatialMaxPooling, nn.SpatialConvolution, nn.ReLU]
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 7))
    out = m.forward(x)
    assert out.shape == (2, 4 + 2 + 2 + 1, 7, 7)
    # the 5x5 tower by hand: reduce, ReLU, conv, ReLU
    ref = towers[0].forward(x)
    np.testing.assert_array_equal(out[:, :4], ref)


def test_gradients_with_batch_norm_and_strides():
    m = nn.Inception({"input_size": 2, "output_size": [2], "reduce_size": [1, 1], "kernel_size": [3],
                      "kernel_stride": [2], "reduce_stride": [2], "pool_stride": 2, "batch_norm": True,
                      "transfer": nn.Tanh()}).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal((2, 2, 5, 5)))


def test_bad_config():
    with pytest.raises(ValueError, match="unknown config"):
        nn.Inception({"input_size": 1, "output_size": [1], "reduce_size": [1], "inputSize": 1})
