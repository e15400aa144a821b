"""Reshaping modules (sizes kept in LongStorages in Torch7)."""
import math

import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch


@register
class Identity(Entry):
    torch_name, module = "nn.Identity", nn.Identity


@register
class Reshape(Entry):
    torch_name, module = "nn.Reshape", nn.Reshape

    def arguments(self, f):
        return f.ints("size"), {"batch_mode": f.bool("batchMode", None)}

    def settings(self, module):
        out = {"size": new_storage(np.array(module.sizes, np.int64)),
               "batchsize": new_storage(np.array((1, *module.sizes), np.int64)),
               "nelement": math.prod(module.sizes)}
        if module.batch_mode is not None:
            out["batchMode"] = module.batch_mode
        return out


@register
class View(Entry):
    torch_name, module = "nn.View", nn.View

    def arguments(self, f):
        return f.ints("size"), {}

    def finish(self, module, f):
        n = f.int("numInputDims", None)
        if n is not None:
            module.set_num_input_dims(n)

    def settings(self, module):
        out = {"size": new_storage(np.array(module.sizes, np.int64)),
               "numElements": math.prod(module.sizes)}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Narrow(Entry):
    torch_name, module = "nn.Narrow", nn.Narrow

    def arguments(self, f):
        return (index_from_torch(f, "dimension"), index_from_torch(f, "index"), f.int("length", 1)), {}

    def settings(self, module):
        return {"dimension": index_to_torch(module.dimension), "index": index_to_torch(module.index),
                "length": module.length}


@register
class Select(Entry):
    torch_name, module = "nn.Select", nn.Select

    def arguments(self, f):
        return (index_from_torch(f, "dimension"), index_from_torch(f, "index")), {}

    def settings(self, module):
        return {"dimension": index_to_torch(module.dimension), "index": index_to_torch(module.index)}


@register
class Replicate(Entry):
    torch_name, module = "nn.Replicate", nn.Replicate

    def arguments(self, f):
        return (f.int("nfeatures"), index_from_torch(f, "dim", 1), f.int("ndim", None)), {}

    def settings(self, module):
        out = {"nfeatures": module.nfeatures, "dim": index_to_torch(module.dim)}
        if module.ndim is not None:
            out["ndim"] = module.ndim
        return out


@register
class Transpose(Entry):
    torch_name, module = "nn.Transpose", nn.Transpose

    def arguments(self, f):
        pairs = f.get("permutations", [])
        if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise f.error("field 'permutations' should be a list of {dim1, dim2} pairs")
        return tuple(tuple(int(d) - 1 if d > 0 else int(d) for d in p) for p in pairs), {}

    def finish(self, module, f):
        n = f.int("numInputDims", None)
        if n is not None:
            module.set_num_input_dims(n)

    def settings(self, module):
        out = {"permutations": [[index_to_torch(d) for d in p] for p in module.permutations]}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Squeeze(Entry):
    torch_name, module = "nn.Squeeze", nn.Squeeze

    def arguments(self, f):
        return (index_from_torch(f, "dim", None), f.int("numInputDims", None)), {}

    def settings(self, module):
        out = {}
        if module.dim is not None:
            out["dim"] = index_to_torch(module.dim)
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Unsqueeze(Entry):
    torch_name, module = "nn.Unsqueeze", nn.Unsqueeze

    def arguments(self, f):
        return (index_from_torch(f, "pos"), f.int("numInputDims", None)), {}

    def settings(self, module):
        out = {"pos": index_to_torch(module.pos)}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Contiguous(Entry):
    torch_name, module = "nn.Contiguous", nn.Contiguous


@register
class PrintSize(Entry):
    torch_name, module = "nn.PrintSize", nn.PrintSize

    def arguments(self, f):
        return (f.get("prefix", "PrintSize"),), {}

    def settings(self, module):
        return {"prefix": module.prefix}


_TORCH_TYPES = {"torch.DoubleTensor": np.float64, "torch.FloatTensor": np.float32, "torch.ByteTensor": np.uint8,
                "torch.CharTensor": np.int8, "torch.ShortTensor": np.int16, "torch.IntTensor": np.int32,
                "torch.LongTensor": np.int64, "torch.CudaTensor": np.float32, "torch.CudaDoubleTensor": np.float64}
_TYPE_NAMES = {np.dtype(v): k for k, v in reversed(list(_TORCH_TYPES.items()))}


