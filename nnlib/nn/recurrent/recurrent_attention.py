"""`RecurrentAttention`: rnn's RecurrentAttention: a recurrent model that chooses where to look next."""
import numpy as np

from ..container.container import Container
from ..module import Module
from .abstract_recurrent import AbstractRecurrent
from .recursor import Recursor


def _step_api(module):
    return module if isinstance(module, AbstractRecurrent) else Recursor(module)


class RecurrentAttention(Container):
    """h_t = rnn([input, l_t]), l_t = action(h_{t-1}) (l_1 = action(zeros)), for n_step steps (Mnih et al. 2014).

    Args:
        rnn: the recurrent model of [input, location] (e.g. a Recurrent whose
            input module holds a SpatialGlimpse); a non-recurrent module is
            wrapped in a Recursor.
        action: maps h_{t-1} to the next location, usually ending in a
            Reinforce module (ReinforceNormal); wrapped in a Recursor unless recurrent.
        n_step: number of glimpses.
        hidden_size: the shape of one row of h (an int or a tuple; rnn's table).

    Backward: the gradient reaches the input and the rnn's parameters
    through every step, and h_{t-1} through the action module; no gradient
    flows through the locations (the action's Reinforce module is trained by
    its reward, given by `nn.reinforce` / VRClassReward, as rnn).

    Shape:
        input (N, ...) -> (n_step, N, *hidden_size), time-major (rnn's table of steps).
    """

    transient_attributes = ("_actions", "_outputs", "_init")

    def __init__(self, rnn: Module, action: Module, n_step: int, hidden_size: int | tuple[int, ...]):
        self.n_step = int(n_step)
        if self.n_step < 1:
            raise ValueError(f"RecurrentAttention: n_step must be >= 1, got {n_step}")
        self.hidden_size = (int(hidden_size),) if np.isscalar(hidden_size) else tuple(int(s) for s in hidden_size)
        super().__init__(_step_api(rnn), _step_api(action))

    @property
    def rnn(self):
        return self.modules[0]

    @property
    def action(self):
        return self.modules[1]

    def forget(self):
        self.rnn.forget()
        self.action.forget()
        return self

    def update_output(self, input):
        self.forget()
        first = input[0] if isinstance(input, (list, tuple)) else input
        self._init = np.zeros((np.shape(first)[0],) + self.hidden_size, dtype=self.dtype)
        self._actions, self._outputs = [], []
        for step in range(self.n_step):
            prev = self._init if step == 0 else self._outputs[-1]
            self._actions.append(np.array(self.action.forward(prev), copy=True))
            self._outputs.append(np.array(self.rnn.forward([input, self._actions[-1]]), copy=True))
        self.output = np.stack(self._outputs)
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        grad_output = np.asarray(grad_output)
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{self!r}: grad_output shape {grad_output.shape} does not match the output "
                             f"{self.output.shape} (n_step, N, ...)")
        carry, total = None, None
        for step in range(self.n_step - 1, -1, -1):
            grad_h = grad_output[step] if carry is None else grad_output[step] + carry
            prev = self._init if step == 0 else self._outputs[step - 1]
            g_prev = self.action.backward(prev, np.zeros_like(self._actions[step]), scale)
            carry = None if step == 0 else np.array(g_prev, copy=True)
            g_input = self.rnn.backward([input, self._actions[step]], grad_h, scale)[0]
            total = np.array(g_input, copy=True) if total is None else total + g_input
        self.grad_input = total
        return total

    def update_grad_input(self, input, grad_output):
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError("RecurrentAttention: call backward(input, grad_output, scale)")

    def __repr__(self):
        return f"nn.RecurrentAttention(n_step={self.n_step}, hidden_size={self.hidden_size}) {{\n" \
               f"  rnn: {self.rnn!r}\n  action: {self.action!r}\n}}".replace("\n  ", "\n  ")
