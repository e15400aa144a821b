"""Fuzzing the text reader: random bytes and settings end in a corpus or a TextError/ValueError,
and a damaged corpus file in a TextError naming it."""
import h5py
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.data.text import SPLITS, TextError, load_corpus, preprocess_text, read_text

from .conftest import FUZZ

texts = st.one_of(st.binary(max_size=200),
                  st.text(alphabet=st.sampled_from(list("ab c\n\t<eos>\x00é")), max_size=200).map(str.encode))
fractions = st.tuples(st.floats(-0.2, 1.2), st.floats(-0.2, 1.2)).map(
    lambda t: {"train": t[0], "valid": t[1], "test": round(1 - t[0] - t[1], 12)})


@settings(FUZZ, max_examples=400)
@given(texts)
def test_read_text(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("t") / "c.txt"
    path.write_bytes(data)
    try:
        text = read_text(path)
    except TextError:
        return
    assert text.encode("utf-8") == data and text.strip() and "\0" not in text


@settings(FUZZ, max_examples=200)
@given(texts, fractions, st.sampled_from(["word", "char"]), st.one_of(st.none(), st.integers(0, 6)),
       st.integers(0, 3))
def test_preprocess_round_trips_or_fails_clearly(tmp_path_factory, data, split, level, max_vocab, min_count):
    folder = tmp_path_factory.mktemp("p")
    (folder / "c.txt").write_bytes(data)
    try:
        preprocess_text({"all": folder / "c.txt"}, folder / "c.h5", level=level, split=split,
                        max_vocab=max_vocab, min_count=min_count)
    except ValueError:  # TextError, or a setting out of range, each naming the problem
        assert not (folder / "c.h5").exists()
        return
    corpus = load_corpus(folder / "c.h5")
    assert sum(len(corpus[s]) for s in SPLITS) > 0 and len(corpus["counts"]) == len(corpus["vocab"])


@settings(FUZZ, max_examples=100)
@given(st.data())
def test_damaged_corpus_files_are_text_errors(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("d")
    (folder / "c.txt").write_text("a b c\nb c a\nc a b\n" * 20)
    preprocess_text({"all": folder / "c.txt"}, folder / "c.h5", split={"train": .6, "valid": .2, "test": .2})
    raw = bytearray((folder / "c.h5").read_bytes())
    how = data.draw(st.sampled_from(["truncate", "flip", "ids", "vocab"]))
    if how == "truncate":
        raw = raw[:data.draw(st.integers(0, len(raw) - 1))]
    elif how == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= 1 << data.draw(st.integers(0, 7))
    (folder / "c.h5").write_bytes(bytes(raw))
    if how in ("ids", "vocab"):
        with h5py.File(folder / "c.h5", "a") as f:
            name = data.draw(st.sampled_from(SPLITS)) if how == "ids" else "vocab"
            del f[name]
            f[name] = data.draw(st.sampled_from([np.array([-1, 0]), np.array([[0]]), np.array([99]),
                                                 np.array([0.5]), np.array(3)]))
    try:
        corpus = load_corpus(folder / "c.h5")
    except TextError as e:
        assert str(folder / "c.h5") in str(e)
        return
    size = len(corpus["vocab"])
    assert all(corpus[s].ndim == 1 and (corpus[s].size == 0 or corpus[s].max() < size) for s in SPLITS)
