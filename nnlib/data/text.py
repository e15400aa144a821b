"""Text corpora into token-id arrays: word level (PTB style) or character level.

Word level follows the PTB language-model convention: every newline becomes an `<eos>`
token, tokens are whitespace-separated, and words outside the vocabulary become `<unk>`.
The vocabulary comes from the training split only, ordered by decreasing count (ties by
the token itself) so it is deterministic, and is capped by `max_vocab` and/or `min_count`.
"""
import collections
import json
from pathlib import Path

import h5py
import numpy as np

from .checksum import verify_file
from .hdf5 import atomic_h5

SPLITS = ("train", "valid", "test")


class TextError(ValueError):
    """A corpus file is empty, binary, or cannot be split as asked."""


def read_text(path):
    """The UTF-8 text of `path`; an empty, whitespace-only or binary file is an error."""
    data = Path(path).read_bytes()
    if b"\x00" in data:
        raise TextError(f"{path}: contains NUL bytes, so it looks like a binary file, not a text "
                        f"corpus; point the config at a plain-text (UTF-8) file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TextError(f"{path}: not valid UTF-8 text (byte {e.start}: {e.reason}); convert it to "
                        f"UTF-8 or point the config at a plain-text file") from e
    if not text.strip():
        raise TextError(f"{path}: the corpus is empty (no tokens); fill the file or fix its path")
    return text


def split_text(text, fractions, name="<text>"):
    """Cut `text` into train/valid/test pieces of about the given fractions, at line boundaries."""
    total = sum(fractions[s] for s in SPLITS)
    if abs(total - 1.0) > 1e-6 or any(fractions[s] < 0 for s in SPLITS):
        raise TextError(f"{name}: split fractions {fractions} must be >= 0 and sum to 1")
    cuts, pos = [0], 0.0
    for s in SPLITS[:-1]:
        pos += fractions[s]
        cut = int(round(pos * len(text)))
        newline = text.find("\n", cut)  # keep lines whole
        cuts.append(len(text) if newline < 0 else max(newline + 1, cuts[-1]))
    cuts.append(len(text))
    pieces = {s: text[a:b] for s, a, b in zip(SPLITS, cuts[:-1], cuts[1:])}
    empty = [s for s in SPLITS if not pieces[s].strip()]
    if empty:
        raise TextError(f"{name}: the {'/'.join(empty)} part of the split {fractions} is empty; the "
                        f"corpus has too few lines for these fractions, give larger ones or more text")
    return pieces


def tokenize(text, level="word", eos="<eos>", lowercase=False):
    """Tokens of `text`: words with newline -> `eos` (level="word") or characters (level="char")."""
    if lowercase:
        text = text.lower()
    if level == "word":
        return text.replace("\n", f" {eos} ").split() if eos else text.split()
    if level == "char":
        return list(text)
    raise ValueError(f"tokenize: level must be 'word' or 'char', got {level!r}")


def build_vocab(tokens, max_vocab=None, min_count=1, unk="<unk>", always_unk=True):
    """(vocabulary list, counts) from training tokens.

    Tokens are ordered by decreasing count, ties by the token. Tokens seen fewer than
    `min_count` times, or beyond the `max_vocab` most frequent (counting `unk`), map to `unk`,
    whose count includes them. `unk` is in the vocabulary if it occurs in the text, if
    anything was dropped, or if `always_unk`.
    """
    return vocab_from_counts(collections.Counter(tokens), max_vocab, min_count, unk, always_unk)


def vocab_from_counts(counts, max_vocab=None, min_count=1, unk="<unk>", always_unk=True):
    """`build_vocab` from token counts already made (a mapping token -> count, left unchanged), for
    corpora counted as a stream."""
    unk_count = counts.get(unk, 0)
    kept = sorted(((t, c) for t, c in counts.items() if c >= min_count and t != unk), key=lambda kv: (-kv[1], kv[0]))
    if max_vocab is not None:
        if max_vocab < 2:
            raise ValueError(f"max_vocab must be at least 2 (one token and {unk}), got {max_vocab}")
        if len(kept) + (1 if (unk_count or always_unk) else 0) > max_vocab:
            kept = kept[: max_vocab - 1]
    dropped = sum(counts.values()) - counts.get(unk, 0) - sum(c for _, c in kept)
    unk_count += dropped
    vocab = kept
    if unk_count or always_unk:
        vocab = sorted(kept + [(unk, unk_count)], key=lambda kv: (-kv[1], kv[0]))
    return [t for t, _ in vocab], np.array([c for _, c in vocab], dtype=np.int64)


def id_dtype(vocab_size):
    """uint16 when every id fits, else int32."""
    return np.dtype(np.uint16) if vocab_size <= np.iinfo(np.uint16).max + 1 else np.dtype(np.int32)


