"""Containers: their children are the `modules` list (1-based in Torch7, a list here)."""
import numpy as np

from ... import nn
from ..objects import TorchObject, new_storage
from ._base import Entry, grad_name, register
from ._dims import dim_from_torch, dim_to_torch, index_from_torch, index_to_torch


class _Container(Entry):
    def arguments(self, f):
        return tuple(f.children()), {}

    def settings(self, module):
        return {"modules": list(module.modules)}


@register
class Sequential(_Container):
    torch_name, module = "nn.Sequential", nn.Sequential


@register
class ConcatTable(_Container):
    torch_name, module, table_output = "nn.ConcatTable", nn.ConcatTable, True


@register
class ParallelTable(_Container):
    torch_name, module, table_output, table_grad_input = "nn.ParallelTable", nn.ParallelTable, True, True


@register
class Concat(_Container):
    torch_name, module = "nn.Concat", nn.Concat

    def arguments(self, f):
        return (dim_from_torch(f), *f.children()), {}

    def settings(self, module):
        return {**super().settings(module), **dim_to_torch(module, module.dim)}


@register
class DepthConcat(Concat):
    torch_name, module = "nn.DepthConcat", nn.DepthConcat


@register
class Parallel(_Container):
    torch_name, module = "nn.Parallel", nn.Parallel

    def arguments(self, f):
        return (index_from_torch(f, "inputDimension"), index_from_torch(f, "outputDimension"), *f.children()), {}

    def settings(self, module):
        return {**super().settings(module), "inputDimension": index_to_torch(module.input_dimension),
                "outputDimension": index_to_torch(module.output_dimension)}


@register
class MapTable(_Container):
    """Torch7 saves the module and the clones its forward pass made (sharing its parameters): all are kept."""
    torch_name, module, table_output, table_grad_input = "nn.MapTable", nn.MapTable, True, True

    def arguments(self, f):
        children = f.children()
        if not children:
            raise f.error("a MapTable without its module")
        return (children[0], f.bool("shared", True)), {}

    def finish(self, module, f):
        module.modules = f.children()

    def settings(self, module):
        return {**super().settings(module), "shared": module.shared,
                "sharedparams": ["weight", "bias", "gradWeight", "gradBias"]}


class _Decorator(_Container):
    def arguments(self, f):
        children = f.children()
        if len(children) != 1:
            raise f.error(f"a decorator holds one module, found {len(children)}")
        return (children[0],), {}


@register
class Decorator(_Decorator):
    torch_name, module = "nn.Decorator", nn.Decorator


@register
class NaN(_Decorator):
    torch_name, module = "nn.NaN", nn.NaN

    def arguments(self, f):
        args, _ = super().arguments(f)
        value = f.get("id")
        return (*args, int(value) if isinstance(value, float) and value.is_integer() else value), {}

    def settings(self, module):
        return {**super().settings(module), "id": module.id}


_TENSOR_TYPES = {"torch.DoubleTensor": np.float64, "torch.FloatTensor": np.float32,
                 "torch.CudaTensor": np.float32, "torch.CudaDoubleTensor": np.float64}


@register
class DontCast(_Decorator):
    torch_name, module = "nn.DontCast", nn.DontCast

    def arguments(self, f):
        (child,), _ = super().arguments(f)
        kind = f.get("moduleType")
        dtype = _TENSOR_TYPES.get(kind) if kind is not None else None
        if kind is not None and dtype is None:
            raise f.error(f"moduleType {kind!r} is not a floating tensor type")
        castin = f.bool("castin", False)
        return (child, castin, f.bool("castout", castin), dtype), {}

    def settings(self, module):
        name = "torch.DoubleTensor" if module.module_type == np.float64 else "torch.FloatTensor"
        return {**super().settings(module), "castin": module.cast_in, "castout": module.cast_out, "moduleType": name}


@register
class Bottle(_Decorator):
    torch_name, module = "nn.Bottle", nn.Bottle

    def arguments(self, f):
        (child,), _ = super().arguments(f)
        n_in = f.int("nInputDim", 2)
        return (child, n_in, f.int("nOutputDim", n_in)), {}

    def settings(self, module):
        return {**super().settings(module), "nInputDim": module.n_input_dim, "nOutputDim": module.n_output_dim,
                "dimDelta": module.n_input_dim - module.n_output_dim,
                "inShape": np.zeros(module.n_input_dim, module.dtype),
                "outShape": np.zeros(module.n_output_dim, module.dtype)}


