import hashlib
import http.server
import socket
import threading
import time

import pytest

from nnlib.data.checksum import ChecksumError
from nnlib.data.download import DownloadError, download

PAYLOAD = bytes(range(256)) * 64  # 16 KiB
SHA = "sha256:" + hashlib.sha256(PAYLOAD).hexdigest()


class _Mirror(http.server.BaseHTTPRequestHandler):
    """Routes by the first path component:
    /good/     serves PAYLOAD, honouring Range requests (206)
    /norange/  serves PAYLOAD, ignoring Range (always 200)
    /corrupt/  serves PAYLOAD with one byte flipped
    /missing/  404
    /flaky/    the first request gets half of PAYLOAD, then the connection drops
    /busy/     503 on the first request, then like /good/
    /slow/     waits longer than the client's timeout
    """

    def log_message(self, *args):
        pass

    def do_GET(self):
        route = self.path.split("/")[1]
        srv = self.server
        srv.requests.append((route, self.headers.get("Range")))
        seen = srv.seen.get(route, 0)
        srv.seen[route] = seen + 1
        if route == "missing" or (route == "busy" and seen == 0):
            self.send_error(404 if route == "missing" else 503)
            return
        if route == "slow":
            time.sleep(0.6)
        body = PAYLOAD
        if route == "corrupt":
            body = PAYLOAD[:100] + bytes([PAYLOAD[100] ^ 1]) + PAYLOAD[101:]
        start = 0
        rng = self.headers.get("Range")
        if rng and route != "norange":
            start = int(rng.split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        if route == "flaky" and seen == 0:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body[start:])


class _Server(http.server.ThreadingHTTPServer):
    block_on_close = False  # do not wait for /slow/ handlers at teardown

    def handle_error(self, request, client_address):
        pass  # clients that time out on /slow/ close their end: expected, not worth printing


@pytest.fixture
def mirror():
    server = _Server(("127.0.0.1", 0), _Mirror)
    server.requests, server.seen = [], {}
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    yield base, server
    server.shutdown()
    server.server_close()


def _closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _get(mirrors, dest, **kw):
    kw = {"timeout": 0.3, "retries": 2, "backoff": 0.0, **kw}
    return download("data.bin", mirrors, SHA, dest, **kw)


def test_good_mirror(mirror, tmp_path):
    base, _ = mirror
    path = _get([f"{base}/good"], tmp_path)
    assert path == tmp_path / "data.bin" and path.read_bytes() == PAYLOAD
    assert not (tmp_path / "data.bin.part").exists()


def test_falls_back_past_missing_and_corrupt_mirrors_in_order(mirror, tmp_path):
    base, server = mirror
    _get([f"{base}/missing/", f"{base}/corrupt/", f"{base}/good/"], tmp_path)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    # 404 and a checksum mismatch are not retried on the same mirror
    assert [r for r, _ in server.requests] == ["missing", "corrupt", "good"]


def test_every_mirror_failing_lists_each_url_and_the_manual_fix(mirror, tmp_path):
    base, _ = mirror
    refused = f"http://127.0.0.1:{_closed_port()}/"
    mirrors = [f"{base}/missing/", f"{base}/corrupt/", refused, f"{base}/slow/"]
    with pytest.raises(DownloadError) as info:
        _get(mirrors, tmp_path, mirrors_key="mnist.mirrors")
    msg = str(info.value)
    assert f"{base}/missing/data.bin: HTTP 404" in msg
    assert f"{base}/corrupt/data.bin: checksum mismatch" in msg
    assert f"{refused}data.bin: connection refused (2 attempts)" in msg
    assert f"{base}/slow/data.bin: timed out after 0.3 s (2 attempts)" in msg
    assert f"put the file by hand at {tmp_path / 'data.bin'}" in msg and "'mnist.mirrors'" in msg
    assert not (tmp_path / "data.bin").exists()


def test_transient_error_is_retried(mirror, tmp_path):
    base, server = mirror
    _get([f"{base}/busy/"], tmp_path, retries=3)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    assert server.seen["busy"] == 2


def test_dropped_connection_resumes_with_a_range_request(mirror, tmp_path):
    base, server = mirror
    _get([f"{base}/flaky/"], tmp_path)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    assert server.requests == [("flaky", None), ("flaky", f"bytes={len(PAYLOAD) // 2}-")]


def test_partial_file_from_an_earlier_run_is_resumed(mirror, tmp_path):
    base, server = mirror
    (tmp_path / "data.bin.part").write_bytes(PAYLOAD[:1000])
    _get([f"{base}/good/"], tmp_path)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    assert server.requests == [("good", "bytes=1000-")]


def test_server_ignoring_range_restarts_from_scratch(mirror, tmp_path):
    base, _ = mirror
    (tmp_path / "data.bin.part").write_bytes(PAYLOAD[:1000])
    _get([f"{base}/norange/"], tmp_path)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD


def test_bad_partial_file_is_discarded_and_downloaded_again(mirror, tmp_path):
    base, server = mirror
    (tmp_path / "data.bin.part").write_bytes(b"\xff" * 1000)
    _get([f"{base}/good/"], tmp_path)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    assert server.requests == [("good", "bytes=1000-"), ("good", None)]


def test_file_mirror(tmp_path):
    src = tmp_path / "mirror"
    src.mkdir()
    (src / "data.bin").write_bytes(PAYLOAD)
    dest = tmp_path / "dest"
    _get(["file:///nonexistent/dir/", src.as_uri()], dest)
    assert (dest / "data.bin").read_bytes() == PAYLOAD


def test_prefilled_file_needs_no_network(tmp_path):
    (tmp_path / "data.bin").write_bytes(PAYLOAD)
    assert _get([], tmp_path).read_bytes() == PAYLOAD


def test_prefilled_corrupt_file_is_rejected(tmp_path):
    (tmp_path / "data.bin").write_bytes(PAYLOAD[:-1])
    with pytest.raises(ChecksumError, match="already present .*delete it"):
        _get([], tmp_path)


def test_no_mirrors_and_no_file(tmp_path):
    with pytest.raises(DownloadError, match="mirror list is empty"):
        _get([], tmp_path)
