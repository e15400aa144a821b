"""Criterions: `sizeAverage`, class `weights`, and ClassNLLCriterion's 1-based `ignoreIndex`
(Torch7's -100 sentinel, or any index below 1, is nnlib's None)."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register


class _Criterion(Entry):
    """Criterions have no parameters, modes or children: built from their settings alone."""

    weighted = False

    def arguments(self, f):
        kwargs = {"size_average": f.bool("sizeAverage", True)}
        if self.weighted:
            kwargs["weights"] = f.array("weights", None)
        return (), kwargs

    def build(self, f):
        args, kwargs = self.arguments(f)
        try:
            criterion = self.module(*args, **kwargs)
        except (TypeError, ValueError, MemoryError) as e:
            raise f.error(f"cannot build nn.{self.module.__name__}: {e}") from None
        weights = getattr(criterion, "weights", None)
        if isinstance(weights, np.ndarray):
            criterion.dtype = weights.dtype
        return criterion

    def fields(self, module, ctx):
        out = {"output": 0.0, "gradInput": np.empty(0, module.dtype)}
        if hasattr(module, "size_average"):  # L1Cost and L1HingeEmbeddingCriterion have none
            out["sizeAverage"] = module.size_average
        if isinstance(getattr(module, "weights", None), np.ndarray):
            out["weights"] = module.weights
        out.update(self.settings(module))
        return out


@register
class MSECriterion(_Criterion):
    torch_name, module = "nn.MSECriterion", nn.MSECriterion


@register
class AbsCriterion(_Criterion):
    torch_name, module = "nn.AbsCriterion", nn.AbsCriterion


@register
class SmoothL1Criterion(_Criterion):
    torch_name, module = "nn.SmoothL1Criterion", nn.SmoothL1Criterion


@register
class BCECriterion(_Criterion):
    torch_name, module, weighted = "nn.BCECriterion", nn.BCECriterion, True


@register
class ClassNLLCriterion(_Criterion):
    torch_name, module, weighted = "nn.ClassNLLCriterion", nn.ClassNLLCriterion, True

    def arguments(self, f):
        args, kwargs = super().arguments(f)
        ignore = f.int("ignoreIndex", -100)
        return args, {**kwargs, "ignore_index": ignore - 1 if ignore >= 1 else None}

    def settings(self, module):
        # the buffers Torch7's constructor makes and its passes fill
        return {"ignoreIndex": -100 if module.ignore_index is None else module.ignore_index + 1,
                "output_tensor": np.zeros(1, module.dtype), "total_weight_tensor": np.ones(1, module.dtype),
                "target": np.zeros(1, np.int64)}


@register
class CrossEntropyCriterion(_Criterion):
    torch_name, module, weighted = "nn.CrossEntropyCriterion", nn.CrossEntropyCriterion, True

    def arguments(self, f):
        # Torch7 keeps the weights in its inner ClassNLLCriterion
        nll = f.get("nll")
        weights = nll.get("weights") if hasattr(nll, "get") else None
        return (), {"size_average": f.bool("sizeAverage", True),
                    "weights": weights if isinstance(weights, np.ndarray) else None}

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        weights = out.pop("weights", None)
        out.update({"lsm": nn.LogSoftMax().astype(module.dtype), "oldSizeAverage": module.size_average,
                    "nll": nn.ClassNLLCriterion(weights, module.size_average)})
        return out


class _Margin(_Criterion):
    """Criterions with a `margin` (Torch7's default where its constructor has one)."""
    default_margin = 1.0

    def arguments(self, f):
        args, kwargs = super().arguments(f)
        return (f.float("margin", self.default_margin),), kwargs

    def settings(self, module):
        return {"margin": module.margin}


@register
class CosineEmbeddingCriterion(_Margin):
    torch_name, module, default_margin = "nn.CosineEmbeddingCriterion", nn.CosineEmbeddingCriterion, 0.0


@register
class HingeEmbeddingCriterion(_Margin):
    torch_name, module = "nn.HingeEmbeddingCriterion", nn.HingeEmbeddingCriterion


@register
class MarginCriterion(_Margin):
    torch_name, module = "nn.MarginCriterion", nn.MarginCriterion


@register
class MarginRankingCriterion(_Margin):
    torch_name, module = "nn.MarginRankingCriterion", nn.MarginRankingCriterion


@register
class L1HingeEmbeddingCriterion(_Margin):
    torch_name, module = "nn.L1HingeEmbeddingCriterion", nn.L1HingeEmbeddingCriterion

    def arguments(self, f):
        return (f.float("margin", 1.0),), {}


@register
class DistKLDivCriterion(_Criterion):
    torch_name, module = "nn.DistKLDivCriterion", nn.DistKLDivCriterion


@register
class DistanceRatioCriterion(_Criterion):
    torch_name, module = "nn.DistanceRatioCriterion", nn.DistanceRatioCriterion


@register
class SoftMarginCriterion(_Criterion):
    torch_name, module = "nn.SoftMarginCriterion", nn.SoftMarginCriterion


@register
class SpatialAutoCropMSECriterion(_Criterion):
    torch_name, module = "nn.SpatialAutoCropMSECriterion", nn.SpatialAutoCropMSECriterion


@register
class MultiLabelMarginCriterion(_Criterion):
    """Its targets are 1-based class lists ended by 0 in Torch7, 0-based ended by -1 in nnlib (data, not fields)."""
    torch_name, module = "nn.MultiLabelMarginCriterion", nn.MultiLabelMarginCriterion

    def settings(self, module):
        return {"isTarget": np.empty(0, module.dtype)}


@register
class L1Cost(_Criterion):
    torch_name, module = "nn.L1Cost", nn.L1Cost

    def arguments(self, f):
        return (), {}


@register
class MultiLabelSoftMarginCriterion(_Criterion):
    torch_name, module, weighted = "nn.MultiLabelSoftMarginCriterion", nn.MultiLabelSoftMarginCriterion, True

    def settings(self, module):
        return {"sigmoid": nn.Sigmoid().astype(module.dtype)}


@register
class MultiMarginCriterion(_Criterion):
    torch_name, module, weighted = "nn.MultiMarginCriterion", nn.MultiMarginCriterion, True

    def arguments(self, f):
        _, kwargs = super().arguments(f)
        return (f.int("p", 1),), {**kwargs, "margin": f.float("margin", 1.0)}

    def settings(self, module):
        return {"p": module.p, "margin": module.margin}


@register
class SpatialClassNLLCriterion(_Criterion):
    torch_name, module, weighted = "nn.SpatialClassNLLCriterion", nn.SpatialClassNLLCriterion, True

    def settings(self, module):
        return {"output_tensor": np.zeros(1, module.dtype), "total_weight_tensor": np.ones(1, module.dtype),
                "target": np.zeros(1, np.int64)}


@register
class ClassSimplexCriterion(_Criterion):
    torch_name, module = "nn.ClassSimplexCriterion", nn.ClassSimplexCriterion

    def arguments(self, f):
        _, kwargs = super().arguments(f)
        return (f.int("nClasses"),), kwargs

    def settings(self, module):
        # the simplex Torch7's constructor builds: row i is class i's target
        simplex = np.asarray(module.simplex, module.dtype)
        return {"nClasses": module.n_classes, "simplex": simplex, "_target": np.zeros(module.n_classes, module.dtype)}


@register
class WeightedMSECriterion(_Criterion):
    torch_name, module = "nn.WeightedMSECriterion", nn.WeightedMSECriterion

    def arguments(self, f):
        _, kwargs = super().arguments(f)
        return (f.array("weight"),), kwargs

    def build(self, f):
        criterion = super().build(f)
        criterion.dtype = criterion.weight.dtype
        return criterion

    def settings(self, module):
        return {"weight": module.weight}


@register
class CriterionTable(Entry):
    """A Module in Torch7 (a criterion taking {input, target} as its input)."""
    torch_name, module, table_grad_input = "nn.CriterionTable", nn.CriterionTable, True

    def arguments(self, f):
        return (f.ctx.value(f.get("criterion"), f"{f.where}.criterion"),), {}

    def settings(self, module):
        return {"criterion": module.criterion}

    def fields(self, module, ctx):
        out = super().fields(module, ctx)
        out["output"] = 0.0
        return out


@register
class ModuleCriterion(_Criterion):
    torch_name, module = "nn.ModuleCriterion", nn.ModuleCriterion

    def arguments(self, f):
        def part(key):
            value = f.get(key)
            return None if value is None else f.ctx.value(value, f"{f.where}.{key}")
        return (part("criterion"), part("inputModule"), part("targetModule"), f.bool("castTarget", True)), {}

    def fields(self, module, ctx):
        out = {"output": 0.0, "gradInput": np.empty(0, module.dtype), "criterion": module.criterion,
               "castTarget": module.cast_target}
        for key, value in (("inputModule", module.input_module), ("targetModule", module.target_module)):
            if value is not None:
                out[key] = value
        return out


class _Composite(_Criterion):
    def build(self, f):
        criterion = super().build(f)
        children = f.get("criterions", [])
        weights = f.get("weights", [])
        weights = list(np.asarray(weights).ravel()) if isinstance(weights, np.ndarray) else weights
        if not isinstance(children, list) or not isinstance(weights, list) or len(weights) != len(children):
            raise f.error("fields 'criterions' and 'weights' should be lists of the same length")
        for i, (child, weight) in enumerate(zip(children, weights)):
            criterion.add(f.ctx.value(child, f"{f.where}.criterions[{i + 1}]"), float(weight))
        return criterion


@register
class MultiCriterion(_Composite):
    torch_name, module = "nn.MultiCriterion", nn.MultiCriterion

    def arguments(self, f):
        return (), {}

    def fields(self, module, ctx):
        return {"output": 0.0, "gradInput": np.empty(0, module.dtype), "criterions": list(module.criterions),
                "weights": new_storage(np.array(module.weights, np.float64))}


@register
class ParallelCriterion(_Composite):
    torch_name, module = "nn.ParallelCriterion", nn.ParallelCriterion

    def arguments(self, f):
        return (f.bool("repeatTarget", False),), {}

    def fields(self, module, ctx):
        return {"output": 0.0, "gradInput": [], "criterions": list(module.criterions),
                "weights": [float(w) for w in module.weights], "repeatTarget": module.repeat_target}
