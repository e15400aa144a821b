"""Element-wise and row-wise activations."""
import numpy as np

from ... import nn
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch


@register
class Tanh(Entry):
    torch_name, module = "nn.Tanh", nn.Tanh


@register
class Sigmoid(Entry):
    torch_name, module = "nn.Sigmoid", nn.Sigmoid


@register
class SoftMax(Entry):
    torch_name, module = "nn.SoftMax", nn.SoftMax


@register
class LogSoftMax(Entry):
    torch_name, module = "nn.LogSoftMax", nn.LogSoftMax


@register
class Threshold(Entry):
    torch_name, module = "nn.Threshold", nn.Threshold

    def arguments(self, f):
        return (f.float("threshold", 1e-6), f.float("val", 0.0), f.bool("inplace", False)), {}

    def settings(self, module):
        return {"threshold": module.threshold, "val": module.val, "inplace": module.inplace}


@register
class ReLU(Entry):
    torch_name, module = "nn.ReLU", nn.ReLU

    def arguments(self, f):
        if f.float("threshold", 0.0) != 0 or f.float("val", 0.0) != 0:
            raise f.error("a ReLU whose threshold or value is not 0 is a Threshold; nnlib's ReLU has neither")
        return (f.bool("inplace", False),), {}

    def settings(self, module):
        # Torch7's ReLU is a Threshold(0, 0) and runs on these fields
        return {"threshold": 0.0, "val": 0.0, "inplace": module.inplace}


@register
class LeakyReLU(Entry):
    torch_name, module = "nn.LeakyReLU", nn.LeakyReLU

    def arguments(self, f):
        return (f.float("negval", 1 / 100), f.bool("inplace", False)), {}

    def settings(self, module):
        return {"negval": module.negval, "inplace": module.inplace}


class _Clipping(Entry):
    def arguments(self, f):
        return (f.float("min_val", -1.0), f.float("max_val", 1.0)), {"inplace": f.bool("inplace", False)}

    def settings(self, module):
        return {"min_val": module.min_val, "max_val": module.max_val, "inplace": module.inplace}


@register
class HardTanh(_Clipping):
    torch_name, module = "nn.HardTanh", nn.HardTanh


@register
class Clamp(_Clipping):
    torch_name, module = "nn.Clamp", nn.Clamp

    def arguments(self, f):
        return (f.float("min_val"), f.float("max_val")), {}


@register
class ReLU6(Entry):
    torch_name, module = "nn.ReLU6", nn.ReLU6

    def arguments(self, f):
        return (f.bool("inplace", False),), {}

    def settings(self, module):
        return {"inplace": module.inplace}


@register
class ELU(Entry):
    torch_name, module = "nn.ELU", nn.ELU

    def arguments(self, f):
        return (f.float("alpha", 1.0), f.bool("inplace", False)), {}

    def settings(self, module):
        return {"alpha": module.alpha, "inplace": module.inplace}


@register
class SoftPlus(Entry):
    torch_name, module = "nn.SoftPlus", nn.SoftPlus

    def arguments(self, f):
        return (f.float("beta", 1.0), f.float("threshold", 20.0)), {}

    def settings(self, module):
        return {"beta": module.beta, "threshold": module.threshold}


class _Shrink(Entry):
    def arguments(self, f):
        return (f.float("lambda", 0.5),), {}

    def settings(self, module):
        return {"lambda": module.lam}


@register
class SoftShrink(_Shrink):
    torch_name, module = "nn.SoftShrink", nn.SoftShrink


@register
class HardShrink(_Shrink):
    torch_name, module = "nn.HardShrink", nn.HardShrink


@register
class SoftSign(Entry):
    torch_name, module = "nn.SoftSign", nn.SoftSign


@register
class LogSigmoid(Entry):
    torch_name, module = "nn.LogSigmoid", nn.LogSigmoid


@register
class SoftMin(Entry):
    torch_name, module = "nn.SoftMin", nn.SoftMin


