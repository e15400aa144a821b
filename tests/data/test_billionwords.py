"""dp's BillionWords from an archive in the one-billion-word benchmark's layout, served over HTTP."""
import importlib.util
import json
import logging
import tarfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from nnlib.data import ChecksumError, TextError, download, file_digest, load_corpus, preprocess_billionwords
from nnlib.data.billionwords import count_words

_spec = importlib.util.spec_from_file_location(
    "smoke_fixtures", Path(__file__).resolve().parents[1] / "workflow" / "smoke_fixtures.py")
smoke_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke_fixtures)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(the archive downloaded from a local HTTP mirror through nnlib.data.download, its checksum,
    {member: text} of its corpus files)."""
    root = tmp_path_factory.mktemp("mirror")
    texts = smoke_fixtures.billionwords_archive(root / "benchmark.tar.gz")
    checksum = "sha256:" + file_digest(root / "benchmark.tar.gz", "sha256")
    server = smoke_fixtures.serve(root)
    try:
        path = download("benchmark.tar.gz", [f"http://127.0.0.1:{server.server_port}/"], checksum,
                        tmp_path_factory.mktemp("resources"), timeout=10, retries=1)
    finally:
        server.shutdown()
        server.server_close()
    return path, checksum, texts


def _split_sentences(texts):
    """Sentences (word lists) per split from the fixture's texts, in archive order (dp's split)."""
    out = {"train": [], "valid": [], "test": []}
    for name, text in texts.items():
        role = "train" if "training-monolingual" in name else "test" if "heldout-00000" in name else "valid"
        out[role] += [line.split() for line in text.splitlines()]
    return out


def _expected_ids(sentences, vocab, start=()):
    index = {w: i for i, w in enumerate(vocab)}
    return [i for words in sentences for i in [index[w] for w in start] + [index.get(w, index["<UNK>"])
                                                                        for w in words] + [index["</S>"]]]


def test_the_benchmark_layout_becomes_a_corpus_file_as_dp_splits_it(served, tmp_path):
    archive, checksum, texts = served
    sizes = preprocess_billionwords(archive, tmp_path / "bw.h5", checksum)
    corpus = load_corpus(tmp_path / "bw.h5")
    sentences = _split_sentences(texts)
    vocab = corpus["vocab"]
    train_words = [w for s in sentences["train"] for w in s]
    # words seen fewer than 3 times in training are <UNK> (dp's threshold); </S> ends every sentence
    assert "thrice" in vocab and "twice" not in vocab and not any(w.startswith("once") for w in vocab)
    assert "unseen" not in vocab and {"</S>", "<UNK>"} <= set(vocab) and "<S>" not in vocab
    counts = dict(zip(vocab, corpus["counts"].tolist()))
    assert counts["</S>"] == len(sentences["train"]) == 120
    assert counts["<UNK>"] == sum(1 for w in train_words if train_words.count(w) < 3)
    assert counts["thrice"] == 3 and list(corpus["counts"]) == sorted(corpus["counts"], reverse=True)
    for split in ("train", "valid", "test"):  # test: held-out part 00000; valid: the other parts
        assert corpus[split].tolist() == _expected_ids(sentences[split], vocab), split
    assert sizes == {"vocab_size": len(vocab), **{s: len(corpus[s]) for s in ("train", "valid", "test")}}
    attrs = corpus["attrs"]
    assert attrs["format"] == "billionwords" and attrs["level"] == "word" and attrs["eos"] == "</S>"
    assert json.loads(attrs["source_checksums"]) == {archive.name: checksum}
    assert json.loads(attrs["sentences"]) == {"train": 120, "valid": 80, "test": 40}


@pytest.mark.parametrize("subset, every", [("small", 30), ("tiny", 100)])
def test_small_and_tiny_keep_every_30th_or_100th_training_sentence_with_the_full_vocabulary(served, tmp_path,
                                                                                            subset, every):
    archive, checksum, texts = served
    preprocess_billionwords(archive, tmp_path / "full.h5", checksum)
    preprocess_billionwords(archive, tmp_path / f"{subset}.h5", checksum, subset=subset)
    full, part = load_corpus(tmp_path / "full.h5"), load_corpus(tmp_path / f"{subset}.h5")
    assert part["vocab"] == full["vocab"] and part["counts"].tolist() == full["counts"].tolist()
    kept = _split_sentences(texts)["train"][::every]
    assert len(kept) == len(range(0, 120, every)) and part["train"].tolist() == _expected_ids(kept, full["vocab"])
    assert part["valid"].tolist() == full["valid"].tolist() and part["test"].tolist() == full["test"].tolist()


def test_sentence_start_markers_and_a_capped_vocabulary(served, tmp_path):
    archive, _, texts = served
    preprocess_billionwords(archive, tmp_path / "bw.h5", sentence_start="<S>", max_vocab=10)
    corpus = load_corpus(tmp_path / "bw.h5")
    assert len(corpus["vocab"]) == 10 and {"<S>", "</S>", "<UNK>"} <= set(corpus["vocab"])
    assert corpus["test"].tolist() == _expected_ids(_split_sentences(texts)["test"], corpus["vocab"], start=["<S>"])


def test_ids_are_written_in_chunks_with_the_same_result(served, tmp_path):
    archive, _, _ = served
    preprocess_billionwords(archive, tmp_path / "big.h5")
    preprocess_billionwords(archive, tmp_path / "small.h5", chunk_tokens=7)
    a, b = load_corpus(tmp_path / "big.h5"), load_corpus(tmp_path / "small.h5")
    for split in ("train", "valid", "test"):
        assert a[split].tolist() == b[split].tolist()


def test_memory_stays_bounded_by_the_chunk_not_the_corpus(tmp_path):
    """A corpus of 60,000 sentences (about 2 MB of text, 400,000 tokens) is streamed: the peak of
    Python allocations stays far below what holding its tokens or ids in lists would take."""
    archive = tmp_path / "large.tar.gz"
    texts = smoke_fixtures.billionwords_archive(archive, train_files=3, heldout_parts=2, lines=12000)
    tokens = sum(len(t.split()) for t in texts.values())
    assert tokens > 300_000
    tracemalloc.start()
    try:
        preprocess_billionwords(archive, tmp_path / "large.h5", chunk_tokens=2000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000 < 8 * tokens  # a list of the ids alone would take 8 bytes a token, plus the ints
    assert len(load_corpus(tmp_path / "large.h5")["train"]) > 200_000


def test_counting_prunes_the_rarest_words_beyond_max_distinct(served, caplog):
    archive, _, _ = served
    exact, _ = count_words(archive)
    with caplog.at_level(logging.WARNING, logger="nnlib.data.billionwords"):
        pruned, _ = count_words(archive, max_distinct=30)
    assert len(pruned) < len(exact) and "more than 30 distinct words" in caplog.text
    assert all(pruned[w] == exact[w] for w in pruned if exact[w] >= 3)  # frequent words keep exact counts


def test_a_wrong_checksum_or_layout_is_a_clear_error(served, tmp_path):
    archive, _, _ = served
    with pytest.raises(ChecksumError, match="delete it and download it again"):
        preprocess_billionwords(archive, tmp_path / "bw.h5", "sha256:" + "0" * 64)
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        tar.add(archive, arcname="corpus/train.txt")
    with pytest.raises(TextError, match="no train/valid/test files; expected the one-billion-word benchmark"):
        preprocess_billionwords(other, tmp_path / "bw.h5")
    assert not (tmp_path / "bw.h5").exists()
    with pytest.raises(ValueError, match="subset must be one of"):
        preprocess_billionwords(archive, tmp_path / "bw.h5", subset="medium")
