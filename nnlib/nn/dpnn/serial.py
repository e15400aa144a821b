"""`Serial`: dpnn's Serial, a decorator choosing what `nnlib.save` writes of the wrapped module."""
import copy

import numpy as np
from numpy.typing import DTypeLike

from .._checks import describe
from ..container.decorator import Decorator
from ..module import _TORCH_TYPES, Module


class Serial(Decorator):
    """Forwards everything to `module`; only changes how `nnlib.save` writes the wrapped tree.

    Modes (dpnn's; outputs, gradients w.r.t. inputs and work arrays are never
    written by nnlib, in any mode):

    - `heavy_serial()` (the default, as dpnn's): everything nnlib keeps, the
      parameter gradients and `update_grad_parameters`' momentum included, so a
      model saved between accumulating and applying gradients resumes exactly;
    - `medium_serial()`: as heavy, without the momentum (dpnn's `dpnn_mediumEmpty`);
    - `light_serial()`: as medium, without the parameter gradients (they load as
      zeros): for a model that is only run forward.

    A file saved without a Serial writes what `light_serial()` writes plus the
    momentum. The mode holds for the whole wrapped tree (an inner Serial sets
    its own) and is saved with the Serial, which loads as a Serial.

    Args:
        module: the module to decorate.
        tensor_type: None (the default) writes the arrays as they are; a float
            dtype (`np.float32`, `"float64"`) or Torch7's name
            (`"torch.FloatTensor"`, `"torch.DoubleTensor"`) writes a copy of the
            wrapped tree cast to it (parameters, gradients, buffers), so it
            loads with that dtype; the module in memory is not cast. A parameter
            shared with a module outside the Serial is then written twice (the
            cast copy and the original), and loads unshared.

    Shape:
        the wrapped module's.
    """

    def __init__(self, module: Module, tensor_type: DTypeLike | None = None):
        super().__init__(module)
        self.serial_mode = "heavy"
        self.tensor_type = None
        self.tensor_type = self._check_type(tensor_type)

    def _check_type(self, tensor_type):
        if tensor_type is None:
            return None
        try:
            dtype = np.dtype(_TORCH_TYPES.get(tensor_type, tensor_type))
        except TypeError:
            dtype = None
        if dtype is None or dtype.kind != "f":
            raise ValueError(f"{describe(self)}: tensor_type {tensor_type!r} is not a float type; use np.float32, "
                             f"np.float64 or Torch7's 'torch.FloatTensor' / 'torch.DoubleTensor'")
        return dtype

    def heavy_serial(self):
        """Save parameters, buffers, gradients and momentum of the wrapped tree; returns self."""
        self.serial_mode = "heavy"
        return self

    def medium_serial(self):
        """Save as heavy_serial() but without the momentum of update_grad_parameters; returns self."""
        self.serial_mode = "medium"
        return self

    def light_serial(self):
        """Save as medium_serial() but without the parameter gradients; returns self."""
        self.serial_mode = "light"
        return self

    def serial_copy(self):
        """What `nnlib.save` writes in this module's place: itself, or a copy cast to `tensor_type`."""
        if self.tensor_type is None:
            return self
        twin = copy.deepcopy(self).clear_state().astype(self.tensor_type)
        for m in twin.list_modules():  # update_grad_parameters' momentum, kept beside the parameters
            velocity = m.__dict__.get("_momentum_velocity")
            if velocity is not None:
                m._momentum_velocity = [v.astype(self.tensor_type) for v in velocity]
        return twin

    def extra_repr(self):
        return self.serial_mode + ("" if self.tensor_type is None else f", {self.tensor_type}")

    def __repr__(self):
        return f"nn.Serial({self.extra_repr()}) @ {self.modules[0]!r}"
