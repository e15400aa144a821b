import numpy as np
import pytest

from nnlib import optim


def torch7_asgd(feval, x, n, eta0=1e-4, lam=1e-4, alpha=0.75, t0=1e6):
    """Torch7's asgd.lua transcribed: (x, ax) after each of n steps."""
    x = x.copy()
    eta, mu, ax = eta0, 1.0, np.zeros_like(x)
    out = []
    for t in range(1, n + 1):
        g = feval(x)[1]
        x = x * (1 - lam * eta) - eta * g
        ax = ax + mu * (x - ax) if mu != 1 else x.copy()
        eta = eta0 / (1 + lam * eta0 * t) ** alpha
        mu = 1 / max(1, t - t0)
        out.append((x.copy(), ax.copy()))
    return out


@pytest.mark.parametrize("config", [{}, {"eta0": 0.05, "lambda": 0.5, "alpha": 0.6, "t0": 10}])
@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
def test_trajectory_matches_torch7(problem, config, request):
    feval = request.getfixturevalue(problem)
    if problem == "rosenbrock" and config:
        config = {**config, "eta0": 1e-3}
    x0 = np.array([-1.2, 1.0, 0.3])[:3 if problem == "quadratic" else 2]
    expected = torch7_asgd(feval, x0, 40, config.get("eta0", 1e-4), config.get("lambda", 1e-4),
                           config.get("alpha", 0.75), config.get("t0", 1e6))
    x, state = x0.copy(), {}
    for want_x, want_ax in expected:
        _, fs, ax = optim.asgd(feval, x, config, state)
        np.testing.assert_allclose(x, want_x, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(ax, want_ax, rtol=1e-12, atol=1e-14)
    assert state["t"] == 40 and ax is state["ax"]


def test_averaging_starts_after_t0(quadratic):
    x = np.zeros(3)
    config = {"eta0": 0.1, "t0": 3}
    xs = []
    for _ in range(6):
        xs.append(optim.asgd(quadratic, x, config)[0].copy())
    # mu = 1 / max(1, t - t0) after step t: ax copies x through step t0 + 2, then averages from there.
    np.testing.assert_allclose(config["ax"], np.mean(xs[4:], axis=0), rtol=1e-12)


def test_resumes_after_checkpoint(rosenbrock, tmp_path, resumes_after_checkpoint):
    resumes_after_checkpoint(optim.asgd, {"eta0": 1e-3, "t0": 3}, rosenbrock, [-1.2, 1.0], tmp_path)


def test_same_as_torch_asgd(rosenbrock):
    torch = pytest.importorskip("torch")
    x = np.array([-1.2, 1.0])
    p = torch.tensor(x.copy(), requires_grad=True)
    config, state = {"eta0": 1e-3, "lambda": 0.01, "t0": 10}, {}
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # PyTorch keeps eta and mu in the default dtype
    try:
        opt = torch.optim.ASGD([p], lr=1e-3, lambd=0.01, alpha=0.75, t0=10, foreach=False)
        for _ in range(30):
            _, _, ax = optim.asgd(rosenbrock, x, config, state)
            p.grad = torch.tensor(rosenbrock(p.detach().numpy())[1])
            opt.step()
    finally:
        torch.set_default_dtype(default)
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ax, opt.state[p]["ax"].numpy(), rtol=0, atol=1e-12)
