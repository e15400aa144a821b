"""`AbstractRecurrent`: the step API shared by Recurrent, LSTM, GRU and Recursor.

Two ways to run a recurrent module (Torch's rnn semantics):

* Step by step (Torch's Recursor): call `forward(x_t)` once per time step,
  then `backward(x_t, grad_t)` for the same steps in reverse order; gradients
  flow back through at most `rho` steps (older steps are not kept).
  `forget()` starts a new sequence.
* A whole time-major sequence `(T, N, ...)` at once through `Sequencer`
  (`sequence_forward` / `sequence_backward`), the fast path; BPTT then covers
  the whole sequence (rnn's Sequencer likewise sets rho to its length).

Both continue from the state left by the previous call until `forget()`;
`remember(mode)` tells a Sequencer whether to keep that state between
sequences ('both', 'train', 'eval') or forget it before each ('neither').
"""
import copy

import numpy as np

from ..module import Module

REMEMBER_MODES = ("both", "train", "eval", "neither")


def check_remember_mode(owner, mode):
    if mode not in REMEMBER_MODES:
        raise ValueError(f"{owner!r}: remember mode {mode!r} is not one of {REMEMBER_MODES}")
    return mode


def as_mask(owner, mask, steps, batch):
    """A (T, N) uint8 mask (1 = real step, 0 = padding); all ones when `mask` is None."""
    if mask is None:
        return np.ones((steps, batch), dtype=np.uint8)
    mask = np.asarray(mask)
    if mask.shape != (steps, batch):
        raise ValueError(f"{owner!r}: mask shape {mask.shape} does not match the sequence's (T, N) = {(steps, batch)}")
    return np.ascontiguousarray(mask != 0, dtype=np.uint8)


def keeps_state(mode, train):
    """Whether a module in `train` (or evaluate) mode keeps its state under remember `mode`."""
    return mode == "both" or (mode == "train" and train) or (mode == "eval" and not train)


def nonzero_rows(x, lead):
    """(x.shape[:lead]) uint8: 1 where the row is real, 0 where it is rnn's zero-masked padding.

    A float row is padding when all its values are 0 (rnn's maskZero); an
    integer row (token ids) when its ids are -1, nnlib's placeholder for rnn's id 0.
    """
    x = np.asarray(x)
    axes = tuple(range(lead, x.ndim))
    pad = np.all(x == -1, axis=axes) if x.dtype.kind in "iu" else np.all(x == 0, axis=axes)
    return np.ascontiguousarray(~pad, dtype=np.uint8)


def parameter_signature(modules):
    """Identities of the parameter and gradient arrays of `modules`' trees.

    Step clones share these arrays; `get_parameters()` or `astype()` replace
    them, after which the clones must be rebuilt.
    """
    return tuple(id(getattr(m, attr)) for module in modules for m in module.list_modules()
                 for name in m._parameter_names for attr in (name, "grad_" + name))


def shared_clone(module):
    """Deep copy of `module` sharing its parameters and gradients (Torch's sharedClone).

    Recurrent modules nested inside are not copied: they keep their own time
    steps (rnn's stepClone), so every clone uses the same instance.
    """
    memo = {}
    for m in module.list_modules():
        if isinstance(m, AbstractRecurrent) and m is not module:
            memo[id(m)] = m
            continue
        for name in m._parameter_names:
            for attr in (name, "grad_" + name):
                a = getattr(m, attr)
                memo[id(a)] = a
                if a is not None and a.base is not None:
                    memo[id(a.base)] = a.base
    return copy.deepcopy(module, memo)


