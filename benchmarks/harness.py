"""Time nnlib and PyTorch CPU on the same training step and write a CSV of ratios.

Each case module (`benchmarks/cases_*.py`) exposes `CASES`, a list of `Case`s.
A case builds, for one batch size, a zero-argument callable that performs one
full training step (forward, loss, backward, parameter update) in nnlib, and
the same step in PyTorch. Both run in this process, with the same thread count,
alternating rounds; the figure kept for each is the median round.

    python -m benchmarks.harness --threads 2 --out benchmarks/results/latest.csv

The CSV records numpy's BLAS kernel family: where the environment pins
OPENBLAS_CORETYPE to an older family (as some shared machines do), numpy's
GEMMs run slower than the CPU allows; compare like with like, e.g. with
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks.harness`.
"""
import argparse
import csv
import importlib
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Optional

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


def torch_sgd_step(model, loss_fn, x, y, lr):
    """The same step in PyTorch (numpy inputs converted once): zero_grad, loss, backward, SGD."""
    import torch
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        optimizer.zero_grad()
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


def _blas_description():
    """numpy's BLAS and the kernel family it runs (OPENBLAS_CORETYPE changes it)."""
    from threadpoolctl import threadpool_info
    pools = [p for p in threadpool_info() if p["user_api"] == "blas"]
    return ";".join(f"{p['internal_api']} {p.get('version') or ''} {p.get('architecture') or ''}".strip() for p in pools)


def set_threads(n):
    """Same thread count for nnlib (numba + BLAS) and torch."""
    import nnlib
    nnlib.set_num_threads(n)
    if _torch_available():
        import torch
        torch.set_num_threads(n)
        torch.set_num_interop_threads(n)


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one timing round")
    parser.add_argument("--out", default="benchmarks/results/latest.csv")
    args = parser.parse_args(argv)
    set_threads(args.threads)
    rows = []
    for case in load_cases(args.cases):
        speeds = measure(case, args.rounds, args.seconds)
        torch_speed = speeds.get("torch")
        row = {"case": case.name, "unit": case.unit, "threads": args.threads,
               "nnlib_per_s": round(speeds["nnlib"], 1),
               "torch_per_s": None if torch_speed is None else round(torch_speed, 1),
               "ratio": None if torch_speed is None else round(speeds["nnlib"] / torch_speed, 2),
               "machine": platform.processor() or platform.machine(), "blas": _blas_description()}
        rows.append(row)
        print(f"{case.name:32s} nnlib {row['nnlib_per_s']:>10} {case.unit}/s   "
              f"torch {row['torch_per_s']!s:>10}   ratio {row['ratio']}", flush=True)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
