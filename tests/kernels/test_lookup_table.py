import numpy as np

from nnlib.kernels import lookup_table as K


def test_gather_matches_numpy_indexing():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((7, 3)).astype(np.float32)
    ids = np.array([6, 0, 6, 2, 5], dtype=np.int64)
    out = np.empty((5, 3), dtype=np.float32)
    K.lookup_table_update_output(w, ids, out)
    np.testing.assert_array_equal(out, w[ids])


def test_scatter_add_accumulates_repeated_ids():
    rng = np.random.default_rng(1)
    ids = np.array([1, 4, 1, 1, 0], dtype=np.int64)
    gy = rng.standard_normal((5, 3))
    gw = np.ones((5, 3))
    K.lookup_table_acc_grad_parameters(ids, gy, 0.5, gw, -1, None)
    ref = np.ones((5, 3))
    np.add.at(ref, ids, 0.5 * gy)
    np.testing.assert_allclose(gw, ref, rtol=1e-12)


def test_scatter_add_skips_the_padding_id_and_scales_by_frequency():
    rng = np.random.default_rng(2)
    ids = np.array([1, 4, 1, 1, 0, 3], dtype=np.int64)
    gy = rng.standard_normal((6, 3))
    counts = np.bincount(ids, minlength=5).astype(np.float64)
    gw = np.zeros((5, 3))
    K.lookup_table_acc_grad_parameters(ids, gy, 2.0, gw, 4, counts)
    ref = np.zeros((5, 3))
    keep = ids != 4
    np.add.at(ref, ids[keep], 2.0 * gy[keep] / counts[ids[keep], None])
    np.testing.assert_allclose(gw, ref, rtol=1e-12)
    assert not gw[4].any()


def test_renorm_scales_only_long_rows():
    w = np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]])
    K.lookup_table_renorm(w, np.array([0, 1], dtype=np.int64), 1.0, 2.0)
    np.testing.assert_allclose(np.linalg.norm(w[0]), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(w[1], [0.3, 0.4])
    np.testing.assert_array_equal(w[2], [6.0, 8.0])  # not referenced
