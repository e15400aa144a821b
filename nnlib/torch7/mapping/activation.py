"""Element-wise and row-wise activations."""
from ... import nn
from ._base import Entry, register


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
        return (f.float("negval", 1 / 100),), {}

    def settings(self, module):
        return {"negval": module.negval, "inplace": False}
