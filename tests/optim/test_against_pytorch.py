"""Cross-check against torch.optim, whose SGD/Adam/Adagrad/RMSprop/LBFGS follow Torch7's update rules.

Skipped when PyTorch is not installed (it is a benchmark extra, not a test dependency).
"""
import numpy as np
import pytest

from nnlib import optim

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
_M = RNG.standard_normal((7, 7))
A = _M @ _M.T + np.eye(7)
B = RNG.standard_normal(7)


def feval(x):
    return float(0.5 * x @ A @ x - B @ x), A @ x - B


def ours(step, config, n=30):
    x, state = np.linspace(-1, 1, 7), {}
    for _ in range(n):
        step(feval, x, config, state)
    return x


def theirs(cls, kwargs, n=30):
    p = torch.tensor(np.linspace(-1, 1, 7), requires_grad=True)
    opt = cls([p], **kwargs)
    for _ in range(n):
        p.grad = torch.tensor(feval(p.detach().numpy())[1])
        opt.step()
    return p.detach().numpy()


@pytest.mark.parametrize("step, config, cls, kwargs", [
    (optim.sgd, {"learning_rate": 0.05, "momentum": 0.9, "dampening": 0.0, "nesterov": True, "weight_decay": 0.01},
     "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    (optim.sgd, {"learning_rate": 0.05, "momentum": 0.5}, "SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.5}),
    (optim.adam, {"learning_rate": 0.05, "epsilon": 0.0}, "Adam", {"lr": 0.05, "eps": 0.0}),
    (optim.adagrad, {"learning_rate": 0.5, "learning_rate_decay": 0.1}, "Adagrad",
     {"lr": 0.5, "lr_decay": 0.1, "eps": 1e-10}),
    (optim.rmsprop, {"learning_rate": 0.01, "alpha": 0.9}, "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-8}),
], ids=["sgd-nesterov", "sgd-dampening", "adam", "adagrad", "rmsprop"])
def test_same_iterates_as_torch_optim(step, config, cls, kwargs):
    np.testing.assert_allclose(ours(step, config), theirs(getattr(torch.optim, cls), kwargs), rtol=0, atol=1e-12)


def test_lbfgs_fixed_steps_match_torch_lbfgs():
    x = np.zeros(7)
    optim.lbfgs(feval, x, {"max_iter": 10, "learning_rate": 0.3})
    p = torch.zeros(7, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], lr=0.3, max_iter=10, history_size=100)

    def closure():
        f, g = feval(p.detach().numpy())
        p.grad = torch.tensor(g)
        return torch.tensor(f)

    opt.step(closure)
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=0, atol=1e-12)
