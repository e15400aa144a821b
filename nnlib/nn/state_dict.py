"""PyTorch-compatible state dicts: `Module.state_dict()` and `Module.load_state_dict()`.

A state dict maps PyTorch's key names to numpy arrays in PyTorch's layouts
(those of the module's `torch.nn` twin), so weights move between the two
libraries: `torch_model.load_state_dict({k: torch.from_numpy(v) for k, v in
model.state_dict().items()})` and `model.load_state_dict(torch_model.state_dict())`
(anything `np.asarray` accepts is a value: a CPU tensor, an array).

Keys: each module's own keys come from its class's converter (the `_CONVERTERS`
table below, looked up along the class's MRO); a module without a PyTorch twin
keeps its own parameter and buffer names (`weight`, `running_mean`, ...).
Children are prefixed with their 0-based position as `torch.nn.Sequential`
names them (`0.weight`, `2.1.bias`), except below the decorators PyTorch has no
counterpart for (Sequencer, Recursor, Recurrence, Decorator, MaskZero, ...),
which add no prefix.

`state_dict` values are copies. `load_state_dict` checks every key, shape and
dtype first and only then writes, converting back to nnlib's layouts into the
existing arrays in place (so `get_parameters()`' flat views stay valid); a
failed load changes nothing.
"""
from collections import namedtuple
from collections.abc import Mapping

import numpy as np

from ._checks import describe
from .convolution.temporal_convolution import TemporalConvolution
from .container.decorator import Decorator
from .container.map_table import MapTable
from .debug._decorator import Decorator as _DebugDecorator
from .linear.linear_weight_norm import LinearWeightNorm
from .normalization.batch_normalization import BatchNormalization
from .recurrent.fast_lstm import FastLSTM
from .recurrent.recurrence import Recurrence
from .recurrent.recursor import Recursor
from .recurrent.sequencer import Sequencer
from .recurrent.torch_gru import TorchGRU

IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])
IncompatibleKeys.__doc__ = ("What `load_state_dict` returns: keys the module wanted but did not get, "
                            "and keys it has no use for.")


class Converter:
    """A module's own state in PyTorch's names and layouts (the default: its own names, as they are).

    `export(m)` returns fresh arrays keyed by PyTorch's local names; `load(m,
    values)` gets every key `export` gives, already checked against the
    exported shapes and cast to their dtypes, and writes them into `m`'s arrays
    in place.
    """

    def export(self, m):
        names = [n for n in m._parameter_names + m._buffer_names if getattr(m, n, None) is not None]
        return {n: getattr(m, n).copy() for n in names}

    def load(self, m, values):
        for name, value in values.items():
            getattr(m, name)[...] = value


class Renamed(Converter):
    """Same layouts under other names: `{torch_name: nnlib_attribute}`."""

    def __init__(self, names):
        self.names = names

    def export(self, m):
        return {key: getattr(m, attr).copy() for key, attr in self.names.items() if getattr(m, attr, None) is not None}

    def load(self, m, values):
        for key, value in values.items():
            getattr(m, self.names[key])[...] = value


class BatchNormConverter(Converter):
    """torch.nn.BatchNorm1d/2d/3d: nnlib's parameters and running statistics plus the int64 `num_batches_tracked`."""

    def export(self, m):
        state = super().export(m)
        state["num_batches_tracked"] = np.array(m.num_batches_tracked, dtype=np.int64)
        return state

    def load(self, m, values):
        values = dict(values)
        m.num_batches_tracked = int(values.pop("num_batches_tracked"))
        super().load(m, values)


class TemporalConvolutionConverter(Converter):
    """torch.nn.Conv1d: Torch7's (O, kW*F) frame-major weight is Conv1d's (O, F, kW)."""

    def export(self, m):
        w = m.weight.reshape(m.output_frame_size, m.kW, m.input_frame_size).transpose(0, 2, 1)
        return {"weight": np.ascontiguousarray(w), "bias": m.bias.copy()}

    def load(self, m, values):
        m.weight[...] = values["weight"].transpose(0, 2, 1).reshape(m.weight.shape)
        m.bias[...] = values["bias"]


class WeightNormConverter(Converter):
    """torch.nn.utils.weight_norm(torch.nn.Linear): `weight_g` (O, 1), `weight_v` (O, I), `bias`.

    The derived `weight` is recomputed after a load.
    """

    def export(self, m):
        state = {"weight_g": m.g.copy(), "weight_v": m.v.copy()}
        if m.bias is not None:
            state["bias"] = m.bias.copy()
        return state

    def load(self, m, values):
        m.g[...] = values["weight_g"]
        m.v[...] = values["weight_v"]
        if m.bias is not None:
            m.bias[...] = values["bias"]
        m.update_weight_matrix()


def _gate_rows(h):
    """Row order taking nnlib's LSTM gates [i | f | o | g] to PyTorch's [i | f | g | o].

    It swaps the last two blocks, so it also takes PyTorch's order back to nnlib's.
    """
    return np.r_[0:2 * h, 3 * h:4 * h, 2 * h:3 * h]


