"""The recurrent plans: inline or BLAS step products per geometry, from the recurrent table; the work arrays."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import _gemm, _matmul
from nnlib.plans import GRUPlan, LSTMPlan, MuFuRuPlan, RecurrentPlan, TorchGRUPlan

H_MAX = _matmul.FUSED_MAX_HIDDEN


@pytest.mark.parametrize("hidden, inline", [(1, True), (H_MAX, True), (H_MAX + 1, False)])
def test_the_choice_follows_the_table(hidden, inline):
    assert RecurrentPlan(4, hidden, np.float32).inline is inline
    assert LSTMPlan(4, hidden, np.float32, hidden).inline is inline


def test_the_choice_follows_a_patched_threshold(monkeypatch):
    assert not RecurrentPlan(4, H_MAX + 1, np.float64).inline
    monkeypatch.setattr(_matmul, "FUSED_MAX_HIDDEN", H_MAX + 1)
    assert RecurrentPlan(4, H_MAX + 1, np.float64).inline


def test_work_arrays_fit_the_cells():
    n, h = 3, H_MAX + 5
    lstm = LSTMPlan(n, h, np.float32, 2)  # a projection to 2
    assert [a.shape for a in lstm.forward_work] == [(n, 4 * h), (n, 2), (n, h), (0, 0) if n > _gemm.TRANSPOSED_MAX_ROWS
                                                                                else (4 * h, n)]
    assert [a.shape for a in lstm.grad_work] == [(n, h), (n, 2)]
    gru = GRUPlan(n, 4, np.float64)  # inline: no product scratch
    assert [a.shape for a in gru.forward_work] == [(n, 8), (n, 4), (n, 4), (n, 4), (0, 0), (0, 0)]
    assert MuFuRuPlan(n, 4, np.float64, 3).forward_work[0].shape == (n, 16)
    assert TorchGRUPlan(n, 4, np.float32).forward_work[0].dtype == np.float32
    assert all(a.ctypes.data % 64 == 0 for a in lstm.forward_work + lstm.grad_work if a.size)


@pytest.mark.parametrize("make", [lambda h: nn.SeqLSTM(5, h), lambda h: nn.SeqGRU(5, h),
                                  lambda h: nn.Sequencer(nn.MuFuRu(5, h)),
                                  lambda h: nn.Sequencer(nn.Recurrent(h, nn.Linear(5, h), nn.Linear(h, h), nn.Tanh()))])
def test_either_choice_gives_the_same_numbers(make, monkeypatch):
    """Inline loops and BLAS sum in different orders: close, not the same bits."""
    rng = np.random.default_rng(0)
    x, gy = rng.standard_normal((4, 3, 5)), rng.standard_normal((4, 3, 6))

    def run():
        import nnlib
        nnlib.manual_seed(1)
        m = make(6).double()
        y = m.forward(x).copy()
        gx = m.backward(x, gy).copy()
        return y, gx, [g.copy() for g in m.parameters()[1]]

    inline = run()
    monkeypatch.setattr(_matmul, "FUSED_MAX_HIDDEN", 0)
    blas = run()
    for a, b in zip(inline[:2] + tuple(inline[2]), blas[:2] + tuple(blas[2])):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_a_module_builds_one_plan_per_geometry():
    lstm = nn.SeqLSTM(5, 4)
    x = np.random.default_rng(1).standard_normal((3, 2, 5)).astype(np.float32)
    y = lstm.forward(x)
    plan = lstm._plan
    assert plan.key == (2, 4, np.dtype(np.float32), 4) and plan.inline
    lstm.backward(x, np.ones_like(y))
    lstm.forward(x)
    assert lstm._plan is plan                      # the same batch: the same plan and work arrays
    lstm.forward(x[:, :1])
    assert lstm._plan is not plan and lstm._plan.key[0] == 1
    lstm.double()
    lstm.forward(x.astype(np.float64))
    assert lstm._plan.forward_work[0].dtype == np.float64


def test_plans_are_work_state(tmp_path):
    import nnlib
    model = nn.SeqGRU(5, 4)
    x = np.random.default_rng(2).standard_normal((3, 2, 5)).astype(np.float32)
    expected = model.forward(x).copy()
    nnlib.save(tmp_path / "m.h5", model)
    loaded = nnlib.load(tmp_path / "m.h5")
    assert vars(loaded).get("_plan") is None
    np.testing.assert_array_equal(loaded.forward(x), expected)
    assert model.clone()._plan.forward_work[0] is not model._plan.forward_work[0]
    assert "_plan" not in vars(model.clear_state())
