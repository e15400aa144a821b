import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_rows_and_shapes():
    lt = nn.LookupTable(7, 3)
    ids = np.array([[6, 0], [2, 6], [0, 1]])
    out = lt.forward(ids)
    assert out.shape == (3, 2, 3)
    np.testing.assert_array_equal(out, lt.weight[ids])
    assert lt.forward(np.array([4])).shape == (1, 3)


def test_init_is_standard_normal():
    w = nn.LookupTable(400, 50).weight
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02


@pytest.mark.parametrize("shape", [(5,), (3, 1)])
def test_gradients(shape):
    lt = nn.LookupTable(4, 3).astype(np.float64)
    ids = np.array([3, 0, 3, 1, 3][:int(np.prod(shape))]).reshape(shape)
    check_module_gradients(lt, ids)


def test_repeated_ids_accumulate():
    lt = nn.LookupTable(4, 2)
    ids = np.array([1, 1, 3])
    lt.forward(ids)
    lt.backward(ids, np.ones((3, 2), dtype=np.float32))
    np.testing.assert_array_equal(lt.grad_weight, [[0, 0], [2, 2], [0, 0], [1, 1]])


def test_max_norm_renormalises_used_rows():
    lt = nn.LookupTable(5, 4, max_norm=1.0)
    before = lt.weight.copy()
    lt.forward(np.array([0, 2]))
    norms = np.linalg.norm(lt.weight, axis=1)
    assert np.all(norms[[0, 2]] <= 1.0 + 1e-5)
    np.testing.assert_array_equal(lt.weight[[1, 3, 4]], before[[1, 3, 4]])


def test_bad_ids_are_clear_errors():
    lt = nn.LookupTable(5, 2)
    with pytest.raises(ValueError, match="out of range"):
        lt.forward(np.array([0, 5]))
    with pytest.raises(ValueError, match="integer ids"):
        lt.forward(np.array([0.0, 1.0]))
