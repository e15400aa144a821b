"""`Sequential`: children applied one after the other."""
from .container import Container


class Sequential(Container):
    """output = m_k(...m_2(m_1(input))).

    Args:
        *modules: the children, applied in order (more with `add`).

    Shape:
        Input: what the first child takes, output what the last gives.
    """

    def update_output(self, input):
        x = input
        for m in self.modules:
            x = m.update_output(x)
        self.output = x
        return x

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        g = grad_output
        for i in range(len(self.modules) - 1, 0, -1):
            g = self.modules[i].backward(self.modules[i - 1].output, g, scale)
        self.grad_input = self.modules[0].backward(input, g, scale)
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        g = grad_output
        for i in range(len(self.modules) - 1, 0, -1):
            g = self.modules[i].update_grad_input(self.modules[i - 1].output, g)
        self.grad_input = self.modules[0].update_grad_input(input, g)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        g = grad_output
        for i in range(len(self.modules) - 1, 0, -1):
            self.modules[i].acc_grad_parameters(self.modules[i - 1].output, g, scale)
            g = self.modules[i].grad_input
        self.modules[0].acc_grad_parameters(input, g, scale)

    def __repr__(self):
        arrows = " -> ".join(f"({i})" for i in range(1, len(self.modules) + 1))
        lines = ["nn.Sequential {", f"  [input -> {arrows} -> output]" if self.modules else "  [input -> output]"]
        for i, m in enumerate(self.modules, 1):
            lines.append(f"  ({i}): " + repr(m).replace("\n", "\n  "))
        lines.append("}")
        return "\n".join(lines)
