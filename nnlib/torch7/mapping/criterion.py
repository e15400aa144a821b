"""Criterions: `sizeAverage`, class `weights`, and ClassNLLCriterion's 1-based `ignoreIndex`
(Torch7's -100 sentinel, or any index below 1, is nnlib's None)."""
import numpy as np

from ... import nn
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
        if weights is not None:
            criterion.dtype = weights.dtype
        return criterion

    def fields(self, module, ctx):
        out = {"output": 0.0, "gradInput": np.empty(0, module.dtype), "sizeAverage": module.size_average}
        if getattr(module, "weights", None) is not None:
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
