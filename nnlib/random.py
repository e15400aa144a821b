"""The library-wide random generator (Torch's `torch.manualSeed`).

Parameter initialisation and dropout masks draw from one numpy Generator, so
`manual_seed(s)` makes a whole run repeatable and its state can be checkpointed.
"""
import numpy as np

_generator = np.random.default_rng(0)


def manual_seed(seed):
    """Reseed the library generator."""
    global _generator
    _generator = np.random.default_rng(seed)


def get_rng():
    """The generator that modules draw from."""
    return _generator


def get_rng_state():
    """A picklable snapshot of the generator (for checkpoints)."""
    return _generator.bit_generator.state


def set_rng_state(state):
    """Restore a snapshot taken with `get_rng_state`."""
    _generator.bit_generator.state = state
