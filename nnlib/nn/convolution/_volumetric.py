"""The passes shared by every vol2col convolution: Volumetric*, SpatialDilated*, SpatialFull*, *Map.

A 2-D module is a 3-D one of depth 1: its NCHW input is viewed as NCDHW
with D = 1, kT = 1, dT = 1, padT = 0, so one set of kernels
(`kernels.volumetric_convolution`) and one implementation of the passes
serve all of them. Subclasses set the geometry in `_setup` and may
override how the weight matrix is formed (`_weight_matrix`) and how its
gradient lands in `grad_weight` (`_grad_weight_target`, `_finish_grad_weight`):
the connection-table modules scatter their per-connection kernels into a
dense matrix.
"""
import math

import numpy as np

from ...kernels import volumetric_convolution as V
from ...random import get_rng
from .._checks import check_float_input, check_same_shape, describe
from .._init import reset_uniform
from ..module import Module


def _positive(module_name, **values):
    bad = {k: v for k, v in values.items() if int(v) < 1}
    if bad:
        raise ValueError(f"{module_name}: {', '.join(f'{k}={v}' for k, v in bad.items())} must be >= 1")


def _non_negative(module_name, **values):
    bad = {k: v for k, v in values.items() if int(v) < 0}
    if bad:
        raise ValueError(f"{module_name}: {', '.join(f'{k}={v}' for k, v in bad.items())} must be >= 0")


