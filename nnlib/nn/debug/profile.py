"""`Profile`: a decorator that times its module's passes."""
import time

from ..module import Module
from ._decorator import Decorator


class Profile(Decorator):
    """Run `module`, timing its forward and backward passes (Torch7's nn.Profile).

    Prints the wall-clock totals every `print_interval` passes of each kind. The running totals are in
    `summed_fwd_time`/`num_fwds` and `summed_bwd_time`/`num_bwds` (reset after each print).

    Args:
        module: the module to time.
        print_interval: passes between two reports.
        name: the label of the reports; Torch7's type name of the module ("nn.Linear") by default.

    Shape:
        those of `module`.
    """

    def __init__(self, module: Module, print_interval: int = 100, name: str | None = None):
        super().__init__(module)
        self.print_interval = int(print_interval)
        self.name = f"nn.{type(module).__name__}" if name is None else str(name)
        self.num_fwds = self.num_bwds = 0
        self.summed_fwd_time = self.summed_bwd_time = 0.0

    def update_output(self, input):
        start = time.perf_counter()
        out = super().update_output(input)
        self.summed_fwd_time += time.perf_counter() - start
        self.num_fwds += 1
        if self.num_fwds % self.print_interval == 0:
            print(f"{self.name} took {self.summed_fwd_time:.3f} seconds for {self.print_interval} forward passes")
            self.num_fwds, self.summed_fwd_time = 0, 0.0
        return out

    def update_grad_input(self, input, grad_output):
        start = time.perf_counter()
        gx = super().update_grad_input(input, grad_output)
        self.summed_bwd_time += time.perf_counter() - start
        self.num_bwds += 1
        if self.num_bwds % self.print_interval == 0:
            print(f"{self.name} took {self.summed_bwd_time:.3f} seconds for {self.print_interval} backward passes")
            self.num_bwds, self.summed_bwd_time = 0, 0.0
        return gx

    def __repr__(self):
        return f"nn.Profile({self.name}) @ {self.module!r}"
