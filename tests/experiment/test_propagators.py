"""Optimizer (dp's callback order, or an optim-style algorithm) and Evaluator."""
import numpy as np
import pytest

from nnlib import models, nn, optim
from nnlib.experiment import (Confusion, Evaluator, LinearDecay, Optimizer, Perplexity, Sampler, TextSampler,
                              image_transform)


def _data(n=7, d=5, c=3):
    rng = np.random.default_rng(0)
    return rng.standard_normal((n, d)).astype(np.float32), rng.integers(0, c, n)


def test_optimizer_applies_dp_callback_order_per_batch():
    x, y = _data()
    model = models.mlp(5, (4,), 3)
    ref = model.clone()
    crit = nn.ClassNLLCriterion()
    opt = Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), Confusion(), lr=0.3, momentum=0.5,
                    max_out_norm=0.8, cutoff_norm=0.5)
    report = opt.propagate(model, (x, y))
    losses = []
    for start in (0, 3, 6):
        xb, yb = x[start:start + 3], y[start:start + 3]
        out = ref.forward(xb)
        losses.append(crit.forward(out, yb) * len(yb))
        ref.backward(xb, crit.backward(out, yb))
        ref.grad_param_clip(0.5)
        ref.update_grad_parameters(0.5)
        ref.update_parameters(0.3)
        ref.max_param_norm(0.8)
        ref.zero_grad_parameters()
    for p, q in zip(model.parameters()[0], ref.parameters()[0]):
        np.testing.assert_array_equal(p, q)
    assert report["loss"] == sum(losses) / 7
    assert set(report) == {"loss", "accuracy"}
    assert model.train


def _plain_sgd(feval, x, config, state):
    fx, g = feval(x)
    x -= config["learning_rate"] * g
    state["steps"] = state.get("steps", 0) + 1
    return x, [fx]


def _twice(feval, x, config, state):
    feval(x)
    return _plain_sgd(feval, x, config, state)


def test_optimizer_with_an_algorithm_updates_the_flat_parameters_like_module_sgd():
    x, y = _data()
    model = models.mlp(5, (4,), 3)
    ref = model.clone()
    Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), lr=0.2).propagate(ref, (x, y))
    fb = Confusion()
    opt = Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), fb, lr=0.2, algorithm=_twice)
    opt.propagate(model, (x, y))
    for p, q in zip(model.parameters()[0], ref.parameters()[0]):
        np.testing.assert_array_equal(p, q)
    assert opt.optim_state == {"steps": 3}
    assert fb.matrix.sum() == 7  # feedback counts each batch once even when feval runs twice


def test_optimizer_start_epoch_applies_the_schedule_after_the_first_epoch():
    opt = Optimizer(Sampler(2), nn.ClassNLLCriterion(), lr=0.1, schedule=LinearDecay(0.1, 0.04, 2))
    opt.start_epoch(0)
    assert opt.lr == 0.1
    opt.start_epoch(1)
    assert opt.lr == 0.1 - 0.03
    opt.start_epoch(2)
    assert opt.lr == 0.1 - 0.03 - 0.03  # accumulated step by step, as dp does


def test_evaluator_leaves_weights_alone_and_averages_the_loss_over_examples():
    x, y = _data()
    model = models.mlp(5, (4,), 3)
    before = [p.copy() for p in model.parameters()[0]]
    crit = nn.ClassNLLCriterion()
    report = Evaluator(Sampler(batch_size=4), nn.ClassNLLCriterion(), Confusion()).propagate(model, (x, y))
    expected = (crit.forward(model.forward(x[:4]), y[:4]) * 4 + crit.forward(model.forward(x[4:]), y[4:]) * 3) / 7
    assert report["loss"] == expected
    assert report["accuracy"] == np.mean(np.argmax(model.forward(x), 1) == y)
    assert not model.train
    for p, q in zip(model.parameters()[0], before):
        np.testing.assert_array_equal(p, q)


