"""`sgd`: stochastic gradient descent, Torch's optim.sgd."""
import numpy as np

from ._config import check_x, evaluate, flag, number, per_parameter, read_config, vector

# key: (default, check); Torch's name in the comment.
SPEC = {
    "learning_rate": (1e-3, number(minimum=0)),         # learningRate
    "learning_rate_decay": (0.0, number(minimum=0)),    # learningRateDecay
    "weight_decay": (0.0, number(minimum=0)),           # weightDecay
    "weight_decays": (None, vector),                    # weightDecays (per parameter)
    "momentum": (0.0, number(minimum=0)),               # momentum
    "dampening": (None, number(minimum=0, maximum=1)),  # dampening (default: momentum)
    "nesterov": (False, flag),                          # nesterov
    "learning_rates": (None, vector),                   # learningRates (per parameter)
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("eval_counter", "dfdx")


def sgd(feval, x, config=None, state=None):
    """One SGD step on the flat array `x`, in place; returns (x, [f(x) before the step]).

    grad += weight_decay * x (or weight_decays * x); with momentum, the
    velocity v = momentum * v + (1 - dampening) * grad (v starts at the first
    gradient) replaces grad, or grad + momentum * v with nesterov; then
    x -= lr / (1 + eval_counter * learning_rate_decay) * [learning_rates *] grad.
    Torch's default dampening equals the momentum. `state` (default: `config`)
    keeps `eval_counter` (Torch's evalCounter) and the velocity `dfdx`.
    Unlike Torch, the gradient returned by feval is not modified.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("sgd", config, SPEC, STATE)
    check_x("sgd", x)
    lr, mom = float(o["learning_rate"]), float(o["momentum"])
    damp = mom if o["dampening"] is None else float(o["dampening"])
    if o["nesterov"] and (mom <= 0 or damp != 0):
        raise ValueError(f"optim.sgd: nesterov needs momentum > 0 and dampening 0, got momentum={mom} and "
                         f"dampening={damp} (the dampening defaults to the momentum: set config['dampening'] = 0)")
    lrs = per_parameter("sgd", "learning_rates", o["learning_rates"], x)
    wds = per_parameter("sgd", "weight_decays", o["weight_decays"], x)
    nevals = int(state.get("eval_counter", 0))

    fx, grad = evaluate("sgd", feval, x)

    # One scratch array `work` holds the effective gradient, then the step.
    wd = float(o["weight_decay"])
    work = np.empty_like(x)
    if wd != 0 or wds is not None:
        np.multiply(x, wd if wd != 0 else wds, out=work)
        work += grad
    else:
        work[...] = grad
    direction = work
    if mom != 0:
        velocity = state.get("dfdx")
        if velocity is None or velocity.shape != x.shape:
            velocity = state["dfdx"] = work.copy()
        else:
            velocity *= mom
            if damp != 0:
                work *= 1 - damp  # work is not needed again: nesterov has no dampening
            velocity += work
        if o["nesterov"]:
            work += mom * velocity
        else:
            direction = velocity
    np.multiply(direction, lr / (1 + nevals * float(o["learning_rate_decay"])), out=work)
    if lrs is not None:
        work *= lrs
    x -= work
    state["eval_counter"] = nevals + 1
    return x, [fx]
