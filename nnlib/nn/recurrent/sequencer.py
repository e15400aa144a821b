"""`Sequencer`: applies a module to every step of a time-major sequence (T, N, ...)."""
import numpy as np

from . import _fused_output
from .abstract_recurrent import AbstractRecurrent, as_mask, check_remember_mode
from ..activation.log_softmax import LogSoftMax
from ..container.container import Container
from ..linear.linear import Linear
from .recursor import Recursor
from ..container.sequential import Sequential
from ..module import Module


def _has_recurrent(module):
    return any(isinstance(m, AbstractRecurrent) for m in module.list_modules())


def _walkable(module):
    """True when a Sequencer can run `module` a layer at a time over the whole sequence."""
    if isinstance(module, AbstractRecurrent) or getattr(module, "takes_sequences", False):
        return True
    if isinstance(module, Sequential):
        return all(_walkable(child) for child in module.modules)
    return not _has_recurrent(module)


def _unbatched_steps(module, x):
    """Whether the steps of sequence x have a rank at which `module` sees no batch axis (e.g. SoftMax's (C,) and
    (C, H, W), normalised over their first axis): then T*N rows would mix steps, and the (T, ...) sequence is the
    batch of those steps the module takes (rnn ran it step by step)."""
    return x.ndim - 1 in getattr(module, "unbatched_ranks", ())


def _output_layer(module, following, x):
    """Whether `module`, `following` is a Linear -> LogSoftMax pair to run fused on (T, N, F) input x."""
    return (type(module) is Linear and type(following) is LogSoftMax and isinstance(x, np.ndarray)
            and x.ndim == 3)


def _check_array(owner, module, y):
    if not isinstance(y, np.ndarray):
        raise ValueError(f"{owner!r}: {type(module).__name__} returns a {type(y).__name__} per step; a Sequencer "
                         f"passes arrays between layers: put it in a Sequential with the layer that consumes it")
    return y


