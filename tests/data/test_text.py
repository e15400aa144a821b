import numpy as np
import pytest

from nnlib.data.checksum import ChecksumError
from nnlib.data.text import (TextError, build_vocab, encode, id_dtype, load_corpus, preprocess_text,
                             read_text, split_text, tokenize)


def test_word_tokenize_ptb_style():
    assert tokenize(" a b\n c  d \n") == ["a", "b", "<eos>", "c", "d", "<eos>"]
    assert tokenize("A b\n", lowercase=True, eos="</s>") == ["a", "b", "</s>"]


def test_char_tokenize_keeps_every_character():
    assert tokenize("ab \n", level="char") == ["a", "b", " ", "\n"]
    with pytest.raises(ValueError, match="'word' or 'char'"):
        tokenize("x", level="byte")


def test_vocab_order_is_count_then_token():
    vocab, counts = build_vocab(list("bbbaacc") + ["d"])
    assert vocab == ["b", "a", "c", "d", "<unk>"]
    assert counts.dtype == np.int64 and counts.tolist() == [3, 2, 2, 1, 0]


def test_vocab_cap_by_size_counts_unk_and_maps_rest_to_it():
    tokens = list("aaaabbbccd")
    vocab, counts = build_vocab(tokens, max_vocab=3)
    assert vocab == ["a", "<unk>", "b"] and counts.tolist() == [4, 3, 3]  # tie: '<' sorts before 'b'
    assert encode(tokens, vocab).tolist() == [0] * 4 + [2] * 3 + [1] * 3


def test_vocab_min_count_and_existing_unk():
    vocab, counts = build_vocab(["x", "x", "<unk>", "y"], min_count=2)
    assert vocab == ["<unk>", "x"] and counts.tolist() == [2, 2]


def test_encode_maps_unknown_to_unk_with_small_dtype():
    ids = encode(["a", "zz", "b"], ["a", "b", "<unk>"])
    assert ids.dtype == np.uint16 and ids.tolist() == [0, 2, 1]
    with pytest.raises(TextError, match=r"\['zz'\] are not in the vocabulary"):
        encode(["a", "zz"], ["a", "b"])


def test_id_dtype_switches_to_int32_beyond_uint16():
    assert id_dtype(65536) == np.uint16 and id_dtype(65537) == np.int32


def test_read_text_rejects_empty_and_binary(tmp_path):
    (tmp_path / "empty.txt").write_text(" \n\n")
    with pytest.raises(TextError, match="empty.txt: the corpus is empty"):
        read_text(tmp_path / "empty.txt")
    (tmp_path / "blob.bin").write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(TextError, match="blob.bin: contains NUL bytes"):
        read_text(tmp_path / "blob.bin")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(TextError, match="latin1.txt: not valid UTF-8"):
        read_text(tmp_path / "latin1.txt")


def test_split_text_cuts_at_line_boundaries():
    text = "".join(f"line {i}\n" for i in range(20))
    parts = split_text(text, {"train": 0.8, "valid": 0.1, "test": 0.1})
    assert "".join(parts[s] for s in ("train", "valid", "test")) == text
    assert all(p.endswith("\n") for p in parts.values())
    assert parts["train"].count("\n") in (16, 17)
    with pytest.raises(TextError, match="valid/test part of the split"):
        split_text("one line only\n", {"train": 0.9, "valid": 0.05, "test": 0.05}, "tiny.txt")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_preprocess_word_level_files(tmp_path):
    files = {"train": _write(tmp_path, "tr", " a b a\n c a\n"), "valid": _write(tmp_path, "va", " a z\n"),
             "test": _write(tmp_path, "te", " b\n")}
    out = tmp_path / "c.h5"
    sizes = preprocess_text(files, out, max_vocab=4)
    c = load_corpus(out)
    assert c["vocab"] == ["a", "<eos>", "<unk>", "b"]  # ties (b, c: 1 each) keep b; c -> <unk>
    assert c["counts"].tolist() == [3, 2, 1, 1]
    assert c["train"].tolist() == [0, 3, 0, 1, 2, 0, 1] and c["valid"].tolist() == [0, 2, 1]
    assert c["train"].dtype == np.uint16
    assert sizes == {"vocab_size": 4, "train": 7, "valid": 3, "test": 2}
    assert c["attrs"]["level"] == "word" and c["attrs"]["vocab_size"] == 4


def test_preprocess_char_level_one_file_split(tmp_path):
    text = "".join(f"ab{i % 3}\n" for i in range(30)) + "xyz\n"
    src = _write(tmp_path, "all.txt", text)
    out = tmp_path / "c.h5"
    preprocess_text({"all": src}, out, level="char", split={"train": 0.8, "valid": 0.1, "test": 0.1})
    c = load_corpus(out)
    decoded = "".join(c["vocab"][i] for i in c["train"])
    assert text.startswith(decoded) and c["attrs"]["eos"] == ""
    assert "<unk>" in c["vocab"]  # x, y, z only occur in the test part


def test_preprocess_is_deterministic(tmp_path):
    src = _write(tmp_path, "all.txt", "".join(f" w{i % 7} w{i % 5}\n" for i in range(50)))
    for name in ("a.h5", "b.h5"):
        preprocess_text({"all": src}, tmp_path / name, split={"train": 0.8, "valid": 0.1, "test": 0.1})
    a, b = load_corpus(tmp_path / "a.h5"), load_corpus(tmp_path / "b.h5")
    assert a["vocab"] == b["vocab"]
    for k in ("counts", "train", "valid", "test"):
        np.testing.assert_array_equal(a[k], b[k])
    assert (tmp_path / "a.h5").read_bytes() == (tmp_path / "b.h5").read_bytes()  # no timestamps either


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary"])
def test_bad_corpus_leaves_no_output(tmp_path, content):
    (tmp_path / "bad.txt").write_bytes(content)
    files = {"train": tmp_path / "bad.txt", "valid": _write(tmp_path, "v", "a\n"), "test": _write(tmp_path, "t", "a\n")}
    out = tmp_path / "c.h5"
    with pytest.raises(TextError, match="bad.txt"):
        preprocess_text(files, out)
    assert not out.exists()


def test_checksum_mismatch_is_rejected(tmp_path):
    src = _write(tmp_path, "all.txt", "a b\n" * 20)
    with pytest.raises(ChecksumError, match="all.txt"):
        preprocess_text({"all": src}, tmp_path / "c.h5", checksums={"all": "md5:" + "1" * 32},
                        split={"train": 0.8, "valid": 0.1, "test": 0.1})
    assert not (tmp_path / "c.h5").exists()


def test_file_roles_must_be_complete(tmp_path):
    src = _write(tmp_path, "tr", "a\n")
    with pytest.raises(ValueError, match="exactly train, valid and test"):
        preprocess_text({"train": src}, tmp_path / "c.h5", name="corpus 'x'")