class AbstractRecurrent(Module):
    """Base class: keeps the step caches, the carried state and the BPTT position.

    Args:
        rho: the number of steps kept for backpropagation through time (rnn's `rho`).

    Shape:
        Step API: one step's input (N, ...) -> its output (N, ...); subclasses say what a step takes.
    """

    # work state, not saved by nnlib.save (a loaded module starts a new sequence)
    transient_attributes = ("_state", "_steps", "_bptt", "_grad_carry", "_seq_cache")
    maskzero = False  # set by mask_zero(); the class default also covers files saved before it existed

    def __init__(self, rho: int = 9999):
        super().__init__()
        if int(rho) < 1:
            raise ValueError(f"{type(self).__name__}: rho (maximum BPTT steps) must be >= 1, got {rho}")
        self.rho = int(rho)
        self.remember_mode = "neither"
        self.forget()

    # -- state ------------------------------------------------------------------
    def forget(self):
        """Start a new sequence: drop the state and the stored steps."""
        self.step = 0
        self._state = None
        self._steps = []
        self._bptt = None
        self._grad_carry = None
        self._seq_cache = None
        return self

    def remember(self, mode="both"):
        """Keep the state between Sequencer calls in 'both', 'train', 'eval' or 'neither' mode."""
        self.remember_mode = check_remember_mode(self, mode)
        return self

    def mask_zero(self, n_input_dim=None):
        """rnn's maskZero: input rows of zeros (ids -1) are padding: zero output and gradient, state reset.

        `n_input_dim` (rnn's nInputDim) is accepted for compatibility: the
        row is always everything after the batch axis.
        """
        self.maskzero = True
        return self

    def _masks(self, x, mask, lead):
        """The step mask(s) to run with: `mask` (or all ones) and, after mask_zero(), the input's zero rows."""
        if not self.maskzero:
            return mask
        rows = nonzero_rows(x, lead)
        return rows if mask is None else np.ascontiguousarray(mask * rows, dtype=np.uint8)

    def astype(self, dtype):
        """Cast, and start a new sequence (the state has the old dtype)."""
        super().astype(dtype)
        return self.forget()

    def _sequence_cache(self):
        """The cache of the last `sequence_forward`, or a clear error when there is none."""
        if self._seq_cache is None:
            raise ValueError(f"{self!r}: sequence_backward needs a sequence_forward first (since the last forget())")
        return self._seq_cache

    def _check_state_batch(self, n):
        if self._state is not None and self._state_batch() != n:
            raise ValueError(f"{self!r}: the remembered state has batch size {self._state_batch()} but the input "
                             f"has {n}; call forget() before changing the batch size")

    # -- the step API -------------------------------------------------------------
    def update_output(self, input):
        """One time step: output for `input` given the state left by the previous step."""
        if self._steps is None:  # loaded by nnlib.load: no work state yet
            self.forget()
        self._bptt = None
        cache, out = self._step_forward(input)
        self._steps.append((cache, out))
        if len(self._steps) > self.rho:
            self._steps.pop(0)
        self.step += 1
        self.output = out
        return out

    def backward(self, input, grad_output, scale=1.0):
        """Back-propagate the latest not-yet-backwarded step (call in reverse step order)."""
        if self._bptt is None:
            self._bptt, self._grad_carry = len(self._steps or ()), None
        self._bptt -= 1
        if self._bptt < 0:
            raise ValueError(f"{self!r}: backward called for more steps than were kept; steps are kept for "
                             f"BPTT up to rho={self.rho} and must be backwarded in reverse order")
        self.grad_input, self._grad_carry = self._step_backward(self._steps[self._bptt][0], input, grad_output,
                                                                self._grad_carry, scale)
        # The next step to backward is the previous one: expose its output, as a container
        # (e.g. a Sequential clone in a Recursor) reads it as the input of the next layer.
        if self._bptt > 0:
            self.output = self._steps[self._bptt - 1][1]
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        """Step gradient w.r.t. the input, without accumulating parameter gradients."""
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError(f"{type(self).__name__}: a time step's parameter gradients are accumulated by "
                                  f"backward(input, grad_output, scale); call backward instead")

    def step_clones(self):
        """The per-step clones of the step modules (sharing their parameters), for rnn's reinforce to reach."""
        return []

    # -- hooks --------------------------------------------------------------------------
    def _state_batch(self):
        raise NotImplementedError

    def _step_forward(self, input):
        raise NotImplementedError

    def _step_backward(self, cache, input, grad_output, carry, scale):
        raise NotImplementedError

    def sequence_forward(self, input, mask=None):
        """Whole time-major sequence (T, N, ...) -> (T, N, H); see Sequencer.

        This generic version loops over the step API (no masks); LSTM, GRU
        and the standard Recurrent override it with fused kernels.
        """
        if mask is not None:
            raise ValueError(f"{self!r}: masks need a recurrent module with a whole-sequence kernel "
                             f"(LSTM, GRU, or Recurrent of the standard form)")
        self.output = np.stack([np.array(self.update_output(x_t), copy=True) for x_t in input])
        return self.output

    def sequence_backward(self, input, grad_output, scale=1.0):
        """BPTT through the whole last sequence; returns the gradient w.r.t. `input`."""
        grads = [np.array(self.backward(input[t], grad_output[t], scale), copy=True)
                 for t in range(len(input) - 1, -1, -1)]
        self.grad_input = np.stack(grads[::-1])
        return self.grad_input

    def extra_repr(self):
        return f"rho={self.rho}" if self.rho != 9999 else ""


class WholeSequence:
    """Mixin for rnn's Seq* layers: `forward` takes a whole time-major sequence (T, N, I) -> (T, N, H).

    No Sequencer needed (one inside a Sequencer also gets whole sequences).
    `remember(mode)` keeps the state between calls (rnn's SeqLSTM: 'neither'
    by default), `forget()` drops it; `mask_zero()` treats input rows of
    zeros as padding. Backward is whole-sequence BPTT.
    """

    takes_sequences = True

    def update_output(self, input, mask=None):
        if self._steps is None:  # loaded by nnlib.load: no work state yet
            self.forget()
        if not keeps_state(self.remember_mode, self.train):
            self.forget()
        return self.sequence_forward(input, mask)

    def forward(self, input, mask=None):
        return self.update_output(input, mask)

    __call__ = forward

    def backward(self, input, grad_output, scale=1.0):
        return self.sequence_backward(input, grad_output, scale)

    def update_grad_input(self, input, grad_output):
        return self.sequence_backward(input, grad_output, 0.0)
