"""A shared check for the plans that choose between a serial and a threaded kernel."""
import numpy as np

from nnlib.kernels import _config


def assert_serial_and_threaded_agree(run, monkeypatch):
    """`run()` -> (output, grad_input, the plan's `parallel`): serial below the elementwise threshold,
    threaded with the threshold patched to 0, the same bits both ways."""
    serial = run()
    monkeypatch.setattr(_config, "PARALLEL_MIN_SIZE", 0)
    threaded = run()
    assert (serial[2], threaded[2]) == (False, True)
    for a, b in zip(serial[:2], threaded[:2]):
        np.testing.assert_array_equal(a, b)