class Sequencer(Container):
    """Runs `module` over a whole sequence: input (T, N, ...) -> output (T, N, ...) (rnn's Sequencer).

    Like rnn's, it accepts any module, applied at every step, with recurrent modules inside carrying
    their state across steps. The work goes a layer at a time over the whole sequence: a recurrent
    module runs its fused whole-sequence kernel, a Sequential is walked child by child, a module
    without recurrent parts runs once on the (T*N, ...) input (on the (T, ...) sequence when its steps
    have no batch axis for it, as SoftMax's (C,) or (C, H, W)); anything else (e.g. a table container
    holding recurrent modules) goes step by step through a `Recursor`. A Linear followed by
    LogSoftMax is one pass that writes the log-probabilities over the logits; fed the gradient of
    SequencerCriterion(ClassNLLCriterion()), its backward uses the labels directly.

    `forward(input, mask)` takes an optional (T, N) mask (1 real step, 0 padding): masked steps
    output zeros, get zero gradient and reset their row's recurrent state. By default ('neither')
    the state is forgotten before each sequence; `remember('both')` carries it over (truncated BPTT;
    gradients stop at the sequence boundary), 'train' / 'eval' only in that mode; `forget()` clears it.

    Args:
        module: the module applied at every step.

    Shape:
        Input: (T, N, ...) (or a list of T step inputs), output (T, N, ...); mask (T, N) optional.
    """

    takes_sequences = True  # a nested Sequencer gets whole sequences
    transient_attributes = ("_inputs", "_recursors", "_mask", "_forgetting", "_fused")

    def __init__(self, module: Module):
        super().__init__(module)
        self.remember_mode = "neither"
        self._inputs = {}
        self._recursors = {}
        self._mask = None
        self._fused = {}

    @property
    def module(self):
        return self.modules[0]

    def remember(self, mode="both"):
        """When to keep the recurrent state between calls: 'both', 'train', 'eval', 'neither'."""
        self.remember_mode = check_remember_mode(self, mode)
        for m in self.module.list_modules():
            if isinstance(m, AbstractRecurrent):
                m.remember_mode = mode
        return self

    def forget(self):
        """Drop the recurrent state of every recurrent module inside."""
        for m in self.module.list_modules():
            if isinstance(m, AbstractRecurrent):
                m.forget()
        for r in (self._recursors or {}).values():
            r.forget()
        return self

    def _keeps_state(self):
        mode = self.remember_mode
        return mode == "both" or (mode == "train" and self.train) or (mode == "eval" and not self.train)

    # -- forward / backward -------------------------------------------------------
    def update_output(self, input, mask=None):
        input = np.asarray(input)
        if input.ndim < 2:
            raise ValueError(f"{self!r}: expected a time-major sequence (T, N, ...), got shape {input.shape}")
        self._forgetting = not self._keeps_state()
        self._mask = None if mask is None else as_mask(self, mask, *input.shape[:2])
        self._inputs = {}
        self._fused = {}
        out = self._forward(self.module, input, self._mask)
        if self._mask is not None:
            out = out * self._mask.reshape(self._mask.shape + (1,) * (out.ndim - 2))
        self.output = out
        return out

    forward = update_output
    __call__ = update_output

    def backward(self, input, grad_output, scale=1.0):
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{self!r}: grad_output shape {grad_output.shape} does not match the output {self.output.shape}")
        if self._mask is not None:
            grad_output = grad_output * self._mask.reshape(self._mask.shape + (1,) * (grad_output.ndim - 2))
        self.grad_input = self._backward(self.module, np.ascontiguousarray(grad_output), scale)
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        """Gradient w.r.t. the input without accumulating parameter gradients."""
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError("Sequencer: parameter gradients are accumulated by backward(input, grad_output, "
                                  "scale); call backward instead")

    def _forward(self, m, x, mask):
        self._inputs[id(m)] = x
        if isinstance(m, AbstractRecurrent):
            if self._forgetting:
                m.forget()
            return m.sequence_forward(x, mask)
        if getattr(m, "takes_sequences", False):
            if self._forgetting:
                m.forget()
            return m.forward(x, mask=mask)
        if isinstance(m, Sequential) and _walkable(m):
            children = m.modules
            i = 0
            while i < len(children):
                if i + 1 < len(children) and _output_layer(children[i], children[i + 1], x):
                    x = self._output_layer_forward(children[i], children[i + 1], x)
                    i += 2
                else:
                    x = self._forward(children[i], x, mask)
                    i += 1
            m.output = x
            return x
        steps, n = x.shape[:2]
        if not _has_recurrent(m):
            if _unbatched_steps(m, x):
                return _check_array(self, m, m.forward(x))
            y = _check_array(self, m, m.forward(x.reshape((steps * n,) + x.shape[2:])))
            return y.reshape((steps, n) + y.shape[1:])
        if mask is not None:
            raise ValueError(f"{self!r}: masks need recurrent modules that run whole sequences; "
                             f"{type(m).__name__} runs step by step")
        if self._recursors is None:
            self._recursors = {}
        rec = self._recursors.setdefault(id(m), Recursor(m))
        if self._forgetting:
            rec.forget()
        return np.stack([np.array(_check_array(self, m, rec.forward(x[t])), copy=True) for t in range(steps)])

    def _backward(self, m, gy, scale):
        x = self._inputs[id(m)]
        if isinstance(m, AbstractRecurrent):
            return m.sequence_backward(x, gy, scale)
        if getattr(m, "takes_sequences", False):
            return m.backward(x, gy, scale)
        if isinstance(m, Sequential) and _walkable(m):
            for child in reversed(m.modules):
                fused = self._fused.get(id(child)) if self._fused else None
                claimed = None if fused is None else _fused_output.claim(gy, fused)
                if claimed is None:
                    gy = self._backward(child, gy, scale)
                else:
                    gy = self._output_layer_backward(child, fused.shape, *claimed)
            m.grad_input = gy
            return gy
        steps, n = x.shape[:2]
        if self._recursors and id(m) in self._recursors:
            rec = self._recursors[id(m)]
            grads = [np.array(rec.backward(x[t], gy[t], scale), copy=True) for t in range(steps - 1, -1, -1)]
            return np.stack(grads[::-1])
        if _unbatched_steps(m, x):
            return m.backward(x, gy, scale)
        gx = m.backward(x.reshape((steps * n,) + x.shape[2:]), gy.reshape((steps * n,) + gy.shape[2:]), scale)
        return gx.reshape(x.shape) if gx.size == x.size else gx

    def _output_layer_forward(self, linear, log_softmax, x):
        """Linear then LogSoftMax on (T, N, F), the log-probabilities written over the logits."""
        steps, n = x.shape[:2]
        self._inputs[id(linear)] = x
        logits = linear.forward(x.reshape(steps * n, x.shape[2]))
        log_softmax.softmax_plan(logits.shape + (1,)).forward(logits[:, :, None], logits[:, :, None])
        log_softmax.output = logits
        y = logits.reshape(steps, n, logits.shape[1])
        self._inputs[id(log_softmax)] = y
        self._fused[id(log_softmax)] = y
        return y

    def _output_layer_backward(self, log_softmax, shape, target, row_scale):
        """The logits' gradient of ClassNLL(LogSoftMax(logits)) from the log-probabilities (see the class docstring)."""
        y = log_softmax.output
        gx = log_softmax._buffer("_gx", y.shape)
        log_softmax.softmax_plan(y.shape + (1,)).class_nll_grad(y, target, row_scale, gx)
        log_softmax.grad_input = gx
        return gx.reshape(shape)

    def __repr__(self):
        return "nn.Sequencer @ " + repr(self.module)
