"""Finite-difference gradient checks for modules and criterions (use float64)."""
import numpy as np


def _float_leaves(obj):
    """The float arrays inside an array or a (nested) list table."""
    if isinstance(obj, np.ndarray):
        return [obj] if obj.dtype.kind == "f" else []
    if isinstance(obj, (list, tuple)):
        return [a for item in obj for a in _float_leaves(item)]
    return []


def _random_like(obj, rng):
    if isinstance(obj, np.ndarray):
        return rng.standard_normal(obj.shape).astype(obj.dtype)
    return [_random_like(item, rng) for item in obj]


def _dot(a, b):
    if isinstance(a, np.ndarray):
        return float(np.sum(a.astype(np.float64) * b))
    return sum(_dot(x, y) for x, y in zip(a, b))


def _copy(obj):
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return [_copy(item) for item in obj]


def _numeric_gradient(f, array, eps):
    grad = np.zeros(array.shape)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        plus = f()
        flat[i] = old - eps
        minus = f()
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * eps)
    return grad


def _assert_close(name, analytic, numeric, rtol, atol):
    if not np.allclose(analytic, numeric, rtol=rtol, atol=atol):
        err = np.max(np.abs(analytic - numeric))
        raise AssertionError(f"gradient mismatch for {name}: max abs error {err:.3g}\n"
                             f"analytic:\n{analytic}\nnumeric:\n{numeric}")


def check_module_gradients(module, input, eps=1e-6, rtol=1e-5, atol=1e-7, seed=0,
                           before_forward=None, check_parameters=True):
    """Compare `module.backward` with central differences of sum(output * r).

    Checks the gradient w.r.t. every float array of `input` (an array or a
    list table) and, if `check_parameters`, every parameter. `before_forward`
    is called before each forward pass (e.g. to fix a dropout mask's seed).
    The module should be cast to float64 first.
    """
    rng = np.random.default_rng(seed)

    def run():
        if before_forward is not None:
            before_forward()
        return module.forward(input)

    out = _copy(run())
    weights = _random_like(out, rng)

    def objective():
        return _dot(run(), weights)

    run()
    module.zero_grad_parameters()
    grad_input = _copy(module.backward(input, weights))
    params, grads = module.parameters()
    analytic_params = [g.copy() for g in grads]
    for i, (x, gx) in enumerate(zip(_float_leaves(input), _float_leaves(grad_input))):
        _assert_close(f"input[{i}]", gx, _numeric_gradient(objective, x, eps), rtol, atol)
    if check_parameters:
        for i, (p, g) in enumerate(zip(params, analytic_params)):
            _assert_close(f"parameter[{i}] {p.shape}", g, _numeric_gradient(objective, p, eps), rtol, atol)


def check_criterion_gradients(criterion, input, target, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Compare `criterion.backward` with central differences of `criterion.forward`."""
    analytic = _copy(criterion.backward(input, target))
    for i, (x, gx) in enumerate(zip(_float_leaves(input), _float_leaves(analytic))):
        numeric = _numeric_gradient(lambda: criterion.forward(input, target), x, eps)
        _assert_close(f"input[{i}]", gx, numeric, rtol, atol)
