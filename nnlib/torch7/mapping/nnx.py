"""nnx's classes (the e-Lab era): SpatialPadding, SpatialNormalization and SpatialClassifier.

nnx's SpatialNormalization computes through sub-modules it builds from its kernel (two
padded one-to-one convolutions, Sum, Replicate, Square, Sqrt, CSubTable, CDivTables and a
Threshold); nnlib's computes from the kernel directly. Reading checks that the saved
convolutions hold that kernel (and zero biases); writing builds the sub-modules as nnx's
constructor did, so Torch7 with nnx runs the saved module.
"""
import numpy as np

from ... import nn
from ..objects import TorchObject
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch


@register
class SpatialPadding(Entry):
    torch_name, module = "nn.SpatialPadding", nn.SpatialPadding

    def arguments(self, f):
        pad_l = f.int("pad_l")
        # nnx reads y_dim/x_dim as 1-based, defaulting to 2 and 3 (old files have neither, nor val)
        return (pad_l, f.int("pad_r", pad_l), f.int("pad_t", pad_l), f.int("pad_b", pad_l),
                index_from_torch(f, "y_dim", 2), index_from_torch(f, "x_dim", 3), f.float("val", 0.0)), {}

    def settings(self, module):
        if module.y_dim < 0 or module.x_dim < 0:
            raise ValueError(f"torch7.save: {module!r} pads axes counted from the end; nnx's SpatialPadding takes "
                             "1-based axes from the start: give y_dim and x_dim >= 0")
        return {"pad_l": module.pad_l, "pad_r": module.pad_r, "pad_t": module.pad_t, "pad_b": module.pad_b,
                "y_dim": index_to_torch(module.y_dim), "x_dim": index_to_torch(module.x_dim), "val": module.val}


@register
class SpatialClassifier(Entry):
    torch_name, module = "nn.SpatialClassifier", nn.SpatialClassifier

    def arguments(self, f):
        # `modules` holds the same classifier (nnx keeps it "for compat"); `classifier` is the one nnx runs
        return (f.child("classifier"),), {}

    def finish(self, module, f):
        module.spatial_output = f.bool("spatialOutput", True)

    def settings(self, module):
        empty = {key: np.empty(0, module.dtype) for key in ("inputF", "inputT", "outputF", "gradOutputF",
                                                            "gradOutputT", "gradInputF")}
        return {"classifier": module.classifier, "modules": [module.classifier],
                "spatialOutput": module.spatial_output, **empty}


def _convolution_maps(obj):
    """The nn.SpatialConvolutionMap objects inside a saved nnx convolution Sequential, in order."""
    if not isinstance(obj, TorchObject):
        return []
    if obj.typename == "nn.SpatialConvolutionMap":
        return [obj]
    return [m for child in obj.get("modules") or [] for m in _convolution_maps(child)]


@register
class SpatialNormalization(Entry):
    torch_name, module = "nn.SpatialNormalization", nn.SpatialNormalization

    def _kernels(self, f):
        kernel = f.get("kernel")
        kernels = kernel if isinstance(kernel, list) else [kernel]
        if not 1 <= len(kernels) <= 2 or not all(isinstance(k, np.ndarray) and k.ndim == 2 and k.size
                                                 for k in kernels):
            raise f.error("field 'kernel' should be a 2-D tensor or a table of two 2-D tensors")
        return [np.array(k, np.float64) for k in kernels]

    def arguments(self, f):
        kernels = self._kernels(f)
        return (f.int("nfeatures"), kernels if len(kernels) == 2 else kernels[0], f.float("fixedThres", None)), {}

    def finish(self, module, f):
        kernels = self._kernels(f)
        # nnx normalised the kernel when it was built and saved it so: keep those values exactly
        module.kernel, module.kernel2 = kernels[0], (kernels[1] if len(kernels) == 2 else None)
        for key in ("convo", "convostd"):
            maps = _convolution_maps(f.get(key))
            if not maps:
                continue
            if len(maps) != len(kernels):
                raise f.error(f"field '{key}' holds {len(maps)} convolutions, its kernel table {len(kernels)}")
            for conv, kernel in zip(maps, kernels):
                weight, bias = conv.get("weight"), conv.get("bias")
                expected = kernel.astype(module.dtype)
                if (not isinstance(weight, np.ndarray) or weight.shape[1:] != kernel.shape
                        or not (weight == expected).all() or (isinstance(bias, np.ndarray) and bias.any())):
                    raise f.error(f"the convolutions of field '{key}' are not its kernel (with zero bias); nnlib's "
                                  "SpatialNormalization computes from the kernel")

    def settings(self, module):
        dtype = module.dtype
        kernels = [k for k in (module.kernel, module.kernel2) if k is not None]
        n = module.n_input_plane
        out = {"nfeatures": n, "kernel": [k.astype(dtype) for k in kernels] if len(kernels) == 2
               else kernels[0].astype(dtype)}
        for suffix, kernel in zip(("", "2"), kernels + [None]):
            kh, kw = kernel.shape if kernel is not None else (0, 0)
            out.update({f"pad{suffix}W": kw // 2, f"pad{suffix}H": kh // 2,
                        f"ker{suffix}WisPair": int(kw > 0 and kw % 2 == 0),
                        f"ker{suffix}HisPair": int(kh > 0 and kh % 2 == 0)})
        if module.threshold is not None:
            out["fixedThres"] = module.threshold
        out["convo"], out["convostd"] = self._convolutions(kernels, n, dtype), self._convolutions(kernels, n, dtype)
        t = module.threshold
        empty = np.empty(0, dtype)
        out.update({
            "squareMod": nn.Square().astype(dtype), "sqrtMod": nn.Sqrt().astype(dtype),
            "thresMod": (nn.Threshold() if t is None else nn.Threshold(t, t)).astype(dtype),
            "subtractMod": nn.CSubTable().astype(dtype), "meanDiviseMod": nn.CDivTable().astype(dtype),
            "stdDiviseMod": nn.CDivTable().astype(dtype), "diviseMod": nn.CDivTable().astype(dtype),
            "coef": np.zeros((1, 1), dtype),
        })
        for key in ("inConvo", "inMean", "inputZeroMean", "inputZeroMeanSq", "inConvoVar", "inVar", "inStdDev",
                    "thstd"):
            out[key] = empty.copy()
        return out

    @staticmethod
    def _convolutions(kernels, n, dtype):
        """nnx's convolution Sequential(s): zero padding keeping the size, the kernel on every plane, summed
        over planes and replicated (two kernels: two such Sequentials in one)."""
        stages = []
        for kernel in kernels:
            kh, kw = kernel.shape
            conv = nn.SpatialConvolutionMap(nn.tables.one_to_one(n), kw, kh)
            stage = nn.Sequential(nn.SpatialPadding(kw // 2, kw // 2 - (kw % 2 == 0), kh // 2, kh // 2 - (kh % 2 == 0)),
                                  conv, nn.Sum(0), nn.Replicate(n)).astype(dtype)
            conv.weight[...] = kernel
            conv.bias[...] = 0
            stages.append(stage)
        return stages[0] if len(stages) == 1 else nn.Sequential(*stages)
