"""Convolutions. Torch7 files hold weights 4-D (nOutputPlane, nInputPlane, kH, kW) or, from
SpatialConvolutionMM and old versions, 2-D (nOutputPlane, nInputPlane*kH*kW); old ones have
`padding` instead of padW/padH, or neither (no padding), and no dW/dH (stride 1)."""
import numpy as np

from ... import nn
from ._base import Entry, register


def conv_arguments(f):
    """nnlib's SpatialConvolution arguments from any Torch7 layout of the fields."""
    pad = f.int("padding", 0)
    pad_w = f.int("padW", pad)
    args = (f.int("nInputPlane"), f.int("nOutputPlane"), f.int("kW"), f.int("kH"), f.int("dW", 1), f.int("dH", 1),
            pad_w, f.int("padH", pad_w))
    if not f.has("bias"):
        raise f.error("a convolution without bias (noBias) is not supported by nnlib yet")
    f.check_size("weight", args[0] * args[1] * args[2] * args[3])
    return args, {}


def conv_settings(module):
    return {"nInputPlane": module.n_in, "nOutputPlane": module.n_out, "kW": module.kW, "kH": module.kH,
            "dW": module.dW, "dH": module.dH, "padW": module.padW, "padH": module.padH}


@register
class SpatialConvolution(Entry):
    torch_name, module, parameters = "nn.SpatialConvolution", nn.SpatialConvolution, ("weight", "bias")

    def arguments(self, f):
        return conv_arguments(f)

    def settings(self, module):
        return conv_settings(module)


@register
class SpatialConvolutionMM(Entry):
    torch_name, module, parameters = "nn.SpatialConvolutionMM", nn.SpatialConvolutionMM, ("weight", "bias")

    def arguments(self, f):
        return conv_arguments(f)

    def settings(self, module):
        return conv_settings(module)

    def fields(self, module, ctx):
        # written 2-D, as Torch7's constructor makes them: every Torch7 version reads that layout
        out = super().fields(module, ctx)
        for key in ("weight", "gradWeight"):
            out[key] = out[key].reshape(module.n_out, -1)
        return out


