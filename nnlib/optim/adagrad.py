"""`adagrad`: AdaGrad (Duchi et al., 2011), Torch's optim.adagrad."""
import numpy as np

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "learning_rate": (1e-3, number(minimum=0)),       # learningRate
    "learning_rate_decay": (0.0, number(minimum=0)),  # learningRateDecay
    "weight_decay": (0.0, number(minimum=0)),         # weightDecay
    "epsilon": (1e-10, number(minimum=0)),            # (a constant 1e-10 in Torch)
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("eval_counter", "param_variance")


def adagrad(feval, x, config=None, state=None):
    """One AdaGrad step on `x`, in place; returns (x, [f(x) before the step]).

    Accumulates grad^2 per parameter and steps by
    lr / (1 + eval_counter * learning_rate_decay) * grad / (sqrt(sum grad^2) + epsilon).
    `state` (default: `config`) keeps `eval_counter` (evalCounter) and
    `param_variance` (paramVariance).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("adagrad", config, SPEC, STATE)
    check_x("adagrad", x)
    nevals = int(state.get("eval_counter", 0))

    fx, grad = evaluate("adagrad", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    clr = float(o["learning_rate"]) / (1 + nevals * float(o["learning_rate_decay"]))
    variance = state_array(state, "param_variance", x)
    work = np.square(grad, dtype=x.dtype)  # one scratch array, reused below
    variance += work
    np.sqrt(variance, out=work)
    work += float(o["epsilon"])
    np.divide(grad, work, out=work)
    work *= clr
    x -= work
    state["eval_counter"] = nevals + 1
    return x, [fx]
