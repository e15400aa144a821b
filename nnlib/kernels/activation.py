"""Element-wise activations on flat (1-D, contiguous) arrays.

The forward passes give each element a result that depends on that element
alone, wherever a thread's share or a vector starts: the (leaky) ReLUs are
selects, and tanh and sigmoid are `_vmath`'s, which round alike in vector and
scalar code. So large arrays split across numba's threads (`auto_parallel`)
with results independent of the thread count. The tanh and sigmoid
gradients (multiply-adds the caller's fastmath may contract differently in a
loop's vector body and its remainder) stay serial.
"""
from ._config import auto_parallel, jit, prange
from ._vmath import vsigmoid, vtanh


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


@auto_parallel
def tanh_update_output(x, out):
    for i in prange(x.size):
        out[i] = vtanh(x[i])


@jit
def tanh_update_grad_input(output, grad_output, grad_input):
    for i in range(output.size):
        y = output[i]
        grad_input[i] = grad_output[i] * (1.0 - y * y)


@auto_parallel
def sigmoid_update_output(x, out):
    for i in prange(x.size):
        out[i] = vsigmoid(x[i])


@jit
def sigmoid_update_grad_input(output, grad_output, grad_input):
    for i in range(output.size):
        y = output[i]
        grad_input[i] = grad_output[i] * y * (1.0 - y)
