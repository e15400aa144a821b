"""`sgd`: stochastic gradient descent, Torch's optim.sgd."""
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
    o = read_config("sgd", config, SPEC)
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

    wd = float(o["weight_decay"])
    if wd != 0:
        grad = grad + wd * x
    elif wds is not None:
        grad = grad + wds * x
    if mom != 0:
        velocity = state.get("dfdx")
        if velocity is None or velocity.shape != x.shape:
            velocity = state["dfdx"] = grad.astype(x.dtype, copy=True)
        else:
            velocity *= mom
            velocity += (1 - damp) * grad
        grad = grad + mom * velocity if o["nesterov"] else velocity
    clr = lr / (1 + nevals * float(o["learning_rate_decay"]))
    if lrs is not None:
        grad = lrs * grad
    x -= clr * grad
    state["eval_counter"] = nevals + 1
    return x, [fx]
