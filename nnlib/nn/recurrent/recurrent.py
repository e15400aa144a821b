"""`Recurrent`: rnn's generalised recurrent container, with a fused fast path."""
import numpy as np

from ...plans import RecurrentPlan
from .abstract_recurrent import AbstractRecurrent, as_mask, parameter_signature, shared_clone
from ..linear.add import Add
from ..table.c_add_table import CAddTable
from ..linear.linear import Linear
from ..activation.sigmoid import Sigmoid
from ..activation.tanh import Tanh
from ..module import Module

_TRANSFER_CODES = {Sigmoid: 0, Tanh: 1}


class Recurrent(AbstractRecurrent):
    """h_1 = transfer(start(input(x_1))), h_t = transfer(merge(input(x_t), feedback(h_{t-1}))).

    Torch rnn's `Recurrent(start, input, feedback, transfer, rho, merge)`:
    `start` is the output size (then an `Add(start)` bias, as in rnn) or a
    module; `input` maps a step's input to the output size, `feedback` maps
    the previous output, `merge` (default CAddTable) combines them.

    Step API (`forward` per step): Torch's way, a shared-parameter clone of
    the step modules per step, for any modules. Whole sequences through a
    Sequencer: the input module runs once on all T*N rows, and when the rest
    has the standard form (Add start, Linear feedback, Sigmoid/Tanh transfer,
    CAddTable merge) the recurrence runs as one fused numba kernel; other forms
    loop over the step API. Masks (padding) need the standard form.

    Args:
        start: the output size (then an `Add(start)` bias) or the module of the first step.
        input_module: maps a step's input to the output size.
        feedback_module: maps the previous step's output.
        transfer: the non-linearity (default Sigmoid).
        rho: the number of steps kept for backpropagation through time.
        merge: combines the input and feedback paths (default CAddTable).

    Shape:
        Step API: input (N, F) -> output (N, H); in a Sequencer (T, N, F) -> (T, N, H).
    """

    def __init__(self, start: int | Module, input_module: Module, feedback_module: Module,
                 transfer: Module | None = None, rho: int = 9999, merge: Module | None = None):
        self.start = Add(start) if isinstance(start, (int, np.integer)) else start
        self.input_module = input_module
        self.feedback_module = feedback_module
        self.transfer = Sigmoid() if transfer is None else transfer
        self.merge = CAddTable() if merge is None else merge
        self._step_nets, self._clone_signature = [], None
        super().__init__(rho)

    transient_attributes = ("_step_nets", "_clone_signature")

    def children(self):
        return [self.input_module, self.feedback_module, self.start, self.transfer, self.merge]

    def _cell_plan(self, n, hidden):
        """The plan of a batch of n (`nnlib.plans.RecurrentPlan`: inline or BLAS step products, work arrays)."""
        return self._plan_for((n, hidden, self.dtype), lambda: RecurrentPlan(n, hidden, self.dtype))

    def _fast_transfer(self):
        """The kernel's transfer code when the step modules have the standard form, else None."""
        fb = self.feedback_module
        standard = (type(self.start) is Add and type(self.merge) is CAddTable and type(fb) is Linear
                    and fb.input_size == fb.output_size == self.start.size
                    and not any(isinstance(m, AbstractRecurrent) for m in self.input_module.list_modules()))
        return _TRANSFER_CODES.get(type(self.transfer)) if standard else None

    def _state_batch(self):
        return self._state[0].shape[0]

    # -- step API (Torch's clones) ----------------------------------------------------
    def _step_net(self, index):
        if index == 0 or self._step_nets is None:
            signature = parameter_signature(self.children())
            if self._step_nets is None or signature != self._clone_signature:
                self._step_nets, self._clone_signature = [], signature
        while len(self._step_nets) <= index:
            pieces = [shared_clone(m) for m in self.children()]
            self._step_nets.append(dict(zip(("input", "feedback", "start", "transfer", "merge"), pieces)))
        return self._step_nets[index]

    def step_clones(self):
        return [m for net in (self._step_nets or []) for m in net.values()]

    def _step_forward(self, input):
        net = self._step_net(self.step % self.rho)
        a = net["input"].forward(input)
        if a.ndim == 2:
            self._check_state_batch(a.shape[0])
        if self._state is not None and self._state[1].any() and not self._state[1].all():
            raise ValueError(f"{self!r}: rows of the state were reset by a mask; the step API needs a "
                             f"whole-batch state (call forget())")
        first = self._state is None or bool(self._state[1].all())
        cache = dict(net=net, first=first, a=a)
        if first:
            pre = net["start"].forward(a)
        else:
            cache["h_prev"] = self._state[0]
            cache["f"] = net["feedback"].forward(cache["h_prev"])
            pre = net["merge"].forward([a, cache["f"]])
        cache["pre"] = pre
        out = net["transfer"].forward(pre)
        rows = out.shape[0] if out.ndim == 2 else 1
        self._state = (out, np.zeros(rows, dtype=np.uint8))
        return cache, out

    def _step_backward(self, cache, input, grad_output, carry, scale):
        net = cache["net"]
        g = grad_output if carry is None else grad_output + carry
        gpre = net["transfer"].backward(cache["pre"], g, scale)
        if cache["first"]:
            ga = net["start"].backward(cache["a"], gpre, scale)
            carry = None
        else:
            ga, gf = net["merge"].backward([cache["a"], cache["f"]], gpre, scale)
            carry = np.array(net["feedback"].backward(cache["h_prev"], gf, scale), copy=True)
        return net["input"].backward(input, ga, scale), carry

    # -- sequence API ------------------------------------------------------------------
    def sequence_forward(self, input, mask=None):
        input = np.asarray(input)
        transfer = self._fast_transfer()
        if transfer is None:
            self._seq_cache = None
            return super().sequence_forward(input, mask)
        steps, n = input.shape[:2]
        hidden = self.start.size
        xp = self.input_module.forward(input.reshape((steps * n,) + input.shape[2:]))
        if xp.shape != (steps * n, hidden):
            raise ValueError(f"{self!r}: the input module gives shape {xp.shape[1:]} per row, expected ({hidden},)")
        xproj = np.ascontiguousarray(xp, dtype=self.dtype).reshape(steps, n, hidden)
        self._check_state_batch(n)
        if self._state is None:
            h0, fresh = np.zeros((n, hidden), dtype=self.dtype), np.ones(n, dtype=np.uint8)
        else:
            h0, fresh = self._state[0], self._state[1].copy()
        fb = self.feedback_module
        b_h = fb.bias if fb.bias is not None else np.zeros(hidden, dtype=self.dtype)
        h = np.empty((steps, n, hidden), dtype=self.dtype)
        used_start = np.empty((steps, n), dtype=np.uint8)
        m = as_mask(self, mask, steps, n)
        self._cell_plan(n, hidden).forward(xproj, fb.weight, b_h, self.start.bias, h0, fresh, m, transfer, h,
                                           used_start)
        self._state = (h[-1], fresh)
        self._seq_cache = dict(h0=h0, h=h, used_start=used_start, mask=m, transfer=transfer)
        self.output = h
        return h

    def sequence_backward(self, input, grad_output, scale=1.0):
        input = np.asarray(input)
        if self._fast_transfer() is None:
            return super().sequence_backward(input, grad_output, scale)
        cache = self._sequence_cache()
        h = cache["h"]
        if grad_output.shape != h.shape:
            raise ValueError(f"{self!r}: grad_output shape {grad_output.shape} does not match the output {h.shape}")
        steps, n, hidden = h.shape
        fb = self.feedback_module
        dpre = np.empty_like(h)
        dh = np.zeros((n, hidden), dtype=self.dtype)
        plan = self._cell_plan(n, hidden)
        plan.grad_input(np.ascontiguousarray(grad_output), dh, h, cache["used_start"], cache["mask"], cache["transfer"],
                        fb.weight, dpre)
        if scale != 0:  # the kernel writes the children's gradients: a frozen child's go to scratch
            plan.acc_grad(dpre, cache["h0"], h, cache["used_start"], self.dtype.type(scale),
                          *[g if g is None or m.requires_grad else np.zeros_like(g)
                            for m, g in ((fb, fb.grad_weight), (fb, fb.grad_bias), (self.start, self.start.grad_bias))])
        gx = self.input_module.backward(input.reshape((steps * n,) + input.shape[2:]),
                                        dpre.reshape(steps * n, hidden), scale)
        self.grad_input = gx.reshape(input.shape) if gx.size == input.size else gx
        return self.grad_input

    def __repr__(self):
        lines = ["nn.Recurrent" + (f"({self.extra_repr()})" if self.extra_repr() else "") + " {",
                 "  [{input(t), output(t-1)} -> (1) -> (2) -> (3) -> output(t)]",
                 "  (1):  {",
                 f"    input(t)    -> {repr(self.input_module)}".replace("\n", "\n    "),
                 f"    output(t-1) -> {repr(self.feedback_module)}".replace("\n", "\n    "),
                 "  }",
                 f"  (2): {self.merge!r}",
                 f"  (3): {self.transfer!r}",
                 f"  start: {self.start!r}",
                 "}"]
        return "\n".join(lines)
