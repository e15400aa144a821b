"""Torch7's 1-based dimension fields <-> nnlib's 0-based (or negative) dims."""


def dim_from_torch(f, key="dimension", n_input_dims_key="nInputDims"):
    """nnlib's dim from Torch7's 1-based `dimension` and optional `nInputDims`.

    With `nInputDims = n`, Torch7 counts `dimension` among the last n axes (one more
    leading batch axis shifts it), which is nnlib's negative dim `dimension - 1 - n`.
    """
    dimension = f.int(key)
    if dimension < 1:
        raise f.error(f"field '{key}' is {dimension}; Torch7 dims start at 1")
    n = f.int(n_input_dims_key, None)
    return dimension - 1 if n is None else dimension - 1 - n


def dim_to_torch(module, dim, key="dimension", n_input_dims_key="nInputDims"):
    """Torch7's fields for nnlib's `dim`: 1-based, a negative dim through `nInputDims`."""
    if dim >= 0:
        return {key: dim + 1}
    # -j: the j-th axis from the end = dimension 1 of the last j axes (Torch7 supports j or j+1 axes)
    return {key: 1, n_input_dims_key: -dim}


def index_from_torch(f, key, default=None):
    """A 1-based dim/offset/index field as nnlib's 0-based one (negative ones count from the end in both)."""
    value = f.int(key, default)
    if value is None or value < 0:
        return value
    if value == 0:
        raise f.error(f"field '{key}' is 0; Torch7 counts from 1 (negative from the end)")
    return value - 1


def index_to_torch(value):
    """nnlib's 0-based dim/offset/index as Torch7's 1-based one (negative ones unchanged)."""
    return value if value is None or value < 0 else value + 1
