"""Shared fixtures: a fixed library seed per test so failures reproduce."""
import pytest

import nnlib


@pytest.fixture(autouse=True)
def _seed_library_rng():
    nnlib.manual_seed(1234)
