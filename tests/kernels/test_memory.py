"""Cache-line aligned arrays: alignment, shape, dtype, and the empty and scalar-shaped cases."""
import numpy as np
import pytest

from nnlib.kernels._memory import CACHE_LINE, empty_aligned


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint8])
@pytest.mark.parametrize("shape", [7, (3, 5), (2, 3, 4, 5), (0,), (4, 0), ()])
def test_empty_aligned_starts_on_a_cache_line(shape, dtype):
    for _ in range(5):  # fresh allocations land at different offsets
        a = empty_aligned(shape, dtype)
        expected = (shape,) if isinstance(shape, int) else shape
        assert a.shape == expected and a.dtype == np.dtype(dtype)
        assert a.flags.c_contiguous and a.flags.writeable
        if a.size:
            assert a.ctypes.data % CACHE_LINE == 0


def test_empty_aligned_arrays_do_not_overlap_and_keep_their_values():
    arrays = [empty_aligned((100, 3), np.float32) for _ in range(20)]
    for k, a in enumerate(arrays):
        a[...] = k
    for k, a in enumerate(arrays):
        assert (a == k).all()