@register
class Copy(Entry):
    """Torch7 saves no type fields: the types are those of `gradInput` (in) and `output` (out); a Copy between
    equal types made without forceCopy holds the Lua closures that pass the input through. nnlib's own files
    add `intype`/`outtype`/`forceCopy` (fields Torch7 ignores) to keep what they cannot say."""
    torch_name, module = "nn.Copy", nn.Copy

    def arguments(self, f):
        def kind(key, tensor_key):
            name = f.get(key)
            if name is not None:
                return None if name == "module" else _TORCH_TYPES.get(name) or _unknown(f, name)
            tensor = f.get(tensor_key)
            return tensor.dtype if isinstance(tensor, np.ndarray) and tensor.dtype != f.dtype() else None
        intype, outtype = kind("intype", "gradInput"), kind("outtype", "output")
        force = f.get("forceCopy")
        if force is None:
            force = "updateOutput" not in f.values
        return (intype, outtype, bool(force), f.bool("dontCast", False)), {}

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        intype, outtype = module._types()
        out["gradInput"], out["output"] = np.empty(0, intype), np.empty(0, outtype)
        return out

    def settings(self, module):
        name = lambda t: "module" if t is None else _TYPE_NAMES[np.dtype(t)]  # noqa: E731
        return {"dontCast": module.dont_cast, "forceCopy": module.force_copy, "intype": name(module.intype),
                "outtype": name(module.outtype)}


def _unknown(f, name):
    raise f.error(f"unknown tensor type {name!r}")


@register
class Collapse(Entry):
    torch_name, module = "nn.Collapse", nn.Collapse

    def arguments(self, f):
        return (f.int("nInputDim"),), {}

    def settings(self, module):
        return {"nInputDim": module.n_input_dim}


@register
class Constant(Entry):
    torch_name, module, buffers = "nn.Constant", nn.Constant, {"value": "value"}

    def arguments(self, f):
        value = f.get("value")
        return (f.array("value") if isinstance(value, np.ndarray) else f.float("value"),
                f.int("nInputDim", None)), {}

    def settings(self, module):
        return {} if module.n_input_dim is None else {"nInputDim": module.n_input_dim}


@register
class OneHot(Entry):
    torch_name, module = "nn.OneHot", nn.OneHot

    def arguments(self, f):
        return (f.int("outputSize"),), {}

    def settings(self, module):
        return {"outputSize": module.output_size}


@register
class Padding(Entry):
    torch_name, module = "nn.Padding", nn.Padding

    def arguments(self, f):
        return (index_from_torch(f, "dim"), f.int("pad"), f.int("nInputDim", None), f.float("value", 0.0),
                index_from_torch(f, "index", 1)), {}

    def settings(self, module):
        out = {"dim": index_to_torch(module.dim), "pad": module.pad, "value": module.value,
               "index": index_to_torch(module.index), "outputSize": new_storage(np.zeros(0, np.int64))}
        if module.n_input_dim is not None:
            out["nInputDim"] = module.n_input_dim
        return out


@register
class PixelShuffle(Entry):
    torch_name, module = "nn.PixelShuffle", nn.PixelShuffle

    def arguments(self, f):
        return (f.int("upscaleFactor"),), {}

    def settings(self, module):
        return {"upscaleFactor": module.upscale_factor, "upscaleFactorSquared": module.upscale_factor ** 2}


@register
class Convert(Entry):
    torch_name, module = "nn.Convert", nn.Convert

    def arguments(self, f):
        return (f.get("inputShape", "b*"), f.get("outputShape", None)), {}

    def settings(self, module):
        # the fields Torch7's constructor derives from the two shapes (its forward pass reads them)
        ins = module.input_shape or "b*"
        outs = module.output_shape or ins
        ins, outs = (ins if "b" in ins else "b" + ins), (outs if "b" in outs else "b" + outs)
        out = {"inputShape": ins, "outputShape": outs, "inputBatchDim": ins.find("b") + 1,
               "outputBatchDim": outs.find("b") + 1}
        if ins == "b*":
            out.update(nInputDim=-1, nOutputDim=-1, transposition=True)
        else:
            out.update(nInputDim=len(ins), nOutputDim=len(outs))
            if len(ins) == len(outs):
                out["transposition"] = all(c in outs for c in ins)
        return out
