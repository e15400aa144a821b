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

Two generations are kept: `save_checkpoint` first makes the current file
the previous one (`checkpoint.previous.h5` beside `checkpoint.h5`), so a
checkpoint damaged after it was written (a disk that filled up, a copy cut
short, a flipped bit: nnlib.load verifies every checksum) costs one epoch,
not the run. `latest_checkpoint` returns the newest intact one, logging each
file it skipped and why, and moves damaged files aside (`<name>.damaged`).

`arithmetic_context()` records what still decides the rounding of a run
beyond its configuration: the CPU name and features numba compiled for, the
BLAS library and the core it chose, the numpy and numba versions. A resume
under another context would mix two rounding orders and reproduce neither
run, so it is refused. The thread count is recorded too, but a resume under
another one is allowed: kernels split their sums into blocks decided by the
shapes alone (`nnlib.kernels._config.MAX_BLOCKS`), so every thread count
gives the same bits (tests/reliability/test_thread_count.py).
"""
import os

import numpy as np

from ..io import LoadError, load, save

FORMAT = "nnlib-experiment-checkpoint-1"


class ResumeRefused(RuntimeError):
    """A checkpoint was written under another arithmetic context (CPU, BLAS, library versions)."""


def previous_path(path):
    """Where the generation before `path` is kept: checkpoint.h5 -> checkpoint.previous.h5."""
    root, ext = os.path.splitext(os.fspath(path))
    return f"{root}.previous{ext}"


def checkpoint_files(path):
    """Every file a checkpoint at `path` may have left: both generations and damaged ones moved aside."""
    return [p for base in (os.fspath(path), previous_path(path)) for p in (base, base + ".damaged")]


def save_checkpoint(path, state):
    """Write the dict `state` to `path` atomically (nnlib.save), with a format marker.

    The file already at `path` becomes the previous generation first (by a hard
    link and a rename, so at every instant one complete checkpoint exists).
    """
    path = os.fspath(path)
    if os.path.exists(path):
        previous = previous_path(path)
        tmp = previous + f".{os.getpid()}.tmp"
        try:
            os.link(path, tmp)
            os.replace(tmp, previous)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    save(path, {"format": FORMAT, "state": state})


def latest_checkpoint(path, log):
    """The state of the newest intact checkpoint of `path` (either generation), or None.

    Each file that cannot be loaded is logged through `log(line)` with the
    reason and renamed `<name>.damaged`, so a rerun no longer trips over it.
    """
    found = []
    for candidate in (os.fspath(path), previous_path(path)):
        if not os.path.exists(candidate):
            continue
        try:
            state = load_checkpoint(candidate)
            int(state["epoch"])
        except (LoadError, ValueError, KeyError, TypeError) as e:
            os.replace(candidate, candidate + ".damaged")
            log(f"skipping the checkpoint {candidate}: {e}; moved it to {candidate}.damaged")
            continue
        found.append((int(state["epoch"]), candidate, state))
    if not found:
        return None
    epoch, chosen, state = max(found, key=lambda item: item[0])
    if chosen != os.fspath(path):
        log(f"resuming from the previous checkpoint {chosen} (epoch {epoch})")
    return state


THREAD_COUNT_FREE = ("threads",)
"""Keys of `arithmetic_context()` recorded for information but not checked on a resume: results
are the same bits at any thread count."""


def arithmetic_context():
    """What a run ran under besides its settings: threads (for information), CPU target, BLAS,
    library versions."""
    import llvmlite.binding as llvm
    import numba
    from threadpoolctl import threadpool_info

    from ..threads import get_num_threads
    blas = sorted(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}"
                  for i in threadpool_info() if i.get("user_api") == "blas")
    return {"threads": int(get_num_threads()),
            "cpu": numba.config.CPU_NAME or llvm.get_host_cpu_name(),
            "cpu_features": numba.config.CPU_FEATURES or llvm.get_host_cpu_features().flatten(),
            "blas": blas, "numpy": np.__version__, "numba": numba.__version__}


def check_arithmetic(saved, path):
    """Refuse to resume a checkpoint written under another `arithmetic_context()` (the thread count
    aside), saying how to proceed."""
    if saved is None:
        return
    current = arithmetic_context()
    differ = [k for k in sorted(set(saved) | set(current))
              if k not in THREAD_COUNT_FREE and saved.get(k) != current.get(k)]
    if not differ:
        return
    shown = "; ".join(f"{k}: {_short(saved.get(k))} in the checkpoint, {_short(current.get(k))} now" for k in differ)
    raise ResumeRefused(
        f"{path} was written under another arithmetic context ({shown}); resuming would mix two rounding "
        f"orders and reproduce neither run. To continue it bit for bit, resume on the machine and software "
        f"that wrote it; to start over instead, delete {path} and {previous_path(path)}")


def _short(value):
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_checkpoint(path):
    """Read a state written by `save_checkpoint`."""
    path = os.fspath(path)
    obj = load(path)
    if not (isinstance(obj, dict) and obj.get("format") == FORMAT and isinstance(obj.get("state"), dict)):
        found = obj.get("format") if isinstance(obj, dict) else type(obj).__name__
        raise LoadError(f"load_checkpoint: {path} is an nnlib file but not an experiment checkpoint "
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
