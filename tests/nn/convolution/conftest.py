"""Fixtures shared by the convolution module tests."""
import pytest

from nnlib.kernels import volumetric_convolution as V


@pytest.fixture(params=[False, True], ids=["batched", "per_volume"])
def per_volume(request, monkeypatch):
    """Run the vol2col modules' passes batched and volume by volume: the latter for any plane size
    (`V.per_volume_pays`), so that the small test shapes take the path large planes take."""
    monkeypatch.setattr(V, "PER_VOLUME_MIN_PLANE", 1 if request.param else 1 << 62)
    return request.param
