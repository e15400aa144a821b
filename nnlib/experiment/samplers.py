"""Samplers: iterate over a data set in batches, one epoch at a time (dp's samplers).

A classification data set is a pair `(x, y)` of numpy arrays or h5py datasets
with the examples on the first axis; a text data set is a 1-D array of token ids.
A sampler keeps its position (and its own random generator) between epochs, so
`epoch_size` smaller than the data set walks through it over several epochs, and
`state_dict()` / `load_state_dict()` let a checkpoint resume it exactly.
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Batch:
    """One mini-batch: model inputs, targets, how many examples (or tokens) it counts for.

    `new_stream` is True when a TextSampler batch starts its streams from the
    beginning, so a recurrent model must `forget()` its hidden state first.
    """
    inputs: object
    targets: object
    n_samples: int
    new_stream: bool = False


def take(data, indices):
    """`data[indices]` for a numpy array or an h5py dataset (which needs sorted indices)."""
    if isinstance(data, np.ndarray):
        return data[indices]
    order = np.argsort(indices, kind="stable")
    sorted_idx = indices[order]
    unique, inverse = np.unique(sorted_idx, return_inverse=True)
    block = np.asarray(data[unique])
    out = np.empty((len(indices),) + block.shape[1:], dtype=block.dtype)
    out[order] = block[inverse]
    return out


def _check_positive_int(owner, name, value, allow_none=False):
    if allow_none and value is None:
        return None
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{owner}: {name} must be a positive int{' or None' if allow_none else ''}, got {value!r}")
    return int(value)


def _check_pair(owner, dataset):
    if not (isinstance(dataset, (tuple, list)) and len(dataset) == 2):
        raise ValueError(f"{owner}: expected a data set (x, y), got {type(dataset).__name__}; "
                         "pass a pair of arrays with the examples on the first axis")
    x, y = dataset
    if len(x) != len(y):
        raise ValueError(f"{owner}: x has {len(x)} examples but y has {len(y)}; they must match on the first axis")
    if len(x) == 0:
        raise ValueError(f"{owner}: the data set is empty")
    return x, y


class Sampler:
    """Sequential batches of `batch_size` examples; an epoch is `epoch_size` examples.

    `epoch_size=None` means one full pass. As in dp, an epoch ends with the first
    batch that brings the count to `epoch_size` or more, and a batch never
    wraps around the end of the data (the last one of a pass may be smaller).
    """

    throughput_column = None  # a metrics column for training speed (TextSampler: tokens_per_second)
    unit = "samples"  # what Batch.n_samples counts, in progress lines ("samples/s")

    def __init__(self, batch_size=128, epoch_size=None):
        name = type(self).__name__
        self.batch_size = _check_positive_int(name, "batch_size", batch_size)
        self.epoch_size = _check_positive_int(name, "epoch_size", epoch_size, allow_none=True)
        self.position = 0

    def seed(self, seed):
        """Set the sampler's random generator (used by ShuffleSampler)."""

    def epoch_length(self, dataset):
        """About how many examples an epoch counts (for progress bars)."""
        return self.epoch_size or len(dataset[0])

    def sample_epoch(self, dataset):
        """Yield the batches of one epoch."""
        x, y = _check_pair(type(self).__name__, dataset)
        n = len(x)
        if self.position >= n:
            raise ValueError(f"{type(self).__name__}: saved position {self.position} is past the end of a "
                             f"data set of {n} examples; it was checkpointed on a different data set")
        epoch_size = self.epoch_size or n
        sampled = 0
        while sampled < epoch_size:
            if self.position == 0:
                self._new_pass(n)
            stop = min(self.position + self.batch_size, n)
            order = self._current_order()
            if order is None:
                xb, yb = np.asarray(x[self.position:stop]), np.asarray(y[self.position:stop])
            else:
                idx = order[self.position:stop]
                xb, yb = take(x, idx), take(y, idx)
            sampled += stop - self.position
            self.position = 0 if stop >= n else stop
            yield Batch(xb, yb, len(xb))

    def _new_pass(self, n):
        """Called at the start of each pass over the data."""

    def _current_order(self):
        """The example order of the current pass (None: sequential)."""
        return None

    def state_dict(self):
        """The position in the data (and the generator state for subclasses)."""
        return {"position": self.position}

    def load_state_dict(self, state):
        self.position = int(state["position"])


