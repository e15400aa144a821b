"""`_gemm.dot`: output blocks of single-threaded BLAS on numba's threads, checked against numpy."""
import numba
import numpy as np
import pytest

import nnlib
from nnlib.kernels import _blas, _gemm
from nnlib.kernels._memory import LINE_ELEMENTS


@pytest.fixture(autouse=True)
def _restore_threads():
    previous = nnlib.get_num_threads()
    yield
    nnlib.set_num_threads(previous)


def _operands(rng, m, k, n, transpose_a, transpose_b, dtype):
    a = rng.standard_normal((k, m) if transpose_a else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if transpose_b else (k, n)).astype(dtype)
    return (a.T if transpose_a else a), (b.T if transpose_b else b)


def test_numpy_blas_is_found():
    assert _blas.AVAILABLE


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("transpose_a, transpose_b", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("alpha, beta", [(1.0, 0.0), (0.5, 1.0), (-2.0, 0.25)])
# split by rows, by columns, by columns on a cache line, by rows though wider than tall
@pytest.mark.parametrize("m, n", [(13, 5), (5, 13), (3, 200), (130, 141)])
def test_matches_numpy_and_restores_blas_threads(monkeypatch, dtype, threads, transpose_a, transpose_b, alpha, beta,
                                                 m, n):
    monkeypatch.setattr(_gemm, "MIN_BLOCK_WORK", 1)  # split even these small products
    nnlib.set_num_threads(threads)
    rng = np.random.default_rng(0)
    a, b = _operands(rng, m, 7, n, transpose_a, transpose_b, dtype)
    out = rng.standard_normal((m, n)).astype(dtype)
    expected = alpha * (a.astype(np.float64) @ b) + beta * out
    if beta == 0:
        out[...] = np.nan  # beta 0 must not read out
    before = [lib.get_num_threads() for lib in _blas._controllers]
    _gemm.dot(a, b, out, alpha, beta)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)
    assert [lib.get_num_threads() for lib in _blas._controllers] == before


@pytest.mark.parametrize("m, n, k", [(37, 23, 29), (5, 200, 31), (5, 3, 4100)], ids=["rows", "columns", "depth"])
def test_split_products_give_the_same_bits_at_any_thread_count(monkeypatch, m, n, k):
    """Blocks follow the shapes only (OpenBLAS may round a block differently from the whole; partial
    sums along k round differently from the whole sum), so one and two threads give the same bits."""
    rng = np.random.default_rng(1)
    a, b = _operands(rng, m, k, n, False, True, np.float32)
    monkeypatch.setattr(_gemm, "MIN_BLOCK_WORK", 1)
    assert max(_gemm.output_blocks(m, n, k), _gemm.depth_blocks(m, n, k)) > 2
    results = []
    for threads in (1, 2, 1, 2):
        nnlib.set_num_threads(threads)
        results.append(np.empty((m, n), np.float32))
        _gemm.dot(a, b, results[-1])
    for r in results[1:]:
        np.testing.assert_array_equal(r, results[0])


