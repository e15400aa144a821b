"""Batch normalization (running statistics; version-1 files' running_std converted as Torch7's
read does) and local response normalization."""
import numpy as np

from ... import nn
from ._base import Entry, register


class _BatchNormalization(Entry):
    parameters = ("weight", "bias")
    buffers = {"running_mean": "running_mean", "running_var": "running_var"}

    def arguments(self, f):
        affine = f.bool("affine", f.has("weight"))
        return (f.array("running_mean").size,), {"eps": f.float("eps", 1e-5), "momentum": f.float("momentum", 0.1),
                                                 "affine": affine}

    def finish(self, module, f):
        if f.has("running_std") and not f.has("running_var"):
            std = np.asarray(f.array("running_std"), np.float64)
            module.running_var = (std ** -2 - module.eps).astype(module.dtype)

    def settings(self, module):
        return {"eps": module.eps, "momentum": module.momentum, "affine": module.affine}


@register
class BatchNormalization(_BatchNormalization):
    torch_name, module = "nn.BatchNormalization", nn.BatchNormalization


@register
class SpatialBatchNormalization(_BatchNormalization):
    torch_name, module = "nn.SpatialBatchNormalization", nn.SpatialBatchNormalization


@register
class SpatialCrossMapLRN(Entry):
    torch_name, module = "nn.SpatialCrossMapLRN", nn.SpatialCrossMapLRN

    def arguments(self, f):
        return (f.int("size"), f.float("alpha", 1e-4), f.float("beta", 0.75), f.float("k", 1.0)), {}

    def settings(self, module):
        return {"size": module.size, "alpha": module.alpha, "beta": module.beta, "k": module.k}


@register
class VolumetricBatchNormalization(_BatchNormalization):
    torch_name, module = "nn.VolumetricBatchNormalization", nn.VolumetricBatchNormalization


@register
class LayerNormalization(Entry):
    """A Sequential in Torch7: ConcatTable(Identity, Sequential(Mean(1, 1), Replicate(n, 1, 1))), CSubTable,
    Normalize(2, eps), MulConstant(sqrt(n)) and, when affine, CMul(n) (the gain) and Add(n) (the bias)."""
    torch_name, module = "nn.LayerNormalization", nn.LayerNormalization

    def build(self, f):
        children = f.children()
        try:
            n = children[0].modules[1].modules[1].nfeatures
            eps = children[2].eps
        except (AttributeError, IndexError):
            raise f.error("the modules of a LayerNormalization should be those Torch7 builds") from None
        affine = len(children) == 6
        # Torch7 keeps no initial bias (nnlib's files add `initialBias`, which its printout shows)
        module = nn.LayerNormalization(n, f.float("initialBias", 0.0), eps, affine).astype(children[-1].dtype)
        if affine:
            gain, bias = children[4], children[5]
            if not isinstance(gain, nn.CMul) or not isinstance(bias, nn.Add) or gain.weight.size != n:
                raise f.error("an affine LayerNormalization ends with CMul(n) and Add(n)")
            module.weight, module.grad_weight = gain.weight.reshape(n), gain.grad_weight.reshape(n)
            module.bias, module.grad_bias = bias.bias.reshape(n), bias.grad_bias.reshape(n)
        module.train = bool(f.get("train", True))
        return module

    def settings(self, module):
        n, dtype = module.n_output, module.dtype
        children = [nn.ConcatTable(nn.Identity(), nn.Sequential(nn.Mean(0, 1), nn.Replicate(n, 0, 1))),
                    nn.CSubTable(), nn.Normalize(2, module.eps), nn.MulConstant(float(np.sqrt(n)))]
        if module.affine:
            gain, bias = nn.CMul(n), nn.Add(n)
            gain.weight, gain.grad_weight = module.weight, module.grad_weight
            bias.bias, bias.grad_bias = module.bias, module.grad_bias
            children += [gain, bias]
        return {"modules": [c.astype(dtype) if not c.parameters()[0] else c for c in children],
                "initialBias": module.initial_bias}


