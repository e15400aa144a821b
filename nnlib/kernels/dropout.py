"""Dropout masks on flat (1-D, contiguous) arrays."""
from ._config import jit


@jit
def dropout_update_output(x, noise, p, scale, out):
    """Apply a dropout mask drawn from uniforms.

    `noise` enters holding U[0, 1) draws and leaves holding the mask: a unit is
    kept when its draw is >= p (probability 1 - p) and then multiplied by
    `scale` (1 / (1 - p) for inverted dropout, which keeps the expected output
    equal to the input; 1 for Torch7's v1). out = x * noise (out may be x).
    """
    for i in range(x.size):
        m = scale if noise[i] >= p else 0.0
        noise[i] = m
        out[i] = x[i] * m


@jit
def dropout_update_grad_input(noise, grad_output, grad_input):
    """grad_input = grad_output * mask (the `noise` left by the forward pass)."""
    for i in range(noise.size):
        grad_input[i] = grad_output[i] * noise[i]
