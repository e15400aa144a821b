import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_rows_and_shapes():
    lt = nn.LookupTable(7, 3)
    ids = np.array([[6, 0], [2, 6], [0, 1]])
    out = lt.forward(ids)
    assert out.shape == (3, 2, 3)
    np.testing.assert_array_equal(out, lt.weight[ids])
    assert lt.forward(np.array([4])).shape == (1, 3)


def test_init_is_standard_normal():
    w = nn.LookupTable(400, 50).weight
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02


@pytest.mark.parametrize("shape", [(5,), (3, 1)])
def test_gradients(shape):
    lt = nn.LookupTable(4, 3).astype(np.float64)
    ids = np.array([3, 0, 3, 1, 3][:int(np.prod(shape))]).reshape(shape)
    check_module_gradients(lt, ids)


def test_repeated_ids_accumulate():
    lt = nn.LookupTable(4, 2)
    ids = np.array([1, 1, 3])
    lt.forward(ids)
    lt.backward(ids, np.ones((3, 2), dtype=np.float32))
    np.testing.assert_array_equal(lt.grad_weight, [[0, 0], [2, 2], [0, 0], [1, 1]])


def test_max_norm_renormalises_used_rows():
    lt = nn.LookupTable(5, 4, max_norm=1.0)
    before = lt.weight.copy()
    lt.forward(np.array([0, 2]))
    norms = np.linalg.norm(lt.weight, axis=1)
    assert np.all(norms[[0, 2]] <= 1.0 + 1e-5)
    np.testing.assert_array_equal(lt.weight[[1, 3, 4]], before[[1, 3, 4]])


def test_bad_ids_are_clear_errors():
    lt = nn.LookupTable(5, 2)
    with pytest.raises(ValueError, match="out of range"):
        lt.forward(np.array([0, 5]))
    with pytest.raises(ValueError, match="integer ids"):
        lt.forward(np.array([0.0, 1.0]))


def test_third_positional_argument_is_torch7s_padding_value_not_max_norm():
    # Torch7: LookupTable(nIndex, nOutput, paddingValue, maxNorm, normType). A third positional
    # argument once meant max_norm here, silently shrinking every row looked up.
    lt = nn.LookupTable(5, 4, 2)
    lt.weight[...] = 3.0
    before = lt.weight.copy()
    ids = np.array([0, 2, 2, 4])
    out = lt.forward(ids)
    np.testing.assert_array_equal(lt.weight, before)
    np.testing.assert_array_equal(out, before[ids])
    assert lt.padding_value == 2 and lt.max_norm is None
    lt.backward(ids, np.ones((4, 4), np.float32))
    np.testing.assert_array_equal(lt.grad_weight[:, 0], [1, 0, 0, 0, 1])  # id 2 is padding: no gradient


def test_keywords_and_none_padding():
    lt = nn.LookupTable(5, 4, max_norm=1.0, norm_type=1.0)
    assert lt.padding_value is None and lt.max_norm == 1.0 and lt.norm_type == 1.0
    assert nn.LookupTable(5, 4, padding_value=-1).padding_value is None
    with pytest.raises(ValueError, match="out of range"):
        nn.LookupTable(5, 4, 5)
    with pytest.raises(ValueError, match="must be an id"):
        nn.LookupTable(5, 4, 1.0)


def test_gradients_with_padding():
    lt = nn.LookupTable(4, 3, padding_value=3).astype(np.float64)
    check_module_gradients(lt, np.array([3, 0, 3, 1]), check_parameters=False)
    lt.zero_grad_parameters()
    lt.forward(np.array([3, 0, 3, 1]))
    lt.backward(np.array([3, 0, 3, 1]), np.ones((4, 3)))
    np.testing.assert_array_equal(lt.grad_weight, [[1] * 3, [1] * 3, [0] * 3, [0] * 3])


def test_scale_grad_by_freq():
    lt = nn.LookupTable(3, 2).scale_grad_by_freq()
    ids = np.array([1, 1, 1, 0])
    lt.forward(ids)
    lt.backward(ids, np.ones((4, 2), np.float32))
    np.testing.assert_allclose(lt.grad_weight, [[1, 1], [1, 1], [0, 0]])


def test_padding_gradient_matches_torch_embedding():
    torch = pytest.importorskip("torch")
    lt = nn.LookupTable(6, 3, padding_value=2).astype(np.float64)
    ids = np.array([[2, 0], [5, 2], [0, 1]])
    gy = np.random.default_rng(4).standard_normal((3, 2, 3))
    lt.forward(ids)
    lt.backward(ids, gy)
    w = torch.tensor(lt.weight, requires_grad=True)
    out = torch.nn.functional.embedding(torch.from_numpy(ids), w, padding_idx=2)
    out.backward(torch.from_numpy(gy))
    np.testing.assert_allclose(lt.output, out.detach().numpy(), rtol=1e-15)
    np.testing.assert_allclose(lt.grad_weight, w.grad.numpy(), rtol=1e-12)
