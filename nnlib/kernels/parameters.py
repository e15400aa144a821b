"""Updates of a module's parameters in place (the update step of every training loop)."""
from ._config import jit_exact


@jit_exact
def sgd_step(params, grads, learning_rate):
    """params -= learning_rate * grads over 1-D arrays, rounded as numpy's `p -= lr * g`."""
    for i in range(params.size):
        params[i] -= learning_rate * grads[i]
