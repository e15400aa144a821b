"""run_classification / run_language_model on tiny HDF5 files in the data rules' layout."""
import csv

import h5py
import numpy as np
import pytest

import nnlib
from nnlib import models, nn
from nnlib.experiment import run_classification, run_language_model


def _write_images(path, scale=None):
    """nnlib.data's MNIST layout; with `scale`, float32 images as after preprocessing."""
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        for split, n in (("train", 40), ("valid", 12), ("test", 9)):
            x = rng.integers(0, 256, (n, 1, 4, 4), dtype=np.uint8)
            f[f"{split}/x"] = x if scale is None else x.astype(np.float32) / scale
            f[f"{split}/y"] = (x[:, 0, 0, 0] > 127).astype(np.int64)
    return path


@pytest.fixture
def images(tmp_path):
    return _write_images(tmp_path / "mnist.h5")


def _columns(path):
    with open(path) as f:
        return next(csv.reader(f))


def test_run_classification_writes_metrics_and_resumes(images, tmp_path):
    out = tmp_path / "run"
    config = {"max_epoch": 2, "batch_size": 8, "learning_rate": 0.05, "lr_decay": "adaptive", "max_wait": 0}
    nnlib.manual_seed(1)
    xp = run_classification(models.mlp(16, (5,), 2), images, out, config, flatten=True, progress=False)
    assert [r["epoch"] for r in xp.metrics] == [1, 2]
    assert _columns(out / "metrics.csv") == ["epoch", "lr", "seconds", "train_loss", "train_accuracy",
                                             "valid_loss", "valid_accuracy", "test_loss", "test_accuracy"]
    nnlib.manual_seed(1)  # the same initial weights: the finished checkpoint is reused, no epoch runs
    again = run_classification(models.mlp(16, (5,), 2), images, out, config, flatten=True, progress=False)
    assert again.metrics == xp.metrics and again.epoch == 2
    with open(out / "predictions.csv") as f:
        predictions = list(csv.DictReader(f))
    with h5py.File(images, "r") as f:
        x_test, y_test = f["test/x"][()], f["test/y"][()]
    assert [int(r["index"]) for r in predictions] == list(range(9))
    assert [int(r["target"]) for r in predictions] == y_test.tolist()
    expected = np.argmax(xp.model.evaluate().forward(x_test.reshape(9, -1).astype(np.float32) / np.float32(255)), 1)
    assert [int(r["prediction"]) for r in predictions] == expected.tolist()
    saved = nnlib.load(out / "model.h5")
    for p, q in zip(saved.parameters()[0], xp.model.parameters()[0]):
        np.testing.assert_array_equal(p, q)


def test_a_changed_config_starts_over_and_a_higher_max_epoch_continues(images, tmp_path):
    out = tmp_path / "run"
    config = {"max_epoch": 2, "batch_size": 8}
    nnlib.manual_seed(1)
    first = run_classification(models.mlp(16, (5,), 2), images, out, config, flatten=True, progress=False)
    nnlib.manual_seed(1)
    longer = run_classification(models.mlp(16, (5,), 2), images, out, {**config, "max_epoch": 3}, flatten=True,
                                progress=False)
    assert longer.metrics[:2] == first.metrics and len(longer.metrics) == 3
    nnlib.manual_seed(1)
    other = run_classification(models.mlp(16, (5,), 2), images, out, {**config, "learning_rate": 0.2},
                               flatten=True, progress=False)
    assert len(other.metrics) == 2 and other.metrics[1]["train_loss"] != first.metrics[1]["train_loss"]
    nnlib.manual_seed(2)  # other initial weights: starts over too
    reinit = run_classification(models.mlp(16, (5,), 2), images, out, {**config, "learning_rate": 0.2},
                                flatten=True, progress=False)
    assert reinit.metrics[0]["train_loss"] != other.metrics[0]["train_loss"]


def test_preprocessed_float_images_are_not_rescaled(tmp_path):
    config = {"max_epoch": 1, "batch_size": 8}
    nnlib.manual_seed(1)
    a = run_classification(models.mlp(16, (5,), 2), _write_images(tmp_path / "u8.h5"), tmp_path / "a", config,
                           flatten=True, progress=False)
    nnlib.manual_seed(1)
    b = run_classification(models.mlp(16, (5,), 2), _write_images(tmp_path / "f32.h5", 255.0), tmp_path / "b",
                           config, flatten=True, progress=False)
    assert a.metrics[0]["train_loss"] == b.metrics[0]["train_loss"]