class _VolumeConvolution(Module):
    """Base of the vol2col convolutions (not a public class).

    Subclasses call `_setup(n_in, n_out, k, d, pad, dil, spatial)` with (T, H, W)
    tuples; `spatial` modules take NCHW input, the others NCDHW.
    """

    full = False  # a transposed convolution (SpatialFullConvolution, VolumetricFullConvolution)

    def _setup(self, n_in, n_out, k, d, pad, dil, spatial, adj=(0, 0, 0)):
        self.n_in, self.n_out = int(n_in), int(n_out)
        self._k, self._d = tuple(map(int, k)), tuple(map(int, d))
        self._pad, self._dil, self._adj = tuple(map(int, pad)), tuple(map(int, dil)), tuple(map(int, adj))
        self._spatial = spatial
        name = type(self).__name__
        _positive(name, n_in=n_in, n_out=n_out)
        axes = "HW" if spatial else "THW"
        first = 1 if spatial else 0
        for label, values in (("k", self._k), ("d", self._d), ("dilation", self._dil)):
            _positive(name, **{label + a: v for a, v in zip(axes, values[first:])})
        _non_negative(name, **{"pad" + a: v for a, v in zip(axes, self._pad[first:])})
        for a, adj_a, d_a in zip(axes, self._adj[first:], self._d[first:]):
            if not 0 <= adj_a < d_a:
                raise ValueError(f"{name}: adj{a}={adj_a} must be >= 0 and smaller than the stride d{a}={d_a}")

    # -- weights -----------------------------------------------------------------
    def _weight_matrix(self):
        """The GEMM's weight: (n_out, n_in*k) for a convolution, (n_in, n_out*k) for a full one."""
        return self.weight.reshape(self.weight.shape[0], -1)

    def _grad_weight_target(self):
        """The matrix the weight gradient is accumulated into (a view of grad_weight by default)."""
        return self.grad_weight.reshape(self.grad_weight.shape[0], -1)

    def _finish_grad_weight(self, target):
        """Move an accumulated `_grad_weight_target` into grad_weight (nothing to do by default)."""

    def _init_uniform(self, stdv, fan_in):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(fan_in), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, fan_in, self.weight, self.bias)
        return self

    # -- shapes ------------------------------------------------------------------
    def _split_table(self, input):
        """(input array, target array or None, adj): a full convolution may take Torch7's table
        [input, target], whose target's trailing (T,) H, W sizes set adj = (size + 2*pad - k) % stride."""
        if not (self.full and isinstance(input, (list, tuple))):
            return input, None, self._adj
        axes = 2 if self._spatial else 3
        if len(input) != 2 or not all(isinstance(a, np.ndarray) for a in input) or input[1].ndim < axes:
            raise ValueError(f"{describe(self)}: a table input must be [input, target], two arrays whose target has "
                             f"at least {axes} axes (its last ones give the output size), got "
                             f"{[getattr(a, 'shape', type(a).__name__) for a in input]}")
        sizes = (1,) * (3 - axes) + input[1].shape[-axes:]
        adj = tuple((t + 2 * p - k) % d for t, k, p, d in zip(sizes, self._k, self._pad, self._d))
        return input[0], input[1], adj

    def _volume(self, input, adj):
        """The input as a C-contiguous (N, C, T, H, W) array, after checking it."""
        name = describe(self)
        layout = "(N, C, H, W)" if self._spatial else "(N, C, T, H, W)"
        ndim = 4 if self._spatial else 5
        expected = layout.replace("C", str(self.n_in))
        if isinstance(input, np.ndarray) and input.ndim not in (ndim - 1, ndim):
            raise ValueError(f"{name}: expected an input {expected} or one sample {expected.replace('N, ', '')}, "
                             f"got shape {input.shape}")
        check_float_input(self, input, (ndim - 1, ndim))
        x = input if input.ndim == ndim else input[None]
        if x.shape[1] != self.n_in:
            raise ValueError(f"{name}: input shape {input.shape} has {x.shape[1]} planes "
                             f"(axis {input.ndim - ndim + 1}), expected {self.n_in}: an input {expected}")
        if self._spatial:
            x = x[:, :, None]
        empty = [a for a, o in zip("THW", self._output_geometry(x.shape, adj)) if o < 1]
        if empty and self.full:
            raise ValueError(f"{name}: input shape {input.shape} gives an empty output along {', '.join(empty)}: "
                             f"the padding removes more than the kernel spreads")
        if empty:
            minimum = {a: self._dil[i] * (self._k[i] - 1) + 1 - 2 * self._pad[i] for i, a in enumerate("THW")}
            raise ValueError(f"{name}: input shape {input.shape} is too small for the kernel: expected "
                             + ", ".join(f"{a} >= {minimum[a]}" for a in empty))
        return np.ascontiguousarray(x)

    def _output_geometry(self, x_shape, adj):
        size = V.full_output_size if self.full else V.output_size
        extra = [(a,) for a in adj] if self.full else [() for _ in range(3)]
        return tuple(size(x_shape[2 + i], self._k[i], self._d[i], self._pad[i], self._dil[i], *extra[i])
                     for i in range(3))

    def _as_input_layout(self, a, input):
        """A 5-D result in the input's layout: NCHW for 2-D modules, without the batch axis for one sample."""
        if self._spatial:
            a = a[:, :, 0]
        return a[0] if input.ndim == (3 if self._spatial else 4) else a

    def _grad_output(self, grad_output):
        check_same_shape(self, self.output, grad_output)
        return np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape)

    # -- passes ------------------------------------------------------------------
    def update_output(self, input):
        input, _, adj = self._split_table(input)
        x = self._volume(input, adj)
        o = self._output_geometry(x.shape, adj)
        n = x.shape[0]
        out = self._buffer("_out", (n, self.n_out) + o)
        kk = math.prod(self._k)
        geometry = (self._k, self._d, self._pad, self._dil)
        if self.full:
            plane = math.prod(x.shape[2:])
            rows = V.input_operand(x, self._buffer("_x_rows", V.input_operand_shape(x.shape)))
            gcols_shape = V.grad_columns_shape(V.columns_shape(n, self.n_out * kk, plane), x.shape[2:])
            gcols = self._buffer("_gcols", gcols_shape)
            V.volumetric_full_convolution_update_output(rows, self._weight_matrix(), self.bias, *geometry,
                                                        x.shape[2:], gcols, out)
        else:
            cols_shape = V.columns_shape(n, self.n_in * kk, math.prod(o))
            cols = self._buffer("_cols", cols_shape)
            tmp = None if len(cols_shape) == 3 else self._buffer("_tmp", (self.n_out, cols_shape[1]))
            V.volumetric_convolution_update_output(x, self._weight_matrix(), self.bias, *geometry, cols, tmp, out)
        self._in_shape = x.shape
        self.output = self._as_input_layout(out, input)
        return self.output

    def _grad_input_from(self, input, gy):
        input, target, _ = self._split_table(input)
        geometry = (self._k, self._d, self._pad, self._dil)
        gx = self._buffer("_gx", self._in_shape)
        if self.full:
            cols = self._buffer("_gy_cols", self._gy_cols_shape())
            tmp = None if len(cols.shape) == 3 else self._buffer("_gx_rows", (self.n_in, cols.shape[1]))
            V.volumetric_full_convolution_update_grad_input(gy, self._weight_matrix(), *geometry, cols, tmp,
                                                            np.zeros(self.n_in, self.dtype), gx)
        else:
            gcols = self._buffer("_gcols", V.grad_columns_shape(self._cols.shape, self._out.shape[2:]))
            V.volumetric_convolution_update_grad_input(gy, self._weight_matrix(), *geometry, self._out.shape[2:],
                                                       gcols, gx)
        self.grad_input = self._as_input_layout(gx, input)
        if target is not None:  # the target only gives a size: a zero gradient, as Torch7's
            self.grad_input = [self.grad_input, np.zeros_like(target)]
        return self.grad_input

    def _gy_cols_shape(self):
        """A full convolution's columns of grad_output: C_out*k rows over the input's positions."""
        n, plane = self._in_shape[0], math.prod(self._in_shape[2:])
        return V.columns_shape(n, self.n_out * math.prod(self._k), plane)

    def _acc_from(self, gy, scale, gy_cols_ready=False):
        target = self._grad_weight_target()
        if self.full:
            cols = self._buffer("_gy_cols", self._gy_cols_shape())
            if not gy_cols_ready:
                V.vol2col(np.ascontiguousarray(gy), self._k, self._d, self._pad, self._dil, self._in_shape[2:], cols)
            scratch = self._buffer("_grad_weight_t", V.weight_gradient_scratch_shape(self._x_rows, target.shape[1]))
            V.volumetric_full_convolution_acc_grad_parameters(self._x_rows, cols, gy, target, self.grad_bias, scale,
                                                              scratch)
        else:
            scratch = self._buffer("_grad_weight_t", V.weight_gradient_scratch_shape(gy, target.shape[1]))
            V.volumetric_convolution_acc_grad_parameters(self._cols, gy, target, self.grad_bias, scale, scratch)
        self._finish_grad_weight(target)

    def _operand(self, grad_output):
        """grad_output as the passes take it: 5-D for a full convolution, else `V.grad_output_operand`'s."""
        gy = self._grad_output(grad_output)
        if self.full:
            return np.ascontiguousarray(gy)
        rows = None
        if not V.per_volume_pays(gy.shape[0], math.prod(gy.shape[2:])):
            rows = self._buffer("_gy_rows", (self.n_out, gy.shape[0] * math.prod(gy.shape[2:])))
        return V.grad_output_operand(gy, rows)

    def update_grad_input(self, input, grad_output):
        return self._grad_input_from(input, self._operand(grad_output))

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self._acc_from(self._operand(grad_output), scale)

    def backward(self, input, grad_output, scale=1.0):
        """Both passes, preparing grad_output (and a full convolution's columns of it) only once."""
        gy = self._operand(grad_output)
        self._grad_input_from(input, gy)
        if scale != 0:  # 0: a frozen module (requires_grad False)
            self._acc_from(gy, scale, gy_cols_ready=True)
        return self.grad_input

    # -- printing ------------------------------------------------------------------
    def extra_repr(self):
        first = 1 if self._spatial else 0
        axes = "HW" if self._spatial else "THW"
        s = f"{self.n_in} -> {self.n_out}, " + "x".join(str(v) for v in self._k[first:][::-1])
        for label, values, default in (("stride", self._d, 1), ("pad", self._pad, 0), ("dilation", self._dil, 1),
                                       ("adj", self._adj, 0)):
            values = values[first:]
            if any(v != default for v in values):
                s += f", {label} " + ",".join(f"{a}{v}" for a, v in zip(axes, values))
        return s


