import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_gradients():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    mask = rng.random((3, 4)) > 0.5
    m = nn.MaskedSelect()
    np.testing.assert_array_equal(m.forward([x, mask]), x[mask])
    check_module_gradients(nn.MaskedSelect().astype(np.float64), [x, mask])
    check_module_gradients(nn.MaskedSelect().astype(np.float64), [x, mask.astype(np.uint8)])
    gx, gmask = m.backward([x, mask], np.ones(mask.sum()))
    np.testing.assert_array_equal(gx, mask)
    assert gmask.dtype == mask.dtype and not gmask.any()


def test_mask_shape():
    with pytest.raises(ValueError, match=r"nn.MaskedSelect: the mask must be a bool or integer array of the input's shape"):
        nn.MaskedSelect().forward([np.zeros((2, 3)), np.ones((3, 2), bool)])
