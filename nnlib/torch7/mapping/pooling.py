"""Spatial pooling (padW/padH and ceil_mode absent from old files mean 0 and floor)."""
import numpy as np

from ... import nn
from ._base import Entry, register


class _Pooling(Entry):
    def arguments(self, f):
        return (f.int("kW"), f.int("kH"), f.int("dW"), f.int("dH"), f.int("padW", 0), f.int("padH", 0)), {}

    def finish(self, module, f):
        module.ceil_mode = f.bool("ceil_mode", False)

    def settings(self, module):
        return {"kW": module.kW, "kH": module.kH, "dW": module.dW, "dH": module.dH, "padW": module.padW,
                "padH": module.padH, "ceil_mode": module.ceil_mode}


@register
class SpatialMaxPooling(_Pooling):
    torch_name, module = "nn.SpatialMaxPooling", nn.SpatialMaxPooling

    def settings(self, module):
        return {**super().settings(module), "indices": np.empty(0, np.int64)}


@register
class SpatialAveragePooling(_Pooling):
    torch_name, module = "nn.SpatialAveragePooling", nn.SpatialAveragePooling

    def finish(self, module, f):
        super().finish(module, f)
        if not f.bool("divide", True):
            raise f.error("divide=false (sum pooling) is not supported by nnlib's SpatialAveragePooling")
        module.count_include_pad = f.bool("count_include_pad", True)

    def settings(self, module):
        return {**super().settings(module), "count_include_pad": module.count_include_pad, "divide": True}


@register
class SpatialDilatedMaxPooling(SpatialMaxPooling):
    torch_name, module = "nn.SpatialDilatedMaxPooling", nn.SpatialDilatedMaxPooling

    def arguments(self, f):
        args, _ = super().arguments(f)
        return (*args, f.int("dilationW", 1), f.int("dilationH", 1)), {}

    def settings(self, module):
        return {**super().settings(module), "dilationW": module.dilationW, "dilationH": module.dilationH}


@register
class TemporalMaxPooling(Entry):
    torch_name, module = "nn.TemporalMaxPooling", nn.TemporalMaxPooling

    def arguments(self, f):
        return (f.int("kW"), f.int("dW", None)), {}

    def settings(self, module):
        return {"kW": module.kW, "dW": module.dW}


class _VolumetricPooling(Entry):
    def arguments(self, f):
        return tuple(f.int(k) for k in ("kT", "kW", "kH", "dT", "dW", "dH")) + \
            tuple(f.int(k, 0) for k in ("padT", "padW", "padH")), {}

    def finish(self, module, f):
        module.ceil_mode = f.bool("ceil_mode", False)

    def settings(self, module):
        return {k: getattr(module, k) for k in ("kT", "kW", "kH", "dT", "dW", "dH", "padT", "padW", "padH",
                                                "ceil_mode")}


@register
class VolumetricMaxPooling(_VolumetricPooling):
    torch_name, module = "nn.VolumetricMaxPooling", nn.VolumetricMaxPooling

    def settings(self, module):
        return {**super().settings(module), "indices": np.empty(0, np.int64)}


@register
class VolumetricDilatedMaxPooling(VolumetricMaxPooling):
    torch_name, module = "nn.VolumetricDilatedMaxPooling", nn.VolumetricDilatedMaxPooling

    def arguments(self, f):
        args, _ = super().arguments(f)
        return (*args, f.int("dilationT", 1), f.int("dilationW", 1), f.int("dilationH", 1)), {}

    def settings(self, module):
        return {**super().settings(module), "dilationT": module.dilationT, "dilationW": module.dilationW,
                "dilationH": module.dilationH}


@register
class VolumetricAveragePooling(_VolumetricPooling):
    """Torch7's has no padding (later THNN versions added padT/padW/padH, ceil_mode and count_include_pad)."""
    torch_name, module = "nn.VolumetricAveragePooling", nn.VolumetricAveragePooling


class _Adaptive(Entry):
    def arguments(self, f):
        return (f.int("W"), f.int("H")), {}

    def settings(self, module):
        return {"W": module.W, "H": module.H}


@register
class SpatialAdaptiveMaxPooling(_Adaptive):
    torch_name, module = "nn.SpatialAdaptiveMaxPooling", nn.SpatialAdaptiveMaxPooling

    def settings(self, module):
        return {**super().settings(module), "indices": np.empty(0, np.int64)}


