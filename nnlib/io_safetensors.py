"""`save_safetensors` / `load_safetensors`: state dicts as safetensors files (re-exported by `nnlib.io`).

The safetensors format (a JSON header of names, dtypes and shapes, then raw
little-endian data) is what PyTorch tools exchange weights in; with the
PyTorch key names of `Module.state_dict()` a file written here loads into
the matching `torch.nn` model (`safetensors.torch.load_file`), and one
written by PyTorch loads here. Needs the `safetensors` package, the optional
extra `pip install nnlib[io]`; nnlib uses its numpy API only.
"""
import os
import uuid

import numpy as np


def _safetensors():
    """The safetensors package (with its numpy API loaded), or an ImportError saying how to install it."""
    try:
        import safetensors
        import safetensors.numpy
    except ImportError as e:
        raise ImportError("save_safetensors / load_safetensors need the safetensors package: "
                          "pip install 'nnlib[io]' (or pip install safetensors)") from e
    return safetensors


def save_safetensors(path: str | os.PathLike, obj, metadata: dict[str, str] | None = None) -> None:
    """Write `obj` to the safetensors file `path`: a module (its `state_dict()`) or a {name: array} dict.

    Args:
        path: the file to write; written under a temporary name in the same
            directory, then renamed, so an interrupted save leaves no partial file.
        obj: an nnlib module or a mapping of string keys to numpy arrays.
        metadata: optional {str: str} stored in the file's header.
    """
    from .io import _fsync_directory
    from .nn.module import Module

    st = _safetensors().numpy
    tensors = obj.state_dict() if isinstance(obj, Module) else obj
    if not hasattr(tensors, "items"):
        raise ValueError(f"save_safetensors: expected an nnlib module or a dict of arrays, got {type(obj).__name__}")
    arrays = {}
    for key, value in tensors.items():
        if not isinstance(key, str):
            raise ValueError(f"save_safetensors: keys must be strings, got {key!r}")
        value = np.asarray(value)
        if value.dtype.kind not in "biuf":
            raise ValueError(f"save_safetensors: {key!r} has dtype {value.dtype}; safetensors holds numbers and bools")
        arrays[key] = value if value.flags.c_contiguous else value.copy(order="C")
    if metadata is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ValueError("save_safetensors: metadata must map strings to strings")
    data = st.save(arrays, metadata=metadata)
    path = os.fspath(path)
    directory, name = os.path.split(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"save_safetensors: cannot write {path}: the directory {directory} does not exist")
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _fsync_directory(directory)


def load_safetensors(path: str | os.PathLike, with_metadata: bool = False):
    """{name: numpy array} read from the safetensors file `path` (e.g. for `module.load_state_dict`).

    With `with_metadata`, returns `(arrays, metadata)` (the header's
    {str: str} metadata, {} when there is none). Raises FileNotFoundError for
    a missing file and `nnlib.io.LoadError` naming the file when it is not a
    whole safetensors file.
    """
    from .io import LoadError

    st = _safetensors()
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"load_safetensors: {path} does not exist")
    try:
        with st.safe_open(path, framework="np") as f:
            arrays = {key: f.get_tensor(key) for key in f.keys()}
            metadata = dict(f.metadata() or {})
    except (st.SafetensorError, OSError, ValueError) as e:
        raise LoadError(f"load_safetensors: {path} is not a readable safetensors file ({e})") from e
    return (arrays, metadata) if with_metadata else arrays