@pytest.mark.parametrize("n, blocks", [(200, 2), (784, 2), (1000, 3), (129, 2), (127, 2), (13, 2), (5, 3), (7, 1)])
def test_column_blocks_cover_the_output_and_start_on_cache_lines_when_wide(n, blocks):
    starts = [_gemm._column_split(n, blocks, i) for i in range(blocks + 1)]
    assert starts[0] == 0 and starts[-1] == n
    assert all(a <= b for a, b in zip(starts, starts[1:]))
    even = [n * i // blocks for i in range(blocks + 1)]
    if n >= 4 * LINE_ELEMENTS * blocks:  # wide: whole lines apart, within half a line of an even split
        assert all(s % LINE_ELEMENTS == 0 for s in starts[:-1])
        assert all(abs(s - e) <= LINE_ELEMENTS // 2 for s, e in zip(starts, even))
    else:
        assert starts == even


def test_wide_outputs_split_by_columns_only_while_short():
    assert not _gemm.splits_by_columns(13, 5, 100)
    assert _gemm.splits_by_columns(20, 200, 784) and _gemm.splits_by_columns(64, 490, 800)
    assert not _gemm.splits_by_columns(_gemm.COLUMN_SPLIT_MAX_ROWS, 784, 20)  # an MLP's weight gradient: rows
    assert not _gemm.splits_by_columns(200, 784, 128)


def test_wide_outputs_of_a_large_b_split_by_columns_whatever_their_rows():
    # an output layer's logits, 320 x 10000 from a 200 x 10000 b: row blocks would each pack all of b
    assert _gemm.splits_by_columns(320, 10000, 200)
    assert not _gemm.splits_by_columns(10000, 320, 200)  # taller than wide: rows


def test_output_blocks_follow_the_work_not_the_threads():
    for threads in (1, 2):
        nnlib.set_num_threads(threads)
        assert _gemm.output_blocks(20, 200, 784) == _gemm.MAX_OUTPUT_BLOCKS
        assert _gemm.output_blocks(1, 200, 784) == 1
        assert _gemm.output_blocks(1, 400, 784) == 2  # one row: split by columns
        assert _gemm.output_blocks(1, 1, 100000) == 1
        assert _gemm.output_blocks(4, 4, 4) == 1


def test_output_blocks_are_powers_of_two_and_row_blocks_of_large_products_keep_their_rows():
    for m, n, k in [(3, 3000, 3000), (5, 7, 100000), (200, 784, 20), (300, 300, 300), (1120, 800, 200), (7, 9, 11)]:
        blocks = _gemm.output_blocks(m, n, k)
        assert blocks & (blocks - 1) == 0 and 1 <= blocks <= _gemm.MAX_OUTPUT_BLOCKS
    # the MLP's batch-128 forward: each row block packs all of b again, so two blocks of 64 rows
    assert not _gemm.splits_by_columns(128, 200, 784) and _gemm.output_blocks(128, 200, 784) == 2
    # a small product (below SMALL_PRODUCT) may take thinner row blocks: the MLP's weight gradient at batch 20
    assert 200 * 784 * 20 <= _gemm.SMALL_PRODUCT and _gemm.output_blocks(200, 784, 20) == 4


def test_non_contiguous_operands_and_empty_products():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((6, 8))[:, ::2], rng.standard_normal((4, 3))
    out = np.empty((6, 3))
    _gemm.dot(a, b, out)
    np.testing.assert_allclose(out, a @ b, rtol=1e-12)
    out = np.ones((6, 3))
    _gemm.dot(np.empty((6, 0)), np.empty((0, 3)), out, beta=0.0)
    np.testing.assert_array_equal(out, 0)
    _gemm.dot(np.empty((0, 2)), np.empty((2, 3)), np.empty((0, 3)))


def test_numpy_fallback_matches(monkeypatch):
    monkeypatch.setattr(_blas, "AVAILABLE", False)
    rng = np.random.default_rng(3)
    a, b = _operands(rng, 5, 4, 3, True, False, np.float64)
    out = rng.standard_normal((5, 3))
    expected = 0.5 * a @ b + 2.0 * out
    _gemm.dot(a, b, out, 0.5, 2.0)
    np.testing.assert_allclose(out, expected, rtol=1e-12)


@pytest.mark.parametrize("a, b, out, message", [
    (np.ones((2, 3)), np.ones((4, 2)), np.ones((2, 2)), "do not give"),
    (np.ones((2, 3), np.float32), np.ones((3, 2)), np.ones((2, 2)), "dtype"),
    (np.ones((2, 3)), np.ones((3, 2)), np.ones((2, 2)).T, "C-contiguous"),
])
def test_bad_operands_are_named(a, b, out, message):
    with pytest.raises(ValueError, match=message):
        _gemm.dot(a, b, out)


def test_single_row_output():
    nnlib.set_num_threads(2)
    a, b = np.ones((1, 4), np.float32), np.ones((4, 3), np.float32)
    out = np.empty((1, 3), np.float32)
    _gemm.dot(a, b, out)
    np.testing.assert_array_equal(out, [[4, 4, 4]])


def test_transposed_form_only_for_few_rows_and_wide_outputs():
    assert _gemm.transposed_pays(20, 200)
    assert _gemm.transposed_pays(_gemm.TRANSPOSED_MAX_ROWS, 1000)
    assert not _gemm.transposed_pays(_gemm.TRANSPOSED_MAX_ROWS + 1, 1000)
    assert not _gemm.transposed_pays(20, 10)


@pytest.mark.parametrize("rows, cols", [(3, 11), (11, 3), (70, 200)])
def test_dot_nt_matches_numpy_in_both_forms(rows, cols):
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((rows, 7)), rng.standard_normal((cols, 7))
    buffer = _gemm.nt_buffer(rows, cols, np.float64)
    result = _gemm.dot_nt(x, w, buffer)
    assert result.shape == (rows, cols)
    np.testing.assert_allclose(result, x @ w.T, rtol=1e-12)


def test_blas_thread_functions_agree_with_threadpoolctl():
    nnlib.set_num_threads(2)
    before = _blas.get_threads()
    try:
        _blas.set_threads(1)
        assert [c.get_num_threads() for c in _blas._controllers] == [1] * len(_blas._controllers)
    finally:
        _blas.set_threads(before)
    assert [c.get_num_threads() for c in _blas._controllers] == [2] * len(_blas._controllers)


def test_gemm_runs_inside_other_kernels_and_raises_on_shapes_that_do_not_fit():
    @numba.njit
    def two_products(a, b, c, out, scratch):
        _gemm.gemm(a, b, scratch, 1.0, 0.0, 1)
        _gemm.gemm(scratch, c, out, 2.0, 0.0, 1)

    nnlib.set_num_threads(2)
    rng = np.random.default_rng(5)
    a, b, c = rng.standard_normal((9, 4)), rng.standard_normal((4, 6)), rng.standard_normal((6, 3))
    out, scratch = np.empty((9, 3)), np.empty((9, 6))
    before = _blas.get_threads()
    _blas.single_threaded(two_products, a, b, c, out, scratch)
    np.testing.assert_allclose(out, 2.0 * (a @ b) @ c, rtol=1e-12)
    assert _blas.get_threads() == before
    with pytest.raises(ValueError, match="gemm: the shapes of a @ b do not give out's"):
        _blas.single_threaded(two_products, a, b.T, c, out, scratch)  # (9, 4) @ (6, 4)
    assert _blas.get_threads() == before


def test_dot_names_what_does_not_fit():
    with pytest.raises(ValueError, match=r"shapes \(3, 4\) @ \(5, 2\) do not give out's \(3, 2\)"):
        _gemm.dot(np.ones((3, 4)), np.ones((5, 2)), np.empty((3, 2)))
    with pytest.raises(ValueError, match="share a float32 or float64 dtype"):
        _gemm.dot(np.ones((3, 4), np.float32), np.ones((4, 2)), np.empty((3, 2)))
    with pytest.raises(ValueError, match="C-contiguous"):
        _gemm.dot(np.ones((3, 4)), np.ones((4, 2)), np.empty((2, 3)).T)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("transpose_a, transpose_b", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("alpha, beta", [(1.0, 0.0), (0.5, 1.0), (-2.0, 0.25)])
def test_small_output_long_inner_dimension_is_split_along_it(monkeypatch, dtype, transpose_a, transpose_b, alpha, beta):
    """A convolution's weight gradient (25 x 32 from thousands of columns): blocks along k, added in order."""
    monkeypatch.setattr(_gemm, "MIN_BLOCK_WORK", 1)
    nnlib.set_num_threads(2)
    rng = np.random.default_rng(6)
    a, b = _operands(rng, 5, 4100, 3, transpose_a, transpose_b, dtype)
    assert _gemm.depth_blocks(5, 3, 4100) == 4 and _gemm.depth_blocks(5, 3, 1000) == 1
    out = rng.standard_normal((5, 3)).astype(dtype)
    expected = alpha * (a.astype(np.float64) @ b) + beta * out
    if beta == 0:
        out[...] = np.nan
    again = out.copy()
    _gemm.dot(a, b, out, alpha, beta)
    tol = 1e-3 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)
    _gemm.dot(a, b, again, alpha, beta)
    np.testing.assert_array_equal(again, out)


def test_single_threaded_sets_blas_to_one_thread_for_the_call_only(monkeypatch):
    """The one hand-off: BLAS at one thread while the kernel runs, the count restored after, also on error."""
    calls = []
    monkeypatch.setattr(_blas, "get_threads", lambda: 2)
    monkeypatch.setattr(_blas, "set_threads", calls.append)
    assert _blas.single_threaded(lambda a, b: calls.append((a, b)) or "done", 3, 4) == "done"
    assert calls == [1, (3, 4), 2]
    with pytest.raises(RuntimeError):
        _blas.single_threaded(lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    assert calls[-2:] == [1, 2]


def test_single_threaded_really_sets_the_blas_thread_count():
    nnlib.set_num_threads(2)
    seen = []
    _blas.single_threaded(lambda: seen.append([c.get_num_threads() for c in _blas._controllers]))
    assert seen == [[1] * len(_blas._controllers)]
    assert [c.get_num_threads() for c in _blas._controllers] == [2] * len(_blas._controllers)


def test_layers_calling_gemm_in_kernels_run_blas_single_threaded(monkeypatch):
    """Linear's passes, the convolution's per-image GEMMs and `dot` go through `_blas.single_threaded`."""
    from nnlib import nn
    from nnlib.kernels import linear, spatial_convolution
    seen = []
    real = _blas.single_threaded

    def spy(kernel, *args):
        seen.append(kernel.__name__)
        return real(kernel, *args)
    monkeypatch.setattr(_blas, "single_threaded", spy)
    monkeypatch.setattr(linear, "single_threaded", spy)
    monkeypatch.setattr(spatial_convolution, "single_threaded", spy)
    layer = nn.Linear(4, 3)
    x = np.ones((2, 4), np.float32)
    layer.backward(x, np.ones_like(layer.forward(x)))
    conv = nn.SpatialConvolution(1, 2, 5, 5)
    x = np.ones((2, 1, 20, 20), np.float32)
    conv.backward(x, np.ones_like(conv.forward(x)))
    assert seen == ["_update_output", "_update_grad_input", "_acc_grad_parameters",
                    "_forward_per_image", "_grad_columns_per_image", "_grad_weight_per_image"]
    _gemm.dot(np.ones((2, 3)), np.ones((3, 2)), np.empty((2, 2)))
    assert seen[-1] == "gemm"


def test_no_kernel_sets_blas_threads_and_no_typing_error_is_caught():
    """The structure the protocol rests on, checked in the sources: nothing else hands BLAS threads
    over, and no caller picks a path by catching numba's TypingError."""
    import pathlib
    root = pathlib.Path(nnlib.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert "TypingError" not in text, path
        assert "set_kernel_threads" not in text, path
        if path.name != "_blas.py":
            assert "set_threads(" not in text, path
