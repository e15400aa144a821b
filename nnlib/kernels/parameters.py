"""Updates of a module's parameters in place (the update step of every training loop).

Element-wise, so the parallel and serial versions give the same bits.
"""
from ._config import auto_parallel, prange


@auto_parallel(exact=True)
def sgd_step(params, grads, learning_rate):
    """params -= learning_rate * grads over 1-D arrays, rounded as numpy's `p -= lr * g`."""
    for i in prange(params.size):
        params[i] -= learning_rate * grads[i]


@auto_parallel
def fill_zero(values):
    """values[:] = 0 over a 1-D array."""
    for i in prange(values.size):
        values[i] = 0
