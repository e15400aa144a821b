"""Container: forget() and remember() reach the recurrent children of any container."""
import numpy as np

from nnlib import nn


def test_forget_and_remember_reach_a_sequencer_inside_table_containers():
    seq = nn.Sequencer(nn.Sequential(nn.LookupTable(5, 3), nn.LSTM(3, 3)))
    model = nn.Sequential(nn.ParallelTable(seq, nn.Identity()), nn.Identity())
    assert model.remember("both") is model
    assert seq.remember_mode == "both" and seq.module.modules[1].remember_mode == "both"
    ids = np.array([[1], [2]])
    first = np.array(seq.forward(ids), copy=True)
    assert not np.array_equal(seq.forward(ids), first)  # the state carried over
    assert model.forget() is model
    np.testing.assert_array_equal(seq.forward(ids), first)


def test_forget_and_remember_are_no_ops_without_recurrent_children():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    assert model.forget() is model and model.remember("eval") is model
