"""File checksums written as "<algorithm>:<hex>" (md5 or sha256), checked before any file is used."""
import hashlib
import re

ALGORITHMS = ("md5", "sha256")
_HEX_LENGTH = {"md5": 32, "sha256": 64}
_SPEC = re.compile(r"^(md5|sha256):([0-9a-fA-F]+)$")


class ChecksumError(ValueError):
    """A file's bytes do not match the checksum the config gives for it."""


def parse_checksum(spec):
    """Split "md5:<32 hex>" or "sha256:<64 hex>" into (algorithm, lowercase hex).

    A bare hex string is accepted too: 32 digits mean md5, 64 mean sha256.
    """
    if not isinstance(spec, str):
        raise ValueError(f"checksum must be a string like 'md5:<hex>' or 'sha256:<hex>', got {spec!r}")
    text = spec.strip()
    m = _SPEC.match(text)
    if m:
        algo, digest = m.group(1), m.group(2).lower()
    elif re.fullmatch(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{64}", text):
        digest = text.lower()
        algo = "md5" if len(digest) == 32 else "sha256"
    else:
        raise ValueError(
            f"checksum {spec!r} is not understood: write 'md5:<32 hex digits>' or 'sha256:<64 hex digits>'"
        )
    if len(digest) != _HEX_LENGTH[algo]:
        raise ValueError(
            f"checksum {spec!r}: an {algo} digest has {_HEX_LENGTH[algo]} hex digits, got {len(digest)}"
        )
    return algo, digest


def file_digest(path, algorithm="sha256", chunk_size=1 << 20):
    """Hex digest of a file's bytes, read in chunks."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown checksum algorithm {algorithm!r}; use one of {ALGORITHMS}")
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_file(path, spec):
    """Raise ChecksumError unless the file at `path` matches `spec`; return the normalized spec."""
    algo, expected = parse_checksum(spec)
    actual = file_digest(path, algo)
    if actual != expected:
        raise ChecksumError(
            f"{path}: {algo} is {actual}, but the config expects {expected}. The file is corrupt, "
            f"truncated or a different version: delete it and download it again (or fix the checksum "
            f"in the config if you changed the data on purpose)."
        )
    return f"{algo}:{expected}"
