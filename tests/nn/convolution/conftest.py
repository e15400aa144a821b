"""Fixtures shared by the convolution module tests."""
import pytest

from nnlib.kernels import volumetric_convolution as V


@pytest.fixture(params=[0, 1 << 62, 40], ids=["batched", "per_volume", "per_volume_blocks"])
def per_volume(request, monkeypatch):
    """Run the vol2col modules' passes batched and volume by volume: the latter for any plane size
    (`V.per_volume_pays`), so that the small test shapes take the path large planes take, the grad-input
    pass over each volume in one block of output rows or in blocks of a few rows (`V.COLUMN_BLOCK_ENTRIES`)."""
    monkeypatch.setattr(V, "PER_VOLUME_MIN_PLANE", 1 if request.param else 1 << 62)
    monkeypatch.setattr(V, "COLUMN_BLOCK_ENTRIES", request.param or 1 << 62)
    return bool(request.param)
