"""`nn.Jacobian`: torch/nn's Jacobian checks, for users testing their own modules the Torch7 way.

Torch7 code checks a module with `nn.Jacobian.testJacobian(module, input)`
and asserts the returned maximum error is below a precision; here
`nn.Jacobian.test_jacobian(module, input)` does the same. Use a float64
module and input (`module.astype(np.float64)`). The pytest-style checks of
nnlib's own tests are `nnlib.testing.check_module_gradients` and
`check_criterion_gradients`, which raise with the mismatching entries instead.
"""
import os
import tempfile

import numpy as np

from ..random import get_rng


def _flat(array, what):
    """A 1-D view of `array`, which must own contiguous memory so writes through the view reach it."""
    if not isinstance(array, np.ndarray) or not array.flags.c_contiguous:
        raise ValueError(f"nn.Jacobian: {what} must be a C-contiguous numpy array (it is perturbed in place)")
    return array.reshape(-1)


def _fill_uniform(array, min_val, max_val):
    """Torch7's `x:copy(torch.rand(n):mul(max - min):add(min))`, from nnlib's generator."""
    array[...] = get_rng().uniform(min_val, max_val, array.shape)


def _max_abs(a, b):
    return float(np.max(np.abs(a - b))) if a.size else 0.0


class Jacobian:
    """Torch7's `nn.Jacobian` functions (static methods, snake_case).

    `forward` differentiates numerically, `backward` through the module's
    `update_grad_input` / `acc_grad_parameters`; the `test_*` functions
    compare the two and return the largest absolute difference, as Torch7.
    Arrays only (no tables), as in torch/nn.
    """

    @staticmethod
    def backward(module, input, param=None, dparam=None):
        """The Jacobian (param.size, output.size) by back-propagating each unit output gradient.

        Without `param` it is the Jacobian w.r.t. the input; with `param` and its
        gradient array `dparam`, w.r.t. that parameter.
        """
        out = module.forward(input)
        dout = np.zeros_like(out)
        flat_dout = dout.reshape(-1)
        target = input if param is None else param
        jacobian = np.zeros((target.size, out.size))
        for i in range(out.size):
            flat_dout[:] = 0
            flat_dout[i] = 1
            module.zero_grad_parameters()
            din = module.update_grad_input(input, dout)
            module.acc_grad_parameters(input, dout, 1.0)
            jacobian[:, i] = (din if param is None else dparam).reshape(-1)
        return jacobian

    @staticmethod
    def backward_update(module, input, param):
        """Column i: `param` after `acc_update_grad_parameters` with unit output gradient i and rate 1.

        The parameters are restored afterwards.
        """
        out = module.forward(input)
        dout = np.zeros_like(out)
        flat_dout = dout.reshape(-1)
        jacobian = np.zeros((param.size, out.size))
        params = module.parameters()[0]
        originals = [p.copy() for p in params]
        for i in range(out.size):
            for p, p0 in zip(params, originals):
                p[...] = p0
            flat_dout[:] = 0
            flat_dout[i] = 1
            module.update_grad_input(input, dout)
            module.acc_update_grad_parameters(input, dout, 1.0)
            jacobian[:, i] = param.reshape(-1)
        for p, p0 in zip(params, originals):
            p[...] = p0
        return jacobian

    @staticmethod
    def forward(module, input, param=None, perturbation=1e-6):
        """The Jacobian (param.size, output.size) by central differences of `param` (default: the input)."""
        target = input if param is None else param
        flat = _flat(target, "the input" if param is None else "the parameter")
        size = np.asarray(module.forward(input)).size
        jacobian = np.zeros((flat.size, size))
        for i in range(flat.size):
            orig = flat[i]
            flat[i] = orig - perturbation
            below = np.array(module.forward(input), dtype=np.float64).reshape(-1)
            flat[i] = orig + perturbation
            above = np.array(module.forward(input), dtype=np.float64).reshape(-1)
            flat[i] = orig
            jacobian[i] = (above - below) / (2 * perturbation)
        return jacobian

    @staticmethod
    def forward_update(module, input, param, perturbation=1e-6):
        """Row i: `param[i]` minus the numerical derivatives of the outputs w.r.t. it (compare with backward_update)."""
        jacobian = Jacobian.forward(module, input, param, perturbation)
        return param.reshape(-1, 1) - jacobian

    @staticmethod
    def test_jacobian(module, input, min_val=-2, max_val=2, perturbation=1e-6):
        """Fill `input` with U(min_val, max_val) in place; max |numerical - back-propagated| Jacobian w.r.t. it."""
        _fill_uniform(input, min_val, max_val)
        numeric = Jacobian.forward(module, input, input, perturbation)
        analytic = Jacobian.backward(module, input)
        return _max_abs(numeric, analytic)

    @staticmethod
    def test_jacobian_parameters(module, input, param, dparam, min_val=-2, max_val=2, perturbation=1e-6):
        """As `test_jacobian`, w.r.t. the parameter `param` (e.g. `module.weight`) with gradient `dparam`."""
        _fill_uniform(input, min_val, max_val)
        _fill_uniform(param, min_val, max_val)
        analytic = Jacobian.backward(module, input, param, dparam)
        numeric = Jacobian.forward(module, input, param, perturbation)
        return _max_abs(numeric, analytic)

    @staticmethod
    def test_jacobian_update_parameters(module, input, param, min_val=-2, max_val=2, perturbation=1e-6):
        """The error of `acc_update_grad_parameters` on `param` against central differences."""
        _fill_uniform(input, min_val, max_val)
        _fill_uniform(param, min_val, max_val)
        analytic = Jacobian.backward_update(module, input, param)
        numeric = Jacobian.forward_update(module, input, param, perturbation)
        return _max_abs(numeric, analytic)

    @staticmethod
    def test_io(module, input, min_val=-2, max_val=2):
        """(forward error, backward error) of the module after a save and load round trip (`nnlib.save`/`load`).

        `clear_state()` must return the module, as Torch7 checks.
        """
        from .. import io  # the nn layer sits below io; imported when used

        x = input.copy()
        module.forward(input)
        grad_output = get_rng().uniform(min_val, max_val, np.shape(module.output)).astype(module.output.dtype)
        module.zero_grad_parameters()
        module.update_grad_input(input, grad_output)
        module.acc_grad_parameters(input, grad_output, 1.0)
        out, grad_in = np.array(module.output, copy=True), np.array(module.grad_input, copy=True)
        if module.clear_state() is not module:
            raise AssertionError(f"{module!r}: clear_state did not return the module")
        fd, path = tempfile.mkstemp(suffix=".h5")
        os.close(fd)
        try:
            io.save(path, module)
            twin = io.load(path)
        finally:
            os.remove(path)
        twin.forward(x)
        twin.zero_grad_parameters()
        twin.update_grad_input(x, grad_output)
        twin.acc_grad_parameters(x, grad_output, 1.0)
        return _max_abs(out, np.asarray(twin.output)), _max_abs(grad_in, np.asarray(twin.grad_input))

    @staticmethod
    def test_all_update(module, input, weight, grad_weight):
        """Torch7's testAllUpdate: errors of the update paths of parameter `weight` (its gradient `grad_weight`).

        Returns a dict: `acc_grad_parameters` (update_parameters after it),
        `acc_update_grad_parameters`, and both with the weight shared by two clones.
        """
        rng = get_rng()
        lr = float(rng.uniform(0.1, 1))
        errors = {}
        plain = module.clone()
        start = getattr(plain, weight).copy()
        plain.forward(input)
        grad_output = rng.random(np.shape(plain.output)).astype(plain.output.dtype)
        plain.zero_grad_parameters()
        plain.update_grad_input(input, grad_output)
        plain.acc_grad_parameters(input, grad_output, 1.0)
        plain.update_parameters(lr)
        step = getattr(plain, grad_weight)
        errors["acc_grad_parameters"] = float(np.linalg.norm(start - step * lr - getattr(plain, weight)))

        direct = module.clone()
        direct.forward(input)
        direct.update_grad_input(input, grad_output)
        direct.acc_update_grad_parameters(input, grad_output, lr)
        errors["acc_update_grad_parameters"] = float(np.linalg.norm(getattr(direct, weight) - getattr(plain, weight)))

        for key, accumulate in (("acc_grad_parameters [shared]", True), ("acc_update_grad_parameters [shared]", False)):
            first = module.clone()
            second = module.clone().share(first, weight)
            for m in (first, second):
                m.forward(input)
                m.zero_grad_parameters()
            for m in (first, second):
                m.update_grad_input(input, grad_output)
                if accumulate:
                    m.acc_grad_parameters(input, grad_output, 1.0)
                else:
                    m.acc_update_grad_parameters(input, grad_output, lr)
            if accumulate:
                first.update_parameters(lr)  # nnlib shares the gradient with the weight: it holds both uses' sum
            expected = start - step * (2 * lr)
            errors[key] = float(np.linalg.norm(expected - getattr(first, weight)) +
                                np.linalg.norm(expected - getattr(second, weight)))
        return errors
