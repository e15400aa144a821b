"""Linear layers and embeddings."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register


@register
class Linear(Entry):
    torch_name, module, parameters = "nn.Linear", nn.Linear, ("weight", "bias")
    aliases = ("nn.LinearNoBias",)  # rnn's Linear without bias (it drops the field)

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (outputSize x inputSize), found shape {weight.shape}")
        # old files may lack the bias (Linear:noBias)
        return (weight.shape[1], weight.shape[0]), {"bias": f.has("bias")}


@register
class LookupTable(Entry):
    torch_name, module, parameters = "nn.LookupTable", nn.LookupTable, ("weight",)

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (nIndex x nOutput), found shape {weight.shape}")
        padding = f.int("paddingValue", 0)  # Torch7's 1-based id; its placeholder 0 is none
        max_norm = f.float("maxNorm", None)
        return (weight.shape[0], weight.shape[1]), {"padding_value": padding - 1 if padding > 0 else None,
                                                    "max_norm": max_norm, "norm_type": f.float("normType", 2.0)}

    def finish(self, module, f):
        module.should_scale_grad_by_freq = f.bool("shouldScaleGradByFreq", False)

    def settings(self, module):
        out = {"paddingValue": 0 if module.padding_value is None else module.padding_value + 1,
               "normType": module.norm_type, "shouldScaleGradByFreq": module.should_scale_grad_by_freq}
        if module.max_norm is not None:
            out["maxNorm"] = module.max_norm
        return out


@register
class Add(Entry):
    torch_name, module, parameters = "nn.Add", nn.Add, ("bias",)

    def arguments(self, f):
        # a scalar Add keeps one bias value; Torch7 saves no input size for it, nnlib adds `inputSize`
        return (f.int("inputSize", f.array("bias").size),), {"scalar": f.bool("scalar", False)}

    def settings(self, module):
        return {"scalar": module.scalar, "inputSize": module.size,
                "_ones": np.ones(1, module.dtype)}  # Torch7's batch buffer, made in its __init


@register
class CMul(Entry):
    torch_name, module, parameters = "nn.CMul", nn.CMul, ("weight",)

    def arguments(self, f):
        return tuple(f.array("weight").shape), {}

    def settings(self, module):
        return {"size": new_storage(np.array(module.size, np.int64))}


@register
class Mul(Entry):
    torch_name, module, parameters = "nn.Mul", nn.Mul, ("weight",)


@register
class Bilinear(Entry):
    torch_name, module, parameters = "nn.Bilinear", nn.Bilinear, ("weight", "bias")
    table_grad_input = True

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 3:
            raise f.error(f"field 'weight' should be 3-D (outputSize x inputSize1 x inputSize2), found {weight.shape}")
        return (weight.shape[1], weight.shape[2], weight.shape[0]), {"bias": f.has("bias")}


@register
class CAdd(Entry):
    torch_name, module, parameters = "nn.CAdd", nn.CAdd, ("bias",)

    def arguments(self, f):
        return tuple(f.array("bias").shape), {}

    def settings(self, module):
        return {"size": new_storage(np.array(module.size, np.int64))}


@register
class Cosine(Entry):
    torch_name, module, parameters = "nn.Cosine", nn.Cosine, ("weight",)

    def arguments(self, f):
        weight = f.array("weight")  # (outputSize, inputSize)
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (outputSize x inputSize), found shape {weight.shape}")
        return (weight.shape[1], weight.shape[0]), {}


@register
class Euclidean(Entry):
    torch_name, module, parameters = "nn.Euclidean", nn.Euclidean, ("weight",)

    def arguments(self, f):
        weight = f.array("weight")  # (inputSize, outputSize)
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (inputSize x outputSize), found shape {weight.shape}")
        return tuple(weight.shape), {}

    def settings(self, module):
        return {"fastBackward": True}


@register
class WeightedEuclidean(Euclidean):
    torch_name, module = "nn.WeightedEuclidean", nn.WeightedEuclidean
    parameters, names = ("weight", "diag_cov"), {"diag_cov": "diagCov"}

    def settings(self, module):
        return {}


@register
class Kmeans(Entry):
    torch_name, module, parameters = "nn.Kmeans", nn.Kmeans, ("weight",)
    buffers = {"cluster_sample_count": "clusterSampleCount"}

    def arguments(self, f):
        return (f.int("k"), f.int("dim"), f.float("scale", None)), {}

    def finish(self, module, f):
        module.loss = f.float("loss", 0.0)

    def settings(self, module):
        out = {"k": module.k, "dim": module.dim, "loss": module.loss}
        if module.scale is not None:
            out["scale"] = module.scale
        return out


@register
class LinearWeightNorm(Entry):
    torch_name, module = "nn.LinearWeightNorm", nn.LinearWeightNorm
    parameters, buffers = ("v", "g", "bias"), {"weight": "weight"}

    def arguments(self, f):
        v = f.array("v")
        if v.ndim != 2:
            raise f.error(f"field 'v' should be 2-D (outputSize x inputSize), found shape {v.shape}")
        return (v.shape[1], v.shape[0]), {"bias": f.has("bias"), "eps": f.float("eps", 1e-16)}

    def settings(self, module):
        n = module.output_size
        return {"eps": module.eps, "inputSize": module.input_size, "outputSize": n,
                "norm": np.zeros((n, 1), module.dtype), "scale": np.zeros((n, 1), module.dtype)}


@register
class SparseLinear(Entry):
    torch_name, module, parameters = "nn.SparseLinear", nn.SparseLinear, ("weight", "bias")
    table_grad_input = True

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (outputSize x inputSize), found shape {weight.shape}")
        return (weight.shape[1], weight.shape[0], f.bool("doGradInput", False)), {}

    def finish(self, module, f):
        module.weight_decay = f.float("weightDecay", 0.0)

    def settings(self, module):
        return {"weightDecay": module.weight_decay, "doGradInput": module.do_grad_input}


@register
class IndexLinear(Entry):
    """Torch7's `offset` is added to its 1-based keys; nnlib's `keys_offset` to 0-based ones: one more."""
    torch_name, module, parameters = "nn.IndexLinear", nn.IndexLinear, ("weight", "bias")
    table_grad_input = True

    def arguments(self, f):
        normalize = f.int("normalize", 0)
        return (f.int("inputSize"), f.int("outputSize"), f.bool("doGradInput", False), f.int("offset", -1) + 1), \
            {"normalize": normalize > 0}

    def finish(self, module, f):
        module.weight_decay = f.float("weightDecay", 0.0)

    def settings(self, module):
        return {"inputSize": module.input_size, "outputSize": module.output_size, "normalize": module.normalize,
                "doGradInput": module.do_grad_input, "offset": module.keys_offset - 1,
                "weightDecay": module.weight_decay,
                "running": {"cumSumSizes": [], "keys": [], "gradWeight": [], "counter": 1},
                "sizesCache": [], "cumSumSizesCache": []}


@register
class PartialLinear(Entry):
    """Torch7 keeps the weight in a LookupTable inside its `network` and the partition 1-based."""
    torch_name, module, parameters = "nn.PartialLinear", nn.PartialLinear, ("bias",)

    def arguments(self, f):
        return (f.int("inputsize"), f.int("outputsize")), {"bias": f.has("bias")}

    def finish(self, module, f):
        network = f.child("network")
        try:
            lookup = network.modules[0].modules[1]
        except (AttributeError, IndexError):
            lookup = None
        if not isinstance(lookup, nn.LookupTable) or lookup.weight.shape != module.weight.shape:
            raise f.error("field 'network' should hold the ParallelTable(Identity, LookupTable(outputsize, "
                          "inputsize)) Torch7 builds")
        module.weight, module.grad_weight = lookup.weight.astype(module.dtype, copy=False), lookup.grad_weight
        if f.has("partition"):
            module.set_partition(np.asarray(f.array("partition")).astype(np.int64) - 1)

    def settings(self, module):
        lookup = nn.LookupTable(module.output_size, module.input_size).astype(module.dtype)
        lookup.weight, lookup.grad_weight = module.weight, module.grad_weight
        network = nn.Sequential(nn.ParallelTable(nn.Identity(), lookup), nn.MM(False, True)).astype(module.dtype)
        lookup.weight, lookup.grad_weight = module.weight, module.grad_weight
        partition = (module.partition + 1).astype(np.int64)
        return {"inputsize": module.input_size, "outputsize": module.output_size, "network": network,
                "partition": partition, "allcolumns": np.arange(1, module.output_size + 1, dtype=np.int64)}


@register
class Maxout(Entry):
    """A Sequential in Torch7 too: Linear(in, out * k), View(k, out), [preprocess], Max(1, 2)."""
    torch_name, module = "nn.Maxout", nn.Maxout

    def build(self, f):
        children = f.children()
        if len(children) not in (3, 4) or not isinstance(children[0], nn.Linear) or \
                not isinstance(children[1], nn.View) or not isinstance(children[-1], nn.Max):
            raise f.error("a Maxout should hold Linear, View, [preprocess], Max")
        k, out = children[1].sizes
        module = nn.Maxout(children[0].input_size, out, k, children[2] if len(children) == 4 else None)
        module.modules = children
        module.dtype = children[0].dtype
        module.train = bool(f.get("train", True))
        return module

    def settings(self, module):
        return {"modules": list(module.modules)}
