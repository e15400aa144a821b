"""Element-wise activations on flat (1-D, contiguous) arrays.

The (leaky) ReLUs are selects, exact wherever an element is computed, so
large arrays split across numba's threads (`auto_parallel`). Tanh and
sigmoid stay serial: their vectorised and scalar code paths may round
differently, and a split would move elements from one to the other.
"""
import math

from ._config import auto_parallel, jit, prange


@auto_parallel
def relu_update_output(x, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v if v > 0 else 0.0


@auto_parallel
def relu_update_grad_input(x, grad_output, grad_input):
    for i in prange(x.size):
        grad_input[i] = grad_output[i] if x[i] > 0 else 0.0


@auto_parallel
def leaky_relu_update_output(x, negval, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v if v > 0 else v * negval


@auto_parallel
def leaky_relu_update_grad_input(x, negval, grad_output, grad_input):
    for i in prange(x.size):
        grad_input[i] = grad_output[i] if x[i] > 0 else grad_output[i] * negval


@jit
def tanh_update_output(x, out):
    for i in range(x.size):
        out[i] = math.tanh(x[i])


@jit
def tanh_update_grad_input(output, grad_output, grad_input):
    for i in range(output.size):
        y = output[i]
        grad_input[i] = grad_output[i] * (1.0 - y * y)


@jit
def sigmoid_update_output(x, out):
    for i in range(x.size):
        out[i] = 1.0 / (1.0 + math.exp(-x[i]))


@jit
def sigmoid_update_grad_input(output, grad_output, grad_input):
    for i in range(output.size):
        y = output[i]
        grad_input[i] = grad_output[i] * y * (1.0 - y)
