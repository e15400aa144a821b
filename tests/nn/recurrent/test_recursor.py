import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll


def test_clones_share_parameters():
    rec = nn.Recursor(nn.Sequential(nn.Linear(2, 3), nn.Tanh()))
    x = np.ones((1, 2), dtype=np.float32)
    rec.forward(x)
    rec.forward(x)
    assert len(rec._clones) == 2
    assert rec._clones[1].modules[0].weight is rec.module.modules[0].weight


def test_gradients_with_a_recurrent_module_inside():
    model = nn.Sequential(nn.Linear(2, 3), nn.LSTM(3, 2), nn.Sigmoid()).astype(np.float64)
    check_module_gradients(StepUnroll(nn.Recursor(model)), np.random.default_rng(0).standard_normal((3, 1, 2)))


def test_clones_follow_get_parameters():
    """get_parameters() rebinds parameters to flat views; later steps must use them."""
    rec = nn.Recursor(nn.Linear(2, 2))
    x = np.ones((1, 2), dtype=np.float32)
    rec.forward(x)
    rec.forget()
    params, _ = rec.get_parameters()
    params[...] = 0
    np.testing.assert_array_equal(rec.forward(x), 0)


def test_training_and_evaluate_reach_the_step_clones():
    """rnn's includingSharedClones: clones made in one mode follow the mode switches that come after."""
    x = np.ones((4, 50), dtype=np.float32)
    rec = nn.Recursor(nn.Dropout(0.5))
    nested = nn.Sequential(nn.Recurrence(nn.Sequential(nn.SelectTable(0), nn.Dropout(0.5)), 50, 1))
    for module in (rec, nested):
        module.training()
        assert (module.forward(x) == 0).any()  # a clone made in training mode drops units
        module.forget()
        module.evaluate()
        np.testing.assert_array_equal(module.forward(x), x)  # the same clone, now evaluating
        module.forget()
        module.training()
        assert (module.forward(x) == 0).any()
        module.forget()
