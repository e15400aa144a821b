"""`SpatialConvolutionMap`: a 2-D convolution whose planes connect as a table says."""



import numpy as np

from ._volumetric import _ConnectionTableConvolution


class SpatialConvolutionMap(_ConnectionTableConvolution):
    """2-D convolution along a connection table of (input plane, output plane) pairs.

    Output plane o = bias[o] + the sum, over connections k = (i, o) of `conn_table`, of input plane i
    cross-correlated with the kH x kW kernel weight[k].

    Args:
        conn_table: (connections, 2) integer array of 0-based (input plane, output plane) pairs, e.g.
            `nn.tables.full(n_in, n_out)`, `nn.tables.one_to_one(n)` or `nn.tables.random(n_in, n_out, n_to)`.
            The planes counted are 1 + the largest plane numbers in it.
        kW, kH: kernel width and height.
        dW, dH: strides (default 1). No padding, as in Torch7.

    Shape:
        input (N, n_in, H, W) or (n_in, H, W); output (N, n_out, oH, oW), oH = (H - kH) // dH + 1.
        `weight` is (connections, kH, kW), `bias` (n_out,).
    """

    def __init__(self, conn_table: np.ndarray, kW: int, kH: int, dW: int = 1, dH: int = 1):
        super().__init__()
        self._setup_table(conn_table, kW, kH, dW, dH)
