"""Fixtures shared by the kernel tests."""
import pytest

import nnlib


@pytest.fixture(params=[1, 2])
def threads(request):
    """Run the test with 1 and with 2 numba threads (threads share out the blocks of work)."""
    previous = nnlib.get_num_threads()
    nnlib.set_num_threads(request.param)
    yield request.param
    nnlib.set_num_threads(previous)
