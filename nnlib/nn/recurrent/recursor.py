"""`Recursor`: gives any module the step API by cloning it per time step (Torch's Recursor)."""
from ..module import Module
from .abstract_recurrent import AbstractRecurrent, parameter_signature, shared_clone


class Recursor(AbstractRecurrent):
    """Call `forward` once per step, `backward` in reverse; each step has its own clone.

    Clones share the module's parameters and gradients; recurrent modules
    inside are shared, not cloned, and carry the state from step to step.
    Up to `rho` clones are kept (steps further back cannot be backwarded).
    This is the generic, Python-per-step path; `Sequencer` avoids it for
    recurrent modules, Sequentials and per-step layers.

    Args:
        module: the step module (cloned per step, parameters shared).
        rho: the number of steps (clones) kept for backpropagation.

    Shape:
        Step API: as `module` at each step.
    """

    def __init__(self, module: Module, rho: int = 9999):
        self.module = module
        self._clones, self._clone_signature = [], None
        super().__init__(rho)

    transient_attributes = ("_clones", "_clone_signature")

    def children(self):
        return [self.module]

    def forget(self):
        super().forget()
        for m in self.module.list_modules():
            if isinstance(m, AbstractRecurrent):
                m.forget()
        return self

    def _step_forward(self, input):
        index = self.step % self.rho
        if index == 0 or self._clones is None:
            # clones copy the freezing flags too: rebuilt when they change
            signature = parameter_signature([self.module]) + tuple(m.requires_grad for m in self.module.list_modules())
            if self._clones is None or signature != self._clone_signature:
                self._clones, self._clone_signature = [], signature
        while len(self._clones) <= index:
            self._clones.append(shared_clone(self.module))
        clone = self._clones[index]
        return clone, clone.forward(input)

    def _step_backward(self, clone, input, grad_output, carry, scale):
        return clone.backward(input, grad_output, scale), None

    def step_clones(self):
        return list(self._clones or [])

    def __repr__(self):
        return "nn.Recursor @ " + repr(self.module)