class _UniformLM(nn.Module):
    """Uniform log-probabilities over a vocabulary; counts forget() calls."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab
        self.forgets = 0

    def forget(self):
        self.forgets += 1

    def update_output(self, ids):
        self.output = np.full(ids.shape + (self.vocab,), -np.log(self.vocab))
        return self.output


class _MeanNLL(nn.Criterion):
    def update_output(self, output, targets):
        flat = output.reshape(-1, output.shape[-1])
        return float(-flat[np.arange(flat.shape[0]), targets.reshape(-1)].mean())


def test_evaluator_on_text_forgets_at_epoch_start_and_stream_restarts():
    lm = _UniformLM(7)
    ev = Evaluator(TextSampler(batch_size=2, rho=3, epoch_size=20), _MeanNLL(), Perplexity())
    report = ev.propagate(lm, np.arange(15) % 7)  # streams of 7 tokens: windows 0, 3, 6, then 0 again
    assert lm.forgets == 2
    assert abs(report["perplexity"] - 7) < 1e-12
    assert abs(report["loss"] - np.log(7)) < 1e-12


def test_image_transform_scales_uint8_and_flattens():
    x = np.arange(8, dtype=np.uint8).reshape(2, 1, 2, 2) * 30
    out = image_transform(flatten=True)(x)
    assert out.dtype == np.float32 and out.shape == (2, 4)
    np.testing.assert_array_equal(out, x.reshape(2, 4).astype(np.float32) / np.float32(255))
    assert image_transform()(x).shape == (2, 1, 2, 2)


def test_evaluator_measures_the_same_examples_every_epoch():
    lm = _UniformLM(5)
    seen = []
    forward = lm.update_output
    lm.update_output = lambda ids: seen.append(ids.copy()) or forward(ids)
    ev = Evaluator(TextSampler(batch_size=1, rho=4, epoch_size=8), _MeanNLL(), Perplexity())
    ev.propagate(lm, np.arange(40) % 5)
    ev.propagate(lm, np.arange(40) % 5)
    assert len(seen) == 4
    np.testing.assert_array_equal(np.concatenate(seen[:2]), np.concatenate(seen[2:]))


def test_optim_sgd_on_flat_parameters_matches_dp_module_sgd_bit_for_bit():
    x, y = _data()
    model = models.mlp(5, (4,), 3)
    ref = model.clone()
    Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), lr=0.2, momentum=0.7).propagate(ref, (x, y))
    opt = Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), lr=0.2, algorithm=optim.sgd,
                    optim_config={"momentum": 0.7})
    opt.propagate(model, (x, y))
    for p, q in zip(model.parameters()[0], ref.parameters()[0]):
        np.testing.assert_array_equal(p, q)
    assert opt.optim_state["eval_counter"] == 3


def test_optimizer_rejects_momentum_meant_for_an_algorithm():
    with pytest.raises(ValueError, match="put it in optim_config"):
        Optimizer(Sampler(2), nn.ClassNLLCriterion(), momentum=0.9, algorithm=optim.sgd)


class _TargetLogProb(nn.Module):
    """Takes [ids, targets] and returns log(1/V) per target, like a SoftMaxTree output layer."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab

    def update_output(self, table):
        ids, targets = table
        assert ids.shape == targets.shape
        self.output = np.full(targets.shape, -np.log(self.vocab))
        return self.output


def test_include_target_feeds_the_model_inputs_and_targets():
    class _Sum(nn.Criterion):
        def update_output(self, output, targets):
            return float(-output.mean())

    ev = Evaluator(TextSampler(batch_size=2, rho=3), _Sum(), Perplexity(), include_target=True)
    report = ev.propagate(_TargetLogProb(6), np.arange(21) % 6)
    assert abs(report["perplexity"] - 6) < 1e-12


def test_loading_a_state_without_momentum_leaves_no_velocity_attribute(tmp_path):
    import nnlib
    model = models.mlp(5, (4,), 3)
    opt = Optimizer(Sampler(batch_size=3), nn.ClassNLLCriterion(), Confusion(), lr=0.3)
    opt.propagate(model, _data())
    nnlib.save(tmp_path / "trained.h5", model)
    opt.load_state_dict(opt.state_dict(model), model)
    assert not hasattr(model, "_momentum_velocity")
    nnlib.save(tmp_path / "resumed.h5", model)
    assert (tmp_path / "trained.h5").read_bytes() == (tmp_path / "resumed.h5").read_bytes()