@register
class WeightNorm(_Decorator):
    """Torch7 writes v and g, and (its `write`) neither the module's weight nor gradWeight: its `read`
    recomputes them from v and g, as this does. Written here with `weight`/`gradWeight`, which its read keeps."""
    torch_name, module, parameters = "nn.WeightNorm", nn.WeightNorm, ("v", "g")

    def build(self, f):
        children = f.get("modules")
        if not isinstance(children, list) or len(children) != 1 or not isinstance(children[0], TorchObject):
            raise f.error("a WeightNorm holds one module")
        raw = children[0]
        if not isinstance(raw.fields, dict) or raw.fields.get("weight") is None:
            size = f.ints("weightSize")
            dtype = f.array("v").dtype
            raw = TorchObject(raw.typename, {**raw.fields, "weight": np.zeros(size, dtype),
                                             "gradWeight": np.zeros(size, dtype)}, raw.version)
        child = f.ctx.module(raw, f"{f.where}.modules[1]" if f.where else "modules[1]")
        bias = None if getattr(child, "bias", None) is None else child.bias.copy()
        dim = index_from_torch(f, "outputDim", 1)
        if child.weight.ndim > 2 and dim not in (0, 1):
            raise f.error("outputDim beyond 2 on a weight of more than 2 dims (Torch7 transposes, nnlib moves the "
                          "axis: different layouts of v) is not supported")
        module = nn.WeightNorm(child, dim)
        if bias is not None:
            child.bias[...] = bias
        for name in ("v", "g"):
            f.check_size(name, getattr(module, name).size)
            getattr(module, name)[...] = f.array(name).reshape(getattr(module, name).shape)
            grad = f.get(grad_name(name))
            if isinstance(grad, np.ndarray) and grad.size == getattr(module, name).size:
                getattr(module, "grad_" + name)[...] = grad.reshape(getattr(module, name).shape)
        module.update_weight()
        grad = f.get("gradWeight")
        if isinstance(grad, np.ndarray) and grad.size == child.grad_weight.size:
            child.grad_weight[...] = grad.reshape(child.grad_weight.shape)
        module.train = bool(f.get("train", True))
        return module

    def settings(self, module):
        child = module.module
        rows = module.v.shape[0]
        out = {**super().settings(module), "outputDim": index_to_torch(module.out_dim),
               "weight": child.weight, "gradWeight": child.grad_weight, "otherDims": module.v.shape[1],
               "viewIn": new_storage(np.array(module.v.shape, np.int64)),
               "viewOut": new_storage(np.array(child.weight.shape, np.int64)),
               "weightSize": new_storage(np.array(child.weight.shape, np.int64)),
               "_norm": np.zeros(rows, module.dtype), "_scale": np.zeros(rows, module.dtype)}
        if getattr(child, "bias", None) is not None:
            out.update(bias=child.bias, gradBias=child.grad_bias)
        return out


@register
class Profile(_Decorator):
    """Torch7 cannot save the profiler's `torch.Timer` (its `save` drops the field with a warning), so files hold
    the module, interval, name and counters, which are kept."""
    torch_name, module = "nn.Profile", nn.Profile

    def arguments(self, f):
        (child,), _ = super().arguments(f)
        return (child, f.int("print_interval", 100), f.get("name")), {}

    def finish(self, module, f):
        module.num_fwds, module.num_bwds = f.int("numFwds", 0), f.int("numBwds", 0)
        module.summed_fwd_time, module.summed_bwd_time = f.float("summedFwdTime", 0.0), f.float("summedBwdTime", 0.0)

    def settings(self, module):
        return {**super().settings(module), "print_interval": module.print_interval, "name": module.name,
                "module": module.module, "numFwds": module.num_fwds, "numBwds": module.num_bwds,
                "summedFwdTime": module.summed_fwd_time, "summedBwdTime": module.summed_bwd_time}
