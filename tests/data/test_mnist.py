import hashlib
import json

import h5py
import numpy as np
import pytest

from nnlib.data.checksum import ChecksumError
from nnlib.data.idx import IDXError, write_idx
from nnlib.data.mnist import load_mnist, preprocess_mnist, split_mnist


def _sha(path):
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def idx_files(tmp_path):
    """A tiny MNIST: 13 training and 5 test images of 4x3 pixels, gzip-compressed."""
    rng = np.random.default_rng(0)
    arrays = {
        "train_images": rng.integers(0, 256, (13, 4, 3), dtype=np.uint8),
        "train_labels": (np.arange(13) % 10).astype(np.uint8),
        "test_images": rng.integers(0, 256, (5, 4, 3), dtype=np.uint8),
        "test_labels": (np.arange(5) % 10).astype(np.uint8),
    }
    files = {}
    for key, a in arrays.items():
        files[key] = tmp_path / f"{key}.gz"
        write_idx(files[key], a)
    return files, {k: _sha(p) for k, p in files.items()}, arrays


def test_split_is_disjoint_and_in_order(idx_files):
    _, _, a = idx_files
    x, y = a["train_images"][:, None], a["train_labels"].astype(np.int64)
    sets = split_mnist(x, y, a["test_images"][:, None], a["test_labels"], {"train": 8, "valid": 5, "test": 4})
    assert [len(sets[s][0]) for s in ("train", "valid", "test")] == [8, 5, 4]
    np.testing.assert_array_equal(np.concatenate([sets["train"][0], sets["valid"][0]]), x)
    np.testing.assert_array_equal(sets["test"][0], a["test_images"][:4, None])


def test_split_larger_than_file_names_the_key(idx_files):
    _, _, a = idx_files
    x = a["train_images"][:, None]
    with pytest.raises(ValueError, match="training file has only 13; lower mnist.split.train"):
        split_mnist(x, a["train_labels"], x, a["train_labels"], {"train": 10, "valid": 5, "test": 1})


def test_preprocess_writes_layout_dtypes_and_attributes(idx_files, tmp_path):
    files, sums, a = idx_files
    out = tmp_path / "mnist.h5"
    sizes = preprocess_mnist(files, sums, out, split={"train": 10, "valid": 3, "test": 5})
    assert sizes == {"train": 10, "valid": 3, "test": 5}
    with h5py.File(out, "r") as f:
        assert list(f) == ["train", "valid", "test"]
        assert f["train/x"].dtype == np.uint8 and f["train/x"].shape == (10, 1, 4, 3)
        assert f["valid/y"].dtype == np.int64
        np.testing.assert_array_equal(f["valid/x"][:, 0], a["train_images"][10:13])
        np.testing.assert_array_equal(f["test/y"][()], a["test_labels"])
        assert json.loads(f.attrs["source_checksums"])["train_images.gz"] == sums["train_images"]
        assert json.loads(f.attrs["split"]) == {"train": 10, "valid": 3, "test": 5}
        assert f["valid"].attrs["rows"] == "train_images.gz[10:13]"
    assert not list(tmp_path.glob(".*tmp*"))


def test_preprocess_is_deterministic(idx_files, tmp_path):
    files, sums, _ = idx_files
    split = {"train": 10, "valid": 3, "test": 5}
    steps = [{"name": "gcn"}, {"name": "zca"}]
    preprocess_mnist(files, sums, tmp_path / "a.h5", split=split, preprocess=steps)
    preprocess_mnist(files, sums, tmp_path / "b.h5", split=split, preprocess=steps)
    a, b = load_mnist(tmp_path / "a.h5"), load_mnist(tmp_path / "b.h5")
    for s in a:
        assert a[s][0].dtype == np.float32
        np.testing.assert_array_equal(a[s][0], b[s][0])
        np.testing.assert_array_equal(a[s][1], b[s][1])
    assert (tmp_path / "a.h5").read_bytes() == (tmp_path / "b.h5").read_bytes()


def test_count_mismatch_leaves_no_output(idx_files, tmp_path):
    files, sums, a = idx_files
    write_idx(files["train_labels"], a["train_labels"][:12])
    sums["train_labels"] = _sha(files["train_labels"])
    out = tmp_path / "mnist.h5"
    with pytest.raises(IDXError, match="13 images but .*train_labels.gz has 12 labels"):
        preprocess_mnist(files, sums, out, split={"train": 8, "valid": 2, "test": 5})
    assert not out.exists()


def test_checksum_mismatch_is_never_accepted(idx_files, tmp_path):
    files, sums, _ = idx_files
    sums["test_images"] = "md5:" + "0" * 32
    out = tmp_path / "mnist.h5"
    with pytest.raises(ChecksumError, match="test_images.gz: md5 is"):
        preprocess_mnist(files, sums, out, split={"train": 8, "valid": 2, "test": 5})
    assert not out.exists()


def test_bad_preprocess_step_leaves_no_output(idx_files, tmp_path):
    files, sums, _ = idx_files
    out = tmp_path / "mnist.h5"
    with pytest.raises(ValueError, match=r"mnist.preprocess\[0\]: unknown preprocessing 'whiten'"):
        preprocess_mnist(files, sums, out, split={"train": 8, "valid": 2, "test": 5},
                         preprocess=[{"name": "whiten"}])
    assert not out.exists()
