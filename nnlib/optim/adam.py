"""`adam`: Adam (Kingma & Ba, 2014), Torch's optim.adam."""
import math

import numpy as np

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "learning_rate": (1e-3, number(minimum=0)),       # learningRate
    "learning_rate_decay": (0.0, number(minimum=0)),  # learningRateDecay
    "beta1": (0.9, number(minimum=0, below=1)),       # beta1
    "beta2": (0.999, number(minimum=0, below=1)),     # beta2
    "epsilon": (1e-8, number(minimum=0)),             # epsilon
    "weight_decay": (0.0, number(minimum=0)),         # weightDecay
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("t", "m", "v")


def adam(feval, x, config=None, state=None):
    """One Adam step on `x`, in place; returns (x, [f(x) before the step]).

    m and v are moving averages of grad and grad^2; the step is
    lr_t * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon) with
    lr_t = lr / (1 + (t - 1) * learning_rate_decay). `state` (default:
    `config`) keeps the step count `t` and the moments `m`, `v` (Torch's names).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("adam", config, SPEC, STATE)
    check_x("adam", x)
    beta1, beta2 = float(o["beta1"]), float(o["beta2"])

    fx, grad = evaluate("adam", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    t = int(state.get("t", 0))
    m = state_array(state, "m", x)
    v = state_array(state, "v", x)
    clr = float(o["learning_rate"]) / (1 + t * float(o["learning_rate_decay"]))
    t += 1
    work = np.multiply(grad, 1 - beta1, dtype=x.dtype)  # one scratch array, reused below
    m *= beta1
    m += work
    np.square(grad, out=work)
    work *= 1 - beta2
    v *= beta2
    v += work
    np.sqrt(v, out=work)
    work += float(o["epsilon"])
    np.divide(m, work, out=work)
    work *= clr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    x -= work
    state["t"] = t
    return x, [fx]
