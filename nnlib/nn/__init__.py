"""Torch7's nn, in Python: modules, containers and criterions (one class per file)."""
from .class_nll_criterion import ClassNLLCriterion
from .container import Container
from .criterion import Criterion
from .leaky_relu import LeakyReLU
from .linear import Linear
from .log_softmax import LogSoftMax
from .module import Module
from .relu import ReLU
from .sequential import Sequential
from .sigmoid import Sigmoid
from .softmax import SoftMax
from .spatial_average_pooling import SpatialAveragePooling
from .spatial_convolution import SpatialConvolution
from .spatial_max_pooling import SpatialMaxPooling
from .tanh import Tanh
