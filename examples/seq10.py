"""SimpleRNN.lua: learn to predict the next number of 1, 2, ..., 10, 1, 2, ...

    PYTHONPATH=. python examples/seq10.py [--iterations 10000] [--print-every 1]

The student's settings: batch 10 (each row starts at a random offset in the
repeated sequence), rho 7 steps per iteration, offsets carried over from one
iteration to the next, SGD with learning rate 0.1. Each iteration prints the
NLL summed over the 7 steps (SequencerCriterion), as the original did.
Numbers 1..10 are ids 0..9.
"""
import argparse
import time

import numpy as np

import nnlib
from nnlib import models, nn


def batches(batch, rho, n_index=10, repeats=100, seed=0):
    """Endless ((rho, batch) inputs, (rho, batch) next-number targets); offsets advance by rho."""
    sequence = np.tile(np.arange(n_index), repeats)
    offsets = np.random.default_rng(seed).integers(0, sequence.size, batch)
    while True:
        idx = (offsets[None, :] + np.arange(rho + 1)[:, None]) % sequence.size
        yield sequence[idx[:-1]], sequence[idx[1:]]
        offsets = (offsets + rho) % sequence.size


def train(iterations=10000, batch=10, rho=7, lr=0.1, hidden=12, print_every=1, seed=0):
    """Run the loop; returns (last summed NLL, accuracy of the last batch, seconds)."""
    nnlib.manual_seed(seed)
    model = models.seq10(hidden_size=hidden, rho=rho)
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    params, grads = model.get_parameters()  # flat views: one SGD update for all parameters
    step = params.dtype.type(lr)
    data = batches(batch, rho, seed=seed)
    start = time.perf_counter()
    for iteration in range(1, iterations + 1):
        x, y = next(data)
        grads.fill(0)  # zeroGradParameters
        out = model.forward(x)
        err = criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params -= step * grads  # updateParameters(lr)
        if print_every and iteration % print_every == 0:
            print(f"Iteration {iteration} ; NLL err = {err:f}")
    seconds = time.perf_counter() - start
    accuracy = float((out.argmax(axis=-1) == y).mean())
    return err, accuracy, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10000)
    parser.add_argument("--print-every", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    nnlib.set_num_threads(args.threads)
    err, accuracy, seconds = train(args.iterations, print_every=args.print_every)
    print(f"summed NLL {err:.4f}, next-number accuracy {100 * accuracy:.0f}%, {seconds:.2f} s")


if __name__ == "__main__":
    main()