class ShuffleSampler(Sampler):
    """Batches from a fresh random permutation of the examples at each pass (dp's ShuffleSampler).

    The permutation comes from the sampler's own generator (`seed(s)`), so the
    example order does not depend on how many numbers the model drew. An
    Experiment reseeds it from its own `random_seed` at the start of a fresh run.
    """

    def __init__(self, batch_size=128, epoch_size=None, random_seed=0):
        super().__init__(batch_size, epoch_size)
        self.rng = np.random.default_rng(random_seed)
        self.permutation = None

    def seed(self, seed):
        self.rng = np.random.default_rng(seed)
        self.permutation = None
        self.position = 0

    def _new_pass(self, n):
        self.permutation = self.rng.permutation(n)

    def _current_order(self):
        return self.permutation

    def state_dict(self):
        return {"position": self.position, "rng": self.rng.bit_generator.state,
                "permutation": self.permutation}

    def load_state_dict(self, state):
        self.position = int(state["position"])
        self.rng = np.random.default_rng()
        self.rng.bit_generator.state = state["rng"]
        perm = state.get("permutation")
        self.permutation = None if perm is None else np.asarray(perm, dtype=np.int64)


class TextSampler(Sampler):
    """Contiguous BPTT windows over a token stream, for language models (dp's TextSampler).

    The corpus (a 1-D array of token ids) is cut into `batch_size` parallel
    streams of S = (len - 1) // batch_size tokens; stream j is
    `ids[j*S:(j+1)*S]` and its targets are the next tokens `ids[j*S+1:(j+1)*S+1]`.
    Each batch is the next window of `rho` steps of every stream: inputs and
    targets of shape (T, batch_size), int64 whatever the stored id type (the
    data files use uint16), T = rho except at the end of the streams.
    Consecutive batches continue each other, so the model carries its hidden
    state over; `new_stream` marks the batch that restarts the streams.

    `epoch_size` counts tokens, as dp's TextSampler did (sampler/textsampler.lua:
    `nSampled = nSampled + rows * contextSize_`): each batch adds T * batch_size,
    so an epoch of 40,000 at batch 64 and rho 5 is 125 batches. As in dp the
    epoch ends with the first batch that brings the count to `epoch_size` or
    more, and the next epoch continues the streams where this one stopped;
    `epoch_size=None` means one pass over the streams. dp's help text called the
    option "examples", but its TextSampler counted tokens; `Batch.n_samples` counts them too.

    `target_offset=0` makes each target the input token itself, as dp's
    bidirectional text sets did: a BiSequencerLM's output at t reads only the
    context before t (forward net) and after t (backward net), so it must
    predict token t; predicting t+1 would let the backward net copy it.
    `min_steps` is the shortest window yielded: a shorter tail of the streams
    joins the window before it (a BiSequencerLM needs 2 steps).
    """

    throughput_column = "tokens_per_second"
    unit = "tokens"

    def __init__(self, batch_size=32, rho=5, epoch_size=None, target_offset=1, min_steps=1):
        super().__init__(batch_size, epoch_size)
        self.rho = _check_positive_int("TextSampler", "rho", rho)
        self.min_steps = _check_positive_int("TextSampler", "min_steps", min_steps)
        if target_offset not in (0, 1):
            raise ValueError(f"TextSampler: target_offset must be 1 (next token) or 0 (the token itself, for "
                             f"bidirectional models), got {target_offset!r}")
        self.target_offset = target_offset

    def epoch_length(self, dataset):
        return self.epoch_size or (len(dataset) - 1) // self.batch_size * self.batch_size

    def sample_epoch(self, dataset):
        ids = np.asarray(dataset)
        if ids.ndim != 1 or ids.dtype.kind not in "iu":
            raise ValueError(f"TextSampler: expected a 1-D array of integer token ids, got shape {ids.shape} "
                             f"dtype {ids.dtype}")
        s = (len(ids) - 1) // self.batch_size
        if s < self.min_steps:
            raise ValueError(f"TextSampler: a corpus of {len(ids)} tokens is too short for {self.batch_size} "
                             f"streams of {self.min_steps} step(s); it needs at least "
                             f"{self.batch_size * self.min_steps + 1} tokens")
        if self.position >= s:
            raise ValueError(f"TextSampler: saved position {self.position} is past the end of streams of "
                             f"{s} tokens; it was checkpointed on a different corpus")
        inputs = ids[:self.batch_size * s].reshape(self.batch_size, s)
        targets = ids[self.target_offset:self.batch_size * s + self.target_offset].reshape(self.batch_size, s)
        epoch_size = self.epoch_size or s * self.batch_size
        sampled = 0
        while sampled < epoch_size:
            start = self.position
            stop = min(start + self.rho, s)
            if s - stop < self.min_steps:
                stop = s
            sampled += (stop - start) * self.batch_size
            self.position = 0 if stop >= s else stop
            yield Batch(np.ascontiguousarray(inputs[:, start:stop].T, dtype=np.int64),
                        np.ascontiguousarray(targets[:, start:stop].T, dtype=np.int64),
                        (stop - start) * self.batch_size, new_stream=start == 0)
