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
import gzip
import http.server
import io
import sys
import tarfile
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


BILLIONWORDS_TOP = "1-billion-word-language-modeling-benchmark-r13output"


def _benchmark_lines(n, offset, extra):
    """n sentences as the benchmark's lines (words separated by single spaces), the word
    `extra(i)` (when not None) appended to sentence i."""
    lines = []
    for i, line in enumerate(sentences(n, offset).splitlines()):
        words = line.split() + ([extra(i)] if extra(i) else [])
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


def billionwords_archive(path, train_files=3, heldout_parts=3, lines=40):
    """A tar.gz laid out as the one-billion-word benchmark's archive, with made-up sentences:
    `train_files` training files (news.en-00001-of-00100, ...), `heldout_parts` held-out parts
    (news.en.heldout-00000-of-00050, ...), the undivided held-out file and a README (both ignored by
    the reader), `lines` sentences per file. In training, "thrice" occurs 3 times, "twice" twice and
    "once<k>" once (for every 5th sentence); held-out sentences carry "unseen". Byte for byte the same
    on every run (fixed tar and gzip times). Returns {member name: text} of the corpus files."""
    train = "training-monolingual.tokenized.shuffled"
    heldout = "heldout-monolingual.tokenized.shuffled"
    marks = {0: "thrice", 1: "twice", 2: "thrice", 3: "twice", 4: "thrice"}

    def train_extra(k):
        return lambda i: marks.get(i) if k == 1 and i in marks else (f"once{k}x{i}" if i % 5 == 4 else None)

    texts = {f"{BILLIONWORDS_TOP}/{train}/news.en-{k:05d}-of-00100": _benchmark_lines(lines, 100 * k, train_extra(k))
             for k in range(1, train_files + 1)}
    texts.update({f"{BILLIONWORDS_TOP}/{heldout}/news.en.heldout-{k:05d}-of-00050":
                  _benchmark_lines(lines, 9000 + 50 * k, lambda i: "unseen" if i % 3 == 0 else None)
                  for k in range(heldout_parts)})
    extra = {f"{BILLIONWORDS_TOP}/README": "a made-up stand-in for the benchmark\n",
             f"{BILLIONWORDS_TOP}/{heldout}/news.en-00000-of-00100": _benchmark_lines(lines, 9000, lambda i: None)}
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, text in {**extra, **texts}.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    return texts


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
