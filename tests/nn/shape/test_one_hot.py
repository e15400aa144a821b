import numpy as np
import pytest

from nnlib import nn


def test_encoding():
    y = nn.OneHot(4).forward(np.array([[0, 3], [2, 2]]))
    assert y.shape == (2, 2, 4) and y.dtype == np.float32
    np.testing.assert_array_equal(y.argmax(-1), [[0, 3], [2, 2]])
    assert y.sum() == 4
    np.testing.assert_array_equal(nn.OneHot(3).forward(1), [0, 1, 0])
    m = nn.OneHot(3)
    m.forward(np.array([0, 1]))
    assert not m.backward(np.array([0, 1]), np.ones((2, 3), np.float32)).any()


def test_against_torch():
    torch = pytest.importorskip("torch")
    labels = np.random.default_rng(0).integers(0, 5, (3, 7))
    np.testing.assert_array_equal(nn.OneHot(5).forward(labels),
                                  torch.nn.functional.one_hot(torch.tensor(labels), 5).numpy())


def test_bad_labels():
    with pytest.raises(ValueError, match=r"nn.OneHot\(3\): label 3 is out of range \[0, 3\); labels are 0-based"):
        nn.OneHot(3).forward(np.array([0, 3]))
    with pytest.raises(ValueError, match="expected integer-valued class labels"):
        nn.OneHot(3).forward(np.array([0.5]))
    with pytest.raises(ValueError, match="expected integer class labels"):
        nn.OneHot(3).forward(np.array([True]))


def test_float_labels_holding_integers():
    # Torch7's doc: the indices "need not be stored as torch.LongTensor".
    np.testing.assert_array_equal(nn.OneHot(3).forward(np.array([2.0, 0.0], np.float32)),
                                  [[0, 0, 1], [1, 0, 0]])