class _ConnectionTableConvolution(_VolumeConvolution):
    """Base of SpatialConvolutionMap and SpatialFullConvolutionMap: one kH x kW kernel per connection.

    The kernels are scattered into the dense weight matrix of a
    convolution over all planes (zeros where no connection is), so the
    passes are the vol2col GEMMs; the dense gradient is gathered back per
    connection. A table with few connections per plane still costs the
    dense product.
    """

    def _setup_table(self, conn_table, kW, kH, dW, dH):
        name = type(self).__name__
        table = np.asarray(conn_table)
        if table.ndim != 2 or table.shape[1] != 2 or table.shape[0] == 0 or table.dtype.kind not in "iuf":
            raise ValueError(f"{name}: conn_table must be a (connections, 2) array of 0-based (input plane, "
                             f"output plane) pairs, got {'shape ' + str(table.shape) if table.ndim else table!r}")
        if table.dtype.kind == "f" and not np.array_equal(table, np.round(table)):
            raise ValueError(f"{name}: conn_table holds non-integer plane numbers")
        table = table.astype(np.int64)
        if table.min() < 0:
            raise ValueError(f"{name}: conn_table has a negative plane number {table.min()}; planes are 0-based")
        self.conn_table = table
        n_in, n_out = int(table[:, 0].max()) + 1, int(table[:, 1].max()) + 1
        self._setup(n_in, n_out, (1, kH, kW), (1, dH, dW), (0, 0, 0), (1, 1, 1), True)
        self.kW, self.kH, self.dW, self.dH = map(int, (kW, kH, dW, dH))
        self.register_parameter("weight", np.zeros((len(table), self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(n_out))
        self.reset()

    def _pairs(self):
        """(row, column) plane indices of each connection in the dense (rows, columns, kH*kW) matrix."""
        ins, outs = self.conn_table[:, 0], self.conn_table[:, 1]
        return (ins, outs) if self.full else (outs, ins)

    def _dense_shape(self):
        return (self.n_in, self.n_out) if self.full else (self.n_out, self.n_in)

    def _weight_matrix(self):
        rows, cols = self._dense_shape()
        dense = self._buffer("_dense_weight", (rows, cols, self.kH * self.kW))
        dense.fill(0)
        np.add.at(dense, self._pairs(), self.weight.reshape(len(self.conn_table), -1))
        return dense.reshape(rows, -1)

    def _grad_weight_target(self):
        rows, cols = self._dense_shape()
        dense = self._buffer("_dense_grad_weight", (rows, cols * self.kH * self.kW))
        dense.fill(0)
        return dense

    def _finish_grad_weight(self, target):
        rows, cols = self._dense_shape()
        self.grad_weight += target.reshape(rows, cols, -1)[self._pairs()].reshape(self.grad_weight.shape)

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a) with a = 1/sqrt(kW*kH*fan_in) of each connection's output plane
        (fan_in: the connections into it), for the weights and the biases; a given stdv gives
        a = stdv * sqrt(3) for all."""
        if stdv is not None:
            reset_uniform(stdv, None, self.weight, self.bias)
            return self
        rng = get_rng()
        fan_in = np.maximum(np.bincount(self.conn_table[:, 1], minlength=self.n_out), 1)
        bound = 1.0 / np.sqrt(self.kW * self.kH * fan_in)
        self.weight[...] = rng.uniform(-1.0, 1.0, self.weight.shape) * bound[self.conn_table[:, 1], None, None]
        self.bias[...] = rng.uniform(-1.0, 1.0, self.n_out) * bound
        return self

    def extra_repr(self):
        return (f"{self.n_in} -> {self.n_out}, {len(self.conn_table)} connections, {self.kW}x{self.kH}"
                + (f", {self.dW},{self.dH}" if (self.dW, self.dH) != (1, 1) else ""))
