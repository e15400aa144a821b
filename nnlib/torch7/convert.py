"""Torch7 model -> PyTorch: the weights as safetensors under PyTorch's key names and a `model.py` defining
the equivalent `torch.nn` module (`python -m nnlib.torch7 convert model.t7 OUT_DIR`).

The weights are the loaded model's `state_dict()` (nnlib's PyTorch key names and layouts), so the
generated module only has to nest its children as the nnlib tree nests them: a Sequential's
children are numbered from 0, as `torch.nn.Sequential` numbers them, and the decorators PyTorch has
no counterpart for (Decorator, DontCast, NaN, Profile) are replaced by their module, adding no level.
Each class with a PyTorch twin is written as that twin's constructor call (`TWINS`); the others are
reported as unsupported.
"""
import logging
import os
import uuid
from dataclasses import dataclass, field

import numpy as np

from .. import nn

log = logging.getLogger(__name__)


class ConversionError(ValueError):
    """The model has modules without a PyTorch twin (and a partial conversion was not asked for)."""


def _conv2d(m, dilation=None):
    args = f"{m.n_in}, {m.n_out}, kernel_size=({m.kH}, {m.kW}), stride=({m.dH}, {m.dW}), padding=({m.padH}, {m.padW})"
    return f"nn.Conv2d({args}" + (f", dilation={dilation})" if dilation else ")")


def _pool(name, m, extra=""):
    return (f"nn.{name}(({m.kH}, {m.kW}), stride=({m.dH}, {m.dW}), padding=({m.padH}, {m.padW}), "
            f"ceil_mode={m.ceil_mode}{extra})")


def _flatten(sizes, batched):
    """Torch7's View/Reshape to `sizes`: on a batch (the first axis kept) Flatten, then Unflatten for several
    sizes; without one (everything reshaped) the same from axis 0."""
    sizes, axis = tuple(int(s) for s in sizes), 1 if batched else 0
    flat = "nn.Flatten()" if batched else "nn.Flatten(0)"
    return flat if len(sizes) == 1 else f"nn.Sequential({flat}, nn.Unflatten({axis}, {sizes}))"


def _view(m):
    # Torch7's View keeps a batch axis unless a size is -1 and numInputDims is not set (then it reshapes it all)
    return _flatten(m.sizes, m.num_input_dims is not None or -1 not in m.sizes)


def _reshape(m):
    # Torch7's Reshape keeps the first axis as the batch unless batchMode is false
    return _flatten(m.sizes, m.batch_mode is not False)


def _batch_norm(kind):
    return lambda m: (f"nn.BatchNorm{kind}({m.n_output}, eps={m.eps!r}, momentum={m.momentum!r}, "
                      f"affine={m.affine})")


def _lookup(m):
    extra = "" if m.max_norm is None else f", max_norm={m.max_norm!r}, norm_type={m.norm_type!r}"
    if m.padding_value is not None:
        extra += f", padding_idx={m.padding_value}"
    return f"nn.Embedding({m.n_index}, {m.n_output}{extra})"


def _dropout(name):
    # Torch7's v1 dropout scales by (1 - p) at evaluation: PyTorch's never does
    return lambda m: f"nn.{name}(p={m.p!r})" if getattr(m, "v2", True) else None


