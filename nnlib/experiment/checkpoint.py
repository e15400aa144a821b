"""Checkpoints: the whole state of an Experiment between two epochs, in one HDF5 file.

A checkpoint is a nested dict of plain values (None, bool, int, float, str,
lists, dicts) and numpy arrays. Arrays become HDF5 datasets under `arrays/`;
the rest is stored as JSON (floats as repr, so they read back bit for bit;
big ints such as random-generator states are exact). The file is written
under a temporary name, flushed and renamed, so a process killed mid-write
leaves the previous checkpoint intact.

`model_state` / `load_model_state` capture a model's parameters and buffers
and restore them *in place*, so flat parameter views and shared weights
survive a resume.
"""
import json
import os

import h5py
import numpy as np

FORMAT = "nnlib-checkpoint-1"


def _encode(value, arrays):
    if isinstance(value, np.ndarray):
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"__array__": key}
    if isinstance(value, dict):
        for k in value:
            if not isinstance(k, str):
                raise ValueError(f"save_checkpoint: dict keys must be strings, got {k!r}")
        return {k: _encode(v, arrays) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"save_checkpoint: cannot store a {type(value).__name__} ({value!r}); "
                     "use numpy arrays, numbers, strings, lists and dicts")


def _decode(value, group):
    if isinstance(value, dict):
        if set(value) == {"__array__"}:
            return np.array(group[value["__array__"]])
        return {k: _decode(v, group) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, group) for v in value]
    return value


def save_checkpoint(path, state):
    """Write `state` to `path` atomically (temporary file, fsync, rename)."""
    path = os.fspath(path)
    arrays = {}
    tree = json.dumps(_encode(state, arrays))
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with h5py.File(tmp, "w") as f:
            f.attrs["format"] = FORMAT
            f.attrs["state"] = tree
            group = f.create_group("arrays")
            for key, a in arrays.items():
                group.create_dataset(key, data=a)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load_checkpoint(path):
    """Read a state written by `save_checkpoint`."""
    path = os.fspath(path)
    with h5py.File(path, "r") as f:
        if f.attrs.get("format") != FORMAT:
            raise ValueError(f"load_checkpoint: {path} is not an nnlib checkpoint "
                             f"(format {f.attrs.get('format')!r}, expected {FORMAT!r})")
        return _decode(json.loads(f.attrs["state"]), f["arrays"])


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
