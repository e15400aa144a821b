"""dp's language-model initialisation options in models.rnnlm and the workflow's rnnlm settings:
zero_first (--zeroFirst) and uniform (--uniform)."""
import sys
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import models, nn
from nnlib.testing import check_module_gradients

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workflow" / "scripts"))
import training  # noqa: E402


def _recurrents(model):
    return [m for m in model.list_modules() if isinstance(m, nn.Recurrent)]


@pytest.mark.parametrize("cell, output", [("rnn", "softmax"), ("lstm", "softmaxtree"), ("gru", "softmax")])
def test_uniform_draws_every_parameter_from_its_range(cell, output):
    counts = np.arange(13, 0, -1) if output == "softmaxtree" else None
    nnlib.manual_seed(3)
    model = models.rnnlm(13, (6, 5), cell=cell, output=output, counts=counts, uniform=0.1)
    params = model.parameters()[0]
    assert len(params) >= 5
    for p in params:  # embeddings, recurrent weights and biases, output layer: all U(-0.1, 0.1)
        assert np.abs(p).max() <= 0.1 and (p.size < 10 or np.abs(p).max() > 0.05), p.shape
    values = np.concatenate([p.ravel() for p in params])
    assert abs(values.mean()) < 0.02 and values.std() == pytest.approx(0.1 / np.sqrt(3), rel=0.15)
    nnlib.manual_seed(3)
    again = models.rnnlm(13, (6, 5), cell=cell, output=output, counts=counts, uniform=0.1)
    assert all(np.array_equal(a, b) for a, b in zip(params, again.parameters()[0]))  # from the seeded generator
    nnlib.manual_seed(3)
    default = models.rnnlm(13, (6, 5), cell=cell, output=output, counts=counts)
    assert np.abs(default.parameters()[0][0]).max() > 0.1  # the LookupTable's own N(0, 1): the option took effect


def test_zero_first_makes_the_first_step_use_the_feedback_bias():
    nnlib.manual_seed(0)
    model = models.rnnlm(7, (4, 4), cell="rnn", zero_first=True)
    layers = _recurrents(model)
    assert len(layers) == 2
    for rec in layers:
        assert rec.start.bias is rec.feedback_module.bias and rec.start.grad_bias is rec.feedback_module.grad_bias
    plain = models.rnnlm(7, (4, 4), cell="rnn")
    assert all(rec.start.bias is not rec.feedback_module.bias for rec in _recurrents(plain))
    # the first step's hidden state is sigmoid(x + feedback bias) = what a zero state through the feedback gives
    ids = np.array([[2], [5]])
    rec = layers[0]
    embedded = model.module.modules[0].weight[ids[0]]
    model.forward(ids)
    expected = 1 / (1 + np.exp(-(embedded + rec.feedback_module.bias)))
    np.testing.assert_allclose(rec.output[0] if rec.output.ndim == 3 else rec.output, expected, rtol=1e-5)


def test_zero_first_gradients_sum_both_uses_of_the_shared_bias():
    nnlib.manual_seed(1)
    model = models.rnnlm(5, (3,), cell="rnn", zero_first=True).astype(np.float64)
    rec = _recurrents(model)[0]
    assert rec.start.bias is rec.feedback_module.bias  # the cast keeps the sharing
    ids = np.random.default_rng(0).integers(0, 5, (4, 3))
    check_module_gradients(model, ids)
    # one SGD step moves the one bias once: it stays shared
    model.zero_grad_parameters()
    out = model.forward(ids)
    model.backward(ids, np.ones_like(out))
    before = rec.feedback_module.bias.copy()
    model.update_parameters(0.1)
    assert rec.start.bias is rec.feedback_module.bias and not np.array_equal(before, rec.feedback_module.bias)


def test_bad_init_options_are_clear_errors():
    with pytest.raises(ValueError, match="zero_first applies to cell='rnn'"):
        models.rnnlm(5, (3,), cell="lstm", zero_first=True)
    with pytest.raises(ValueError, match="uniform must be a finite number"):
        models.rnnlm(5, (3,), uniform=float("nan"))


def test_the_workflow_passes_the_model_settings_to_the_builder():
    settings = {"model": {"cell": "rnn", "hidden_sizes": [4], "zero_first": True, "uniform": 0.05},
                "optimizer": {"random_seed": 7}}
    model, _, _ = training.language_model(settings, np.arange(9, 0, -1))
    (rec,) = _recurrents(model)
    assert rec.start.bias is rec.feedback_module.bias
    assert max(np.abs(p).max() for p in model.parameters()[0]) <= 0.05