# nnlib class -> the code constructing its torch.nn twin (None: this configuration has none).
# Softmax-like modules take Torch7's choice for batched input ((N, C) or (N, C, H, W)): dim 1.
TWINS = {
    nn.Linear: lambda m: f"nn.Linear({m.input_size}, {m.output_size}, bias={m.bias is not None})",
    nn.SpatialConvolution: _conv2d,
    nn.SpatialConvolutionMM: _conv2d,
    nn.SpatialDilatedConvolution: lambda m: _conv2d(m, f"({m.dilationH}, {m.dilationW})"),
    nn.SpatialFullConvolution: lambda m: (f"nn.ConvTranspose2d({m.n_in}, {m.n_out}, kernel_size=({m.kH}, {m.kW}), "
                                          f"stride=({m.dH}, {m.dW}), padding=({m.padH}, {m.padW}), "
                                          f"output_padding=({m.adjH}, {m.adjW}))"),
    nn.SpatialMaxPooling: lambda m: _pool("MaxPool2d", m),
    nn.SpatialAveragePooling: lambda m: _pool("AvgPool2d", m, f", count_include_pad={m.count_include_pad}"),
    nn.SpatialBatchNormalization: _batch_norm("2d"),
    nn.BatchNormalization: _batch_norm("1d"),
    nn.VolumetricBatchNormalization: _batch_norm("3d"),
    nn.SpatialCrossMapLRN: lambda m: f"nn.LocalResponseNorm({m.size}, alpha={m.alpha!r}, beta={m.beta!r}, k={m.k!r})",
    nn.SpatialZeroPadding: lambda m: f"nn.ZeroPad2d(({m.pad_l}, {m.pad_r}, {m.pad_t}, {m.pad_b}))",
    nn.SpatialReflectionPadding: lambda m: f"nn.ReflectionPad2d(({m.pad_l}, {m.pad_r}, {m.pad_t}, {m.pad_b}))",
    nn.SpatialReplicationPadding: lambda m: f"nn.ReplicationPad2d(({m.pad_l}, {m.pad_r}, {m.pad_t}, {m.pad_b}))",
    nn.SpatialUpSamplingNearest: lambda m: f"nn.Upsample(scale_factor={m.scale_factor}, mode='nearest')",
    nn.LookupTable: _lookup,
    nn.Identity: lambda m: "nn.Identity()",
    nn.Reshape: _reshape,
    nn.View: _view,
    nn.Dropout: _dropout("Dropout"),
    nn.SpatialDropout: _dropout("Dropout2d"),
    nn.VolumetricDropout: _dropout("Dropout3d"),
    nn.ReLU: lambda m: "nn.ReLU()",
    nn.ReLU6: lambda m: "nn.ReLU6()",
    nn.Threshold: lambda m: f"nn.Threshold({m.threshold!r}, {m.val!r})",
    nn.Tanh: lambda m: "nn.Tanh()",
    nn.Sigmoid: lambda m: "nn.Sigmoid()",
    nn.LeakyReLU: lambda m: f"nn.LeakyReLU({m.negval!r})",
    nn.ELU: lambda m: f"nn.ELU({m.alpha!r})",
    nn.HardTanh: lambda m: f"nn.Hardtanh({m.min_val!r}, {m.max_val!r})",
    nn.SoftPlus: lambda m: f"nn.Softplus(beta={m.beta!r}, threshold={m.threshold!r})",
    nn.SoftSign: lambda m: "nn.Softsign()",
    nn.LogSigmoid: lambda m: "nn.LogSigmoid()",
    nn.SoftShrink: lambda m: f"nn.Softshrink({m.lam!r})",
    nn.HardShrink: lambda m: f"nn.Hardshrink({m.lam!r})",
    nn.TanhShrink: lambda m: "nn.Tanhshrink()",
    nn.PReLU: lambda m: f"nn.PReLU({max(m.n_output_plane, 1)})",
    nn.SoftMax: lambda m: "nn.Softmax(dim=1)",
    nn.LogSoftMax: lambda m: "nn.LogSoftmax(dim=1)",
    nn.SoftMin: lambda m: "nn.Softmin(dim=1)",
    nn.SpatialSoftMax: lambda m: "nn.Softmax2d()",
}

# decorators that the state dict's keys (and so the generated code) skip
_TRANSPARENT = (nn.Decorator, nn.DontCast, nn.NaN, nn.Profile)


@dataclass
class Report:
    """What a conversion did: the torch.nn class per converted module path, and the unsupported ones."""
    converted: list = field(default_factory=list)    # (path, Torch7 class, torch.nn code)
    unsupported: list = field(default_factory=list)  # (path, Torch7 class, why)

    def summary(self):
        """Counts of the converted classes and the list of unsupported modules, as lines."""
        counts = {}
        for _, name, _ in self.converted:
            counts[name] = counts.get(name, 0) + 1
        lines = [f"converted {len(self.converted)} modules: " +
                 ", ".join(f"{n} x{c}" if c > 1 else n for n, c in sorted(counts.items()))]
        if self.unsupported:
            lines.append(f"unsupported {len(self.unsupported)} modules (no PyTorch twin):")
            lines += [f"  {path or '<root>'}: {name} ({why})" for path, name, why in self.unsupported]
        return lines


def _torch_name(module):
    from .mapping import entry_for_module
    entry = entry_for_module(module)
    return entry.torch_name if entry is not None else f"nnlib {type(module).__name__}"


def _code(module, path, report, depth, total):
    """The torch.nn expression for `module` (children indented), recording each module in `report`."""
    while isinstance(module, _TRANSPARENT):
        module = module.modules[0]
    name = _torch_name(module)
    pad = "    " * (depth + 1)
    if type(module) is nn.Sequential:
        report.converted.append((path, name, "nn.Sequential"))
        log.info("[%d/%d] %s %s -> nn.Sequential", len(report.converted) + len(report.unsupported), total,
                 path or "<root>", name)
        children = [_code(c, f"{path}.{i}" if path else str(i), report, depth + 1, total)
                    for i, c in enumerate(module.modules)]
        return "nn.Sequential(\n" + "".join(f"{pad}    {c},\n" for c in children) + f"{pad})"
    make = TWINS.get(type(module))
    code = None if make is None else make(module)
    done = len(report.converted) + len(report.unsupported) + 1
    if code is None:
        why = "no torch.nn twin" if make is None else "this configuration has no exact torch.nn twin"
        report.unsupported.append((path, name, why))
        log.info("[%d/%d] %s %s: UNSUPPORTED (%s)", done, total, path or "<root>", name, why)
        return f"Unsupported({name!r})"
    report.converted.append((path, name, code.split("(")[0]))
    log.info("[%d/%d] %s %s -> %s", done, total, path or "<root>", name, code.split("(")[0])
    return code


