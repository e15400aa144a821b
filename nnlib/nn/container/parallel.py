"""`Parallel`: child i applied to slice i of the input, outputs concatenated."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module
from ..table._tables import normalize_dim
from .container import Container


class Parallel(Container):
    """output = concatenate([m_i(input.take(i, axis=input_dimension))], axis=output_dimension).

    The i-th child gets the i-th slice of the input along `input_dimension`
    (that axis removed); their outputs are joined along `output_dimension`.

    Args:
        input_dimension: the input axis holding one slice per child (0-based, negative from the end).
        output_dimension: the axis of the children's outputs to join along (0-based, negative from the end).
        *modules: the children (more with `add`).

    Shape:
        input: any array with `input.shape[input_dimension]` equal to the number of children.
        output: the children's outputs concatenated.
    """

    def __init__(self, input_dimension: int, output_dimension: int, *modules: Module):
        super().__init__(*modules)
        self.input_dimension, self.output_dimension = int(input_dimension), int(output_dimension)

    def _slices(self, input):
        check_array(self, input)
        dim = normalize_dim(self, self.input_dimension, input.ndim)
        if input.shape[dim] != len(self.modules):
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {input.shape[dim]} slices along dim "
                             f"{self.input_dimension}, expected {len(self.modules)} (one per child)")
        return dim, [np.ascontiguousarray(input.take(i, axis=dim)) for i in range(input.shape[dim])]

    def update_output(self, input):
        _, slices = self._slices(input)
        outs = [m.update_output(x) for m, x in zip(self.modules, slices)]
        first = outs[0]
        dim = normalize_dim(self, self.output_dimension, first.ndim)
        rest = first.shape[:dim] + first.shape[dim + 1:]
        if any(o.ndim != first.ndim or o.shape[:dim] + o.shape[dim + 1:] != rest for o in outs):
            raise ValueError(f"{describe(self)}: child outputs {[o.shape for o in outs]} differ outside dim "
                             f"{self.output_dimension}")
        shape = list(first.shape)
        shape[dim] = sum(o.shape[dim] for o in outs)
        out = self._buffer("_out", shape, first.dtype)
        np.concatenate(outs, axis=dim, out=out)
        self._sizes = [o.shape[dim] for o in outs]
        self.output = out
        return out

    def _grad_parts(self, grad_output):
        check_same_shape(self, self.output, grad_output)
        dim = normalize_dim(self, self.output_dimension, grad_output.ndim)
        index, offset = [slice(None)] * grad_output.ndim, 0
        for size in self._sizes:
            index[dim] = slice(offset, offset + size)
            offset += size
            yield np.ascontiguousarray(grad_output[tuple(index)])

    def _stack(self, input, dim, grads):
        gx = self._buffer("_gx", input.shape, self.output.dtype)
        for i, g in enumerate(grads):
            index = [slice(None)] * input.ndim
            index[dim] = i
            gx[tuple(index)] = g
        self.grad_input = gx
        return gx

    def update_grad_input(self, input, grad_output):
        dim, slices = self._slices(input)
        parts = self._grad_parts(grad_output)
        return self._stack(input, dim, (m.update_grad_input(x, g) for m, x, g in zip(self.modules, slices, parts)))

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        _, slices = self._slices(input)
        for m, x, g in zip(self.modules, slices, self._grad_parts(grad_output)):
            m.acc_grad_parameters(x, g, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        dim, slices = self._slices(input)
        parts = self._grad_parts(grad_output)
        return self._stack(input, dim, (m.backward(x, g, scale) for m, x, g in zip(self.modules, slices, parts)))

    def extra_repr(self):
        return f"{self.input_dimension}, {self.output_dimension}"

    def __repr__(self):
        return self._branch_repr()