@register
class SpatialAdaptiveAveragePooling(_Adaptive):
    torch_name, module = "nn.SpatialAdaptiveAveragePooling", nn.SpatialAdaptiveAveragePooling


@register
class SpatialFractionalMaxPooling(Entry):
    """Output sizes (`outW`...) or ratios (`ratioW`...); `newRandomPool` and fixed `randomSamples` are kept."""
    torch_name, module, axes = "nn.SpatialFractionalMaxPooling", nn.SpatialFractionalMaxPooling, "WH"

    def arguments(self, f):
        kind = "out" if f.has("out" + self.axes[0]) else "ratio"
        outs = [f.int("out" + a) if kind == "out" else f.float("ratio" + a) for a in self.axes]
        return (*(f.int("poolSize" + a) for a in self.axes), *outs), {}

    def finish(self, module, f):
        module.new_random_pool = f.bool("newRandomPool", False)
        if f.has("randomSamples"):
            module.random_samples = np.ascontiguousarray(f.array("randomSamples"), module.dtype)

    def settings(self, module):
        kind = "ratio" if module.ratios else "out"
        out = {"poolSize" + a: getattr(module, "k" + a) for a in self.axes}
        out.update({kind + a: getattr(module, kind + a) for a in self.axes})
        out.update(newRandomPool=module.new_random_pool, indices=np.empty(0, np.int64))
        if module.random_samples is not None:
            out["randomSamples"] = module.random_samples
        return out


@register
class VolumetricFractionalMaxPooling(SpatialFractionalMaxPooling):
    torch_name, module, axes = "nn.VolumetricFractionalMaxPooling", nn.VolumetricFractionalMaxPooling, "TWH"


class _Unpooling(Entry):
    def arguments(self, f):
        pooling = f.child("pooling")
        return (pooling,), {}

    def settings(self, module):
        return {"pooling": module.pooling}


@register
class SpatialMaxUnpooling(_Unpooling):
    torch_name, module = "nn.SpatialMaxUnpooling", nn.SpatialMaxUnpooling


@register
class VolumetricMaxUnpooling(_Unpooling):
    torch_name, module = "nn.VolumetricMaxUnpooling", nn.VolumetricMaxUnpooling


@register
class SpatialLPPooling(Entry):
    """A Sequential in Torch7: [Square | Power(p)], SpatialAveragePooling, MulConstant(kW*kH), [Sqrt | Power(1/p)];
    p is read from the first child. Torch7 does not keep nInputPlane (nnlib's own files add it)."""
    torch_name, module = "nn.SpatialLPPooling", nn.SpatialLPPooling

    def arguments(self, f):
        first = f.child("modules", 0)
        if isinstance(first, nn.Square):
            p = 2.0
        elif isinstance(first, nn.Power):
            p = first.pow
        else:
            raise f.error("the first module of a SpatialLPPooling should be Square or Power")
        return (f.int("nInputPlane", 1), p, f.int("kW"), f.int("kH"), f.int("dW", None), f.int("dH", None)), {}

    def finish(self, module, f):
        if not f.has("nInputPlane"):
            module.n_input_plane = None

    def settings(self, module):
        p, dtype = module.p_norm, module.dtype
        pooling = nn.SpatialAveragePooling(module.kW, module.kH, module.dW, module.dH)
        children = [nn.Square() if p == 2 else nn.Power(p), pooling, nn.MulConstant(module.kW * module.kH),
                    nn.Sqrt() if p == 2 else nn.Power(1 / p)]
        out = {"modules": [c.astype(dtype) for c in children], "kW": module.kW, "kH": module.kH, "dW": module.dW,
               "dH": module.dH}
        if module.n_input_plane is not None:
            out["nInputPlane"] = module.n_input_plane
        return out


@register
class TemporalDynamicKMaxPooling(Entry):
    torch_name, module = "nn.TemporalDynamicKMaxPooling", nn.TemporalDynamicKMaxPooling

    def arguments(self, f):
        return (f.int("minK"), f.float("factor", 0.0)), {}

    def settings(self, module):
        return {"minK": module.min_k, "factor": module.factor}


@register
class FeatureLPPooling(Entry):
    torch_name, module = "nn.FeatureLPPooling", nn.FeatureLPPooling

    def arguments(self, f):
        return (f.int("width"), f.int("stride"), f.float("power"), f.bool("batch_mode", False)), {}

    def settings(self, module):
        return {"width": module.width, "stride": module.stride, "power": module.power,
                "batch_mode": module.batch_mode}