@register
class SpatialConvolutionMap(Entry):
    torch_name, module, parameters = "nn.SpatialConvolutionMap", nn.SpatialConvolutionMap, ("weight", "bias")

    def arguments(self, f):
        # 1-based plane numbers; nnlib's constructor checks the table
        table = f.array("connTable")
        f.check_size("weight", (table.size // 2) * f.int("kW") * f.int("kH"))
        return (table - 1, f.int("kW"), f.int("kH"), f.int("dW", 1), f.int("dH", 1)), {}

    def settings(self, module):
        table = np.asarray(module.conn_table) + 1
        return {"connTable": table.astype(module.dtype), "nInputPlane": int(table[:, 0].max()),
                "nOutputPlane": int(table[:, 1].max()), "kW": module.kW, "kH": module.kH, "dW": module.dW,
                "dH": module.dH}


@register
class SpatialFullConvolution(Entry):
    torch_name, module, parameters = "nn.SpatialFullConvolution", nn.SpatialFullConvolution, ("weight", "bias")

    def arguments(self, f):
        if not f.has("bias"):
            raise f.error("a convolution without bias (noBias) is not supported by nnlib yet")
        args = (f.int("nInputPlane"), f.int("nOutputPlane"), f.int("kW"), f.int("kH"), f.int("dW", 1), f.int("dH", 1),
                f.int("padW", 0), f.int("padH", 0), f.int("adjW", 0), f.int("adjH", 0))
        f.check_size("weight", args[0] * args[1] * args[2] * args[3])
        return args, {}

    def settings(self, module):
        return {**conv_settings(module), "adjW": module.adjW, "adjH": module.adjH, "ones": np.empty(0, module.dtype)}


@register
class SpatialDilatedConvolution(Entry):
    torch_name, module, parameters = "nn.SpatialDilatedConvolution", nn.SpatialDilatedConvolution, ("weight", "bias")

    def arguments(self, f):
        args, _ = conv_arguments(f)
        return (*args, f.int("dilationW", 1), f.int("dilationH", 1)), {}

    def settings(self, module):
        return {**conv_settings(module), "dilationW": module.dilationW, "dilationH": module.dilationH}


@register
class TemporalConvolution(Entry):
    torch_name, module, parameters = "nn.TemporalConvolution", nn.TemporalConvolution, ("weight", "bias")

    def arguments(self, f):
        args = (f.int("inputFrameSize"), f.int("outputFrameSize"), f.int("kW"), f.int("dW", 1))
        f.check_size("weight", args[0] * args[1] * args[2])
        return args, {}

    def settings(self, module):
        return {"inputFrameSize": module.input_frame_size, "outputFrameSize": module.output_frame_size,
                "kW": module.kW, "dW": module.dW}


@register
class SpatialSubSampling(Entry):
    torch_name, module, parameters = "nn.SpatialSubSampling", nn.SpatialSubSampling, ("weight", "bias")

    def arguments(self, f):
        f.check_size("weight", f.int("nInputPlane"))
        return (f.int("nInputPlane"), f.int("kW"), f.int("kH"), f.int("dW", 1), f.int("dH", 1)), {}

    def settings(self, module):
        return {"nInputPlane": module.n_in, "kW": module.kW, "kH": module.kH, "dW": module.dW, "dH": module.dH}


@register
class SpatialConvolutionLocal(Entry):
    torch_name, module, parameters = "nn.SpatialConvolutionLocal", nn.SpatialConvolutionLocal, ("weight", "bias")

    def arguments(self, f):
        pad_w = f.int("padW", 0)
        return (f.int("nInputPlane"), f.int("nOutputPlane"), f.int("iW"), f.int("iH"), f.int("kW"), f.int("kH"),
                f.int("dW", 1), f.int("dH", 1), pad_w, f.int("padH", pad_w)), {}

    def settings(self, module):
        return {**conv_settings(module), "iW": module.iW, "iH": module.iH, "oW": module.oW, "oH": module.oH}


@register
class SpatialDepthWiseConvolution(SpatialConvolutionMM):
    """Torch7's weight is (nOutputPlane, nInputPlane*kH*kW), nnlib's (M, C, kH, kW): the same values,
    saved 2-D as SpatialConvolutionMM's."""
    torch_name, module = "nn.SpatialDepthWiseConvolution", nn.SpatialDepthWiseConvolution


@register
class SpatialFullConvolutionMap(Entry):
    torch_name, module, parameters = "nn.SpatialFullConvolutionMap", nn.SpatialFullConvolutionMap, ("weight", "bias")

    def arguments(self, f):
        table = f.array("connTable")
        f.check_size("weight", (table.size // 2) * f.int("kW") * f.int("kH"))
        return (table - 1, f.int("kW"), f.int("kH"), f.int("dW", 1), f.int("dH", 1)), {}

    def settings(self, module):
        return SpatialConvolutionMap.settings(self, module)


@register
class TemporalRowConvolution(Entry):
    torch_name, module, parameters = "nn.TemporalRowConvolution", nn.TemporalRowConvolution, ("weight", "bias")

    def arguments(self, f):
        return (f.int("inputFrameSize"), f.int("kW"), f.int("dW", 1), f.bool("featFirst", False)), {}

    def settings(self, module):
        return {"inputFrameSize": module.input_frame_size, "kW": module.kW, "dW": module.dW,
                "featFirst": module.feat_first}


@register
class TemporalSubSampling(Entry):
    torch_name, module, parameters = "nn.TemporalSubSampling", nn.TemporalSubSampling, ("weight", "bias")

    def arguments(self, f):
        return (f.int("inputFrameSize"), f.int("kW"), f.int("dW", 1)), {}

    def settings(self, module):
        return {"inputFrameSize": module.input_frame_size, "kW": module.kW, "dW": module.dW}


_VOLUME = ("kT", "kW", "kH", "dT", "dW", "dH")


def _volume_arguments(f, *extra):
    pad_t = f.int("padT", 0)
    pad_w = f.int("padW", pad_t)
    return (f.int("nInputPlane"), f.int("nOutputPlane"), *(f.int(k, 1 if k[0] == "d" else None) for k in _VOLUME),
            pad_t, pad_w, f.int("padH", pad_w), *(f.int(k, d) for k, d in extra))


def _volume_settings(module, *extra):
    return {"nInputPlane": module.n_in, "nOutputPlane": module.n_out,
            **{k: getattr(module, k) for k in _VOLUME + ("padT", "padW", "padH") + extra}}


@register
class VolumetricConvolution(Entry):
    torch_name, module, parameters = "nn.VolumetricConvolution", nn.VolumetricConvolution, ("weight", "bias")

    def arguments(self, f):
        return _volume_arguments(f), {}

    def settings(self, module):
        return _volume_settings(module)


@register
class VolumetricDilatedConvolution(Entry):
    torch_name, module = "nn.VolumetricDilatedConvolution", nn.VolumetricDilatedConvolution
    parameters = ("weight", "bias")

    def arguments(self, f):
        return _volume_arguments(f, ("dilationT", 1), ("dilationW", 1), ("dilationH", 1)), {}

    def settings(self, module):
        return _volume_settings(module, "dilationT", "dilationW", "dilationH")


@register
class VolumetricFullConvolution(Entry):
    torch_name, module, parameters = "nn.VolumetricFullConvolution", nn.VolumetricFullConvolution, ("weight", "bias")

    def arguments(self, f):
        args = _volume_arguments(f, ("adjT", 0), ("adjW", 0), ("adjH", 0))
        return (*args[:8], f.int("padT", 0), f.int("padW", 0), f.int("padH", 0), *args[11:]), {}

    def settings(self, module):
        return {**_volume_settings(module, "adjT", "adjW", "adjH"), "ones": np.empty(0, module.dtype),
                "finput": np.empty(0, module.dtype), "fgradInput": np.empty(0, module.dtype)}
