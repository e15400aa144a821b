"""Issue 23, findings 1 and 2: no mirror holds a download forever; a forced rerun keeps verified data."""
import hashlib
import logging
import socket
import threading
import time

import pytest

from nnlib.data.download import DownloadError, download

PAYLOAD = bytes(range(256)) * 512  # 128 KiB
SHA = "sha256:" + hashlib.sha256(PAYLOAD).hexdigest()


class _RawServer:
    """A TCP server answering every connection with `handler(conn)` in a thread of its own."""

    def __init__(self, handler):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.handler, self.stop, self.connections = handler, threading.Event(), 0
        threading.Thread(target=self._serve, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn):
        try:
            conn.recv(4096)
            self.handler(conn, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


def _drip_body(conn, stop):
    """Headers at once, then one byte of the body every 1.5 s."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(PAYLOAD))
    for byte in PAYLOAD:
        if stop.wait(1.5):
            return
        conn.sendall(bytes([byte]))


def _drip_headers(conn, stop):
    """The status line and headers one byte every 0.5 s (a per-read socket timeout never fires)."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Padding: " + b"x" * 1000:
        if stop.wait(0.5):
            return
        conn.sendall(bytes([byte]))


def _silent(conn, stop):
    stop.wait(30)


def _slow_but_steady(conn, stop):
    """The whole payload in 16 KiB pieces 0.25 s apart (2 s): slower than the 1 s log period, faster than min_speed."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(PAYLOAD))
    for i in range(0, len(PAYLOAD), 16384):
        if stop.wait(0.25):
            return
        conn.sendall(PAYLOAD[i:i + 16384])


@pytest.fixture
def serve():
    servers = []

    def start(handler):
        servers.append(_RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("handler, expected", [(_drip_body, "too slow"), (_drip_headers, "too slow"),
                                                (_silent, "timed out|too slow")])
def test_a_dripping_or_stalled_mirror_fails_within_the_retries_times_the_timeout(serve, tmp_path, handler, expected):
    """The attack: one byte every 1.5 s with timeout 3 s hung forever; now R attempts take about R x T."""
    server = serve(handler)
    timeout, retries, backoff = 3.0, 2, 0.2
    started = time.monotonic()
    with pytest.raises(DownloadError, match=expected):
        download("data.bin", [server.url], SHA, tmp_path, timeout=timeout, retries=retries, backoff=backoff)
    elapsed = time.monotonic() - started
    assert elapsed < (retries + 1) * timeout + backoff, elapsed
    assert server.connections == retries
    assert not (tmp_path / "data.bin").exists()


def test_the_deadline_bounds_the_whole_download(serve, tmp_path):
    server = serve(_drip_body)
    started = time.monotonic()
    with pytest.raises(DownloadError, match="deadline"):
        download("data.bin", [server.url, server.url], SHA, tmp_path, timeout=30, retries=3, deadline=1.0)
    assert time.monotonic() - started < 3


def test_progress_is_logged_every_timeout_seconds(serve, tmp_path, caplog):
    server = serve(_slow_but_steady)
    with caplog.at_level(logging.INFO, logger="nnlib.data.download"):
        download("data.bin", [server.url], SHA, tmp_path, timeout=0.5, min_speed=1024)
    progress = [r.getMessage() for r in caplog.records if "bytes/s" in r.getMessage()]
    assert progress and all(f"of {len(PAYLOAD)}" in line and "%" in line for line in progress)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD


def test_a_forced_rerun_without_any_mirror_keeps_the_verified_file(tmp_path):
    """The attack: `snakemake --forcerun download` deletes the output first; with no mirror
    reachable the verified data set was lost. The checksum-addressed cache keeps it."""
    source = tmp_path / "mirror"
    source.mkdir()
    (source / "data.bin").write_bytes(PAYLOAD)
    dest, cache = tmp_path / "resources" / "mnist", tmp_path / "resources" / ".cache"
    path = download("data.bin", [source.as_uri()], SHA, dest, cache_dir=cache)
    cached = cache / "sha256" / SHA.split(":")[1]
    assert cached.read_bytes() == PAYLOAD and path.stat().st_ino == cached.stat().st_ino

    path.unlink()  # what Snakemake does to a forced rule's output
    (source / "data.bin").unlink()  # and no mirror can serve it any more
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    unreachable = f"http://127.0.0.1:{dead.getsockname()[1]}/"
    dead.close()
    assert download("data.bin", [unreachable], SHA, dest, cache_dir=cache, timeout=1).read_bytes() == PAYLOAD


def test_a_damaged_cache_entry_is_replaced_by_a_fresh_download(tmp_path):
    source = tmp_path / "mirror"
    source.mkdir()
    (source / "data.bin").write_bytes(PAYLOAD)
    cache = tmp_path / "cache"
    cached = cache / "sha256" / SHA.split(":")[1]
    cached.parent.mkdir(parents=True)
    cached.write_bytes(PAYLOAD[:-1])
    path = download("data.bin", [source.as_uri()], SHA, tmp_path / "out", cache_dir=cache)
    assert path.read_bytes() == PAYLOAD and cached.read_bytes() == PAYLOAD


def test_a_file_already_in_place_is_added_to_the_cache(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "data.bin").write_bytes(PAYLOAD)
    download("data.bin", [], SHA, tmp_path / "out", cache_dir=tmp_path / "cache")
    assert (tmp_path / "cache" / "sha256" / SHA.split(":")[1]).read_bytes() == PAYLOAD
