"""Confusion and Perplexity against hand-computed values."""
import math

import numpy as np
import pytest

from nnlib.experiment import Confusion, Perplexity


def test_confusion_matrix_rows_are_true_classes_and_accuracy_is_the_trace_fraction():
    out = np.array([[0.9, 0.1, 0.0],    # pred 0
                    [0.1, 0.8, 0.1],    # pred 1
                    [0.2, 0.3, 0.5],    # pred 2
                    [0.6, 0.3, 0.1],    # pred 0
                    [0.1, 0.2, 0.7]])   # pred 2
    c = Confusion()
    c.add(out[:2], np.array([0, 1]))
    c.add(out[2:], np.array([2, 1, 1]))
    np.testing.assert_array_equal(c.matrix, [[1, 0, 0], [1, 1, 1], [0, 0, 1]])
    assert c.accuracy == 3 / 5
    assert c.report() == {"accuracy": 0.6}
    np.testing.assert_allclose(c.per_class_accuracy, [1.0, 1 / 3, 1.0])
    c.reset()
    assert c.accuracy == 0.0 and c.matrix.sum() == 0


def test_confusion_rejects_bad_labels_and_shapes():
    c = Confusion(n_classes=2)
    with pytest.raises(ValueError, match=r"target labels must be in \[0, 2\)"):
        c.add(np.zeros((1, 2)), np.array([2]))
    with pytest.raises(ValueError, match="outputs have 3 classes"):
        c.add(np.zeros((1, 3)), np.array([0]))
    with pytest.raises(ValueError, match=r"expected outputs \(N, C\)"):
        c.add(np.zeros((2, 2)), np.array([0]))


def test_perplexity_is_exp_of_the_mean_nll_per_token():
    probs = np.full((2, 2, 3), 1 / 3)
    targets = np.array([[0, 1], [2, 0]])
    picked = [0.5, 0.25, 0.5, 0.125]
    for k, (t, n) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):
        probs[t, n, targets[t, n]] = picked[k]
    p = Perplexity()
    p.add(np.log(probs[:1]), targets[:1])
    p.add(np.log(probs[1:]), targets[1:])
    assert p.perplexity == pytest.approx(2 ** (7 / 4), rel=1e-12)
    tree = Perplexity()  # SoftMaxTree outputs: one log-probability per target
    tree.add(np.log(np.array(picked).reshape(2, 2)), targets)
    assert tree.report() == {"perplexity": pytest.approx(2 ** (7 / 4), rel=1e-12)}
    p.reset()
    assert p.perplexity == 0.0


def test_perplexity_overflow_is_inf_and_bad_shapes_are_named():
    p = Perplexity()
    p.add(np.array([[-800.0]]), np.array([[0]]))
    assert p.perplexity == math.inf
    with pytest.raises(ValueError, match="do not fit targets"):
        p.add(np.zeros((2, 3)), np.zeros(3, dtype=int))
