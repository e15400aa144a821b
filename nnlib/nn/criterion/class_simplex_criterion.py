"""`ClassSimplexCriterion`: classification as regression onto the vertices of a regular simplex."""
import math

import numpy as np

from .._checks import check_float_input, check_labels
from .mse_criterion import MSECriterion


def regular_simplex(n):
    """The n + 1 vertices (rows) of a regular simplex in R^n, centred at the origin, each of norm 1."""
    a = np.zeros((n + 1, n))
    for k in range(n):
        a[k, k] = 1.0 if k == 0 else math.sqrt(1.0 - float(np.dot(a[k, :k], a[k, :k])))
        a[k + 1:, k] = (a[k, k] ** 2 - 1.0 - 1.0 / n) / a[k, k]
    return a


class ClassSimplexCriterion(MSECriterion):
    """MSE between the input and its target class's vertex of a regular simplex (arXiv:1506.08230).

    `simplex` is (n_classes, n_classes): the n_classes vertices of a regular
    simplex in R^(n_classes - 1), padded with a zero column (a space of more
    than the minimal dimension trains better, as Torch7 notes).
    `get_predictions(input)` gives the scores input @ simplex.T,
    `get_top_prediction(input)` the 0-based class with the highest score.

    Args:
        n_classes: the number of classes, an int > 1.
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: (N, n_classes) or one sample (n_classes,), float. target: (N,)
        0-based labels, or one int for a single sample.
    """

    def __init__(self, n_classes: int, size_average: bool = True):
        super().__init__(size_average)
        if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 2:
            raise ValueError(f"nn.ClassSimplexCriterion: n_classes must be an integer > 1, got {n_classes!r}")
        self.n_classes = int(n_classes)
        self.simplex = self._simplex()

    def _simplex(self):
        vertices = regular_simplex(self.n_classes - 1)
        return np.hstack([vertices, np.zeros((self.n_classes, 1))]).astype(self.dtype)

    def _pair(self, input, target):
        check_float_input(self, input, (1, 2), features=self.n_classes)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        labels = check_labels(self, np.atleast_1d(target), x.shape[0], self.n_classes)
        return input.reshape(-1), self.simplex[labels].reshape(-1)

    def get_predictions(self, input):
        """Scores (N, n_classes): each sample's dot product with every class's vertex."""
        check_float_input(self, input, (1, 2), features=self.n_classes)
        return np.atleast_2d(input) @ self.simplex.T

    def get_top_prediction(self, input):
        """The 0-based class of highest score for each sample, (N,)."""
        return self.get_predictions(input).argmax(axis=1)

    def astype(self, dtype):
        super().astype(dtype)
        self.simplex = self._simplex()
        return self

    def extra_repr(self):
        return ", ".join([f"n_classes={self.n_classes}"] + ([] if self.size_average else ["size_average=False"]))
