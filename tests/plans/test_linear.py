"""LinearPlan: the GEMM form per batch size, chosen once; both forms give the same output."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import _gemm
from nnlib.plans import LinearPlan


@pytest.mark.parametrize("rows, transposed", [(1, True), (20, True), (_gemm.TRANSPOSED_MAX_ROWS + 1, False)])
def test_the_transposed_form_is_chosen_for_few_rows(rows, transposed):
    plan = LinearPlan(rows, 784, 200, np.float32)
    assert plan.transposed is transposed
    assert (plan.output_t is not None) is transposed and plan.output.shape == (rows, 200)


@pytest.mark.parametrize("rows", [3, _gemm.TRANSPOSED_MAX_ROWS + 5])
def test_passes_match_numpy(rows):
    rng = np.random.default_rng(rows)
    x, w, b = rng.standard_normal((rows, 13)), rng.standard_normal((7, 13)), rng.standard_normal(7)
    gy = rng.standard_normal((rows, 7))
    plan = LinearPlan(rows, 13, 7, np.float64)
    np.testing.assert_allclose(plan.forward(x, w, b), x @ w.T + b, rtol=1e-12)
    np.testing.assert_allclose(plan.grad_input(gy, w), gy @ w, rtol=1e-12)
    gw, gb = np.ones_like(w), np.ones_like(b)
    plan.acc_grad(x, gy, gw, gb, 0.5)
    np.testing.assert_allclose(gw, 1 + 0.5 * gy.T @ x, rtol=1e-12)
    np.testing.assert_allclose(gb, 1 + 0.5 * gy.sum(axis=0), rtol=1e-12)


def test_a_layer_plans_once_per_batch_size():
    layer = nn.Linear(5, 3)
    x = np.ones((4, 5), np.float32)
    layer.forward(x)
    plan = layer._plan
    layer.backward(x, np.ones((4, 3), np.float32))
    assert layer._plan is plan
    layer.forward(x[:2])
    assert layer._plan is not plan and layer._plan.output.shape == (2, 3)


def test_a_planned_layer_saves_and_loads(tmp_path):
    from nnlib.io import load, save
    model = nn.Linear(5, 3)
    x = np.ones((4, 5), np.float32)
    expected = model.forward(x).copy()
    save(tmp_path / "m.h5", model)
    loaded = load(tmp_path / "m.h5")
    assert vars(loaded).get("_plan") is None  # work state is not saved
    np.testing.assert_array_equal(loaded.forward(x), expected)
