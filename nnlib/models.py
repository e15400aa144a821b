"""Builders for the study's models (and a small zoo of classic architectures)."""
from . import nn


def mlp(input_size=784, hidden_sizes=(200, 200), n_classes=10, activation="relu"):
    """MNISTex.lua's MLP: Linear -> activation for each hidden size, then Linear -> LogSoftMax.

    `activation` is "relu" or "tanh" (the script used ReLU, the report says Tanh).
    """
    transfers = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    if activation not in transfers:
        raise ValueError(f"mlp: unknown activation {activation!r}; choose one of {sorted(transfers)}")
    model = nn.Sequential()
    width = input_size
    for size in hidden_sizes:
        model.add(nn.Linear(width, size)).add(transfers[activation]())
        width = size
    return model.add(nn.Linear(width, n_classes)).add(nn.LogSoftMax())
