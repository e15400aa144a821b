"""Download a file from a list of mirrors, verified against a checksum before it gets its final name.

Each mirror is tried in order, each with a timeout and a few retries with exponential backoff.
Bytes go to `<name>.part`; an interrupted download resumes from there when the server honours
HTTP Range requests. Only a file whose checksum matches is renamed to its final name, so a
failed, partial or corrupt download never appears under the final name. `file://` mirrors are
copied from disk, and a file already in place with the right checksum needs no network at all.

No mirror can hold a download forever: a watchdog aborts an attempt that received fewer than
`min_speed` bytes per second over any `timeout`-second window (headers included: a server
dripping one byte at a time fails as a silent one does), and the whole call gives up at its
`deadline`. So with timeout T and R attempts, a stalled or dripping mirror fails within about
(R + 1) x T plus the backoff. Progress (bytes, percent, rate) is logged every T seconds.

With `cache_dir`, verified files are kept under `<cache_dir>/<algorithm>/<digest>` and the final
file is a hard link to that entry (a copy across file systems): deleting the final file, as
`snakemake --forcerun` does before rerunning the rule, loses nothing, and the next call links
the verified bytes back without touching the network.
"""
import http.client
import logging
import os
import shutil
import socket
import threading
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
             mirrors_key="mirrors", min_speed=1024.0, deadline=3600.0, cache_dir=None):
    """Fetch `filename` into `dest_dir` from the first mirror that serves it with the right checksum.

    `mirrors` are base URLs (http, https or file://); `checksum` is "md5:<hex>" or "sha256:<hex>".
    `retries` is the number of attempts per mirror for transient failures (timeouts, refused
    connections, 5xx, a mirror slower than `min_speed` bytes/s over `timeout` seconds); a 404 or
    a checksum mismatch moves on to the next mirror at once. `deadline` (seconds, None: none)
    bounds the whole call. `cache_dir`: keep verified files there, checksum-addressed, and link
    the final file to them (see the module docstring). `mirrors_key` names the config key of
    the mirror list, for the error message.
    Returns the final path. Raises DownloadError when every mirror failed.
    """
    algo, expected = parse_checksum(checksum)
    if retries < 1:
        raise ValueError(f"download: retries must be >= 1, got {retries}")
    if not timeout > 0 or not min_speed >= 0:
        raise ValueError(f"download: timeout must be > 0 and min_speed >= 0, got {timeout} and {min_speed}")
    dest_dir = Path(dest_dir)
    dest = dest_dir / filename
    cached = None if cache_dir is None else Path(cache_dir) / algo / expected
    if dest.exists():
        actual = file_digest(dest, algo)
        if actual != expected:
            raise ChecksumError(
                f"{dest} is already present but its {algo} is {actual}, not {expected}: "
                f"delete it so it can be downloaded again."
            )
        log.info("%s already present with the right %s; nothing to download", dest, algo)
        if cached is not None and not cached.exists():
            _link(dest, cached)
        return dest
    dest_dir.mkdir(parents=True, exist_ok=True)
    if cached is not None and cached.exists():
        actual = file_digest(cached, algo)
        if actual == expected:
            _link(cached, dest)
            log.info("%s: linked from the verified cache %s; no network needed", dest, cached)
            return dest
        log.warning("cache entry %s is damaged (%s %s); removing it and downloading again", cached, algo, actual)
        cached.unlink()
    part = dest_dir / (filename + ".part")
    failures = []
    give_up_at = None if deadline is None else time.monotonic() + deadline
    limits = _Limits(timeout, min_speed, give_up_at)
    for mirror in mirrors:
        url = mirror_url(mirror, filename)
        if limits.expired():
            failures.append((url, f"not tried: the download's deadline of {deadline} s had passed"))
            continue
        reason = _try_mirror(url, part, dest, algo, expected, limits, retries, backoff)
        if reason is None:
            if cached is not None:
                _link(dest, cached)
            return dest
        failures.append((url, reason))
    tried = "\n".join(f"  - {url}: {why}" for url, why in failures) or "  (the mirror list is empty)"
    raise DownloadError(
        f"could not download {filename} ({algo}:{expected}); every mirror failed:\n{tried}\n"
        f"Fix: put the file by hand at {dest} (its {algo} must be {expected}) and rerun, "
        f"or add a working mirror to the config key '{mirrors_key}'."
    )