@register
class TanhShrink(Entry):
    torch_name, module = "nn.TanhShrink", nn.TanhShrink

    def settings(self, module):
        return {"tanh": nn.Tanh().astype(module.dtype)}  # Torch7's TanhShrink runs through this child


@register
class MulConstant(Entry):
    torch_name, module = "nn.MulConstant", nn.MulConstant

    def arguments(self, f):
        return (f.float("constant_scalar"), f.bool("inplace", False)), {}

    def settings(self, module):
        return {"constant_scalar": module.constant_scalar, "inplace": module.inplace}


@register
class AddConstant(Entry):
    torch_name, module = "nn.AddConstant", nn.AddConstant

    def arguments(self, f):
        value = f.get("constant_scalar")
        constant = f.array("constant_scalar") if isinstance(value, np.ndarray) else f.float("constant_scalar")
        return (constant, f.bool("inplace", False)), {}

    def settings(self, module):
        return {"constant_scalar": module.constant_scalar, "inplace": module.inplace}


@register
class PReLU(Entry):
    torch_name, module, parameters = "nn.PReLU", nn.PReLU, ("weight",)

    def arguments(self, f):
        n = f.int("nOutputPlane", 0)
        f.check_size("weight", max(n, 1))
        return (n,), {}

    def settings(self, module):
        return {"nOutputPlane": module.n_output_plane}


@register
class RReLU(Entry):
    torch_name, module = "nn.RReLU", nn.RReLU

    def arguments(self, f):
        return (f.float("lower", 1 / 8), f.float("upper", 1 / 3), f.bool("inplace", False)), {}

    def settings(self, module):
        return {"lower": module.lower, "upper": module.upper, "inplace": module.inplace,
                "noise": np.empty(0, module.dtype)}


@register
class GradientReversal(Entry):
    torch_name, module = "nn.GradientReversal", nn.GradientReversal

    def arguments(self, f):
        # version-1 files had no lambda: Torch7's read sets 1
        return (f.float("lambda", 1.0),), {}

    def settings(self, module):
        return {"lambda": module.lam}


@register
class GatedLinearUnit(Entry):
    torch_name, module = "nn.GatedLinearUnit", nn.GatedLinearUnit

    def arguments(self, f):
        # Torch7's nil dim is the input's last
        dim = index_from_torch(f, "dim", None)
        return (-1 if dim is None else dim,), {}

    def settings(self, module):
        return {} if module.dim == -1 else {"dim": index_to_torch(module.dim)}


@register
class SpatialSoftMax(Entry):
    torch_name, module = "nn.SpatialSoftMax", nn.SpatialSoftMax


@register
class SpatialLogSoftMax(Entry):
    torch_name, module = "nn.SpatialLogSoftMax", nn.SpatialLogSoftMax


@register
class ZeroGrad(Entry):
    torch_name, module = "nn.ZeroGrad", nn.ZeroGrad


@register
class L1Penalty(Entry):
    torch_name, module = "nn.L1Penalty", nn.L1Penalty

    def arguments(self, f):
        return (f.float("l1weight"), f.bool("sizeAverage", False), f.bool("provideOutput", True)), {}

    def settings(self, module):
        return {"l1weight": module.l1weight, "sizeAverage": module.size_average,
                "provideOutput": module.provide_output}


@register
class CReLU(Entry):
    """A Sequential in Torch7, of ConcatTable(Identity, MulConstant(-1)), JoinTable(2) and ReLU: written so."""
    torch_name, module = "nn.CReLU", nn.CReLU

    def arguments(self, f):
        return (f.int("nInputDims"), f.bool("inplace", False)), {}

    def settings(self, module):
        children = [nn.ConcatTable(nn.Identity(), nn.MulConstant(-1.0)), nn.JoinTable(1), nn.ReLU(module.inplace)]
        return {"nInputDims": module.n_input_dims, "inplace": module.inplace,
                "modules": [c.astype(module.dtype) for c in children]}
