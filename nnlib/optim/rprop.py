"""`rprop`: resilient backpropagation (Riedmiller & Braun, 1993), Torch's optim.rprop."""
import numpy as np

from ._config import check_x, evaluate, number, positive_int, read_config, state_array

SPEC = {
    "stepsize": (0.1, number(minimum=0)),                # stepsize: initial step, every parameter
    "etaplus": (1.2, number(minimum=1)),                 # etaplus: growth while the sign holds
    "etaminus": (0.5, number(minimum=0, maximum=1)),     # etaminus: shrink when it flips
    "stepsizemax": (50.0, number(minimum=0)),            # stepsizemax
    "stepsizemin": (1e-6, number(minimum=0)),            # stepsizemin
    "niter": (1, positive_int),                          # niter: steps per call
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("delta", "steps")


def rprop(feval, x, config=None, state=None):
    """`niter` Rprop steps on `x`, in place; returns (x, [f(x) before each step]).

    Each parameter has its own step size: multiplied by `etaplus` while its
    gradient keeps its sign, by `etaminus` when the sign flips (and then that
    gradient is taken as 0, so it neither moves nor flips again next step),
    clipped to [stepsizemin, stepsizemax]; x -= sign(grad) * step.
    `state` (default: `config`) keeps the previous gradient `delta` and the
    step sizes `steps` (Torch's state.stepsize, renamed so that it cannot
    overwrite the config key `stepsize` when state is config). Unlike Torch,
    the gradient returned by feval is not modified.

    PyTorch's Rprop is the same update with lr=0.01 as the initial step
    (Torch: stepsize=0.1), etas=(etaminus, etaplus), step_sizes=(min, max).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("rprop", config, SPEC, STATE)
    check_x("rprop", x)
    etaplus, etaminus = float(o["etaplus"]), float(o["etaminus"])
    smin, smax = float(o["stepsizemin"]), float(o["stepsizemax"])
    fs = []
    for _ in range(int(o["niter"])):
        fx, grad = evaluate("rprop", feval, x)
        fs.append(fx)
        delta = state_array(state, "delta", x)
        steps = state_array(state, "steps", x, fill=float(o["stepsize"]))
        agreement = np.sign(grad * delta)
        steps *= np.where(agreement > 0, etaplus, np.where(agreement < 0, etaminus, 1.0)).astype(x.dtype)
        np.clip(steps, smin, smax, out=steps)
        delta[...] = np.where(agreement < 0, 0, grad)
        x -= np.sign(delta) * steps
    return x, fs
