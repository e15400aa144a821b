"""Element-wise math and reductions (Torch7's 1-based `dimension`, with `nInputDims` kept as nnlib keeps it)."""
from ... import nn
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch


@register
class Abs(Entry):
    torch_name, module = "nn.Abs", nn.Abs


@register
class Exp(Entry):
    torch_name, module = "nn.Exp", nn.Exp


@register
class Log(Entry):
    torch_name, module = "nn.Log", nn.Log


@register
class Square(Entry):
    torch_name, module = "nn.Square", nn.Square


@register
class Sqrt(Entry):
    torch_name, module = "nn.Sqrt", nn.Sqrt

    def arguments(self, f):
        return (f.float("eps", 0.0),), {}

    def settings(self, module):
        return {"eps": module.eps}


@register
class Power(Entry):
    torch_name, module = "nn.Power", nn.Power

    def arguments(self, f):
        return (f.float("pow"),), {}

    def settings(self, module):
        return {"pow": module.pow}


@register
class Normalize(Entry):
    torch_name, module = "nn.Normalize", nn.Normalize

    def arguments(self, f):
        return (f.float("p"), f.float("eps", 1e-10)), {}

    def settings(self, module):
        return {"p": module.p, "eps": module.eps}


class _Reduction(Entry):
    def arguments(self, f):
        return (index_from_torch(f, "dimension", 1), f.int("nInputDims", None)), {}

    def settings(self, module):
        out = {"dimension": index_to_torch(module.dimension)}
        if module.n_input_dims is not None:
            out["nInputDims"] = module.n_input_dims
        return out


@register
class Sum(_Reduction):
    torch_name, module = "nn.Sum", nn.Sum

    def arguments(self, f):
        args, _ = super().arguments(f)
        return args, {"size_average": f.bool("sizeAverage", False), "squeeze": f.bool("squeeze", True)}

    def settings(self, module):
        return {**super().settings(module), "sizeAverage": module.size_average, "squeeze": module.squeeze}


@register
class Mean(Sum):
    torch_name, module = "nn.Mean", nn.Mean

    def arguments(self, f):
        return _Reduction.arguments(self, f)


@register
class Max(_Reduction):
    torch_name, module = "nn.Max", nn.Max


@register
class Min(_Reduction):
    torch_name, module = "nn.Min", nn.Min
