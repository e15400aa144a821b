"""`asgd`: averaged SGD as in L. Bottou's sgd-2.0, Torch's optim.asgd."""

from ._config import check_x, evaluate, number, read_config, state_array

SPEC = {
    "eta0": (1e-4, number(minimum=0)),    # eta0: learning rate
    "lambda": (1e-4, number(minimum=0)),  # lambda: decay term (weight decay and learning-rate decay)
    "alpha": (0.75, number(minimum=0)),   # alpha: power of the learning-rate decay
    "t0": (1e6, number(minimum=0)),       # t0: step at which averaging starts
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("eta_t", "mu_t", "t", "ax")


def asgd(feval, x, config=None, state=None):
    """One averaged-SGD step on `x`, in place; returns (x, [f(x) before the step], ax).

    x = (1 - lambda * eta_t) * x - eta_t * grad, then the average
    ax += mu_t * (x - ax) (ax = x while mu_t = 1), then
    eta_t = eta0 / (1 + lambda * eta0 * t)^alpha and mu_t = 1 / max(1, t - t0).
    `ax` is the averaged iterate, the one to evaluate the model with.
    `state` (default: `config`) keeps `eta_t`, `mu_t`, the step count `t`
    and `ax` (Torch's names). Unlike Torch, the defaults are not written into
    `config`. PyTorch's ASGD is the same update with other names (lr, lambd,
    alpha, t0) and defaults: lr=0.01 where Torch's eta0 is 1e-4.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("asgd", config, SPEC, STATE)
    check_x("asgd", x)
    eta0, lam = float(o["eta0"]), float(o["lambda"])
    eta_t = float(state.get("eta_t", eta0))
    mu_t = float(state.get("mu_t", 1.0))
    t = int(state.get("t", 0))

    fx, grad = evaluate("asgd", feval, x)

    x *= 1 - lam * eta_t
    x -= eta_t * grad
    ax = state_array(state, "ax", x)
    if mu_t != 1:
        ax += mu_t * (x - ax)
    else:
        ax[...] = x
    t += 1
    state["t"] = t
    state["eta_t"] = eta0 / (1 + lam * eta0 * t) ** float(o["alpha"])
    state["mu_t"] = 1 / max(1.0, t - float(o["t0"]))
    return x, [fx], ax
