"""Modules that change an array's shape or select from it, not its values."""
from .collapse import Collapse
from .constant import Constant
from .contiguous import Contiguous
from .copy import Copy
from .identity import Identity
from .index import Index
from .masked_select import MaskedSelect
from .narrow import Narrow
from .one_hot import OneHot
from .padding import Padding
from .pixel_shuffle import PixelShuffle
from .replicate import Replicate
from .reshape import Reshape
from .select import Select
from .squeeze import Squeeze
from .transpose import Transpose
from .unsqueeze import Unsqueeze
from .view import View
from .zero_grad import ZeroGrad

__all__ = ["Collapse", "Constant", "Contiguous", "Copy", "Identity", "Index", "MaskedSelect", "Narrow", "OneHot",
           "Padding", "PixelShuffle", "Replicate", "Reshape", "Select", "Squeeze", "Transpose", "Unsqueeze", "View",
           "ZeroGrad"]
