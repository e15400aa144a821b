"""Atomic HDF5 writing: a file appears under its final name only once it is complete."""
import contextlib
import os
from pathlib import Path

import h5py


@contextlib.contextmanager
def atomic_h5(path):
    """Open a temporary HDF5 file next to `path` for writing; rename it to `path` on success.

    On any error the temporary file is removed and `path` is left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with h5py.File(tmp, "w", track_order=True) as f:
            yield f
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