def encode(tokens, vocab, unk="<unk>", name="<tokens>"):
    """Token ids (uint16 or int32) of `tokens`; unknown tokens become `unk`'s id."""
    index = {t: i for i, t in enumerate(vocab)}
    unk_id = index.get(unk)
    if unk_id is None:
        unseen = sorted({t for t in tokens if t not in index})
        if unseen:
            raise TextError(f"{name}: tokens {unseen[:10]} are not in the vocabulary and there is no "
                            f"{unk!r} token to map them to")
        unk_id = -1
    ids = np.fromiter((index.get(t, unk_id) for t in tokens), dtype=np.int64, count=len(tokens))
    return ids.astype(id_dtype(len(vocab)))


def preprocess_text(files, out, checksums=None, level="word", split=None, max_vocab=None, min_count=1,
                    eos="<eos>", unk="<unk>", lowercase=False, name="corpus"):
    """Tokenize a corpus and write vocabulary, counts and id arrays to `out` (atomically).

    `files` maps "train", "valid", "test" to paths, or "all" to one path cut by the `split`
    fractions {"train": .., "valid": .., "test": ..}. `checksums` (optional) maps the same keys
    to "md5:..."/"sha256:..." specs checked first. `name` is used in error messages.
    """
    checksums = checksums or {}
    if set(files) == {"all"}:
        if not split:
            raise ValueError(f"{name}: one corpus file ('all') needs split fractions (train/valid/test)")
    elif set(files) != set(SPLITS):
        raise ValueError(f"{name}: give files for exactly train, valid and test, or one 'all' file "
                         f"with split fractions; got {sorted(files)}")
    sources = {}
    for key, path in files.items():
        spec = checksums.get(key)
        sources[Path(path).name] = verify_file(path, spec) if spec else None
    if "all" in files:
        pieces = split_text(read_text(files["all"]), split, str(files["all"]))
    else:
        pieces = {s: read_text(files[s]) for s in SPLITS}
    tokens = {s: tokenize(pieces[s], level, eos, lowercase) for s in SPLITS}
    word = level == "word"
    vocab, counts = build_vocab(tokens["train"], max_vocab, min_count, unk, always_unk=word)
    if not word and unk not in vocab:
        known = set(vocab)
        if any(t not in known for s in ("valid", "test") for t in set(tokens[s])):
            vocab, counts = vocab + [unk], np.append(counts, 0)
    ids = {s: encode(tokens[s], vocab, unk, f"{name} {s}") for s in SPLITS}
    with atomic_h5(out) as f:
        f.attrs["level"] = level
        f.attrs["vocab_size"] = len(vocab)
        f.attrs["eos"] = eos if word else ""
        f.attrs["unk"] = unk if unk in vocab else ""
        f.attrs["lowercase"] = bool(lowercase)
        f.attrs["max_vocab"] = -1 if max_vocab is None else int(max_vocab)
        f.attrs["min_count"] = int(min_count)
        f.attrs["source_checksums"] = json.dumps(sources, sort_keys=True)
        f.attrs["split"] = json.dumps(split if "all" in files else "files", sort_keys=True)
        f.create_dataset("vocab", data=np.array(vocab, dtype=object), dtype=h5py.string_dtype("utf-8"))
        f.create_dataset("counts", data=counts)
        for s in SPLITS:
            f.create_dataset(s, data=ids[s])
    return {"vocab_size": len(vocab), **{s: len(ids[s]) for s in SPLITS}}


def load_corpus(path):
    """Read a corpus HDF5 file: {"vocab": list of str, "counts", "train", "valid", "test"}.

    The layout is checked (strings for the vocabulary, one count per word,
    1-D integer id arrays within the vocabulary); a damaged or foreign file
    is a TextError naming it.
    """
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in ("vocab", "counts") + SPLITS if not isinstance(f.get(k), h5py.Dataset)]
            if missing:
                raise TextError(f"{path}: no {missing} data sets; expected a corpus file written by "
                                "nnlib.data.preprocess_text")
            vocab = f["vocab"][()]
            out = {"vocab": [v.decode("utf-8") for v in np.asarray(vocab, dtype=object).reshape(-1)],
                   "counts": f["counts"][()]}
            out.update({s: f[s][()] for s in SPLITS})
            out["attrs"] = dict(f.attrs)
    except TextError:
        raise
    except (OSError, KeyError, ValueError, TypeError, AttributeError, RuntimeError, UnicodeDecodeError) as e:
        raise TextError(f"{path}: cannot be read as a corpus file ({type(e).__name__}: {e}); the file is "
                        "damaged or was not written by nnlib.data.preprocess_text: delete it and rerun") from e
    size = len(out["vocab"])
    counts = out["counts"]
    if counts.shape != (size,) or counts.dtype.kind not in "iu":
        raise TextError(f"{path}: counts {counts.dtype} {counts.shape} do not match a vocabulary of {size} "
                        "words; the file is damaged: delete it and rerun")
    for s in SPLITS:
        ids = out[s]
        if ids.ndim != 1 or ids.dtype.kind not in "iu" or (ids.size and (ids.min() < 0 or ids.max() >= size)):
            raise TextError(f"{path}: the {s} ids ({ids.dtype} {ids.shape}) are not token ids of a "
                            f"{size}-word vocabulary; the file is damaged: delete it and rerun")
    return out
