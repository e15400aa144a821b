"""`nag`: Nesterov's accelerated gradient in Sutskever et al.'s form, Torch's optim.nag."""
from ._config import check_x, evaluate, number, per_parameter, read_config, vector

SPEC = {
    "learning_rate": (1e-3, number(minimum=0)),         # learningRate
    "learning_rate_decay": (0.0, number(minimum=0)),    # learningRateDecay
    "weight_decay": (0.0, number(minimum=0)),           # weightDecay
    "momentum": (0.9, number(minimum=0)),               # momentum (must be > 0)
    "dampening": (None, number(minimum=0, maximum=1)),  # dampening: read but unused, as in Torch
    "learning_rates": (None, vector),                   # learningRates (per parameter)
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("eval_counter", "dfdx")


def nag(feval, x, config=None, state=None):
    """One NAG step on `x`, in place; returns (x, [f at the look-ahead point]).

    The gradient is taken at the look-ahead point x + momentum * v (v, the
    velocity, starts at 0), then v = momentum * v - clr * [learning_rates *] grad
    and x += v, with clr = learning_rate / (1 + eval_counter * learning_rate_decay)
    and grad += weight_decay * (look-ahead x).

    Difference from PyTorch's SGD(nesterov=True): PyTorch keeps the parameters
    at the look-ahead point; here `x` is the iterate itself, so PyTorch's
    parameters are x + momentum * state["dfdx"] (the two trajectories agree in
    that sense). Torch's default momentum is 0.9 here (0 in sgd); `dampening`
    is accepted and ignored, as in Torch. `state` (default: `config`) keeps
    `eval_counter` and the velocity `dfdx` (Torch's names).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("nag", config, SPEC, STATE)
    check_x("nag", x)
    mom = float(o["momentum"])
    if mom <= 0:
        raise ValueError(f"optim.nag: config['momentum'] = {o['momentum']!r} is invalid; "
                         "Nesterov's accelerated gradient needs a momentum > 0")
    lrs = per_parameter("nag", "learning_rates", o["learning_rates"], x)
    nevals = int(state.get("eval_counter", 0))
    velocity = state.get("dfdx")
    if velocity is not None and velocity.shape != x.shape:
        velocity = None
    if velocity is not None:
        x += mom * velocity  # the look-ahead point

    fx, grad = evaluate("nag", feval, x)

    if o["weight_decay"] != 0:
        grad = grad + float(o["weight_decay"]) * x
    clr = float(o["learning_rate"]) / (1 + nevals * float(o["learning_rate_decay"]))
    step = clr * grad if lrs is None else clr * lrs * grad
    if velocity is None:
        velocity = state["dfdx"] = -step.astype(x.dtype, copy=False)
    else:
        velocity *= mom
        velocity -= step
    x -= step
    state["eval_counter"] = nevals + 1
    return x, [fx]
