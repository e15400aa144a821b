"""MLPs on MNIST-shaped data, one plain SGD step per call.

- `mlp_784-200-200-10`: the study's MLP (ReLU, LogSoftMax, ClassNLL);
- `mlp_bn_dropout_784-200-200-10`: the same widths with BatchNormalization and
  Dropout after each hidden Linear, and CrossEntropyCriterion.
"""
import numpy as np

from benchmarks.harness import Case, nnlib_sgd_step, torch_sgd_step

LR = 0.1
BATCHES = (20, 128)


def _data(batch):
    rng = np.random.default_rng(0)
    return rng.random((batch, 784), dtype=np.float32), rng.integers(0, 10, batch)


def _first_layer_without_input_gradient(model):
    """Like torch, whose input tensor does not require grad: no gradient w.r.t. the images."""
    model.modules[0].need_grad_input = False
    return model


def nnlib_step(batch):
    from nnlib import models, nn
    model = _first_layer_without_input_gradient(models.mlp(784, (200, 200), 10, "relu"))
    return nnlib_sgd_step(model, nn.ClassNLLCriterion(), *_data(batch), LR)


def torch_step(batch):
    import torch
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(),
                          nn.Linear(200, 10), nn.LogSoftmax(dim=1))
    return torch_sgd_step(model, nn.NLLLoss(), *_data(batch), LR)


def nnlib_bn_dropout_step(batch):
    from nnlib import nn
    model = nn.Sequential(nn.Linear(784, 200), nn.BatchNormalization(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 200), nn.BatchNormalization(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 10))
    _first_layer_without_input_gradient(model)
    return nnlib_sgd_step(model, nn.CrossEntropyCriterion(), *_data(batch), LR)


def torch_bn_dropout_step(batch):
    import torch
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 200), nn.BatchNorm1d(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 200), nn.BatchNorm1d(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 10))
    return torch_sgd_step(model, nn.CrossEntropyLoss(), *_data(batch), LR)


CASES = ([Case(f"mlp_784-200-200-10_b{b}", lambda b=b: nnlib_step(b), lambda b=b: torch_step(b), b)
          for b in BATCHES]
         + [Case(f"mlp_bn_dropout_784-200-200-10_b{b}", lambda b=b: nnlib_bn_dropout_step(b),
                 lambda b=b: torch_bn_dropout_step(b), b) for b in BATCHES])
