"""`_gemm.dot`: row-split GEMM on single-threaded BLAS, checked against numpy."""
import numpy as np
import pytest

import nnlib
from nnlib.kernels import _gemm


@pytest.fixture(autouse=True)
def _restore_threads():
    previous = nnlib.get_num_threads()
    yield
    nnlib.set_num_threads(previous)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("transpose_a, transpose_b", [(False, False), (True, False), (False, True)])
def test_matches_numpy_and_restores_blas_threads(monkeypatch, threads, transpose_a, transpose_b):
    monkeypatch.setattr(_gemm, "_MIN_WORK", 0)  # split even these small products
    nnlib.set_num_threads(threads)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((13, 7) if not transpose_a else (7, 13))
    b = rng.standard_normal((7, 5) if not transpose_b else (5, 7))
    a, b = (a.T if transpose_a else a), (b.T if transpose_b else b)
    out = np.full((13, 5), np.nan)
    before = [lib.get_num_threads() for lib in _gemm._blas]
    _gemm.dot(a, b, out)
    np.testing.assert_allclose(out, a @ b, rtol=1e-12, atol=1e-12)
    assert [lib.get_num_threads() for lib in _gemm._blas] == before


def test_single_row_output():
    nnlib.set_num_threads(2)
    a, b = np.ones((1, 4), np.float32), np.ones((4, 3), np.float32)
    out = np.empty((1, 3), np.float32)
    _gemm.dot(a, b, out)
    np.testing.assert_array_equal(out, [[4, 4, 4]])
