import numpy as np
import pytest

from nnlib import optim


def torch7_adadelta(feval, x, n, rho=0.9, eps=1e-6, wd=0.0):
    """Torch7's adadelta.lua transcribed: the iterates after each of n steps."""
    x = x.copy()
    var, acc = np.zeros_like(x), np.zeros_like(x)
    out = []
    for _ in range(n):
        g = feval(x)[1] + wd * x
        var = rho * var + (1 - rho) * g * g
        std = np.sqrt(var + eps)
        delta = np.sqrt(acc + eps) / std * g
        x = x - delta
        acc = rho * acc + (1 - rho) * delta * delta
        out.append(x.copy())
    return out


@pytest.mark.parametrize("config", [{}, {"rho": 0.95, "eps": 1e-4, "weight_decay": 0.1}])
@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
def test_trajectory_matches_torch7(problem, config, request):
    feval = request.getfixturevalue(problem)
    x0 = np.array([-1.2, 1.0, 0.3])[:3 if problem == "quadratic" else 2]
    expected = torch7_adadelta(feval, x0, 40, config.get("rho", 0.9), config.get("eps", 1e-6),
                               config.get("weight_decay", 0.0))
    x, state = x0.copy(), {}
    for want in expected:
        optim.adadelta(feval, x, config, state)
        np.testing.assert_allclose(x, want, rtol=1e-12, atol=1e-14)
    assert state["eval_counter"] == 40


def test_defaults_and_state_in_config(quadratic):
    x = np.zeros(3)
    config = {}
    fs = [optim.adadelta(quadratic, x, config)[1][0] for _ in range(3)]
    np.testing.assert_allclose(x, torch7_adadelta(quadratic, np.zeros(3), 3)[-1], rtol=1e-12)
    assert fs[0] == quadratic(np.zeros(3))[0] and config["eval_counter"] == 3


def test_resumes_after_checkpoint(rosenbrock, tmp_path, resumes_after_checkpoint):
    resumes_after_checkpoint(optim.adadelta, {"rho": 0.95}, rosenbrock, [-1.2, 1.0], tmp_path)


def test_float32_stays_float32(quadratic):
    x = np.zeros(3, dtype=np.float32)
    config = {}
    optim.adadelta(quadratic, x, config)
    assert x.dtype == np.float32 and config["acc_delta"].dtype == np.float32


def test_same_as_torch_adadelta(rosenbrock):
    torch = pytest.importorskip("torch")
    x = np.array([-1.2, 1.0])
    p = torch.tensor(x.copy(), requires_grad=True)
    opt = torch.optim.Adadelta([p], lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.01)
    state = {}
    for _ in range(30):
        optim.adadelta(rosenbrock, x, {"weight_decay": 0.01}, state)
        p.grad = torch.tensor(rosenbrock(p.detach().numpy())[1])
        opt.step()
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=0, atol=1e-12)
