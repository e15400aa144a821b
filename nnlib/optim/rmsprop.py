"""`rmsprop`: RMSprop (Tieleman & Hinton, 2012), Torch's optim.rmsprop."""
import numpy as np

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "learning_rate": (1e-2, number(minimum=0)),    # learningRate
    "alpha": (0.99, number(minimum=0, maximum=1)),  # alpha
    "epsilon": (1e-8, number(minimum=0)),          # epsilon
    "weight_decay": (0.0, number(minimum=0)),      # weightDecay
    "initial_mean": (0.0, number(minimum=0)),      # initialMean
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("m",)


def rmsprop(feval, x, config=None, state=None):
    """One RMSprop step on `x`, in place; returns (x, [f(x) before the step]).

    m = alpha * m + (1 - alpha) * grad^2 (m starts at `initial_mean`), then
    x -= lr * grad / (sqrt(m) + epsilon). `state` (default: `config`) keeps `m`.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("rmsprop", config, SPEC, STATE)
    check_x("rmsprop", x)

    fx, grad = evaluate("rmsprop", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    alpha = float(o["alpha"])
    m = state_array(state, "m", x, fill=float(o["initial_mean"]))
    work = np.square(grad, dtype=x.dtype)  # one scratch array, reused below
    work *= 1 - alpha
    m *= alpha
    m += work
    np.sqrt(m, out=work)
    work += float(o["epsilon"])
    np.divide(grad, work, out=work)
    work *= float(o["learning_rate"])
    x -= work
    return x, [fx]
