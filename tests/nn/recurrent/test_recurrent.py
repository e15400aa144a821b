import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import (StepUnroll, check_masked_steps, check_state_carry_over,
                                check_step_api_matches_sequencer)


def _ids(steps=4, n=2, seed=0):
    return np.random.default_rng(seed).integers(0, 5, (steps, n))


def _take(x, rows, steps):
    return np.ascontiguousarray(x[steps][:, rows])


def _rnn(transfer=None, hidden=3, input_module=None, bias=True):
    input_module = nn.LookupTable(5, hidden) if input_module is None else input_module
    return nn.Recurrent(hidden, input_module, nn.Linear(hidden, hidden, bias=bias), transfer).astype(np.float64)


def test_fast_path_is_used_for_the_standard_form():
    assert _rnn()._fast_transfer() == 0
    assert _rnn(nn.Tanh())._fast_transfer() == 1
    assert _rnn(nn.ReLU())._fast_transfer() is None


@pytest.mark.parametrize("transfer", [None, nn.Tanh()])
def test_sequencer_gradients_on_ids(transfer):
    check_module_gradients(nn.Sequencer(_rnn(transfer)), _ids(n=1))


def test_sequencer_gradients_on_features_without_feedback_bias():
    model = nn.Sequencer(_rnn(nn.Tanh(), hidden=3, input_module=nn.Linear(2, 3), bias=False))
    check_module_gradients(model, np.random.default_rng(1).standard_normal((3, 2, 2)))


def test_step_api_gradients():
    check_module_gradients(StepUnroll(_rnn(nn.Tanh(), input_module=nn.Linear(2, 3))),
                           np.random.default_rng(2).standard_normal((3, 1, 2)))


@pytest.mark.parametrize("transfer", [None, nn.Tanh()])
def test_step_api_matches_sequencer(transfer):
    check_step_api_matches_sequencer(_rnn(transfer), _ids(steps=5, n=3))


def test_blas_driver_matches_step_api():
    """Hidden sizes above the fused kernel's limit take the BLAS-per-step path."""
    check_step_api_matches_sequencer(_rnn(hidden=67), _ids(steps=3, n=2))


def test_other_forms_run_step_by_step_in_a_sequencer():
    rnn = _rnn(nn.ReLU(), input_module=nn.Linear(2, 3))
    check_module_gradients(nn.Sequencer(rnn), np.random.default_rng(3).standard_normal((3, 2, 2)))
    with pytest.raises(ValueError, match="whole-sequence kernel"):
        nn.Sequencer(rnn).forward(np.zeros((2, 1, 2)), mask=np.ones((2, 1)))


def test_first_step_uses_start_not_feedback():
    rnn = _rnn()
    x = _ids(steps=1, n=2)
    expected = 1 / (1 + np.exp(-(rnn.input_module.weight[x[0]] + rnn.start.bias)))
    np.testing.assert_allclose(nn.Sequencer(rnn).forward(x)[0], expected, rtol=1e-12)
    rnn.forget()
    np.testing.assert_allclose(rnn.forward(x[0]), expected, rtol=1e-12)


def test_state_carry_over():
    check_state_carry_over(_rnn(), _ids(steps=6, n=2))


def test_masked_steps():
    check_masked_steps(_rnn(), _ids(steps=5, n=2), _take)


def test_step_clones_follow_get_parameters():
    rnn = _rnn()
    x = _ids(steps=2, n=1)
    rnn.forward(x[0])
    rnn.forget()
    params, _ = rnn.get_parameters()
    params[...] = 0
    np.testing.assert_array_equal(rnn.forward(x[0]), 0.5)  # sigmoid(0)
