"""Debugging and training-signal helpers: GradientReversal, L1Penalty, NaN, PrintSize, Profile."""
from .gradient_reversal import GradientReversal
from .l1_penalty import L1Penalty
from .nan import NaN
from .print_size import PrintSize
from .profile import Profile

__all__ = ["GradientReversal", "L1Penalty", "NaN", "PrintSize", "Profile"]
