"""`adamax`: AdaMax, Adam's infinity-norm variant (Kingma & Ba, 2014), Torch's optim.adamax."""
import numpy as np

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "learning_rate": (0.002, number(minimum=0)),   # learningRate
    "beta1": (0.9, number(minimum=0, below=1)),    # beta1
    "beta2": (0.999, number(minimum=0, below=1)),  # beta2
    "epsilon": (1e-38, number(minimum=0)),         # epsilon
    "weight_decay": (0.0, number(minimum=0)),      # weightDecay
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("t", "m", "u")


def adamax(feval, x, config=None, state=None):
    """One AdaMax step on `x`, in place; returns (x, [f(x) before the step]).

    m = beta1 * m + (1 - beta1) * grad, u = max(beta2 * u, |grad| + epsilon),
    x -= learning_rate / (1 - beta1^t) * m / u. Torch's epsilon defaults to
    1e-38 (PyTorch's Adamax: 1e-8, same update otherwise). `state` (default:
    `config`) keeps the step count `t` and `m`, `u` (Torch's names; Torch's
    scratch tensor max is not kept).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("adamax", config, SPEC, STATE)
    check_x("adamax", x)
    beta1, beta2 = float(o["beta1"]), float(o["beta2"])

    fx, grad = evaluate("adamax", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    m = state_array(state, "m", x)
    u = state_array(state, "u", x)
    t = int(state.get("t", 0)) + 1
    m *= beta1
    m += (1 - beta1) * grad
    u *= beta2
    np.maximum(u, np.abs(grad, dtype=x.dtype) + float(o["epsilon"]), out=u)
    x -= float(o["learning_rate"]) / (1 - beta1 ** t) * m / u
    state["t"] = t
    return x, [fx]
