import gzip

import numpy as np
import pytest

from nnlib.data.idx import IDXError, parse_idx, read_idx, read_mnist_images, read_mnist_labels, write_idx


def _images(n=3, rows=5, cols=7):
    return (np.arange(n * rows * cols) % 256).astype(np.uint8).reshape(n, rows, cols)


@pytest.mark.parametrize("name", ["x-idx3-ubyte", "x-idx3-ubyte.gz"])
def test_write_read_roundtrip_plain_and_gzip(tmp_path, name):
    images = _images()
    write_idx(tmp_path / name, images)
    back = read_mnist_images(tmp_path / name)
    assert back.dtype == np.uint8 and back.shape == (3, 5, 7)
    np.testing.assert_array_equal(back, images)


def test_header_fields_are_big_endian_and_exact(tmp_path):
    write_idx(tmp_path / "l", np.array([3, 1, 4], dtype=np.uint8))
    raw = (tmp_path / "l").read_bytes()
    assert raw[:8] == bytes([0, 0, 8, 1, 0, 0, 0, 3]) and raw[8:] == bytes([3, 1, 4])


def test_parse_other_types_big_endian():
    data = bytes([0, 0, 0x0C, 2, 0, 0, 0, 1, 0, 0, 0, 2]) + np.array([1, -2], dtype=">i4").tobytes()
    out = parse_idx(data)
    assert out.dtype == np.int32 and out.dtype.isnative
    np.testing.assert_array_equal(out, [[1, -2]])


def test_wrong_magic_names_file_and_expected_magic(tmp_path):
    write_idx(tmp_path / "labels", np.zeros(4, dtype=np.uint8))
    with pytest.raises(IDXError, match=r"labels: IDX magic number is 0x00000801.*0x00000803"):
        read_mnist_images(tmp_path / "labels")


def test_not_an_idx_file(tmp_path):
    (tmp_path / "page.html").write_bytes(b"<html>404 not found</html>")
    with pytest.raises(IDXError, match="page.html.*magic"):
        read_idx(tmp_path / "page.html")


@pytest.mark.parametrize("delta", [-1, 1])
def test_file_length_must_match_dimensions(tmp_path, delta):
    write_idx(tmp_path / "img", _images())
    raw = (tmp_path / "img").read_bytes()
    (tmp_path / "img").write_bytes(raw[:delta] if delta < 0 else raw + b"\0")
    with pytest.raises(IDXError, match=r"img: dimensions \(3, 5, 7\).*need 121 bytes, the file has"):
        read_mnist_images(tmp_path / "img")


def test_file_ending_inside_header(tmp_path):
    (tmp_path / "h").write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(IDXError, match="ends inside the header"):
        read_idx(tmp_path / "h")


def test_truncated_gzip_is_reported(tmp_path):
    write_idx(tmp_path / "img.gz", _images(20))
    raw = (tmp_path / "img.gz").read_bytes()
    (tmp_path / "img.gz").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(IDXError, match=r"img\.gz: truncated gzip"):
        read_mnist_images(tmp_path / "img.gz")


def test_corrupt_gzip_is_reported(tmp_path):
    raw = bytearray(gzip.compress(b"\0\0\x08\x01\0\0\0\x05" + bytes(5), mtime=0))
    raw[12] ^= 0xFF
    (tmp_path / "bad.gz").write_bytes(bytes(raw))
    with pytest.raises(IDXError, match=r"bad\.gz: (corrupt|truncated) gzip"):
        read_idx(tmp_path / "bad.gz")


def test_labels_must_be_digits(tmp_path):
    write_idx(tmp_path / "lab", np.array([1, 12], dtype=np.uint8))
    with pytest.raises(IDXError, match="digits 0..9, found 12"):
        read_mnist_labels(tmp_path / "lab")