class LSTMConverter(Converter):
    """torch.nn.LSTM (one layer, time-major): FastLSTM's cell (no peepholes), also SeqLSTM's and SeqLSTMP's.

    PyTorch's gate rows are [i | f | g | o] (nnlib's [i | f | o | g]) and it
    has two biases: `bias_ih_l0` gets nnlib's bias and `bias_hh_l0` zeros;
    loading adds the two. A projection (`weight_o`, (P, H)) is
    `weight_hr_l0` (torch.nn.LSTM's proj_size=P). rnn's LSTM (peepholes) has
    no twin and keeps its own names.
    """

    def export(self, m):
        rows = _gate_rows(m.bias.shape[0] // 4)
        state = {"weight_ih_l0": m.weight_x[rows], "weight_hh_l0": m.weight_h[rows],
                 "bias_ih_l0": m.bias[rows], "bias_hh_l0": np.zeros_like(m.bias)}
        if getattr(m, "weight_o", None) is not None:
            state["weight_hr_l0"] = m.weight_o.copy()
        return state

    def load(self, m, values):
        rows = _gate_rows(m.bias.shape[0] // 4)
        m.weight_x[...] = values["weight_ih_l0"][rows]
        m.weight_h[...] = values["weight_hh_l0"][rows]
        m.bias[...] = (values["bias_ih_l0"] + values["bias_hh_l0"])[rows]
        if "weight_hr_l0" in values:
            m.weight_o[...] = values["weight_hr_l0"]


# class -> converter, looked up along the MRO (a subclass with another layout needs its own entry)
_CONVERTERS = {
    BatchNormalization: BatchNormConverter(),  # Spatial-/VolumetricBatchNormalization: BatchNorm2d/3d
    TemporalConvolution: TemporalConvolutionConverter(),
    LinearWeightNorm: WeightNormConverter(),
    FastLSTM: LSTMConverter(),  # SeqLSTM, SeqLSTMP; rnn's LSTM (peepholes) has no twin
    TorchGRU: Renamed({"weight_ih_l0": "weight_x", "weight_hh_l0": "weight_h",
                       "bias_ih_l0": "bias_x", "bias_hh_l0": "bias_h"}),  # rnn's GRU has no twin
}
_DEFAULT = Converter()

# containers whose one child takes their place in the key names (PyTorch has no counterpart to add a level)
_TRANSPARENT = (Sequencer, Recursor, Recurrence, Decorator, _DebugDecorator)


def converter(module):
    """The converter of `module`'s class (the nearest registered base class's, else the default)."""
    for cls in type(module).__mro__:
        if cls in _CONVERTERS:
            return _CONVERTERS[cls]
    return _DEFAULT


def _named_children(module):
    """(child, key prefix part) of each child: its position and a dot, or nothing below a decorator.

    A MapTable whose clones share the module's parameters is a decorator of
    that module (one set of keys, whatever the number of clones).
    """
    if isinstance(module, MapTable) and module.shared:
        return [(module.module, "")] if module.modules else []
    if isinstance(module, _TRANSPARENT):
        return [(child, "") for child in module.children()]
    return [(child, f"{i}.") for i, child in enumerate(module.children())]


def _owners(module, prefix=""):
    """(key prefix, module) for the module and every descendant, parents first."""
    found = [(prefix, module)]
    for child, part in _named_children(module):
        found.extend(_owners(child, prefix + part))
    return found


def _entries(module):
    """{key: (module, converter, local key, exported array)} for the whole tree."""
    entries = {}
    for prefix, m in _owners(module):
        conv = converter(m)
        for local, value in conv.export(m).items():
            key = prefix + local
            if key in entries and entries[key][0] is not m:
                raise ValueError(f"state_dict: two modules of {describe(module)} give the key {key!r} "
                                 f"({describe(entries[key][0])} and {describe(m)})")
            entries[key] = (m, conv, local, value)
    return entries


def state_dict(module) -> dict[str, np.ndarray]:
    """{key: array} of the module tree in PyTorch's names and layouts (copies)."""
    return {key: value for key, (_, _, _, value) in _entries(module).items()}


def load_state_dict(module, state: Mapping, strict: bool = True) -> IncompatibleKeys:
    """Write `state` (PyTorch's names and layouts) into the module tree; all checks come before any write.

    Raises ValueError naming every key whose shape differs (with both shapes)
    or whose dtype cannot be cast to the module's, and, when `strict`, every
    missing and unexpected key. Returns `IncompatibleKeys(missing_keys,
    unexpected_keys)`; with `strict=False` missing keys keep their values.
    """
    if not hasattr(state, "keys"):
        raise ValueError(f"load_state_dict: expected a mapping of key -> array, got {type(state).__name__}")
    entries = _entries(module)
    missing = [k for k in entries if k not in state]
    unexpected = [k for k in state if k not in entries]
    problems, given = [], {}
    for key, (m, _, _, ref) in entries.items():
        if key not in state:
            continue
        try:
            value = np.asarray(state[key])
        except Exception as e:  # e.g. a tensor that requires grad or is on a GPU
            problems.append(f"{key!r}: cannot be read as a numpy array ({e})")
            continue
        if value.shape != ref.shape:
            problems.append(f"size mismatch for {key!r}: the state dict has shape {value.shape}, "
                            f"{describe(m)} expects {ref.shape} (PyTorch's layout)")
        elif not np.can_cast(value.dtype, ref.dtype, "same_kind"):
            problems.append(f"{key!r}: dtype {value.dtype} cannot be cast to {describe(m)}'s {ref.dtype}")
        else:
            given[key] = value.astype(ref.dtype)
    if strict and missing:
        problems.append("missing keys: " + ", ".join(map(repr, missing)))
    if strict and unexpected:
        problems.append("unexpected keys: " + ", ".join(map(repr, unexpected)))
    if problems:
        raise ValueError(f"load_state_dict of {describe(module)}: nothing was loaded:\n  " + "\n  ".join(problems))
    updates = {}  # id(module) -> (module, converter, every local key's value: given, else the current one)
    for key, (m, conv, local, ref) in entries.items():
        updates.setdefault(id(m), (m, conv, {}, []))
        updates[id(m)][2][local] = given.get(key, ref)
        updates[id(m)][3].append(key in given)
    for m, conv, values, loaded in updates.values():
        if any(loaded):
            conv.load(m, values)
    return IncompatibleKeys(missing, unexpected)
