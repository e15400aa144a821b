"""Checkpoints: the whole state of an Experiment between two epochs, in one HDF5 file.

A checkpoint is a nested dict of plain values (None, bool, int, float, str,
lists, dicts) and numpy arrays, written with `nnlib.save` (HDF5, written
under a temporary name and renamed, so a process killed mid-write leaves the
previous checkpoint intact; floats and big ints such as random-generator
states read back exactly). The top-level dict carries a format marker so a
model file is not mistaken for a checkpoint.

`model_state` / `load_model_state` capture a model's parameters and buffers
and restore them *in place*, so flat parameter views and shared weights
survive a resume.
"""
import os

import numpy as np

from ..io import load, save

FORMAT = "nnlib-experiment-checkpoint-1"


def save_checkpoint(path, state):
    """Write the dict `state` to `path` atomically (nnlib.save), with a format marker."""
    save(path, {"format": FORMAT, "state": state})


def load_checkpoint(path):
    """Read a state written by `save_checkpoint`."""
    path = os.fspath(path)
    obj = load(path)
    if not (isinstance(obj, dict) and obj.get("format") == FORMAT):
        found = obj.get("format") if isinstance(obj, dict) else type(obj).__name__
        raise ValueError(f"load_checkpoint: {path} is an nnlib file but not an experiment checkpoint "
                         f"(found {found!r}, expected format {FORMAT!r})")
    return obj["state"]


def _slots(model):
    for i, m in enumerate(model.list_modules()):
        for name in m._parameter_names + m._buffer_names:
            yield f"{i}.{type(m).__name__}.{name}", m, name


def model_state(model):
    """{"<index>.<Class>.<name>": array} for every parameter and buffer of the tree (copies)."""
    return {key: np.array(getattr(m, name)) for key, m, name in _slots(model) if getattr(m, name) is not None}


def load_model_state(model, state):
    """Restore a `model_state` into `model`: parameters in place, buffers in place when the shape allows."""
    slots = list(_slots(model))
    expected = {key for key, m, name in slots if name in m._parameter_names}
    missing = expected - set(state)
    if missing:
        raise ValueError(f"load_model_state: the checkpoint lacks {sorted(missing)[:3]}; "
                         "it was written for a different model")
    for key, m, name in slots:
        if key not in state:
            continue
        saved, current = state[key], getattr(m, name)
        if name in m._parameter_names:
            if current.shape != saved.shape:
                raise ValueError(f"load_model_state: {key} has shape {current.shape} in the model but "
                                 f"{saved.shape} in the checkpoint; it was written for a different model")
            current[...] = saved
        elif current is not None and current.shape == saved.shape:
            current[...] = saved
        else:
            setattr(m, name, saved.astype(m.dtype))
