import numpy as np
import pytest

from nnlib import optim


def torch7_adamax(feval, x, n, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-38, wd=0.0):
    """Torch7's adamax.lua transcribed: the iterates after each of n steps."""
    x = x.copy()
    m, u = np.zeros_like(x), np.zeros_like(x)
    out = []
    for t in range(1, n + 1):
        g = feval(x)[1] + wd * x
        m = beta1 * m + (1 - beta1) * g
        u = np.maximum(beta2 * u, np.abs(g) + eps)
        x = x - lr / (1 - beta1 ** t) * m / u
        out.append(x.copy())
    return out


@pytest.mark.parametrize("config", [{}, {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8,
                                         "weight_decay": 0.1}])
@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
def test_trajectory_matches_torch7(problem, config, request):
    feval = request.getfixturevalue(problem)
    x0 = np.array([-1.2, 1.0, 0.3])[:3 if problem == "quadratic" else 2]
    names = {"learning_rate": "lr", "beta1": "beta1", "beta2": "beta2", "epsilon": "eps", "weight_decay": "wd"}
    expected = torch7_adamax(feval, x0, 40, **{names[k]: v for k, v in config.items()})
    x, state = x0.copy(), {}
    for want in expected:
        optim.adamax(feval, x, config, state)
        np.testing.assert_allclose(x, want, rtol=1e-12, atol=1e-14)
    assert state["t"] == 40


def test_resumes_after_checkpoint(rosenbrock, tmp_path, resumes_after_checkpoint):
    resumes_after_checkpoint(optim.adamax, {"learning_rate": 0.01}, rosenbrock, [-1.2, 1.0], tmp_path)


def test_zero_gradient_with_default_epsilon_does_not_divide_by_zero():
    x = np.ones(2)
    optim.adamax(lambda v: (0.0, np.zeros(2)), x)
    np.testing.assert_array_equal(x, [1.0, 1.0])


def test_same_as_torch_adamax(rosenbrock):
    torch = pytest.importorskip("torch")
    x = np.array([-1.2, 1.0])
    p = torch.tensor(x.copy(), requires_grad=True)
    opt = torch.optim.Adamax([p], lr=0.01, eps=1e-8, weight_decay=0.01)
    config, state = {"learning_rate": 0.01, "epsilon": 1e-8, "weight_decay": 0.01}, {}
    for _ in range(30):
        optim.adamax(rosenbrock, x, config, state)
        p.grad = torch.tensor(rosenbrock(p.detach().numpy())[1])
        opt.step()
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=0, atol=1e-12)
