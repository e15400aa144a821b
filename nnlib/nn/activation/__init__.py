"""Element-wise and row-wise transfer functions (torch/nn's transfer.md)."""
from .add_constant import AddConstant
from .crelu import CReLU
from .elu import ELU
from .gated_linear_unit import GatedLinearUnit
from .hard_shrink import HardShrink
from .hard_tanh import HardTanh
from .leaky_relu import LeakyReLU
from .log_sigmoid import LogSigmoid
from .log_softmax import LogSoftMax
from .mul_constant import MulConstant
from .prelu import PReLU
from .relu import ReLU
from .relu6 import ReLU6
from .rrelu import RReLU
from .sigmoid import Sigmoid
from .soft_min import SoftMin
from .soft_plus import SoftPlus
from .soft_shrink import SoftShrink
from .soft_sign import SoftSign
from .softmax import SoftMax
from .spatial_log_softmax import SpatialLogSoftMax
from .spatial_softmax import SpatialSoftMax
from .tanh import Tanh
from .tanh_shrink import TanhShrink
from .threshold import Threshold

__all__ = ["AddConstant", "CReLU", "ELU", "GatedLinearUnit", "HardShrink", "HardTanh", "LeakyReLU", "LogSigmoid",
           "LogSoftMax", "MulConstant", "PReLU", "ReLU", "ReLU6", "RReLU", "Sigmoid", "SoftMin", "SoftPlus",
           "SoftShrink", "SoftSign", "SoftMax", "SpatialLogSoftMax", "SpatialSoftMax", "Tanh", "TanhShrink",
           "Threshold"]