def _link(src, dst):
    """Make `dst` the same file as `src` (a hard link, else a copy), atomically, creating its folder."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.link")
    try:
        try:
            os.link(src, tmp)
        except OSError:  # another file system, or no hard links
            shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()


class _Limits:
    """The attempt's time limits: a socket timeout, a minimum speed per window, the call's deadline."""

    def __init__(self, timeout, min_speed, give_up_at):
        self.timeout, self.min_speed, self.give_up_at = timeout, min_speed, give_up_at

    def expired(self):
        return self.give_up_at is not None and time.monotonic() >= self.give_up_at


class _Stalled(OSError):
    """The watchdog aborted an attempt (too slow, or past the deadline)."""


class _Watchdog:
    """Aborts an HTTP attempt that is too slow: fewer than `min_speed` bytes per second over a
    `timeout`-second window (from the request on, headers included), or past the deadline.

    It shuts the connection's socket down, so a read blocked on a dripping server returns at
    once; the reader then raises `_Stalled` with the reason.
    """

    def __init__(self, limits, url):
        self.limits, self.url = limits, url
        self.received = 0
        self.sock = None
        self.reason = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="download-watchdog")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _watch(self):
        window = self.limits.timeout
        start, start_bytes = time.monotonic(), 0
        while not self._stop.wait(min(0.05, window / 20)):
            now = time.monotonic()
            if self.limits.expired():
                return self._abort("the download's deadline passed")
            if now - start >= window:
                got = self.received - start_bytes
                if got < self.limits.min_speed * (now - start):
                    return self._abort(f"too slow: {got} bytes in {now - start:.1f} s "
                                       f"(minimum {self.limits.min_speed:g} bytes/s over {window:g} s)")
                start, start_bytes = now, self.received

    def _abort(self, reason):
        self.reason = reason
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def check(self):
        if self.reason is not None:
            raise _Stalled(self.reason)


def _watched(base, watchdog):
    """`base` (HTTPConnection or HTTPSConnection) handing its socket to `watchdog` once connected."""

    class Connection(base):
        def connect(self):
            super().connect()
            watchdog.sock = self.sock
            watchdog.check()

    return Connection


class _WatchedHTTP(urllib.request.HTTPHandler):
    def __init__(self, watchdog):
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watchdog), req)


class _WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watchdog):
        super().__init__()
        self.watchdog = watchdog

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watchdog), req,
                            context=self._context)


def _try_mirror(url, part, dest, algo, expected, limits, retries, backoff):
    """Download `url` into `part` and move it to `dest`; return None on success, else the reason."""
    reason = None
    timeout = limits.timeout
    for attempt in range(retries):
        if attempt:
            pause = backoff * 2 ** (attempt - 1)
            if limits.give_up_at is not None:
                pause = min(pause, max(0.0, limits.give_up_at - time.monotonic()))
            time.sleep(pause)
        if limits.expired():
            return f"{reason} (stopped at the download's deadline after {attempt} attempts)"
        try:
            resumed = _fetch(url, part, limits)
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
    if isinstance(error, _Stalled):
        return str(error)
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"timed out after {timeout} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return f"{type(error).__name__}: {error}"


def _fetch(url, part, limits):
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
    with _Watchdog(limits, url) as watchdog:
        opener = urllib.request.build_opener(_WatchedHTTP(watchdog), _WatchedHTTPS(watchdog))
        try:
            response = opener.open(request, timeout=limits.timeout)
        except urllib.error.HTTPError as e:
            if e.code == 416 and offset:
                return True  # the partial file may already be complete; the checksum decides
            if e.code in _RETRYABLE_HTTP:
                raise
            raise _Permanent(f"HTTP {e.code} {e.reason}") from e
        except (urllib.error.URLError, HTTPException, OSError):
            watchdog.check()  # the watchdog's reason, when it cut the request short
            raise
        with response:
            resumed = bool(offset) and response.status == 206
            if resumed and not response.headers.get("Content-Range", "").startswith(f"bytes {offset}-"):
                part.unlink()
                raise ConnectionError(f"asked to resume at byte {offset}, the server answered "
                                      f"{response.headers.get('Content-Range')!r}; starting over")
            declared = response.headers.get("Content-Length")
            total = None if declared is None else int(declared) + (offset if resumed else 0)
            received = 0
            started = last_report = time.monotonic()
            with open(part, "ab" if resumed else "wb") as f:
                while True:
                    try:
                        chunk = response.read1(_CHUNK)  # whatever arrived: the loop never waits for a full chunk
                    except (HTTPException, OSError):
                        watchdog.check()
                        raise
                    watchdog.check()
                    if not chunk:
                        break
                    f.write(chunk)
                    received += len(chunk)
                    watchdog.received = received
                    now = time.monotonic()
                    if now - last_report >= limits.timeout:
                        last_report = now
                        done = received + (offset if resumed else 0)
                        share = f" of {total} ({100 * done / total:.0f}%)" if total else ""
                        log.info("%s: %d bytes%s, %.0f bytes/s", url, done, share, received / (now - started))
            if declared is not None and received < int(declared):
                raise ConnectionError(f"connection closed after {received} of {declared} bytes")
    if resumed:
        log.info("%s: resumed at byte %d", url, offset)
    return resumed
