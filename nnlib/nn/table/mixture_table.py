"""`MixtureTable`: experts' outputs mixed by a gater's weights (mixture of experts)."""
import numpy as np

from .._checks import check_same_shape, describe
from ._tables import normalize_dim, reuse_arrays
from ..module import Module


class MixtureTable(Module):
    """output = sum_i gater[..., i] * expert_i, for input = [gater, experts].

    The experts are a table of E arrays of one shape, or one array holding the
    E experts along `dim`. Each gater weight multiplies its expert's whole
    sample.

    Args:
        dim: the experts' axis when they come as one array (0-based; default 1
            for a batch, 0 for a single sample, as Torch7's 2 and 1).

    Shape:
        gater: (N, E), or (E,) for one sample.
        experts: a table of E arrays (N, ...) ((...) for one sample), or one
            array with E along `dim`.
        output: one expert's shape.
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def _parse(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2 or not isinstance(input[0], np.ndarray):
            raise ValueError(f"{describe(self)}: expected the table [gater, experts]")
        gater, experts = input
        if gater.ndim not in (1, 2):
            raise ValueError(f"{describe(self)}: the gater must be (N, E) or (E,), got shape {gater.shape}")
        n_experts = gater.shape[-1]
        if isinstance(experts, (list, tuple)):
            shapes = [e.shape if isinstance(e, np.ndarray) else None for e in experts]
            if len(experts) != n_experts:
                raise ValueError(f"{describe(self)}: should be one gater output per expert: gater shape {gater.shape}, "
                                 f"{len(experts)} experts")
            if any(s != shapes[0] for s in shapes) or shapes[0] is None:
                raise ValueError(f"{describe(self)}: the experts must be arrays of one shape, got {shapes}")
            if gater.ndim == 2 and (len(shapes[0]) == 0 or shapes[0][0] != gater.shape[0]):
                raise ValueError(f"{describe(self)}: experts of shape {shapes[0]} for a gater of shape {gater.shape}; "
                                 f"expected experts ({gater.shape[0]}, ...)")
            return gater, list(experts), None
        if not isinstance(experts, np.ndarray):
            raise ValueError(f"{describe(self)}: the experts must be a table of arrays or one array")
        dim = normalize_dim(self, (1 if gater.ndim == 2 else 0) if self.dim is None else self.dim, experts.ndim)
        if experts.shape[dim] != n_experts or (gater.ndim == 2 and (dim == 0 or experts.shape[0] != gater.shape[0])):
            batch = f"({gater.shape[0]}, ...) with " if gater.ndim == 2 else ""
            raise ValueError(f"{describe(self)}: experts of shape {experts.shape} for a gater of shape {gater.shape}; "
                             f"expected {batch}{n_experts} experts along dim {dim}")
        return gater, experts, dim

    @staticmethod
    def _gate_view(gater, ndim, axis):
        """The gater reshaped to broadcast over an array of `ndim` axes with the experts on `axis` (None: a table's)."""
        shape = [1] * ndim
        if gater.ndim == 2:
            shape[0] = gater.shape[0]
        if axis is not None:
            shape[axis] = gater.shape[-1]
        return gater.reshape(shape) if axis is not None else gater

    def update_output(self, input):
        gater, experts, dim = self._parse(input)
        if dim is None:
            out = self._buffer("_out", experts[0].shape, experts[0].dtype)
            out.fill(0)
            lead = (gater.shape[0],) if gater.ndim == 2 else ()
            for i, e in enumerate(experts):
                out += gater[..., i].reshape(lead + (1,) * (e.ndim - len(lead))) * e
        else:
            shape = experts.shape[:dim] + experts.shape[dim + 1:]
            out = self._buffer("_out", shape, experts.dtype)
            np.sum(self._gate_view(gater, experts.ndim, dim) * experts, axis=dim, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        gater, experts, dim = self._parse(input)
        check_same_shape(self, self.output, grad_output)
        old = self.grad_input if isinstance(self.grad_input, list) and len(self.grad_input) == 2 else [None, None]
        g_gater = reuse_arrays([old[0]], [gater.shape], gater.dtype)[0]
        batch = gater.ndim == 2
        if dim is None:
            lead = (gater.shape[0],) if batch else ()
            g_experts = reuse_arrays(old[1], [e.shape for e in experts], grad_output.dtype)
            for i, (e, ge) in enumerate(zip(experts, g_experts)):
                prod = (grad_output * e).reshape(lead + (-1,))
                g_gater[..., i] = prod.sum(axis=-1)
                np.multiply(gater[..., i].reshape(lead + (1,) * (e.ndim - len(lead))), grad_output, out=ge)
        else:
            g = np.expand_dims(grad_output, dim)
            prod = g * experts
            other = tuple(a for a in range(experts.ndim) if a != dim and not (batch and a == 0))
            g_gater[...] = prod.sum(axis=other) if other else prod
            g_experts = reuse_arrays([old[1]], [experts.shape], grad_output.dtype)[0]
            np.multiply(self._gate_view(gater, experts.ndim, dim), g, out=g_experts)
        self.grad_input = [g_gater, g_experts]
        return self.grad_input

    def extra_repr(self):
        return "" if self.dim is None else str(self.dim)
