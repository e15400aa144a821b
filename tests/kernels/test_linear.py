"""Linear kernels: both forward formulations and the gradients against plain numpy, odd shapes."""
import numpy as np
import pytest

from nnlib.kernels import linear as K


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch, n_in, n_out", [(1, 7, 5), (3, 13, 11), (17, 9, 40), (70, 5, 3)])
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("with_bias", [True, False])
def test_update_output_matches_numpy(dtype, batch, n_in, n_out, transposed, with_bias):
    rng = np.random.default_rng(batch)
    x, w = rng.standard_normal((batch, n_in)).astype(dtype), rng.standard_normal((n_out, n_in)).astype(dtype)
    b = rng.standard_normal(n_out).astype(dtype) if with_bias else None
    out = np.full((batch, n_out), np.nan, dtype)
    out_t = np.full((n_out, batch), np.nan, dtype) if transposed else None
    K.linear_update_output(x, w, b, out, out_t)
    expected = x.astype(np.float64) @ w.T.astype(np.float64) + (0 if b is None else b)
    np.testing.assert_allclose(out, expected, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-5)


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_grad_input_and_parameters_match_numpy(scale):
    rng = np.random.default_rng(1)
    x, gy, w = rng.standard_normal((3, 7)), rng.standard_normal((3, 5)), rng.standard_normal((5, 7))
    gx = np.empty((3, 7))
    K.linear_update_grad_input(gy, w, gx)
    np.testing.assert_allclose(gx, gy @ w, rtol=1e-12)
    gw, gb = np.ones((5, 7)), np.ones(5)
    K.linear_acc_grad_parameters(x, gy, gw, gb, scale)
    np.testing.assert_allclose(gw, 1 + scale * gy.T @ x, rtol=1e-12)
    np.testing.assert_allclose(gb, 1 + scale * gy.sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 3), (20, 200), (37, 129), (3000, 7), (3, 1000)])
@pytest.mark.parametrize("scale", [1.0, 0.37])
def test_bias_gradient_rounds_as_numpy(dtype, shape, scale):
    """The bias gradient adds the rows in order, as numpy's sum(axis=0): the same bits as before the kernel."""
    rng = np.random.default_rng(5)
    grad_output, grad_bias = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape[1]).astype(dtype)
    expected = grad_bias + (grad_output.sum(axis=0) if scale == 1 else scale * grad_output.sum(axis=0))
    K.acc_column_sums(grad_output, grad_bias, grad_bias.dtype.type(scale))
    np.testing.assert_array_equal(grad_bias, expected)


def test_kernels_raise_on_shapes_that_do_not_fit():
    x, w = np.ones((3, 7)), np.ones((5, 6))
    with pytest.raises(ValueError, match="gemm: the shapes"):
        K.linear_update_output(x, w, None, np.empty((3, 5)), None)
    with pytest.raises(ValueError, match="gemm: the shapes"):
        K.linear_update_output(x, w, None, np.empty((3, 5)), np.empty((5, 3)))
    with pytest.raises(ValueError, match="gemm: the shapes"):
        K.linear_update_grad_input(np.ones((3, 5)), w, np.empty((3, 7)))
    with pytest.raises(ValueError, match="gemm: the shapes"):
        K.linear_acc_grad_parameters(x, np.ones((3, 5)), np.zeros((5, 6)), None, 1.0)


@pytest.mark.parametrize("weight, bias, fits", [
    (np.ones((5, 6), np.float32), np.ones(5, np.float32), True),
    (np.ones((5, 6), np.float32), None, True),
    (np.ones((5, 6), np.float64), None, False),            # another dtype: numba could not type the call
    (np.ones((5, 7), np.float32), None, False),            # another input size
    (np.ones((5, 6), np.float32), np.ones(4, np.float32), False),
    (np.ones((5, 6), np.float32), np.ones(5, np.float64), False),
    (np.ones(30, np.float32), None, False),
])
def test_parameters_fit_says_what_callers_must_check(weight, bias, fits):
    assert K.parameters_fit(weight, bias, 6, np.float32) is fits
