"""nnlib.set_num_threads sets numba and BLAS together."""
import numba
import pytest
from threadpoolctl import threadpool_info

import nnlib


def test_set_num_threads_sets_numba_and_blas():
    try:
        used = nnlib.set_num_threads(1)
        assert used == 1
        assert numba.get_num_threads() == 1
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    finally:
        nnlib.set_num_threads(numba.config.NUMBA_NUM_THREADS)


def test_set_num_threads_caps_at_the_numba_pool_size():
    assert nnlib.set_num_threads(10_000) == numba.config.NUMBA_NUM_THREADS


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_set_num_threads_rejects_non_positive_ints(bad):
    with pytest.raises(ValueError, match="positive int"):
        nnlib.set_num_threads(bad)
