"""The shuffle-block transpose against numpy's, on odd shapes, inside wider targets, in both dtypes."""
import numpy as np
import pytest

from nnlib.kernels._transpose import transpose


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows, cols", [(1, 1), (3, 5), (8, 8), (13, 21), (16, 24), (128, 32), (7, 9), (9, 7), (0, 4)])
def test_transpose_matches_numpy(dtype, rows, cols):
    rng = np.random.default_rng(rows * 100 + cols)
    a = rng.standard_normal(rows * cols + 5).astype(dtype)  # trailing elements are not part of the matrix
    ld_out = rows + 3
    out = np.full(cols * ld_out, -7.0, dtype)
    transpose(a, rows, cols, out, ld_out)
    result = out.reshape(cols, ld_out) if cols else out.reshape(0, ld_out)
    np.testing.assert_array_equal(result[:, :rows], a[:rows * cols].reshape(rows, cols).T)
    assert (result[:, rows:] == -7.0).all()  # the columns beyond `rows` are left alone


def test_transpose_into_an_offset_block_of_a_wider_matrix():
    a = np.arange(16 * 10, dtype=np.float32)
    out = np.zeros((10, 40), np.float32)
    transpose(a, 16, 10, out.reshape(-1)[8:], 40)
    np.testing.assert_array_equal(out[:, 8:24], a.reshape(16, 10).T)
    assert not out[:, :8].any() and not out[:, 24:].any()


def test_transpose_rejects_arrays_too_small_for_the_matrices():
    a = np.zeros(12, np.float32)
    with pytest.raises(ValueError, match="do not fit"):
        transpose(a, 4, 4, np.zeros(16, np.float32), 4)
    with pytest.raises(ValueError, match="do not fit"):
        transpose(np.zeros(16, np.float32), 4, 4, np.zeros(15, np.float32), 4)
    with pytest.raises(ValueError, match="do not fit"):
        transpose(np.zeros(16, np.float32), 4, 4, np.zeros(64, np.float32), 3)
