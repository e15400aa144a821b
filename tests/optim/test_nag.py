import numpy as np
import pytest

from nnlib import optim


def torch7_nag(feval, x, n, lr=1e-3, lrd=0.0, wd=0.0, mom=0.9, lrs=None):
    """Torch7's nag.lua transcribed: (x, f at the look-ahead point) after each of n steps."""
    x = x.copy()
    v = None
    out = []
    for k in range(n):
        if v is not None:
            x = x + mom * v
        f, g = feval(x)
        g = g + wd * x
        clr = lr / (1 + k * lrd)
        d = g if lrs is None else lrs * g
        v = np.zeros_like(x) if v is None else mom * v
        x = x - clr * d
        v = v - clr * d
        out.append((x.copy(), f))
    return out


CONFIGS = [{}, {"learning_rate": 0.01, "learning_rate_decay": 0.1, "weight_decay": 0.1, "momentum": 0.5,
                "learning_rates": np.array([1.0, 0.5, 2.0])}]


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
def test_trajectory_matches_torch7(problem, config, request):
    feval = request.getfixturevalue(problem)
    n = 3 if problem == "quadratic" else 2
    x0 = np.array([-1.2, 1.0, 0.3])[:n]
    if "learning_rates" in config:
        config = {**config, "learning_rates": config["learning_rates"][:n]}
        if problem == "rosenbrock":
            config["learning_rate"] = 1e-3  # Rosenbrock's curvature (~1000) diverges at 0.01
    names = {"learning_rate": "lr", "learning_rate_decay": "lrd", "weight_decay": "wd", "momentum": "mom",
             "learning_rates": "lrs"}
    expected = torch7_nag(feval, x0, 40, **{names[k]: v for k, v in config.items()})
    x, state = x0.copy(), {}
    for want_x, want_f in expected:
        _, fs = optim.nag(feval, x, config, state)
        np.testing.assert_allclose(x, want_x, rtol=1e-12, atol=1e-14)
        assert fs == [pytest.approx(want_f, rel=1e-12)]


def test_first_step_has_no_look_ahead():
    x = np.array([1.0])
    config = {"learning_rate": 0.1}
    optim.nag(lambda v: (0.0, np.ones(1)), x, config)
    np.testing.assert_allclose(x, [0.9])
    np.testing.assert_allclose(config["dfdx"], [-0.1])


def test_needs_positive_momentum():
    with pytest.raises(ValueError, match="optim.nag: config\\['momentum'\\] = 0.*momentum > 0"):
        optim.nag(lambda v: (0.0, v), np.zeros(2), {"momentum": 0})


def test_resumes_after_checkpoint(rosenbrock, tmp_path, resumes_after_checkpoint):
    resumes_after_checkpoint(optim.nag, {"learning_rate": 1e-3}, rosenbrock, [-1.2, 1.0], tmp_path)


def test_look_ahead_point_follows_torch_sgd_nesterov(rosenbrock):
    # PyTorch keeps its parameters at the look-ahead point x + momentum * v.
    torch = pytest.importorskip("torch")
    x = np.array([-1.2, 1.0])
    p = torch.tensor(x.copy(), requires_grad=True)
    opt = torch.optim.SGD([p], lr=1e-3, momentum=0.9, nesterov=True, weight_decay=0.01)
    config, state = {"learning_rate": 1e-3, "weight_decay": 0.01}, {}
    for _ in range(30):
        optim.nag(rosenbrock, x, config, state)
        p.grad = torch.tensor(rosenbrock(p.detach().numpy())[1])
        opt.step()
        np.testing.assert_allclose(x + 0.9 * state["dfdx"], p.detach().numpy(), rtol=0, atol=1e-12)
