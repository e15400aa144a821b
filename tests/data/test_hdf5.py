import h5py
import pytest

from nnlib.data.hdf5 import atomic_h5


def test_file_appears_only_when_complete(tmp_path):
    out = tmp_path / "sub" / "a.h5"
    with atomic_h5(out) as f:
        f["x"] = [1, 2, 3]
        assert not out.exists()
    with h5py.File(out, "r") as f:
        assert f["x"][()].tolist() == [1, 2, 3]
    assert [p.name for p in out.parent.iterdir()] == ["a.h5"]


def test_error_keeps_previous_file_and_removes_temporary(tmp_path):
    out = tmp_path / "a.h5"
    with atomic_h5(out) as f:
        f["x"] = [1]
    with pytest.raises(RuntimeError):
        with atomic_h5(out) as f:
            f["x"] = [2]
            raise RuntimeError("boom")
    with h5py.File(out, "r") as f:
        assert f["x"][()].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["a.h5"]
