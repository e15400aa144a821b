"""`NaN`: a decorator that raises when NaN shows up in its module's passes."""
import itertools

import numpy as np

from ..module import Module
from ._decorator import Decorator

_ids = itertools.count(1)


def _has_nan(obj):
    if isinstance(obj, np.ndarray):
        return obj.dtype.kind in "fc" and bool(np.isnan(obj).any())
    if isinstance(obj, (list, tuple)):
        return any(_has_nan(item) for item in obj)
    return False


class NaN(Decorator):
    """Run `module` and raise a FloatingPointError as soon as a NaN appears (Torch7's nn.NaN).

    Checks its output, grad_input and parameter gradients, naming this decorator's id and the
    module and saying whether the NaN came in (input, grad_output, parameters) or arose there.

    Args:
        module: the module to watch.
        id: a label for the messages; by default a running number, as Torch7.

    Shape:
        those of `module`.
    """

    def __init__(self, module: Module, id: object | None = None):  # noqa: A002 (Torch7's name)
        super().__init__(module)
        self.id = next(_ids) if id is None else id

    def _fail(self, where):
        raise FloatingPointError(f"NaN found in {where} of module :\n{self!r}")

    def update_output(self, input):
        out = super().update_output(input)
        if _has_nan(out):
            if _has_nan(input):
                self._fail("input")
            if _has_nan(self.parameters()[0]):
                self._fail("parameters")
            self._fail("output")
        return out

    def update_grad_input(self, input, grad_output):
        gx = super().update_grad_input(input, grad_output)
        if _has_nan(gx):
            self._fail("gradOutput" if _has_nan(grad_output) else "gradInput")
        return gx

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        super().acc_grad_parameters(input, grad_output, scale)
        if _has_nan(self.parameters()[1]):
            self._fail("gradParameters")

    def __repr__(self):
        return f"nn.NaN({self.id}) @ {self.module!r}"
