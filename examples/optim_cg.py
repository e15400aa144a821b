"""Minimise Rosenbrock's function with conjugate gradients (Torch's optim.cg tutorial, in nnlib).

    python examples/optim_cg.py
"""
import numpy as np

from nnlib import optim


def rosenbrock(x):
    """f(x) = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 and its gradient; minimum 0 at (1, ..., 1)."""
    a, b = x[:-1], x[1:]
    r = b - a * a
    grad = np.zeros_like(x)
    grad[:-1] = -400 * a * r - 2 * (1 - a)
    grad[1:] += 200 * r
    return float(np.sum(100 * r * r + (1 - a) ** 2)), grad


def main():
    x = np.zeros(2)
    x, fs, evaluations = optim.cg(rosenbrock, x, {"max_iter": 100})
    print(f"function evaluations: {evaluations}")
    print(f"x = {x}")
    for i, f in enumerate(fs, 1):
        print(f"{i:3d} {f:.6e}")


if __name__ == "__main__":
    main()
