"""`Convert`: between data layouts named by letters ('bchw' -> 'bf') and to the model's dtype."""
import numpy as np

from .._checks import check_array, describe
from ..module import Module


class Convert(Module):
    """Converts a batch from one axis layout to another, and its dtype to the module's.

    Layouts are strings of axis letters, `b` the batch (added in front when
    missing): `b` one value per sample, `f` features, `t` targets (classes),
    `c`, `h`, `w` image axes, `*` any axes. Supported, as in Torch7 (dp's
    converter):

    - a permutation of the same letters, e.g. `Convert('bhwc', 'bchw')`;
    - to `bf`: the sample's axes flattened (`'bchw' -> 'bf'`);
    - to `b`: the first of `bt`'s targets, or `bf`'s single feature;
    - `b` to `bt`: a column;
    - `Convert()` (`'b*'`): only the dtype conversion.

    The input may have any numeric dtype (uint8 images, say); it is converted
    to the module's dtype (float32, or what the model was cast to), and the
    gradient back to the input's dtype. A single sample (one axis fewer than
    the layout) is treated as a batch of one.

    Args:
        input_shape: the input's layout (default `'b*'`).
        output_shape: the output's layout (default: `input_shape`).

    Shape:
        input: laid out as `input_shape`.
        output: laid out as `output_shape`.
    """

    def __init__(self, input_shape: str | None = None, output_shape: str | None = None):
        super().__init__()
        if output_shape is not None and input_shape is None:
            raise ValueError("nn.Convert: give input_shape when output_shape is given")
        input_shape = input_shape or "b*"
        output_shape = output_shape or input_shape
        self.input_shape = input_shape if "b" in input_shape else "b" + input_shape
        self.output_shape = output_shape if "b" in output_shape else "b" + output_shape
        wild = "*" in self.input_shape or "*" in self.output_shape
        if wild and not (self.input_shape == "b*" and self.output_shape == "b*"):
            raise ValueError(f"nn.Convert: both or neither shapes must be 'b*', got {self.input_shape!r} and "
                             f"{self.output_shape!r}")
        self._check_conversion()

    def _check_conversion(self):
        i, o = self.input_shape, self.output_shape
        if i == "b*" or sorted(i) == sorted(o) and len(set(i)) == len(i):
            return
        if o == "bf" and i != "bt" or o == "b" and i in ("bt", "tb", "bf", "fb") or o == "bt" and i == "b":
            return
        raise ValueError(f"nn.Convert: unsupported conversion of shape {i!r} to {o!r}")

    def _as_batch(self, x):
        """x as a batch in the input layout; whether it was a single sample."""
        if self.input_shape != "b*" and x.ndim == len(self.input_shape) - 1:
            return np.expand_dims(x, self.input_shape.index("b")), True
        if self.input_shape != "b*" and x.ndim != len(self.input_shape):
            raise ValueError(f"{describe(self)}: input shape {x.shape} does not match the layout "
                             f"{self.input_shape!r} ({len(self.input_shape)} axes, or one fewer for a single sample)")
        return x, False

    def update_output(self, input):
        check_array(self, input)
        if input.dtype.kind not in "fiub":
            raise ValueError(f"{describe(self)}: expected a numeric array, got dtype {input.dtype}")
        x, single = self._as_batch(input)
        i, o = self.input_shape, self.output_shape
        if i == "b*" or i == o:
            y = x
        elif sorted(i) == sorted(o):
            y = np.transpose(x, [i.index(c) for c in o])
        elif o == "bf":
            y = np.moveaxis(x, i.index("b"), 0)
            y = y.reshape(y.shape[0], -1)
        elif o == "b":
            axis = i.index("t" if "t" in i else "f")
            if "f" in i and x.shape[axis] != 1:
                raise ValueError(f"{describe(self)}: cannot convert shape {i!r} to 'b' with {x.shape[axis]} features; "
                                 f"expected 1 (input shape {input.shape})")
            y = x.take(0, axis=axis)
        else:  # 'b' -> 'bt'
            y = x.reshape(-1, 1)
        if single:
            y = y.reshape(y.shape[:o.index("b")] + y.shape[o.index("b") + 1:])
        out = self._buffer("_out", y.shape, self.dtype)
        np.copyto(out, y, casting="unsafe")
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        if self.output is None or grad_output.shape != self.output.shape:
            expected = None if self.output is None else self.output.shape
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match the output "
                             f"shape {expected}")
        x, single = self._as_batch(input)
        i, o = self.input_shape, self.output_shape
        g = grad_output
        if single:
            g = np.expand_dims(g, o.index("b"))
        if i == "b*" or i == o:
            gx = g
        elif sorted(i) == sorted(o):
            gx = np.transpose(g, np.argsort([i.index(c) for c in o]))
        elif o == "bf":
            moved = np.moveaxis(x, i.index("b"), 0).shape
            gx = np.moveaxis(g.reshape(moved), 0, i.index("b"))
        elif o == "b":
            axis = i.index("t" if "t" in i else "f")
            gx = np.zeros(x.shape, grad_output.dtype)
            index = [slice(None)] * x.ndim
            index[axis] = 0
            gx[tuple(index)] = g
        else:
            gx = g.reshape(x.shape)
        dtype = input.dtype if input.dtype.kind == "f" else grad_output.dtype
        result = self._buffer("_gx", input.shape, dtype)
        np.copyto(result, gx.reshape(input.shape))
        self.grad_input = result
        return result

    def extra_repr(self):
        return f"{self.input_shape} -> {self.output_shape}"
