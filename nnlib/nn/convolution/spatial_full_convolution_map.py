"""`SpatialFullConvolutionMap`: the transpose of a connection-table convolution."""



import numpy as np

from ._volumetric import _ConnectionTableConvolution


class SpatialFullConvolutionMap(_ConnectionTableConvolution):
    """2-D full (transposed) convolution along a connection table (Torch7's).

    Output plane o = bias[o] + the sum, over connections k = (i, o) of `conn_table`, of input plane i
    fully convolved with weight[k]: each input pixel spreads its kernel over a kH x kW output
    window (the adjoint of SpatialConvolutionMap's correlation).

    Args:
        conn_table: (connections, 2) integer array of 0-based (input plane, output plane) pairs
            (see `nn.tables`).
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).

    Shape:
        input (N, n_in, H, W) or (n_in, H, W); output (N, n_out, oH, oW), oH = (H - 1)*dH + kH.
        `weight` is (connections, kH, kW), `bias` (n_out,).
    """

    full = True

    def __init__(self, conn_table: np.ndarray, kW: int, kH: int, dW: int = 1, dH: int = 1):
        super().__init__()
        self._setup_table(conn_table, kW, kH, dW, dH)
