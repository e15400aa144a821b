"""Download a file from a list of mirrors, verified against a checksum before it gets its final name.

Each mirror is tried in order, each with a timeout and a few retries with exponential backoff.
Bytes go to `<name>.part`; an interrupted download resumes from there when the server honours
HTTP Range requests. Only a file whose checksum matches is renamed to its final name, so a
failed, partial or corrupt download never appears under the final name. `file://` mirrors are
copied from disk, and a file already in place with the right checksum needs no network at all.
"""
import logging
import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from pathlib import Path

from .checksum import ChecksumError, file_digest, parse_checksum

log = logging.getLogger(__name__)

_CHUNK = 1 << 16
_RETRYABLE_HTTP = {408, 425, 429, 500, 502, 503, 504}


class DownloadError(RuntimeError):
    """Every mirror failed; the message lists each URL tried, why it failed, and the manual fix."""


class _Permanent(Exception):
    """A failure that retrying the same URL will not fix (404, missing local file, bad bytes)."""


def mirror_url(mirror, filename):
    """The URL of `filename` on a mirror given as a base URL (a trailing slash is added if missing)."""
    if not mirror.endswith("/"):
        mirror += "/"
    return urllib.parse.urljoin(mirror, urllib.parse.quote(filename))


def download(filename, mirrors, checksum, dest_dir, *, timeout=30.0, retries=3, backoff=1.0,
             mirrors_key="mirrors"):
    """Fetch `filename` into `dest_dir` from the first mirror that serves it with the right checksum.

    `mirrors` are base URLs (http, https or file://); `checksum` is "md5:<hex>" or "sha256:<hex>".
    `retries` is the number of attempts per mirror for transient failures (timeouts, refused
    connections, 5xx); a 404 or a checksum mismatch moves on to the next mirror at once.
    `mirrors_key` names the config key of the mirror list, for the error message.
    Returns the final path. Raises DownloadError when every mirror failed.
    """
    algo, expected = parse_checksum(checksum)
    if retries < 1:
        raise ValueError(f"download: retries must be >= 1, got {retries}")
    dest_dir = Path(dest_dir)
    dest = dest_dir / filename
    if dest.exists():
        actual = file_digest(dest, algo)
        if actual != expected:
            raise ChecksumError(
                f"{dest} is already present but its {algo} is {actual}, not {expected}: "
                f"delete it so it can be downloaded again."
            )
        log.info("%s already present with the right %s; nothing to download", dest, algo)
        return dest
    dest_dir.mkdir(parents=True, exist_ok=True)
    part = dest_dir / (filename + ".part")
    failures = []
    for mirror in mirrors:
        url = mirror_url(mirror, filename)
        reason = _try_mirror(url, part, dest, algo, expected, timeout, retries, backoff)
        if reason is None:
            return dest
        failures.append((url, reason))
    tried = "\n".join(f"  - {url}: {why}" for url, why in failures) or "  (the mirror list is empty)"
    raise DownloadError(
        f"could not download {filename} ({algo}:{expected}); every mirror failed:\n{tried}\n"
        f"Fix: put the file by hand at {dest} (its {algo} must be {expected}) and rerun, "
        f"or add a working mirror to the config key '{mirrors_key}'."
    )


def _try_mirror(url, part, dest, algo, expected, timeout, retries, backoff):
    """Download `url` into `part` and move it to `dest`; return None on success, else the reason."""
    reason = None
    for attempt in range(retries):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            resumed = _fetch(url, part, timeout)
        except _Permanent as e:
            log.warning("%s: %s", url, e)
            return str(e)
        except (urllib.error.URLError, HTTPException, OSError) as e:
            reason = _describe(e, timeout)
            log.warning("%s: attempt %d/%d failed: %s", url, attempt + 1, retries, reason)
            continue
        actual = file_digest(part, algo)
        if actual == expected:
            os.replace(part, dest)
            log.info("downloaded %s from %s (%s ok)", dest, url, algo)
            return None
        part.unlink()
        reason = f"checksum mismatch ({algo} {actual}, expected {expected})"
        log.warning("%s: %s%s", url, reason, "; retrying from scratch" if resumed else "")
        if not resumed:
            return reason
    return f"{reason} ({retries} attempts)"


def _describe(error, timeout):
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"timed out after {timeout} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return f"{type(error).__name__}: {error}"


def _fetch(url, part, timeout):
    """Write the bytes at `url` to `part`, resuming a partial file; return True if it resumed."""
    if urllib.parse.urlparse(url).scheme == "file":
        src = urllib.request.url2pathname(urllib.parse.urlparse(url).path)
        if not os.path.isfile(src):
            raise _Permanent(f"no such file {src}")
        shutil.copyfile(src, part)
        return False
    offset = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "nnlib-download"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and offset:
            return True  # the partial file may already be complete; the checksum decides
        if e.code in _RETRYABLE_HTTP:
            raise
        raise _Permanent(f"HTTP {e.code} {e.reason}") from e
    with response:
        resumed = bool(offset) and response.status == 206
        if resumed and not response.headers.get("Content-Range", "").startswith(f"bytes {offset}-"):
            part.unlink()
            raise ConnectionError(f"asked to resume at byte {offset}, the server answered "
                                  f"{response.headers.get('Content-Range')!r}; starting over")
        declared = response.headers.get("Content-Length")
        received = 0
        with open(part, "ab" if resumed else "wb") as f:
            while chunk := response.read(_CHUNK):
                f.write(chunk)
                received += len(chunk)
        if declared is not None and received < int(declared):
            raise ConnectionError(f"connection closed after {received} of {declared} bytes")
    if resumed:
        log.info("%s: resumed at byte %d", url, offset)
    return resumed
