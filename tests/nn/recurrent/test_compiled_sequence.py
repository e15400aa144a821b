"""A recurrent sequence runs in compiled code: the Python work of a pass does not grow with its length.

Counted with a profiler hook: every Python-level call during a forward and
backward pass over T = 2 and T = 6 steps. A driver that loops over time in
Python (a BLAS call or a step kernel per step) makes the second count larger.
"""
import sys

import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN

HIDDEN = (4, FUSED_MAX_HIDDEN + 3)  # inline products and BLAS products


def _python_calls(run):
    count = 0

    def hook(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(hook)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def _pass_calls(module, steps, n=3, size=5):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((steps, n, size)).astype(np.float32)

    def run():
        if hasattr(module, "forget"):
            module.forget()
        y = module.forward(x)
        module.backward(x, np.ones_like(y))

    run()  # compile outside the count
    return _python_calls(run)


CELLS = {
    "FastLSTM": lambda h: nn.Sequencer(nn.FastLSTM(5, h)),
    "LSTM": lambda h: nn.Sequencer(nn.LSTM(5, h)),
    "GRU": lambda h: nn.Sequencer(nn.GRU(5, h)),
    "TorchGRU": lambda h: nn.Sequencer(nn.TorchGRU(5, h)),
    "MuFuRu": lambda h: nn.Sequencer(nn.MuFuRu(5, h)),
    "Recurrent": lambda h: nn.Sequencer(nn.Recurrent(h, nn.Linear(5, h), nn.Linear(h, h), nn.Tanh(), 99)),
    "SeqLSTM": lambda h: nn.SeqLSTM(5, h),
    "SeqLSTMP": lambda h: nn.SeqLSTMP(5, h, h - 1),
    "SeqGRU": lambda h: nn.SeqGRU(5, h),
    "BiSequencer": lambda h: nn.BiSequencer(nn.FastLSTM(5, h)),
    "stacked": lambda h: nn.Sequencer(nn.Sequential().add(nn.FastLSTM(5, h)).add(nn.GRU(h, h)).add(nn.Linear(h, 4))
                                      .add(nn.LogSoftMax())),
}


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("name", sorted(CELLS))
def test_python_work_does_not_grow_with_sequence_length(name, hidden):
    module = CELLS[name](hidden)
    short, long = _pass_calls(module, 2), _pass_calls(module, 6)
    assert long <= short, f"{name}: {short} Python calls for 2 steps, {long} for 6"
