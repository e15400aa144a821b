"""`SpatialFractionalMaxPooling`: max pooling over pseudo-random overlapping windows (Graham, 2014)."""
import math

from ...random import get_rng
from .._checks import describe
from ._windows import WindowPooling, fractional_windows


class SpatialFractionalMaxPooling(WindowPooling):
    """Torch7's `SpatialFractionalMaxPooling(kW, kH, outW, outH)` (or ratios `(kW, kH, ratioW, ratioH)`).

    Each (sample, plane) gets its own kW x kH windows, placed by two uniform
    numbers drawn from nnlib's generator (`nnlib.random`) at every forward pass,
    as THNN places them; the backward pass uses the same windows (their maxima's
    `indices`). `fix_pooling_regions()` keeps the drawn numbers (`random_samples`,
    (N, C, 2): W then H) for the following forward passes too.

    Args:
        kW, kH: window size (>= 2).
        outW, outH: output size when both are >= 1; otherwise ratios in (0, 1),
            the output being floor(iW * ratioW) x floor(iH * ratioH).

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, outH, outW); needs outH + kH - 1 < H and outW + kW - 1 < W.
    """

    torch_axes = "WH"

    def __init__(self, kW: int, kH: int, outW: float, outH: float):
        super().__init__()
        self._init_axes(dict(zip(self.torch_axes, (kW, kH))), dict(zip(self.torch_axes, (outW, outH))))

    def _init_axes(self, pools, outs):
        """Pool sizes and output sizes or ratios by axis letter (Torch7's argument order in `torch_axes`)."""
        name = type(self).__name__
        for axis, k in pools.items():
            if int(k) != k or k < 2:
                raise ValueError(f"{name}: pool sizes must be integers >= 2, got k{axis}={k}")
            setattr(self, "k" + axis, int(k))
        self.ratios = any(v < 1 for v in outs.values())
        if self.ratios and not all(0 < v < 1 for v in outs.values()):
            raise ValueError(f"{name}: give either output sizes (all >= 1) or reduction ratios (all in (0, 1)), "
                             f"got {', '.join(f'{a}={v}' for a, v in outs.items())}")
        for axis, v in outs.items():
            if self.ratios:
                setattr(self, "ratio" + axis, float(v))
            else:
                if int(v) != v:
                    raise ValueError(f"{name}: output sizes must be integers, got out{axis}={v}")
                setattr(self, "out" + axis, int(v))
        self.new_random_pool = False
        self.random_samples = None

    def fix_pooling_regions(self, val: bool = True):
        """Keep the current random windows for later forward passes (`val=False` draws new ones again)."""
        self.new_random_pool = bool(val)
        return self

    def _output_sizes(self, input):
        """{axis letter: output length} for an input."""
        sizes = dict(zip("THW"[3 - self.dims:], input.shape[-self.dims:]))
        if not self.ratios:
            return {a: getattr(self, "out" + a) for a in self.torch_axes}, sizes
        outs = {a: math.floor(sizes[a] * getattr(self, "ratio" + a)) for a in self.torch_axes}
        if min(outs.values()) < 1:
            raise ValueError(f"{describe(self)}: input shape {input.shape} is too small for the reduction ratios "
                             f"(output {outs})")
        return outs, sizes

    def update_output(self, input):
        x, _ = self._planes(input)
        outs, sizes = self._output_sizes(input)
        for a in self.torch_axes:
            k = getattr(self, "k" + a)
            if outs[a] + k - 1 >= sizes[a]:
                raise ValueError(f"{describe(self)}: input shape {input.shape} is too small: pool size k{a}={k} "
                                 f"and output size {outs[a]} need an input size > {outs[a] + k - 1} along {a}")
        lead = input.shape[:input.ndim - self.dims]
        shape = ((1,) if len(lead) == 1 else ()) + lead + (len(self.torch_axes),)
        samples = self.random_samples
        if samples is None or samples.shape != shape or samples.dtype != self.dtype or not self.new_random_pool:
            samples = get_rng().random(shape, dtype=self.dtype)
        self.random_samples = samples
        flat = samples.reshape(-1, len(self.torch_axes))
        column = {a: i for i, a in enumerate(self.torch_axes)}
        windows = [fractional_windows(flat[:, column[a]], sizes[a], outs[a], getattr(self, "k" + a))
                   for a in "THW"[3 - self.dims:]]
        out = self._max_forward(x, windows)
        self.output = self._shaped(out, input, windows)
        self.indices = self.indices.reshape(self.output.shape)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._max_backward(input.shape, grad_output)
        return self.grad_input

    def extra_repr(self):
        outs = [getattr(self, ("ratio" if self.ratios else "out") + a) for a in self.torch_axes]
        pools = [getattr(self, "k" + a) for a in self.torch_axes]
        return f"{'x'.join(map(str, outs))}, {','.join(map(str, pools))}"

