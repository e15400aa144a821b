"""Integration: small networks learn with plain SGD through forward/backward/update_parameters."""
import numpy as np

from nnlib import nn


def _sgd(model, criterion, x, y, lr, epochs):
    for _ in range(epochs):
        model.zero_grad_parameters()
        loss = criterion.forward(model.forward(x), y)
        model.backward(x, criterion.backward(model.output, y))
        model.update_parameters(lr)
    return loss


def test_mlp_learns_xor():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    y = np.array([[0], [1], [1], [0]], np.float32)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
    loss = _sgd(model, nn.MSECriterion(), x, y, lr=2.0, epochs=1000)
    assert loss < 0.01
    np.testing.assert_array_equal(model.forward(x) > 0.5, y > 0.5)


def test_mlp_separates_linearly_separable_classes():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 10))
    x = rng.standard_normal((120, 10)).astype(np.float32)
    labels = np.argmax(x @ w.T, axis=1)
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3), nn.LogSoftMax())
    _sgd(model, nn.ClassNLLCriterion(), x, labels, lr=0.5, epochs=300)
    model.evaluate()
    assert (np.argmax(model.forward(x), axis=1) == labels).mean() == 1.0