def _estimator(module, kernel, square):
    """Torch7's mean (or, with `square`, std) estimator of a Spatial*Normalization, its kernel set as its
    constructor sets it: Sequential([Square], SpatialZeroPadding, convolution(s), Replicate, [Sqrt])."""
    n, dtype = module.n_input_plane, module.dtype
    pad_h = kernel.shape[0] // 2
    pad_w = kernel.shape[1] // 2 if kernel.ndim == 2 else pad_h
    layers = [nn.Square()] if square else []
    layers.append(nn.SpatialZeroPadding(pad_w, pad_w, pad_h, pad_h))
    if kernel.ndim == 2:
        conv = nn.SpatialConvolution(n, 1, kernel.shape[1], kernel.shape[0])
        conv.weight[...] = kernel
        conv.bias[...] = 0
        layers.append(conv)
    else:
        rows = nn.SpatialConvolutionMap(np.stack([np.arange(n), np.arange(n)], 1), kernel.size, 1)
        rows.weight[...] = kernel
        rows.bias[...] = 0
        cols = nn.SpatialConvolution(n, 1, 1, kernel.size)
        cols.weight[...] = kernel[:, None]
        cols.bias[...] = 0
        layers += [rows, cols]
    layers.append(nn.Replicate(n, 0, 3))
    if square:
        layers.append(nn.Sqrt())
    return nn.Sequential(*layers).astype(dtype)


class _LocalNormalization(Entry):
    """Torch7 saves its normalised `kernel` (normalising it again changes nothing, so it is taken as saved)
    and the estimator modules its constructor builds from it, written here the same way."""

    def arguments(self, f):
        return (f.int("nInputPlane", 1), np.asarray(f.array("kernel"), np.float64)), {}

    def build(self, f):
        module = super().build(f)
        coef = f.get("coef")  # the kernel may be kept in float64: the model's type is the buffer's
        if isinstance(coef, np.ndarray) and coef.dtype.kind == "f":
            module.astype(coef.dtype)
        return module

    def finish(self, module, f):
        module.kernel = np.array(f.array("kernel"), np.float64)

    def settings(self, module):
        return {"nInputPlane": module.n_input_plane, "kernel": module.kernel, "coef": np.zeros((1, 1, 1), module.dtype)}


@register
class SpatialSubtractiveNormalization(_LocalNormalization):
    torch_name, module = "nn.SpatialSubtractiveNormalization", nn.SpatialSubtractiveNormalization

    def settings(self, module):
        return {**super().settings(module), "meanestimator": _estimator(module, module.kernel, False),
                "subtractor": nn.CSubTable(), "divider": nn.CDivTable()}


@register
class SpatialDivisiveNormalization(_LocalNormalization):
    torch_name, module = "nn.SpatialDivisiveNormalization", nn.SpatialDivisiveNormalization

    def arguments(self, f):
        args, _ = super().arguments(f)
        threshold = f.float("threshold", 1e-4)
        return (*args, threshold, f.float("thresval", threshold)), {}

    def settings(self, module):
        return {**super().settings(module), "threshold": module.threshold, "thresval": module.thresval,
                "meanestimator": _estimator(module, module.kernel, False),
                "stdestimator": _estimator(module, module.kernel, True), "normalizer": nn.CDivTable(),
                "divider": nn.CDivTable(), "thresholder": nn.Threshold(module.threshold, module.thresval)}


@register
class SpatialContrastiveNormalization(SpatialDivisiveNormalization):
    """Torch7 keeps the saved kernel as given (unnormalised) and a `normalizer` Sequential of the two others."""
    torch_name, module = "nn.SpatialContrastiveNormalization", nn.SpatialContrastiveNormalization

    def finish(self, module, f):
        normalizer = f.child("normalizer")
        if not isinstance(normalizer, nn.Sequential) or len(normalizer.modules) != 2:
            raise f.error("field 'normalizer' should be Torch7's Sequential(SpatialSubtractiveNormalization, "
                          "SpatialDivisiveNormalization)")
        module.normalizer = normalizer
        module.astype(normalizer.modules[0].dtype)

    def settings(self, module):
        return {"nInputPlane": module.n_input_plane, "kernel": module.kernel, "threshold": module.threshold,
                "thresval": module.thresval, "normalizer": module.normalizer}
