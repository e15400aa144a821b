"""`WeightNorm`: re-parameterises another module's weight as w = g * v / ||v|| (Torch7's nn.WeightNorm)."""
import numpy as np

from ...random import get_rng
from ..container.container import Container
from ..module import Module
from ._weight_norm import acc_weight_norm_grads, row_norms

EPS = 1e-4
"""Added to ||v||^2 before the square root (Torch7's 10e-5)."""


class WeightNorm(Container):
    """Wraps `module` (anything with a `weight`) and learns its weight as g * v / ||v||.

    The weight is viewed as 2-D (its `out_dim` axis first, the others
    flattened): `v` has that shape and `g` one entry per output unit. The
    wrapped module's `weight` (and `grad_weight`) become derived state
    (buffers), refreshed from v and g on every training forward and on
    `evaluate()`; its `bias`, if any, stays a parameter. The parameters of
    the pair are thus v, g (and bias), as Torch7's. Following Torch7,
    v starts N(0, 2 / fan_in), g at its norms, and the bias at 0.

    Args:
        module: the module to decorate (e.g. Linear, SpatialConvolution).
        out_dim: the weight's output axis (0-based; default 0, Torch7's 1).

    Shape:
        those of `module`.
    """

    def __init__(self, module: Module, out_dim: int = 0):
        super().__init__(module)
        if "weight" not in getattr(module, "_parameter_names", ()):
            raise ValueError(f"WeightNorm: {module!r} has no weight parameter to re-parameterise")
        self.out_dim = int(out_dim) % module.weight.ndim
        self.weight_shape = module.weight.shape
        module._parameter_names.remove("weight")
        module._buffer_names += ["weight", "grad_weight"]
        self.dtype = module.dtype
        rows = self.weight_shape[self.out_dim]
        self.register_parameter("v", np.zeros((rows, module.weight.size // rows)))
        self.register_parameter("g", np.zeros(rows))
        self.reset_init()

    @property
    def module(self):
        return self.modules[0]

    def reset_init(self):
        """Torch7's init: v ~ N(0, 2 / fan_in), g = ||v|| row by row, the module's bias 0; returns self."""
        self.v[...] = get_rng().normal(0.0, np.sqrt(2.0 / self.v.shape[1]), self.v.shape)
        self.g[...] = row_norms(self.v)
        if getattr(self.module, "bias", None) is not None:
            self.module.bias[...] = 0
        self.update_weight()
        return self

    def reset(self, stdv=None):
        return self.reset_init()

    def _to_2d(self, w):
        return np.moveaxis(w, self.out_dim, 0).reshape(self.v.shape)

    def update_weight(self):
        """module.weight = g * v / sqrt(||v||^2 + 1e-4), back in the module's layout."""
        self._norm = np.sqrt(np.einsum("ij,ij->i", self.v, self.v) + self.dtype.type(EPS))
        w2 = self.v * (self.g / self._norm)[:, None]
        moved = np.moveaxis(self.module.weight, self.out_dim, 0)
        moved[...] = w2.reshape(moved.shape)

    def evaluate(self):
        if self.train:
            self.update_weight()
        return super().evaluate()

    def update_output(self, input):
        if self.train:
            self.update_weight()
        self.output = self.module.update_output(input)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self.module.update_grad_input(input, grad_output)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self.module.grad_weight[...] = 0
        self.module.acc_grad_parameters(input, grad_output, scale)
        grad_w = self._to_2d(self.module.grad_weight)
        acc_weight_norm_grads(self.v, self.g, self._norm, grad_w, self.grad_v, self.grad_g)

    def __repr__(self):
        return f"nn.WeightNorm({repr(self.module)}, out_dim={self.out_dim})"
