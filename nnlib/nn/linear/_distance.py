"""What Euclidean and WeightedEuclidean share: batch views and the backward's common factor."""
from .._checks import check_float_input, check_same_shape

EPS = 1e-7
"""Added to the distances the backward divides by (Torch7's guard against 0/0)."""


def as_batch(module, input):
    """Check a (in,) or (N, in) float input; return it as (N, in)."""
    check_float_input(module, input, (1, 2), module.input_size)
    return input.reshape(1, -1) if input.ndim == 1 else input


def grad_over_distance(module, grad_output):
    """d = grad_output / (output + EPS) as (N, out): d output_j / d (template j's difference) is difference / y_j."""
    check_same_shape(module, module.output, grad_output)
    y = module.output.reshape(-1, module.output_size)
    return grad_output.reshape(y.shape) / (y + module.dtype.type(EPS))
