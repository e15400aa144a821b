import numpy as np
import pytest

from nnlib import optim


def torch7_rprop(feval, x, n, stepsize=0.1, etaplus=1.2, etaminus=0.5, smax=50.0, smin=1e-6):
    """Torch7's rprop.lua transcribed: the iterates after each of n steps."""
    x = x.copy()
    delta, step = np.zeros_like(x), np.full_like(x, stepsize)
    out = []
    for _ in range(n):
        g = feval(x)[1].copy()
        s = np.sign(g * delta)
        step = step * np.select([s > 0, s < 0], [etaplus, etaminus], 1.0)
        step = np.minimum(np.maximum(step, smin), smax)
        g[s < 0] = 0
        x = x - np.sign(g) * step
        delta = g
        out.append(x.copy())
    return out


@pytest.mark.parametrize("config", [{}, {"stepsize": 0.3, "etaplus": 1.5, "etaminus": 0.3, "stepsizemax": 0.4,
                                         "stepsizemin": 0.01}])
@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
def test_trajectory_matches_torch7(problem, config, request):
    feval = request.getfixturevalue(problem)
    x0 = np.array([-1.2, 1.0, 0.3])[:3 if problem == "quadratic" else 2]
    names = {"stepsize": "stepsize", "etaplus": "etaplus", "etaminus": "etaminus", "stepsizemax": "smax",
             "stepsizemin": "smin"}
    expected = torch7_rprop(feval, x0, 40, **{names[k]: v for k, v in config.items()})
    x, state = x0.copy(), {}
    for want in expected:
        optim.rprop(feval, x, config, state)
        np.testing.assert_allclose(x, want, rtol=1e-12, atol=1e-14)


def test_niter_steps_per_call(rosenbrock):
    x, twin = np.array([-1.2, 1.0]), np.array([-1.2, 1.0])
    _, fs = optim.rprop(rosenbrock, x, {"niter": 5})
    state = {}
    singles = [optim.rprop(rosenbrock, twin, {}, state)[1][0] for _ in range(5)]
    np.testing.assert_array_equal(x, twin)
    assert fs == singles


def test_feval_gradient_is_not_modified():
    g = np.array([1.0, -1.0])
    config = {}
    optim.rprop(lambda v: (0.0, g), np.zeros(2), config)
    optim.rprop(lambda v: (0.0, -g), np.zeros(2), config)  # both signs flip
    np.testing.assert_array_equal(g, [1.0, -1.0])
    np.testing.assert_array_equal(config["delta"], [0.0, 0.0])
    np.testing.assert_allclose(config["steps"], [0.05, 0.05])


def test_resumes_after_checkpoint(rosenbrock, tmp_path, resumes_after_checkpoint):
    resumes_after_checkpoint(optim.rprop, {"stepsize": 0.05}, rosenbrock, [-1.2, 1.0], tmp_path)


def test_same_as_torch_rprop(rosenbrock):
    torch = pytest.importorskip("torch")
    x = np.array([-1.2, 1.0])
    p = torch.tensor(x.copy(), requires_grad=True)
    opt = torch.optim.Rprop([p], lr=0.1, etas=(0.5, 1.2), step_sizes=(1e-6, 50), foreach=False)
    state = {}
    for _ in range(30):
        optim.rprop(rosenbrock, x, {}, state)
        p.grad = torch.tensor(rosenbrock(p.detach().numpy())[1])
        opt.step()
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=0, atol=1e-12)
