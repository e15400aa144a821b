"""Arrays that start on a cache line, so that threads splitting them at aligned offsets share no line.

numpy's allocations start 16 bytes past a page or malloc boundary. Where
two threads write the two sides of an offset that falls inside a cache line,
the line moves between their cores on every write. The seed CNN's DFT
transforms split rows of 320 or 2048 floats in half between two threads:
unaligned, two threads ran them slower than one (with each thread's scratch
apart as well, `spatial_convolution_fft._scratch_stride`, 0.6x of one).
"""
import math

import numpy as np

CACHE_LINE = 64
"""Bytes in a cache line (x86-64 and most ARM cores)."""

LINE_ELEMENTS = 16
"""Offsets that are multiples of this many elements start a cache line, in float32 and float64 arrays."""


def empty_aligned(shape, dtype):
    """np.empty(shape, dtype) whose data starts on a CACHE_LINE boundary (C order)."""
    dtype = np.dtype(dtype)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    size = math.prod(shape) * dtype.itemsize
    raw = np.empty(size + CACHE_LINE, np.uint8)
    start = -raw.ctypes.data % CACHE_LINE
    return raw[start:start + size].view(dtype).reshape(shape)