@pytest.mark.parametrize("algorithm, key", [("adam", "learning_rate"), ("asgd", "eta0"), ("rprop", "stepsize"),
                                            ("adadelta", None), ("cg", None)])
def test_the_learning_rate_goes_to_the_algorithms_own_key(algorithm, key):
    """An algorithm without `learning_rate` gets its own step-size key, or no rate at all (not an unknown key)."""
    from nnlib import optim
    from nnlib.experiment.run import _rate_key
    assert _rate_key(getattr(optim, algorithm)) == key


@pytest.mark.parametrize("algorithm", ["adadelta", "asgd"])
def test_algorithms_without_a_learning_rate_train(images, tmp_path, algorithm):
    xp = run_classification(models.mlp(16, (5,), 2), images, tmp_path, {"algorithm": algorithm, "max_epoch": 1},
                            flatten=True, progress=False)
    assert np.isfinite(xp.metrics[0]["train_loss"])


def test_run_config_errors_name_the_key(images, tmp_path):
    with pytest.raises(ValueError, match=r"unknown config keys \['learningRate'\]"):
        run_classification(models.mlp(16, (5,), 2), images, tmp_path, {"learningRate": 0.1})
    with pytest.raises(ValueError, match="algorithm 'nope' is not an nnlib.optim function"):
        run_classification(models.mlp(16, (5,), 2), images, tmp_path, {"algorithm": "nope"})
    with h5py.File(tmp_path / "empty.h5", "w"):
        pass
    with pytest.raises(ValueError, match="missing"):
        run_classification(models.mlp(16, (5,), 2), tmp_path / "empty.h5", tmp_path)


@nnlib.io.register_module
class _Bigram(nn.Module):
    """log p(next | id) = log_softmax(weight[id]); forget() and remember() are recorded."""

    def __init__(self, vocab):
        super().__init__()
        self.register_parameter("weight", np.zeros((vocab, vocab)))
        self.forgets = 0

    def forget(self):
        self.forgets += 1

    def remember(self, mode):
        self.remember_mode = mode

    def update_output(self, ids):
        logits = self.weight[ids]
        self.output = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
        return self.output

    def update_grad_input(self, ids, grad_output):
        self.grad_input = None
        return None

    def acc_grad_parameters(self, ids, grad_output, scale=1.0):
        probs = np.exp(self.output)
        grad_logits = grad_output - probs * grad_output.sum(-1, keepdims=True)
        np.add.at(self.grad_weight, ids.reshape(-1), scale * grad_logits.reshape(-1, grad_logits.shape[-1]))


class _MeanNLL(nn.Criterion):
    def update_output(self, output, targets):
        flat = output.reshape(-1, output.shape[-1])
        return float(-flat[np.arange(flat.shape[0]), targets.reshape(-1)].mean())

    def update_grad_input(self, output, targets):
        grad = np.zeros_like(output).reshape(-1, output.shape[-1])
        grad[np.arange(grad.shape[0]), targets.reshape(-1)] = -1.0 / grad.shape[0]
        self.grad_input = grad.reshape(output.shape)
        return self.grad_input


