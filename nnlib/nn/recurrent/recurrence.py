"""`Recurrence`: rnn's Recurrence: any module of {x_t, h_{t-1}} -> h_t made recurrent."""
import numpy as np

from ..module import Module
from .abstract_recurrent import AbstractRecurrent, as_mask, parameter_signature, shared_clone


class Recurrence(AbstractRecurrent):
    """h_t = module([x_t, h_{t-1}]), h_0 = zeros of `output_size`: the output is the next step's state.

    Args:
        module: takes the table [x_t, h_{t-1}] and returns h_t.
        output_size: the shape of one row of h (an int or a tuple of ints; rnn's
            table of sizes). The state is one array.
        n_input_dim: dims of one row of x_t (x_t with n_input_dim + 1 dims is a batch).
        rho: maximum number of steps back-propagated through.

    Each step runs a clone of `module` sharing its parameters (rnn's
    sharedClones); a whole sequence through a Sequencer loops over the steps.
    Masks (a Sequencer's (T, N) mask, or mask_zero()) zero the output and
    reset the state of the padded rows.

    Shape:
        step x_t (N, ...) -> (N, *output_size); sequence (T, N, ...) -> (T, N, *output_size).
    """

    transient_attributes = ("_clones", "_clone_signature", "_step_mask")

    def __init__(self, module: Module, output_size: int | tuple[int, ...], n_input_dim: int, rho: int = 9999):
        self.module = module
        sizes = (output_size,) if isinstance(output_size, (int, np.integer)) else tuple(output_size)
        if not sizes or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
            raise ValueError(f"Recurrence: output_size must be a positive int or a tuple of them (one array "
                             f"state), got {output_size!r}")
        self.output_size = tuple(int(s) for s in sizes)
        self.n_input_dim = int(n_input_dim)
        self._clones, self._clone_signature, self._step_mask = [], None, None
        super().__init__(rho)
        self.dtype = module.dtype  # the zero initial state takes the module's dtype

    def children(self):
        return [self.module]

    def _state_batch(self):
        return self._state.shape[0]

    def _clone(self, index):
        if index == 0 or self._clones is None:
            signature = parameter_signature([self.module])
            if self._clones is None or signature != self._clone_signature:
                self._clones, self._clone_signature = [], signature
        while len(self._clones) <= index:
            self._clones.append(shared_clone(self.module))
        return self._clones[index]

    def step_clones(self):
        return list(self._clones or [])

    def _step_forward(self, input):
        x = np.asarray(input)
        if x.ndim != self.n_input_dim + 1:
            raise ValueError(f"{self!r}: expected a batch of steps with {self.n_input_dim + 1} dims "
                             f"(n_input_dim={self.n_input_dim} + batch), got shape {x.shape}")
        n = x.shape[0]
        self._check_state_batch(n)
        h_prev = (np.zeros((n,) + self.output_size, dtype=self.dtype) if self._state is None else self._state)
        mask = self._masks(x, self._step_mask, 1)
        net = self._clone(self.step % self.rho)
        out = np.array(net.forward([x, h_prev]), copy=True)
        if out.shape != (n,) + self.output_size:
            raise ValueError(f"{self!r}: the module returns shape {out.shape}, expected (N, *output_size) = "
                             f"{(n,) + self.output_size}")
        if mask is not None:
            out *= mask.reshape((n,) + (1,) * len(self.output_size)).astype(out.dtype)
        self._state = out
        return (net, h_prev, mask), out

    def _step_backward(self, cache, input, grad_output, carry, scale):
        net, h_prev, mask = cache
        g = np.asarray(grad_output) if carry is None else grad_output + carry
        if mask is not None:
            g = g * mask.reshape(mask.shape + (1,) * len(self.output_size)).astype(g.dtype)
        gx, gh = net.backward([input, h_prev], g, scale)
        return gx, np.array(gh, copy=True)

    def sequence_forward(self, input, mask=None):
        input = np.asarray(input)
        mask = None if mask is None else as_mask(self, mask, *input.shape[:2])
        outs = []
        try:
            for t in range(input.shape[0]):
                self._step_mask = None if mask is None else mask[t]
                outs.append(np.array(self.update_output(input[t]), copy=True))
        finally:
            self._step_mask = None
        self.output = np.stack(outs)
        return self.output

    def extra_repr(self):
        return f"output_size={self.output_size}, n_input_dim={self.n_input_dim}"

    def __repr__(self):
        return f"nn.Recurrence({self.extra_repr()}) @ " + repr(self.module)
