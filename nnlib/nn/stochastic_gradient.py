"""`nn.StochasticGradient`: torch/nn's simple SGD trainer of a module and a criterion, one example at a time."""
import logging

import numpy as np

from ._checks import TorchNames
from .criterion.criterion import Criterion
from .module import Module
from ..random import get_rng

logger = logging.getLogger(__name__)


def _size(dataset):
    """Torch7's `dataset:size()`, or `len(dataset)` for a Python sequence."""
    size = getattr(dataset, "size", None)
    return int(size()) if callable(size) else len(dataset)


class StochasticGradient(TorchNames):
    """Trains `module` on `criterion` by plain SGD, one example at a time, as Torch7's StochasticGradient.

    `train(dataset)` runs `max_iteration` passes (0: forever) over the
    examples, each a `(input, target)` pair: `dataset[i]` for i in
    0..size-1 (0-based), where the dataset is a Python sequence or an object
    with `size()` and indexing (Torch7's `dataset[i] = {input, target}`).
    The visiting order is shuffled once, before the first pass (as Torch7),
    unless `shuffle_indices` is False. Each example steps the parameters by
    `module.acc_update_grad_parameters` with the current learning rate,
    `learning_rate / (1 + k * learning_rate_decay)` after pass k.
    Progress goes to the `nnlib.nn.stochastic_gradient` logger (INFO).

    Args:
        module: the model.
        criterion: the loss.

    Attributes (set them before `train`):
        learning_rate: 0.01. learning_rate_decay: 0. max_iteration: 25.
        shuffle_indices: True. verbose: True (log each pass's mean error).
        hook_example: `fn(trainer, example)` after each example, or None.
        hook_iteration: `fn(trainer, iteration, mean_error)` after each pass (iteration from 1), or None.
    """

    def __init__(self, module: Module, criterion: Criterion):
        self.learning_rate = 0.01
        self.learning_rate_decay = 0
        self.max_iteration = 25
        self.shuffle_indices = True
        self.module = module
        self.criterion = criterion
        self.verbose = True
        self.hook_example = None
        self.hook_iteration = None

    def train(self, dataset):
        """Run the passes over `dataset`; returns the last pass's mean error."""
        n = _size(dataset)
        if n == 0:
            raise ValueError("StochasticGradient.train: the dataset is empty")
        order = get_rng().permutation(n) if self.shuffle_indices else np.arange(n)
        module, criterion = self.module, self.criterion
        iteration, rate = 1, self.learning_rate
        logger.info("# StochasticGradient: training")
        while True:
            total = 0.0
            for t in order:
                example = dataset[int(t)]
                input, target = example[0], example[1]
                total += criterion.forward(module.forward(input), target)
                grad = criterion.backward(module.output, target)
                module.update_grad_input(input, grad)
                module.acc_update_grad_parameters(input, grad, rate)
                if self.hook_example is not None:
                    self.hook_example(self, example)
            error = total / n
            if self.hook_iteration is not None:
                self.hook_iteration(self, iteration, error)
            if self.verbose:
                logger.info("# current error = %s", error)
            iteration += 1
            rate = self.learning_rate / (1 + iteration * self.learning_rate_decay)
            if self.max_iteration > 0 and iteration > self.max_iteration:
                logger.info("# StochasticGradient: you have reached the maximum number of iterations")
                logger.info("# training error = %s", error)
                return error

    def __repr__(self):
        return f"nn.StochasticGradient({self.module!r}, {self.criterion!r})"