def _count(module):
    while isinstance(module, _TRANSPARENT):
        module = module.modules[0]
    if type(module) is nn.Sequential:
        return 1 + sum(_count(c) for c in module.modules)
    return 1


_HEADER = '''"""PyTorch model converted from the Torch7 file {source!r} by `python -m nnlib.torch7 convert`.

    from model import load_model
    model = load_model()   # the weights of model.safetensors beside this file, in evaluation mode

The model takes batched input, as Torch7's modules took it ((N, C, H, W) images, (N, features) rows).
{partial}"""
import os

import torch
from torch import nn

DTYPE = torch.{dtype}
PARTIAL = {is_partial}
'''

_UNSUPPORTED_CLASS = '''

class Unsupported(nn.Module):
    """A Torch7 module without a PyTorch twin: the conversion left it to you."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, *args):
        raise NotImplementedError(f"{self.name} has no PyTorch twin: replace this Unsupported module in model.py")
'''

_FOOTER = '''

def make_model():
    """The module tree, its weights not loaded."""
    return {code}.to(DTYPE)


def load_model(path=None):
    """`make_model()` with the weights of `path` (default: model.safetensors beside this file), in eval mode."""
    from safetensors.torch import load_file
    model = make_model()
    path = path or os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")
    model.load_state_dict(load_file(path), strict=not PARTIAL)
    return model.eval()
'''


def generate(model, source="model.t7", allow_partial=False):
    """(model.py source, Report) for an nnlib module tree.

    Raises:
        ConversionError: some modules have no PyTorch twin and `allow_partial` is False.
    """
    report = Report()
    code = _code(model, "", report, 0, _count(model))
    if report.unsupported and not allow_partial:
        raise ConversionError("\n".join(report.summary()[1:]) + "\n(--allow-partial writes model.py with "
                              "placeholders that raise, and loads the weights non-strictly)")
    partial = ("\nPARTIAL: these modules had no PyTorch twin and are placeholders that raise:\n" +
               "".join(f"    {p or '<root>'}: {n}\n" for p, n, _ in report.unsupported)) if report.unsupported else ""
    dtype = "float64" if np.dtype(model.dtype) == np.float64 else "float32"
    text = _HEADER.format(source=os.path.basename(source), partial=partial, dtype=dtype,
                          is_partial=bool(report.unsupported))
    if report.unsupported:
        text += _UNSUPPORTED_CLASS
    text += _FOOTER.format(code=code)
    return text, report


def _write(path, data):
    tmp = f"{path}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def convert(path, out_dir, allow_partial=False, key=None):
    """Convert the Torch7 model file `path` into OUT_DIR/model.safetensors and OUT_DIR/model.py.

    Args:
        path: a Torch7 file holding a model (or a table holding one: `key` names its field).
        out_dir: the folder to write (created if needed).
        allow_partial: write the conversion even when some modules have no PyTorch twin.
        key: the field of a saved table (a checkpoint) that holds the model.

    Returns:
        the `Report`.

    Raises:
        ConversionError: unsupported modules without `allow_partial`, or no model in the file; nothing
            is written then.
    """
    from ..io_safetensors import save_safetensors
    from .api import load

    obj = load(path)
    if key is not None:
        if not isinstance(obj, dict) or key not in obj:
            raise ConversionError(f"{path}: the file holds no table field {key!r}")
        obj = obj[key]
    if not isinstance(obj, nn.Module):
        fields = f" (its fields: {', '.join(map(str, obj))}; pick the model with --key)" if isinstance(obj, dict) else ""
        raise ConversionError(f"{path}: the file holds a {type(obj).__name__}, not a model{fields}")
    log.info("converting %s: %s", path, type(obj).__name__)
    text, report = generate(obj, os.fspath(path), allow_partial)
    os.makedirs(out_dir, exist_ok=True)
    save_safetensors(os.path.join(out_dir, "model.safetensors"), obj,
                     metadata={"source": os.path.basename(os.fspath(path)), "converter": "nnlib.torch7 convert"})
    _write(os.path.join(out_dir, "model.py"), text.encode())
    for line in report.summary():
        log.info("%s", line)
    return report
