"""nn.StochasticGradient: torch/nn's one-example-at-a-time SGD trainer."""
import logging

import numpy as np
import pytest

import nnlib
from nnlib import nn


def _data(n=6, seed=0):
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((n, 1, 3)).astype(np.float32)
    w = np.array([[0.5, -1.0, 2.0]], np.float32)
    return [(x, x @ w.T) for x in xs]


def test_one_pass_in_order_is_per_example_sgd():
    nnlib.manual_seed(0)
    model = nn.Linear(3, 1)
    reference = model.clone()
    data = _data()
    trainer = nn.StochasticGradient(model, nn.MSECriterion())
    trainer.max_iteration, trainer.shuffle_indices, trainer.learning_rate = 1, False, 0.05
    error = trainer.train(data)
    crit, total = nn.MSECriterion(), 0.0
    for x, y in data:
        total += crit.forward(reference.forward(x), y)
        reference.zero_grad_parameters()
        reference.backward(x, crit.backward(reference.output, y))
        reference.update_parameters(0.05)
    assert error == pytest.approx(total / len(data))
    np.testing.assert_allclose(model.weight, reference.weight, rtol=1e-6)
    np.testing.assert_allclose(model.bias, reference.bias, rtol=1e-6)


def test_training_converges_and_logs(caplog):
    nnlib.manual_seed(1)
    trainer = nn.StochasticGradient(nn.Linear(3, 1), nn.MSECriterion())
    trainer.learning_rate, trainer.max_iteration = 0.1, 30
    with caplog.at_level(logging.INFO, logger="nnlib.nn.stochastic_gradient"):
        error = trainer.train(_data(12))
    assert error < 1e-3
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == "# StochasticGradient: training"
    assert sum(m.startswith("# current error = ") for m in messages) == 30
    assert "# StochasticGradient: you have reached the maximum number of iterations" in messages


def test_hooks_decay_and_a_dataset_with_size():
    class Dataset:
        def __init__(self, pairs):
            self.pairs = pairs

        def size(self):
            return len(self.pairs)

        def __getitem__(self, i):  # 0-based
            return self.pairs[i]

    data = _data(4)
    seen, passes, rates = [], [], []
    trainer = nn.StochasticGradient(nn.Linear(3, 1), nn.MSECriterion())
    trainer.max_iteration, trainer.learning_rate_decay, trainer.verbose = 3, 0.5, False
    trainer.hook_example = lambda t, example: seen.append(id(example[0]))
    trainer.hook_iteration = lambda t, it, err: passes.append((it, err))
    original = trainer.module.acc_update_grad_parameters
    trainer.module.acc_update_grad_parameters = lambda x, g, lr: (rates.append(lr), original(x, g, lr))[1]
    trainer.train(Dataset(data))
    assert sorted(seen[:4]) == sorted(id(x) for x, _ in data) and len(seen) == 12
    assert [it for it, _ in passes] == [1, 2, 3]
    # Torch7's schedule: 0.01 in pass 1, then 0.01 / (1 + k * decay) with k = 2, 3 (the counter already moved on)
    assert rates[0] == 0.01 and rates[4] == pytest.approx(0.01 / 2) and rates[8] == pytest.approx(0.01 / 2.5)


def test_camel_case_settings_are_refused():
    trainer = nn.StochasticGradient(nn.Linear(3, 1), nn.MSECriterion())
    with pytest.raises(AttributeError, match="nnlib spells it 'learning_rate'"):
        trainer.learningRate = 0.1
    with pytest.raises(AttributeError, match="nnlib spells it 'max_iteration'"):
        trainer.maxIteration = 3
