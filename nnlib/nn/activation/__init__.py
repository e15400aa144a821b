"""Element-wise and row-wise transfer functions (torch/nn's transfer.md)."""
from .leaky_relu import LeakyReLU
from .log_softmax import LogSoftMax
from .relu import ReLU
from .sigmoid import Sigmoid
from .softmax import SoftMax
from .tanh import Tanh

__all__ = ["LeakyReLU", "LogSoftMax", "ReLU", "Sigmoid", "SoftMax", "Tanh"]
