"""`adadelta`: ADADELTA (Zeiler, 2012), Torch's optim.adadelta."""
import numpy as np

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "rho": (0.9, number(minimum=0, maximum=1)),  # rho: decay of both running averages
    "eps": (1e-6, number(minimum=0)),            # eps
    "weight_decay": (0.0, number(minimum=0)),    # weightDecay
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("eval_counter", "param_variance", "acc_delta")


def adadelta(feval, x, config=None, state=None):
    """One ADADELTA step on `x`, in place; returns (x, [f(x) before the step]).

    v = rho * v + (1 - rho) * grad^2, delta = sqrt(a + eps) / sqrt(v + eps) * grad,
    x -= delta, a = rho * a + (1 - rho) * delta^2, with grad += weight_decay * x.
    There is no learning rate (PyTorch's Adadelta with its default lr=1 is
    the same update). `state` (default: `config`) keeps `eval_counter`,
    `param_variance` (v, Torch's paramVariance) and `acc_delta` (a, accDelta);
    Torch's scratch tensors paramStd and delta are not kept.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("adadelta", config, SPEC, STATE)
    check_x("adadelta", x)
    rho, eps = float(o["rho"]), float(o["eps"])

    fx, grad = evaluate("adadelta", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    variance = state_array(state, "param_variance", x)
    acc_delta = state_array(state, "acc_delta", x)
    variance *= rho
    variance += (1 - rho) * np.square(grad, dtype=x.dtype)
    delta = np.sqrt(acc_delta + eps)
    delta /= np.sqrt(variance + eps)
    delta *= grad
    x -= delta
    acc_delta *= rho
    acc_delta += (1 - rho) * np.square(delta)
    state["eval_counter"] = int(state.get("eval_counter", 0)) + 1
    return x, [fx]
