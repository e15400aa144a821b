"""dp's BillionWords: the one-billion-word benchmark streamed into a corpus HDF5 file in bounded memory.

The benchmark (Chelba et al. 2013, statmt.org/lm-benchmark) is one tar.gz archive (1.8 GB) of
tokenized, shuffled English news sentences, one per line, words separated by spaces:
    <top>/training-monolingual.tokenized.shuffled/news.en-000NN-of-00100        (99 training files)
    <top>/heldout-monolingual.tokenized.shuffled/news.en.heldout-000NN-of-00050  (the held-out part in 50)
dp's BillionWords was made from these files: the training files for training, one of the 50
held-out parts for testing and the other 49 for validation; words seen fewer than 3 times in
training become <UNK>; sentences end with </S> (and start with <S>); its small and tiny training
sets (dp's --small, --tiny) hold 1/30 and 1/100 of the training sentences, with the full set's
vocabulary. Here the test set is held-out part 00000, the validation set parts 00001 to 00049,
the small / tiny subsets every 30th / 100th training sentence in archive order, and the
vocabulary is counted on all training sentences whatever the subset, as dp's shared word map.

Streaming: the archive is read twice as a stream (nothing is extracted). Pass 1 counts the words
of the training files; pass 2 writes token ids in chunks into resizable HDF5 data sets. Memory
holds the word counts (one entry per distinct word: about 2.4 million for the benchmark; beyond
`max_distinct` the rarest are pruned, as word2vec's ReduceVocab) and one chunk of ids per split,
never the corpus.
"""
import collections
import json
import logging
import re
import tarfile
from pathlib import Path

import h5py
import numpy as np

from .checksum import verify_file
from .hdf5 import atomic_h5
from .text import SPLITS, TextError, id_dtype, vocab_from_counts

log = logging.getLogger(__name__)

TRAIN_FILE = re.compile(r"(?:^|/)training-monolingual\.tokenized\.shuffled/news\.en-(\d{5})-of-(\d{5})$")
HELDOUT_FILE = re.compile(r"(?:^|/)heldout-monolingual\.tokenized\.shuffled/news\.en\.heldout-(\d{5})-of-(\d{5})$")
SUBSETS = {"full": 1, "small": 30, "tiny": 100}  # keep every k-th training sentence (dp: 1/30, 1/100)
TEST_PART = 0  # the held-out part used for testing; the others validate


def _role(name):
    """"train", "valid", "test" or None (a member of the archive that is not a corpus file)."""
    if TRAIN_FILE.search(name):
        return "train"
    match = HELDOUT_FILE.search(name)
    if match:
        return "test" if int(match.group(1)) == TEST_PART else "valid"
    return None


def _sentences(archive, roles=SPLITS):
    """Yield (role, member name, words) for every sentence of the archive's corpus files, in archive
    order, reading the archive as a stream."""
    with tarfile.open(archive, mode="r|*") as tar:
        for member in tar:
            role = _role(member.name) if member.isfile() else None
            if role not in roles:
                continue
            try:
                for line in tar.extractfile(member):  # bytes lines, read a buffer at a time
                    words = line.decode("utf-8").split()
                    if words:
                        yield role, member.name, words
            except UnicodeDecodeError as e:
                raise TextError(f"{archive}: {member.name} is not UTF-8 text ({e.reason}); the archive is "
                                "damaged or not the one-billion-word benchmark") from e


def _check_layout(archive, members):
    """A clear error unless the archive had training files, the test part and validation parts."""
    missing = [role for role in SPLITS if not members[role]]
    if missing:
        found = {role: sorted(names)[:3] for role, names in members.items() if names}
        raise TextError(
            f"{archive}: no {'/'.join(missing)} files; expected the one-billion-word benchmark's layout "
            f"(training-monolingual.tokenized.shuffled/news.en-000NN-of-00100 for train, "
            f"heldout-monolingual.tokenized.shuffled/news.en.heldout-00000-of-00050 for test and the other "
            f"held-out parts for valid); found {found or 'none of these'}. Check the archive and its checksum")


def count_words(archive, eos="</S>", sentence_start=None, max_distinct=10_000_000):
    """Pass 1: (word counts of the training sentences, sentence markers included, and the member
    names found per split). Beyond `max_distinct` distinct words the counts of the rarest are
    dropped (those seen once, then twice, ...; a warning says so), bounding memory whatever the input."""
    counts = collections.Counter()
    members = {role: set() for role in SPLITS}
    sentences, floor = 0, 0
    for role, name, words in _sentences(archive):
        members[role].add(name)
        if role != "train":
            continue
        counts.update(words)
        sentences += 1
        if len(counts) > max_distinct:
            floor += 1
            for word in [w for w, c in counts.items() if c <= floor]:
                del counts[word]
            log.warning("%s: more than %d distinct words; dropped those seen at most %d times so far (their "
                        "counts are approximate: raise max_distinct for exact ones)", archive, max_distinct, floor)
    _check_layout(archive, members)
    counts[eos] += sentences
    if sentence_start:
        counts[sentence_start] += sentences
    return counts, members