def test_run_language_model_learns_a_cyclic_corpus(tmp_path):
    path = tmp_path / "corpus.h5"
    with h5py.File(path, "w") as f:  # nnlib.data's corpus layout
        f["vocab"] = np.array(list("abcde"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.full(5, 40)
        f["train"] = (np.arange(200) % 5).astype(np.uint16)
        f["valid"] = (np.arange(50) % 5).astype(np.uint16)
        f["test"] = (np.arange(30) % 5).astype(np.uint16)
    config = {"max_epoch": 3, "batch_size": 4, "rho": 3, "eval_size": 6, "learning_rate": 2.0,
              "lr_decay": "none", "train_epoch_size": -1, "max_out_norm": -1}
    model = _Bigram(5)
    xp = run_language_model(model, _MeanNLL(), path, tmp_path / "lm", config, progress=False)
    ppl = [r["valid_perplexity"] for r in xp.metrics]
    assert ppl[0] < 5 and ppl[-1] < ppl[0]
    assert _columns(tmp_path / "lm/metrics.csv") == [
        "epoch", "lr", "seconds", "tokens_per_second", "train_loss", "train_perplexity", "valid_loss",
        "valid_perplexity", "test_loss", "test_perplexity"]
    assert all(r["tokens_per_second"] > 0 for r in xp.metrics)
    assert model.forgets >= 9  # at least once per propagation
    assert model.remember_mode == "both"


@pytest.mark.parametrize("train_epoch_size", [-1, 50])  # 50 tokens: 3 batches of 4 x 5, stops mid-stream
def test_run_language_model_with_an_lstm_resumes_bit_for_bit(tmp_path, train_epoch_size):
    path = tmp_path / "corpus.h5"
    ids = np.random.default_rng(0).integers(0, 7, 400) % 7
    ids[1::2] = (ids[::2] + 1) % 7  # every odd token follows from the one before: learnable
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array(list("abcdefg"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.bincount(ids, minlength=7)
        f["train"], f["valid"], f["test"] = ids[:300].astype(np.uint16), ids[300:350], ids[350:]
    config = {"max_epoch": 3, "batch_size": 4, "rho": 5, "eval_size": 10, "learning_rate": 0.1,
              "lr_decay": "linear", "saturate_epoch": 2, "min_lr": 0.05, "cutoff_norm": 5.0,
              "train_epoch_size": train_epoch_size}

    def run(out, **changes):
        nnlib.manual_seed(3)
        return run_language_model(models.rnnlm(7, (6,), cell="lstm", dropout=0.2),
                                  nn.SequencerCriterion(nn.ClassNLLCriterion()), path, tmp_path / out,
                                  {**config, **changes}, progress=False)

    full = run("full")
    run("split", max_epoch=2)
    np.random.seed(1)
    nnlib.manual_seed(2)  # other generator states, as in a new process
    split = run("split")
    timing = ("seconds", "tokens_per_second")
    assert [{k: v for k, v in r.items() if k not in timing} for r in full.metrics] == \
           [{k: v for k, v in r.items() if k not in timing} for r in split.metrics]
    for p, q in zip(full.model.parameters()[0], split.model.parameters()[0]):
        assert p.tobytes() == q.tobytes()
    assert full.metrics[-1]["valid_perplexity"] < full.metrics[0]["valid_perplexity"] < 7


def test_run_language_model_with_a_softmaxtree_rnnlm_learns_and_resumes_bit_for_bit(tmp_path):
    """dp's --softmaxtree: the model takes [ids, targets] (include_target) and is scored per target."""
    path = tmp_path / "corpus.h5"
    ids = np.random.default_rng(0).integers(0, 9, 400)
    ids[1::2] = (ids[::2] + 1) % 9  # every odd token follows from the one before: learnable
    counts = np.bincount(ids, minlength=9)
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array(list("abcdefghi"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = counts
        f["train"], f["valid"], f["test"] = ids[:300].astype(np.uint16), ids[300:350], ids[350:]
    config = {"max_epoch": 3, "batch_size": 4, "rho": 5, "eval_size": 10, "learning_rate": 0.2,
              "lr_decay": "none", "train_epoch_size": -1}

    def run(out, **changes):
        nnlib.manual_seed(3)
        model = models.rnnlm(9, (6,), cell="lstm", output="softmaxtree", counts=counts)
        return run_language_model(model, models.rnnlm_criterion("softmaxtree"), path, tmp_path / out,
                                  {**config, **changes}, progress=False, include_target=True)

    full = run("full")
    run("split", max_epoch=2)
    nnlib.manual_seed(2)
    split = run("split")
    timing = ("seconds", "tokens_per_second")
    assert [{k: v for k, v in r.items() if k not in timing} for r in full.metrics] == \
           [{k: v for k, v in r.items() if k not in timing} for r in split.metrics]
    for p, q in zip(full.model.parameters()[0], split.model.parameters()[0]):
        assert p.tobytes() == q.tobytes()
    ppl = [r["valid_perplexity"] for r in full.metrics]
    assert ppl[-1] < ppl[0] < 9
    assert all(r["tokens_per_second"] > 0 for r in full.metrics)
    saved = nnlib.load(tmp_path / "full/model.h5")
    assert isinstance(saved.modules[1], nn.SoftMaxTree)


def _seq10_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def test_run_seq10_learns_the_sequence_and_logs_every_100_iterations(tmp_path):
    from nnlib.experiment import run_seq10
    model, rows = run_seq10(tmp_path / "a", {"iterations": 1500})
    assert [r["iteration"] for r in rows] == list(range(100, 1501, 100))
    assert rows[-1]["accuracy"] == 1.0 and rows[-1]["nll"] < 0.1 and rows[-1]["lr"] == 0.1
    assert all(b["seconds"] >= a["seconds"] > 0 for a, b in zip(rows, rows[1:]))
    on_disk = _seq10_rows(tmp_path / "a/metrics.csv")
    assert list(on_disk[0]) == ["iteration", "lr", "seconds", "nll", "accuracy"]
    assert [float(r["nll"]) for r in on_disk] == [r["nll"] for r in rows]
    saved = nnlib.load(tmp_path / "a/model.h5")
    for p, q in zip(saved.parameters()[0], model.parameters()[0]):
        assert p.tobytes() == q.tobytes()
    x = np.arange(7)[:, None]  # 1..7 -> 2..8
    assert (saved.forward(x).argmax(-1)[:, 0] == np.arange(1, 8)).all()


def test_run_seq10_is_deterministic_and_seeded(tmp_path):
    from nnlib.experiment import run_seq10
    config = {"iterations": 30, "log_every": 7, "batch_size": 3, "rho": 4}
    _, a = run_seq10(tmp_path / "a", config)
    nnlib.manual_seed(99)
    np.random.seed(5)
    _, b = run_seq10(tmp_path / "b", config)
    _, c = run_seq10(tmp_path / "c", {**config, "random_seed": 8})
    assert [r["iteration"] for r in a] == [7, 14, 21, 28, 30]
    drop = [{k: v for k, v in r.items() if k != "seconds"} for r in a]
    assert drop == [{k: v for k, v in r.items() if k != "seconds"} for r in b]
    assert drop != [{k: v for k, v in r.items() if k != "seconds"} for r in c]
    with h5py.File(tmp_path / "a/model.h5", "r") as fa, h5py.File(tmp_path / "b/model.h5", "r") as fb:
        def arrays(f):
            out = {}
            f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
            return out
        xa, xb = arrays(fa), arrays(fb)
        assert xa.keys() == xb.keys() and all(np.array_equal(xa[k], xb[k]) for k in xa)


def test_seq10_batches_carry_offsets_over():
    from nnlib.experiment import seq10_batches
    data = seq10_batches(4, 3, np.random.default_rng(0))
    (x1, y1), (x2, _) = next(data), next(data)
    assert x1.shape == (3, 4) and (y1 == (x1 + 1) % 10).all()
    assert (x2[0] == y1[-1]).all()  # each row continues where it stopped


@pytest.mark.parametrize("config, match", [({"iteration": 5}, r"unknown config keys \['iteration'\]"),
                                           ({"rho": 0}, "rho must be an int >= 1"),
                                           ({"learning_rate": 0}, "learning_rate must be positive")])
def test_run_seq10_config_errors(tmp_path, config, match):
    from nnlib.experiment import run_seq10
    with pytest.raises(ValueError, match=match):
        run_seq10(tmp_path, config)


@pytest.mark.parametrize("flatten", [True, False])
def test_write_predictions_scores_the_test_group_in_evaluate_mode(images, tmp_path, flatten):
    from nnlib.experiment import write_predictions
    nnlib.manual_seed(4)
    model = models.mlp(16, (5,), 2) if flatten else nn.Sequential(nn.Collapse(3), models.mlp(16, (5,), 2))
    model.add(nn.Dropout(0.5))  # identity in evaluate(): predictions must not depend on the mask
    model.training()
    out = tmp_path / "predictions.csv"
    write_predictions(model, images, out, flatten=flatten, batch_size=4)
    with h5py.File(images, "r") as f:
        x, y = f["test/x"][()], f["test/y"][()]
    model.evaluate()
    expected = model.forward(x.reshape((9, -1) if flatten else x.shape).astype(np.float32) / np.float32(255))
    rows = list(csv.DictReader(open(out)))
    assert list(rows[0]) == ["index", "target", "prediction"]
    assert [int(r["index"]) for r in rows] == list(range(9))
    assert [int(r["target"]) for r in rows] == y.tolist()
    assert [int(r["prediction"]) for r in rows] == expected.argmax(1).tolist()
    assert not list(tmp_path.glob("*.tmp*"))


def test_write_predictions_needs_a_test_group(tmp_path):
    from nnlib.experiment import write_predictions
    with h5py.File(tmp_path / "bad.h5", "w") as f:
        f["train/x"] = np.zeros((2, 1, 4, 4), np.uint8)
    with pytest.raises(ValueError, match=r"missing \['test/x', 'test/y'\]"):
        write_predictions(models.mlp(16, (5,), 2), tmp_path / "bad.h5", tmp_path / "p.csv", flatten=True)


def test_a_bidirectional_lm_cannot_read_its_answer(tmp_path):
    """On unpredictable tokens no model may beat the vocabulary size in perplexity: a
    BiSequencerLM trained on next-token targets would (its backward net reads t+1)."""
    rng = np.random.default_rng(0)
    path = tmp_path / "noise.h5"
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array(list("abcdefg"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.full(7, 100)
        for name, n in (("train", 3000), ("valid", 600), ("test", 300)):
            f[name] = rng.integers(0, 7, n).astype(np.uint16)
    config = {"max_epoch": 4, "batch_size": 16, "rho": 5, "eval_size": 20, "learning_rate": 0.5,
              "lr_decay": "none", "train_epoch_size": -1, "max_out_norm": -1}
    model = models.rnnlm(7, (16,), cell="lstm", bidirectional=True)
    xp = run_language_model(model, models.rnnlm_criterion("softmax"), path, tmp_path / "bi", config, progress=False)
    assert min(r["valid_perplexity"] for r in xp.metrics) > 6.5


@pytest.mark.parametrize("bidirectional, eval_size, window", [(False, None, 100), (True, None, 5), (True, 20, 20)])
def test_evaluation_windows_default_to_rho_for_a_bidirectional_lm(tmp_path, bidirectional, eval_size, window):
    path = tmp_path / "c.h5"
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array(list("abcdefg"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.full(7, 100)
        for name, n in (("train", 400), ("valid", 50), ("test", 50)):
            f[name] = np.arange(n, dtype=np.uint16) % 7
    config = {"max_epoch": 1, "batch_size": 4, "rho": 5, "train_epoch_size": -1, "eval_size": eval_size}
    model = models.rnnlm(7, (4,), cell="lstm", bidirectional=bidirectional)
    xp = run_language_model(model, models.rnnlm_criterion("softmax"), path, tmp_path / "r", config, progress=False)
    assert xp.validator.sampler.rho == xp.tester.sampler.rho == window


def test_a_bidirectional_lm_trains_when_a_stream_ends_in_a_single_step(tmp_path):
    """BiSequencerLM needs windows of 2+ steps: a 1-step tail of the streams joins the window before."""
    rng = np.random.default_rng(1)
    path = tmp_path / "tail.h5"
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array(list("abcdefg"), dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.full(7, 100)
        # train: 16 streams of 186 tokens (186 = 37 x 5 + 1); valid, test: one stream of 41 (2 x 20 + 1)
        for name, n in (("train", 16 * 186 + 1), ("valid", 42), ("test", 42)):
            f[name] = rng.integers(0, 7, n).astype(np.uint16)
    config = {"max_epoch": 1, "batch_size": 16, "rho": 5, "eval_size": 20, "train_epoch_size": -1}
    model = models.rnnlm(7, (8,), cell="lstm", bidirectional=True)
    xp = run_language_model(model, models.rnnlm_criterion("softmax"), path, tmp_path / "bi", config, progress=False)
    assert len(xp.metrics) == 1 and np.isfinite(xp.metrics[0]["test_perplexity"])


def test_log_interval_reaches_the_log_and_changing_it_resumes_the_run(images, tmp_path, caplog):
    out, config = tmp_path / "run", {"max_epoch": 1, "batch_size": 8, "log_interval": None}
    nnlib.manual_seed(1)
    with caplog.at_level("INFO", logger="nnlib.experiment.experiment"):
        first = run_classification(models.mlp(16, (5,), 2), images, out, config, flatten=True, progress=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "nnlib.experiment.experiment"]
    assert len(lines) == 1 and "samples_per_second" in lines[0]
    caplog.clear()
    nnlib.manual_seed(1)
    with caplog.at_level("INFO", logger="nnlib.experiment.experiment"):
        longer = run_classification(models.mlp(16, (5,), 2), images, out, {**config, "max_epoch": 2, "log_interval": 0},
                                    flatten=True, progress=False)
    assert longer.metrics[:1] == first.metrics and len(longer.metrics) == 2  # resumed, not started over
    lines = [r.getMessage() for r in caplog.records if r.name == "nnlib.experiment.experiment"]
    assert [line.split("  ")[:2] for line in lines if line.startswith("epoch 2 train")] == \
        [["epoch 2 train", f"{n}/40 samples ({100 * n / 40:.0f}%)"] for n in (8, 16, 24, 32, 40)]
    assert sum(line.startswith("epoch 2 valid") for line in lines) == 2  # 12 examples in batches of 8
    assert sum(line.startswith("epoch 2 test") for line in lines) == 2
