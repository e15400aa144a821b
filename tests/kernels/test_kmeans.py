import numpy as np
import pytest

from nnlib.kernels import kmeans as K


@pytest.mark.parametrize("n, k, dim", [(1, 1, 1), (7, 3, 5), (3000, 5, 23)])  # the last runs in parallel
def test_assignment_and_update_match_numpy(n, k, dim):
    rng = np.random.default_rng(0)
    x, c = rng.standard_normal((n, dim)), rng.standard_normal((k, dim))
    assignment, distance = np.empty(n, np.int64), np.empty(n)
    K.kmeans_update_output(x, c, assignment, distance)
    d2 = ((x[:, None, :] - c[None]) ** 2).sum(axis=2)
    np.testing.assert_array_equal(assignment, d2.argmin(axis=1))
    np.testing.assert_allclose(distance, d2.min(axis=1), rtol=1e-12)
    counts, grad = np.empty(k), np.ones((k, dim))
    K.kmeans_acc_grad_parameters(x, c, assignment, 0.5, counts, grad)
    ref_counts = np.bincount(assignment, minlength=k)
    step = np.zeros((k, dim))
    np.add.at(step, assignment, x - c[assignment])
    np.testing.assert_array_equal(counts, ref_counts)
    np.testing.assert_allclose(grad, 1 - 0.5 * step / (ref_counts[:, None] + 1e-7), rtol=1e-10)


def test_ties_go_to_the_first_centre():
    assignment, distance = np.empty(1, np.int64), np.empty(1)
    K.kmeans_update_output(np.zeros((1, 2)), np.array([[1.0, 0.0], [0.0, 1.0]]), assignment, distance)
    assert assignment[0] == 0 and distance[0] == 1.0
