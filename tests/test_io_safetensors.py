"""nnlib.io.save_safetensors / load_safetensors: PyTorch-named state dicts in safetensors files."""
import os

import numpy as np
import pytest

import nnlib
from nnlib import nn

pytest.importorskip("safetensors")


def small_cnn():
    return nn.Sequential(nn.SpatialConvolution(1, 3, 3, 3), nn.SpatialBatchNormalization(3), nn.ReLU(),
                         nn.Reshape(3 * 3 * 3), nn.Linear(27, 4))


def test_round_trip_through_a_file(tmp_path):
    rng = np.random.default_rng(0)
    model = small_cnn()
    model.forward(rng.standard_normal((4, 1, 5, 5)).astype(np.float32))  # moves the running statistics
    path = tmp_path / "model.safetensors"
    nnlib.io.save_safetensors(path, model, metadata={"note": "test"})
    assert os.listdir(tmp_path) == ["model.safetensors"]  # no temporary file left behind
    arrays, metadata = nnlib.io.load_safetensors(path, with_metadata=True)
    assert metadata == {"note": "test"}
    assert arrays["1.num_batches_tracked"].dtype == np.int64 and arrays["1.num_batches_tracked"] == 1
    twin = small_cnn()
    twin.load_state_dict(nnlib.io.load_safetensors(path))
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(twin.state_dict()[key], value, err_msg=key)


def test_files_move_between_nnlib_and_torch(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file, save_file

    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 1, 5, 5)).astype(np.float32)
    ours = small_cnn().evaluate()
    theirs = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU(),
                                 torch.nn.Flatten(), torch.nn.Linear(27, 4)).eval()
    nnlib.io.save_safetensors(tmp_path / "ours.safetensors", ours)
    theirs.load_state_dict(load_file(tmp_path / "ours.safetensors"))
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-5)
    with torch.no_grad():
        theirs[1].running_mean.uniform_(-1, 1)
        theirs[4].weight.mul_(2)
    save_file(theirs.state_dict(), tmp_path / "theirs.safetensors")
    ours.load_state_dict(nnlib.io.load_safetensors(tmp_path / "theirs.safetensors"))
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-5)


def test_a_dict_of_arrays_and_bad_values(tmp_path):
    path = tmp_path / "d.safetensors"
    nnlib.io.save_safetensors(path, {"a": np.arange(6, dtype=np.float64).reshape(2, 3)[:, ::2], "b": np.int64(3)})
    loaded = nnlib.io.load_safetensors(path)
    np.testing.assert_array_equal(loaded["a"], [[0, 2], [3, 5]])
    assert loaded["b"].shape == () and loaded["b"] == 3
    with pytest.raises(ValueError, match="'s' has dtype <U1"):
        nnlib.io.save_safetensors(path, {"s": np.array(["x"])})
    with pytest.raises(ValueError, match="metadata must map strings to strings"):
        nnlib.io.save_safetensors(path, {"a": np.zeros(1)}, metadata={"n": 1})
    np.testing.assert_array_equal(nnlib.io.load_safetensors(path)["b"], 3)  # failed saves left the file alone


def test_missing_and_damaged_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.safetensors"):
        nnlib.io.load_safetensors(tmp_path / "nope.safetensors")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        nnlib.io.save_safetensors(tmp_path / "no" / "dir.safetensors", nn.Linear(2, 2))
    path = tmp_path / "cut.safetensors"
    nnlib.io.save_safetensors(path, nn.Linear(3, 2))
    data = path.read_bytes()
    path.write_bytes(data[:-5])
    with pytest.raises(nnlib.io.LoadError, match="cut.safetensors"):
        nnlib.io.load_safetensors(path)
