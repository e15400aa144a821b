"""Measure each algorithm choice of `nnlib/kernels/_choices.py` both ways on this machine.

    python -m benchmarks.choices [--threads 1,2] [--rounds 5] [--seconds 0.5]

For each choice, a workload where the table decides is timed with the choice as the table makes
it and with it forced the other way, alternating rounds in one process, at each thread count;
printed as the speed of the table's choice over the other's (above 1: the table chose well here).
A machine class whose numbers say otherwise gets its own value in the table. The first line names
the machine (CPU, ISA numba compiles for, BLAS kernel).
"""
import argparse
import contextlib
import functools
from unittest import mock

import numpy as np

from benchmarks import cases_cnn, machine
from benchmarks.harness import Case, parse_thread_counts, best_of_threads, nnlib_sgd_step


def _patched(module, name, value):
    """A factory of contexts setting module.name = value for their duration."""
    return functools.partial(mock.patch.object, module, name, value)


def _under(context, make_step):
    """A step factory whose model is built and run with `context` in effect (plans are chosen at the first forward)."""
    def make():
        with context():
            step = make_step()

        def run():
            with context():
                step()
        return run
    return make


def _seed_cnn(batch):
    return lambda: cases_cnn.nnlib_step(batch)


def _mlp(batch):
    from benchmarks import cases_mlp
    return lambda: cases_mlp.nnlib_step(batch)


def _lstm_lm(hidden, batch=32, bptt=35, vocab=1000):
    def make():
        from nnlib import models
        model, criterion = models.rnnlm(vocab, (hidden,), "lstm"), models.rnnlm_criterion()
        rng = np.random.default_rng(0)
        x, y = rng.integers(0, vocab, (bptt, batch)), rng.integers(0, vocab, (bptt, batch))
        return nnlib_sgd_step(model, criterion, x, y, 0.1)
    return make


def choice_cases():
    """(table entry, workload, the table's way, the other way), each way a Case-like pair of contexts."""
    from nnlib.kernels import _gemm, _matmul
    from nnlib.kernels import spatial_convolution as conv
    from nnlib.kernels import spatial_convolution_fft as dft
    never, always = 1 << 60, 0
    rows = []
    for batch in (10, 128):
        taken = dft.fft_pays(batch, 32, 64, 11, 11, 5, 5, 1, 1, 0, 0)
        other = _patched(dft, "fft_pays", (lambda *g: False) if taken else (lambda *g: True))
        rows.append(("spatial_convolution.dft", f"seed CNN step, batch {batch} (2nd layer {'DFT' if taken else 'im2col'})",
                     _seed_cnn(batch), contextlib.nullcontext, other, batch))
        taken = conv.per_image_pays(24 * 24)
        other = _patched(conv, "PER_IMAGE_MIN_PLANE", never if taken else always)
        rows.append(("spatial_convolution.per_image_min_plane",
                     f"seed CNN step, batch {batch} (1st layer {'per image' if taken else 'batched'})",
                     _seed_cnn(batch), contextlib.nullcontext, other, batch))
    for batch in (20, 128):
        taken = _gemm.transposed_pays(batch, 200)
        other = _patched(_gemm, "TRANSPOSED_MAX_ROWS", (batch - 1) if taken else batch)
        rows.append(("gemm.transposed_max_rows", f"MLP 784-200-200-10 step, batch {batch} "
                     f"({'transposed' if taken else 'direct'} forward)", _mlp(batch), contextlib.nullcontext, other,
                     batch))
    for hidden in (32, 48):
        taken = _matmul.inline_products(hidden)
        other = _patched(_matmul, "FUSED_MAX_HIDDEN", (hidden - 1) if taken else hidden)
        rows.append(("recurrent.inline_max_hidden", f"LSTM LM step, H {hidden}, V 1000, batch 32, BPTT 35 "
                     f"({'inline' if taken else 'BLAS'} step products)", _lstm_lm(hidden), contextlib.nullcontext,
                     other, 32 * 35))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=parse_thread_counts, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args(argv)
    print(machine.header(), flush=True)
    for entry, workload, make, table_way, other_way, units in choice_cases():
        case = Case(entry, _under(table_way, make), _under(other_way, make), units)
        for threads in args.threads:
            speeds = best_of_threads(case, [threads], args.rounds, args.seconds)
            ratio = speeds["nnlib"][0] / speeds["torch"][0]
            print(f"{entry:40s} {workload:70s} {threads} thr: the table's choice {ratio:.2f}x the other", flush=True)


if __name__ == "__main__":
    main()
