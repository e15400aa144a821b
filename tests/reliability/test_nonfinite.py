"""Issue 23, finding 5: a diverged run stops with an error naming the run, the epoch and the batch."""
import h5py
import numpy as np
import pytest

import nnlib
from nnlib import models
from nnlib.experiment import NonFiniteError, run_classification, run_language_model, run_seq10


def _corpus(path, vocab=7, n=400):
    ids = (np.arange(n) * 3 % vocab).astype(np.uint16)
    with h5py.File(path, "w") as f:  # nnlib.data's corpus layout
        f["vocab"] = np.array([f"w{i}" for i in range(vocab)], dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.bincount(ids, minlength=vocab)
        f["train"], f["valid"], f["test"] = ids, ids[:60], ids[:60]
    return path


def test_a_diverged_language_model_stops_at_the_batch_where_its_perplexity_overflows(tmp_path):
    """lr 1e6: the loss stays finite (millions) while exp(loss) overflows; that is a diverged run."""
    data = _corpus(tmp_path / "corpus.h5")
    nnlib.manual_seed(1)
    model = models.rnnlm(7, hidden_sizes=(6,), cell="lstm")
    config = {"max_epoch": 2, "batch_size": 4, "rho": 5, "eval_size": 10, "learning_rate": 1e6,
              "lr_decay": "none", "train_epoch_size": -1, "max_out_norm": -1}
    out = tmp_path / "rnnlm" / "lstm"
    with pytest.raises(NonFiniteError, match=rf"experiment {out}: epoch 1, train batch \d+: the (loss|perplexity) is"):
        run_language_model(model, models.rnnlm_criterion(), data, out, config, progress=False)
    assert not (out / "model.h5").exists()


def test_a_diverged_seq10_run_stops_naming_the_iteration(tmp_path):
    with pytest.raises(NonFiniteError, match=rf"seq10 run {tmp_path}: iteration \(batch\) \d+: the perplexity is inf"):
        run_seq10(tmp_path, {"iterations": 50, "learning_rate": 1e6, "log_every": 10})
    assert not (tmp_path / "model.h5").exists()


def test_a_nan_loss_stops_a_classifier_naming_the_epoch_and_batch(tmp_path):
    rng = np.random.default_rng(0)
    with h5py.File(tmp_path / "mnist.h5", "w") as f:
        for split, n in (("train", 40), ("valid", 10), ("test", 10)):
            f[f"{split}/x"] = rng.integers(0, 256, (n, 1, 4, 4), dtype=np.uint8)
            f[f"{split}/y"] = rng.integers(0, 3, n)
    nnlib.manual_seed(0)
    model = models.mlp(16, (5,), 3)
    model.modules[2].bias[0] = np.nan  # every log-probability becomes NaN
    out = tmp_path / "mlp"
    with pytest.raises(ValueError, match="ClassNLLCriterion: the loss is nan") as error:  # the criterion's own check
        run_classification(model, tmp_path / "mnist.h5", out, {"max_epoch": 1, "batch_size": 8}, flatten=True,
                           progress=False)
    assert error.value.__notes__ == [f"in experiment {out}: epoch 1, train batch 1"]