class _ChunkedIds:
    """A resizable 1-D HDF5 data set filled from a buffer of `chunk` ids at a time."""

    def __init__(self, group, name, dtype, chunk):
        self.data = group.create_dataset(name, shape=(0,), maxshape=(None,), dtype=dtype,
                                         chunks=(min(chunk, 1 << 16),))
        self.chunk, self.buffer, self.dtype = chunk, [], dtype

    def extend(self, ids):
        self.buffer.extend(ids)
        if len(self.buffer) >= self.chunk:
            self.flush()

    def flush(self):
        if self.buffer:
            start = self.data.shape[0]
            self.data.resize((start + len(self.buffer),))
            self.data[start:] = np.asarray(self.buffer, dtype=self.dtype)
            self.buffer = []


def preprocess_billionwords(archive, out, checksum=None, subset="full", min_count=3, max_vocab=None,
                            eos="</S>", unk="<UNK>", sentence_start=None, chunk_tokens=1 << 20,
                            max_distinct=10_000_000, name="billionwords"):
    """Stream the benchmark's archive into `out` (the layout of `preprocess_text`, written atomically).

    Args:
        archive: the benchmark's tar.gz (or any tar with its member layout).
        out: the corpus HDF5 file: `vocab`, `counts` (training counts), `train`, `valid`, `test` ids.
        checksum: "md5:..." / "sha256:..." the archive must match (checked first); None: not checked.
        subset: "full", "small" (every 30th training sentence) or "tiny" (every 100th), dp's
            train_small / train_tiny; the vocabulary is the full training set's either way.
        min_count, max_vocab: words seen fewer than `min_count` times in training (dp: 3), or beyond
            the `max_vocab` most frequent, become `unk`.
        eos: ends every sentence (dp's </S>); it also starts the next one's context.
        sentence_start: when given (dp's "<S>"), every sentence also starts with it; the model then
            predicts it after each `eos` (a certain guess that lowers the perplexity).
        chunk_tokens: ids buffered per split before they are written.
        max_distinct: bound on the distinct words counted (see `count_words`).
        name: the corpus name in error messages.

    Returns {"vocab_size", "train", "valid", "test"} (token counts).
    """
    if subset not in SUBSETS:
        raise ValueError(f"{name}: subset must be one of {sorted(SUBSETS)}, got {subset!r}")
    if not isinstance(chunk_tokens, int) or chunk_tokens < 1:
        raise ValueError(f"{name}: chunk_tokens must be a positive int, got {chunk_tokens!r}")
    archive = Path(archive)
    source = verify_file(archive, checksum) if checksum else None
    counts, members = count_words(archive, eos, sentence_start, max_distinct)
    vocab, vocab_counts = vocab_from_counts(counts, max_vocab, min_count, unk, always_unk=True)
    del counts
    index = {word: i for i, word in enumerate(vocab)}
    unk_id, eos_id = index[unk], index.get(eos)
    if eos_id is None:
        raise TextError(f"{name}: the sentence end {eos!r} fell out of the vocabulary (max_vocab {max_vocab}, "
                        f"min_count {min_count}); raise max_vocab")
    start = [] if not sentence_start else [index.get(sentence_start, unk_id)]
    every = SUBSETS[subset]
    dtype = id_dtype(len(vocab))
    sizes, sentences, seen = {}, dict.fromkeys(SPLITS, 0), 0
    with atomic_h5(out) as f:
        f.attrs["level"] = "word"
        f.attrs["format"] = "billionwords"
        f.attrs["vocab_size"] = len(vocab)
        f.attrs["eos"] = eos
        f.attrs["unk"] = unk
        f.attrs["sentence_start"] = sentence_start or ""
        f.attrs["lowercase"] = False
        f.attrs["max_vocab"] = -1 if max_vocab is None else int(max_vocab)
        f.attrs["min_count"] = int(min_count)
        f.attrs["source_checksums"] = json.dumps({archive.name: source}, sort_keys=True)
        f.attrs["split"] = json.dumps({"train": {"files": "training", "subset": subset, "every": every},
                                       "valid": {"files": "held-out parts 00001-00049"},
                                       "test": {"files": "held-out part 00000"}})
        f.create_dataset("vocab", data=np.array(vocab, dtype=object), dtype=h5py.string_dtype("utf-8"))
        f.create_dataset("counts", data=vocab_counts)
        writers = {role: _ChunkedIds(f, role, dtype, chunk_tokens) for role in SPLITS}
        for role, _, words in _sentences(archive):
            if role == "train":
                seen += 1
                if (seen - 1) % every:
                    continue
            sentences[role] += 1
            writers[role].extend(start + [index.get(w, unk_id) for w in words] + [eos_id])
        for role, writer in writers.items():
            writer.flush()
            sizes[role] = int(writer.data.shape[0])
        f.attrs["sentences"] = json.dumps(sentences)
    log.info("%s: %d words in the vocabulary, %s sentences, %s tokens from %s", name, len(vocab), sentences, sizes,
             {role: len(names) for role, names in members.items()})
    return {"vocab_size": len(vocab), **sizes}
