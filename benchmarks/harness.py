"""Time nnlib and PyTorch CPU on the same training step and write a CSV of ratios.

Each case module (`benchmarks/cases_*.py`) exposes `CASES`, a list of `Case`s.
A case builds, for one batch size, a zero-argument callable that performs one
full training step (forward, loss, backward, parameter update) in nnlib, and
the same step in PyTorch. Both run in this process, with the same thread count,
alternating rounds; the figure kept for each is the median round.

    python -m benchmarks.harness --threads 1,2 --out benchmarks/results/latest.csv

Each library is reported at its fastest of the thread counts given (default 1 and 2), with the
machine (`benchmarks/machine.py`: CPU model, the ISA numba compiles for, BLAS kernel) printed
first and recorded in every row. The BLAS kernel family matters: where the environment pins
OPENBLAS_CORETYPE to an older family (as some shared machines do), numpy's
GEMMs run slower than the CPU allows; compare like with like, e.g. with
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks.harness`.
"""
import argparse
import csv
import importlib
import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Optional

from benchmarks import machine

CASE_MODULES = ["benchmarks.cases_mlp", "benchmarks.cases_cnn", "benchmarks.cases_rnn",
                "benchmarks.cases_softmaxtree", "benchmarks.cases_conv", "benchmarks.cases_lm",
                "benchmarks.cases_seq_lstm"]


@dataclass
class Case:
    """One benchmark: `make_nnlib()` / `make_torch()` return a step callable.

    `units_per_step` is how many samples (or tokens) one step processes;
    `unit` names them in the CSV ("samples" or "tokens").
    """
    name: str
    make_nnlib: Callable[[], Callable[[], None]]
    make_torch: Optional[Callable[[], Callable[[], None]]]
    units_per_step: int
    unit: str = "samples"


def nnlib_sgd_step(model, criterion, x, y, lr):
    """A step closure: forward, loss, backward, Torch7's plain SGD (`update_parameters`,
    `zero_grad_parameters`) on the flat parameters `get_parameters()` lays out."""
    model.get_parameters()

    def step():
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        model.update_parameters(lr)
        model.zero_grad_parameters()
    return step


def torch_sgd_step(model, loss_fn, x, y, lr, input_grad=False):
    """The same step in PyTorch (numpy inputs converted once): zero_grad, loss, backward, SGD.

    `input_grad` also computes the gradient w.r.t. x, as nnlib does for a module that is not a first
    layer (an LM's output layer: its input comes from the recurrent layers)."""
    import torch
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = torch.from_numpy(x).requires_grad_(input_grad), torch.from_numpy(y)

    def step():
        optimizer.zero_grad()
        x.grad = None
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


def _time_round(step, seconds):
    """Run `step` repeatedly for about `seconds`; return seconds per step."""
    n, start = 0, time.perf_counter()
    while True:
        step()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / n


def measure(case, rounds=5, seconds=0.5, warmup=3):
    """Median units/s for nnlib and for torch (None when torch is missing)."""
    steps = {"nnlib": case.make_nnlib()}
    if case.make_torch is not None and _torch_available():
        steps["torch"] = case.make_torch()
    for step in steps.values():
        for _ in range(warmup):
            step()
    timings = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            timings[name].append(_time_round(step, seconds))
    return {name: case.units_per_step / statistics.median(t) for name, t in timings.items()}


def _torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def set_threads(n):
    """Same thread count for nnlib (numba + BLAS) and torch (torch's inter-op pool is sized once, at the first call)."""
    import nnlib
    nnlib.set_num_threads(n)
    if _torch_available():
        import torch
        torch.set_num_threads(n)
        if not getattr(set_threads, "interop_set", False):
            torch.set_num_interop_threads(n)
            set_threads.interop_set = True


def best_of_threads(case, thread_counts, rounds, seconds):
    """{library: (best units/s, its thread count)}: both libraries timed at each thread count."""
    best = {}
    for threads in thread_counts:
        set_threads(threads)
        for library, speed in measure(case, rounds, seconds).items():
            if library not in best or speed > best[library][0]:
                best[library] = (speed, threads)
    return best


def load_cases(selected=None):
    cases = []
    for name in CASE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue
            raise
        cases.extend(module.CASES)
    if selected:
        unknown = set(selected) - {c.name for c in cases}
        if unknown:
            raise SystemExit(f"unknown case(s) {sorted(unknown)}; known: {[c.name for c in cases]}")
        cases = [c for c in cases if c.name in selected]
    return cases


def parse_thread_counts(text):
    try:
        counts = [int(t) for t in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected thread counts like 2 or 1,2, got {text!r}")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--threads", type=parse_thread_counts, default=[1, 2],
                        help="thread counts to try, e.g. 1,2: each library is reported at its fastest (default 1,2)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one timing round")
    parser.add_argument("--out", default="benchmarks/results/latest.csv")
    args = parser.parse_args(argv)
    cases = load_cases(args.cases)
    described = machine.describe()
    print(machine.header(described), flush=True)
    rows = []
    for case in cases:
        best = best_of_threads(case, args.threads, args.rounds, args.seconds)
        (nnlib_speed, nnlib_threads), (torch_speed, torch_threads) = best["nnlib"], best.get("torch", (None, None))
        row = {"case": case.name, "unit": case.unit, "nnlib_per_s": round(nnlib_speed, 1), "nnlib_threads": nnlib_threads,
               "torch_per_s": None if torch_speed is None else round(torch_speed, 1), "torch_threads": torch_threads,
               "ratio": None if torch_speed is None else round(nnlib_speed / torch_speed, 2), **described}
        rows.append(row)
        print(f"{case.name:40s} nnlib {nnlib_speed:>10,.1f} {case.unit}/s ({nnlib_threads} thr)   torch "
              + ("-" if torch_speed is None else f"{torch_speed:>10,.1f} ({torch_threads} thr)")
              + f"   ratio {row['ratio']}", flush=True)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
