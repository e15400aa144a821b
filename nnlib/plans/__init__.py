"""Plans: how one op runs for one geometry, chosen once; the layer between `nnlib.nn` and `nnlib.kernels`.

A module asks for its plan when the geometry of its input (shapes, dtype) changes (`Module._plan_for`).
The plan holds the algorithm chosen for that geometry, in one place per op, from the measured
thresholds of `nnlib.kernels._choices`; the work arrays that algorithm needs; and the op's forward,
grad-input and acc-grad calls into the kernels. Modules check their arguments, plans choose and
hold the work, kernels compute. The choice depends on the geometry and the thresholds table only,
never on timing or the thread count, so results repeat bit for bit.
"""
from .batch_norm import BatchNormPlan
from .linear import LinearPlan
from .recurrent import GRUPlan, LSTMPlan, MuFuRuPlan, RecurrentPlan, TorchGRUPlan
from .softmax import SoftMaxPlan
from .spatial_convolution import SpatialConvolutionPlan
from .window_pooling import WindowPoolingPlan

__all__ = ["BatchNormPlan", "GRUPlan", "LinearPlan", "LSTMPlan", "MuFuRuPlan", "RecurrentPlan", "SoftMaxPlan",
           "SpatialConvolutionPlan", "TorchGRUPlan", "WindowPoolingPlan"]
