"""`load` and `save`: files <-> objects, with the nn mapping in between."""
import os
import uuid

from .reader import read_bytes
from .writer import write_bytes


def load(path, format=None, strict=True):
    """Read a file written by Torch7's `torch.save` (or by `save`).

    Args:
        path: the file.
        format: None to detect it from the file; "binary" (long size detected), "b64", "b32"
            (binary with 8- or 4-byte longs) or "ascii".
        strict: True maps every torch object onto nnlib (nn modules become nnlib modules; a
            class nnlib does not know raises `Torch7MappingError` naming it and where it is);
            False returns the raw object tree (see `nnlib.torch7.objects`).

    Raises:
        Torch7FormatError: the file is not valid Torch7 serialization (names the byte offset).
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        data = f.read()
    raw = read_bytes(data, path, format)
    if not strict:
        return raw
    from .mapping import to_nnlib
    return to_nnlib(raw)


def save(path, obj, format="binary"):
    """Write `obj` to `path` as Torch7's `torch.save` would.

    Args:
        path: the file; written under a temporary name in the same folder and renamed
            over `path` when complete, so an interrupted save leaves no partial file.
        obj: an nnlib module tree (written as the torch/nn objects Torch7 loads, with 1-based
            fields), a raw object tree (`TorchObject`, arrays, tables...) or a mix of both.
        format: "binary" (8-byte longs, as 64-bit Torch7), "b32" (4-byte longs) or "ascii".
    """
    from .mapping import ToTorch
    data = write_bytes(obj, format, convert=ToTorch())
    path = os.fspath(path)
    directory, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
