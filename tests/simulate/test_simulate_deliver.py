"""--deliver: real HTTP to a loopback test server, form bodies and query strings; remote hosts refused."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sim_support import SEED_SCENARIO, seed_files, write_flow

from flowedit.cli import main
from flowedit.simulate.deliver import deliver, is_loopback, refusal
from flowedit.simulate.model import Request


class _Recorder(BaseHTTPRequestHandler):
    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        parts = urlsplit(self.path)
        self.server.received.append({"method": self.command, "path": parts.path, "query": parse_qs(parts.query),
                                     "form": parse_qs(body), "type": self.headers.get("Content-Type")})
        status = 404 if parts.path == "/after" else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        self.wfile.write(b"<Response/>")

    do_GET = do_POST = _answer

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.received = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_deliver_sends_callbacks_to_a_loopback_server(server, tmp_path, capsys):
    port = server.server_address[1]
    files = seed_files(hook=f"http://127.0.0.1:{port}/events")
    files["/index"] = files["/index"].replace('statusCallbackMethod="POST">joey', 'statusCallbackMethod="GET">joey')
    (tmp_path / "flow").mkdir()
    flow = write_flow(tmp_path / "flow", files, {"base_url": f"http://localhost:{port}/"})
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(SEED_SCENARIO), encoding="utf-8")
    assert main(["simulate", str(flow), "--scenario", str(scenario), "--deliver", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    received = server.received
    assert len(received) == len(out["requests"]) == 11
    for request, got in zip(out["requests"], received):
        assert got["method"] == request["method"]
        assert got["path"] == urlsplit(request["url"]).path
        carried = got["query"] if request["method"] == "GET" else got["form"]
        assert {k: v[0] for k, v in carried.items()} == request["params"]
        if request["method"] == "POST":
            assert got["type"] == "application/x-www-form-urlencoded" and got["query"] == {}
        else:
            assert got["form"] == {}
    assert [r["delivery"].get("status") for r in out["requests"]] == [200] * 10 + [404]
    joey = [g for g in received if g["method"] == "GET"]
    assert [g["query"]["CallStatus"][0] for g in joey] == ["initiated", "ringing", "canceled"]
    assert [g["query"]["SequenceNumber"][0] for g in joey] == ["0", "1", "2"]
    charlie = [g["form"] for g in received if g["form"].get("To") == ["client:charlie"]]
    assert charlie[-1]["CallDuration"] == ["30"] and charlie[-1]["CallbackSource"] == ["call-progress-events"]


def test_text_report_shows_each_answer(server, tmp_path, capsys):
    port = server.server_address[1]
    (tmp_path / "flow").mkdir()
    flow = write_flow(tmp_path / "flow", seed_files(hook="https://hooks.example.com/events"),
                      {"base_url": f"http://127.0.0.1:{port}/"})
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(SEED_SCENARIO), encoding="utf-8")
    assert main(["simulate", str(flow), "--scenario", str(scenario), "--deliver"]) == 0
    out = capsys.readouterr().out
    assert "⇒ HTTP 200" in out and "⇒ HTTP 404" in out
    assert "⇒ not sent: hooks.example.com is not a loopback host; use --allow-remote" in out
    assert [g["path"] for g in server.received] == ["/index", "/after"]


def test_remote_hosts_are_refused_without_any_network_traffic(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    requests = [Request(0, "status-callback", url, "POST", {"CallSid": "CA1"})
                for url in ("https://hooks.example.com/x", "http://10.0.0.1/x", "http://localhost.evil.com/",
                            "ftp://127.0.0.1/x", "http://[::2]/")]
    results = deliver(requests)
    assert [d.sent for d in results] == [False] * 5
    assert all(d.status is None and d.error for d in results)
    assert results[0].describe() == ("not sent: hooks.example.com is not a loopback host; "
                                     "use --allow-remote to send to it")
    assert "only http and https" in results[3].error


def test_loopback_check():
    assert is_loopback("localhost") and is_loopback("127.0.0.1") and is_loopback("127.8.9.1")
    assert is_loopback("[::1]") and is_loopback("::1") and is_loopback("LOCALHOST.")
    assert not is_loopback("example.com") and not is_loopback("192.168.1.1") and not is_loopback("0.0.0.0")
    assert refusal("http://127.0.0.1:99999/", False) == "http://127.0.0.1:99999/: the URL has a bad port"
    assert refusal("http://example.com/", True) is None


def test_closed_port_is_reported_not_raised():
    url = f"http://127.0.0.1:{_closed_port()}/events"
    (result,) = deliver([Request(0, "status-callback", url, "GET", {"A": "1"})], timeout=2)
    assert result.sent and result.status is None and result.describe().startswith("failed: ")
    assert "refused" in result.error.lower()
