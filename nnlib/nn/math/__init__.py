"""Element-wise math and reductions (torch/nn's simple.md: Abs ... Power, Sum/Mean/Max/Min, MM, MV)."""
from .abs import Abs
from .clamp import Clamp
from .exp import Exp
from .log import Log
from .max import Max
from .mean import Mean
from .min import Min
from .mm import MM
from .mv import MV
from .normalize import Normalize
from .power import Power
from .sqrt import Sqrt
from .square import Square
from .sum import Sum

__all__ = ["Abs", "Clamp", "Exp", "Log", "MM", "MV", "Max", "Mean", "Min", "Normalize", "Power", "Sqrt", "Square",
           "Sum"]
