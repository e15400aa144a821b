import numpy as np

from nnlib import optim


def test_two_point_cubic_finds_the_minimum_of_a_cubic():
    # p(x) = x^3 - 3x has its local minimum at 1.
    p = lambda x: (x ** 3 - 3 * x, 3 * x ** 2 - 3)  # noqa: E731
    points = [[0.0, *p(0.0)], [2.0, *p(2.0)]]
    np.testing.assert_allclose(optim.polyinterp(points), 1.0)


def test_two_point_cubic_is_clamped_to_the_points():
    # f(x) = -x: decreasing everywhere, so the minimum is the right end.
    assert optim.polyinterp([[0.0, 0.0, -1.0], [1.0, -1.0, -1.0]]) == 1.0


def test_bounded_interpolation_can_extrapolate():
    # A quadratic (x - 3)^2 sampled at 0 and 1: the minimum 3 lies in [1.01, 10].
    q = lambda x: ((x - 3) ** 2, 2 * (x - 3))  # noqa: E731
    t = optim.polyinterp([[0.0, *q(0.0)], [1.0, *q(1.0)]], 1.01, 10.0)
    np.testing.assert_allclose(t, 3.0, rtol=1e-8)


def test_bounded_interpolation_uses_the_bounds():
    # A decreasing line: the best candidate is the upper bound.
    assert optim.polyinterp([[0.0, 0.0, -1.0], [1.0, -1.0, -1.0]], 1.01, 5.0) == 5.0
