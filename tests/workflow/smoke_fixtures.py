"""Tiny, deterministic stand-ins for the study's datasets, and a local mirror serving them.

config/smoke.yaml points its mirrors at http://127.0.0.1:8765/<dataset>/ and lists the
checksums of exactly these files. The smoke test writes them, serves them on a random port
and rewrites the mirror URLs; by hand:

    python tests/workflow/smoke_fixtures.py /tmp/smoke-mirror --serve 8765
    snakemake --cores 2 --configfile config/smoke.yaml

The files are plain (uncompressed) IDX and text, built from integer arithmetic only, so
their bytes, and therefore their checksums, are the same on every machine.
"""
import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

import numpy as np

WORDS = ("the cat dog bird sees eats likes a small big red green fish tree house runs "
         "sleeps quickly slowly near under over and then").split()


def _hash(*arrays):
    """Deterministic pseudo-random integers in [0, 2**31) from integer grids (a simple mixer)."""
    h = np.uint64(0x9E3779B97F4A7C15)
    out = np.zeros(np.broadcast_shapes(*(a.shape for a in arrays)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for a in arrays:
            out = (out ^ a.astype(np.uint64)) * h
            out ^= out >> np.uint64(29)
    return (out >> np.uint64(33)).astype(np.int64)


def digits(n, offset=0):
    """n learnable 28x28 'digits': a class-specific filled block on a noisy background."""
    idx = np.arange(offset, offset + n)
    labels = ((idx * 7 + idx // 10) % 10).astype(np.uint8)
    r, c = np.meshgrid(np.arange(28), np.arange(28), indexing="ij")
    noise = _hash(idx[:, None, None], r[None], c[None]) % 60
    top = 3 + (labels // 5) * 12
    left = 1 + (labels % 5) * 5
    block = ((r[None] >= top[:, None, None]) & (r[None] < top[:, None, None] + 10)
             & (c[None] >= left[:, None, None]) & (c[None] < left[:, None, None] + 5))
    images = np.where(block, 200 + noise, noise).astype(np.uint8)
    return images, labels


def sentences(n, offset=0):
    """n lines of a small made-up language, word-level tokens separated by spaces."""
    lines = []
    for i in range(offset, offset + n):
        length = 4 + int(_hash(np.array(i), np.array(1)) % 6)
        ids = _hash(np.full(length, i), np.arange(length)) % len(WORDS)
        lines.append(" " + " ".join(WORDS[j] for j in ids) + " ")
    return "\n".join(lines) + "\n"


def write_fixtures(root):
    """Write the mirror tree under `root`: mnist/, ptb/, tinyshakespeare/. Returns {relpath: Path}."""
    from nnlib.data import write_idx

    root = Path(root)
    for sub in ("mnist", "ptb", "tinyshakespeare"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    train_x, train_y = digits(300)
    test_x, test_y = digits(100, offset=300)
    write_idx(root / "mnist/train-images-idx3-ubyte", train_x)
    write_idx(root / "mnist/train-labels-idx1-ubyte", train_y)
    write_idx(root / "mnist/t10k-images-idx3-ubyte", test_x)
    write_idx(root / "mnist/t10k-labels-idx1-ubyte", test_y)
    (root / "ptb/ptb.train.txt").write_text(sentences(400))
    (root / "ptb/ptb.valid.txt").write_text(sentences(50, offset=400))
    (root / "ptb/ptb.test.txt").write_text(sentences(50, offset=450))
    (root / "tinyshakespeare/input.txt").write_text(sentences(300, offset=1000).upper())
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root, port=0):
    """Serve `root` over HTTP on 127.0.0.1 in a daemon thread; returns the server (.server_port)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="folder to write the mirror tree to")
    parser.add_argument("--serve", type=int, metavar="PORT", help="then serve it on 127.0.0.1:PORT")
    args = parser.parse_args(argv)
    files = write_fixtures(args.root)
    from nnlib.data import file_digest

    for rel, path in files.items():
        print(f"{rel}  sha256:{file_digest(path, 'sha256')}")
    if args.serve is not None:
        server = serve(args.root, args.serve)
        print(f"serving {args.root} on http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
