"""Sending a simulation's requests as real HTTP, the way Twilio would, and reporting each answer.

A POST carries the parameters form-encoded in its body; a GET carries them in the query string
(appended to any query the URL already has). Requests are sent one after the other in timeline
order, without waiting for the simulated time. Redirects are not followed and no proxy is used,
so a request never reaches a host other than the one checked.

Safety: unless `allow_remote`, a request goes only to a loopback host — `localhost` or an IP
literal in 127.0.0.0/8 or ::1. No name is ever resolved to decide this: any other host name counts
as remote and its request is refused, without network traffic. A refused request, a closed port,
a timeout or an HTTP error status is reported on its own line, never raised.
"""

from __future__ import annotations

import ipaddress
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from flowedit import __version__
from flowedit.simulate.model import Request

TIMEOUT = 5.0


@dataclass(frozen=True)
class Delivery:
    """What became of one request: the response status, or why there is none."""

    request: Request
    status: int | None = None
    error: str | None = None
    sent: bool = False  # False when refused before any network traffic

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    def describe(self) -> str:
        if self.status is not None:
            return f"HTTP {self.status}"
        return ("failed: " if self.sent else "not sent: ") + (self.error or "unknown error")

    def as_json(self) -> dict:
        out: dict = {"sent": self.sent}
        if self.status is not None:
            out["status"] = self.status
        if self.error is not None:
            out["error"] = self.error
        return out


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback IP literals; every other name is remote (never resolved)."""
    host = host.strip().rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return False


def refusal(url: str, allow_remote: bool) -> str | None:
    """Why `url` must not be requested, or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"{url}: only http and https URLs are sent"
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{url}: the URL has a bad port"
    if not host:
        return f"{url}: the URL names no host"
    if not allow_remote and not is_loopback(host):
        return f"{host} is not a loopback host; use --allow-remote to send to it"
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib's hook
        return None  # the 3xx is reported as the answer, not followed to another host


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def build(request: Request) -> urllib.request.Request:
    """The HTTP request Twilio would send for `request`."""
    body = urlencode(request.params)
    headers = {"User-Agent": f"flowedit-simulate/{__version__}", "Accept": "*/*"}
    if request.method == "GET":
        parts = urlsplit(request.url)
        url = request.url.split("#", 1)[0]
        if body:
            url += ("&" if parts.query else "?") + body
        return urllib.request.Request(url, headers=headers, method="GET")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return urllib.request.Request(request.url.split("#", 1)[0], data=body.encode("utf-8"), headers=headers,
                                  method="POST")


def deliver_one(request: Request, *, allow_remote: bool = False, timeout: float = TIMEOUT,
                opener: urllib.request.OpenerDirector | None = None) -> Delivery:
    reason = refusal(request.url, allow_remote)
    if reason is not None:
        return Delivery(request, error=reason)
    try:
        with (opener or _opener()).open(build(request), timeout=timeout) as response:
            response.read(65536)
            return Delivery(request, status=response.status, sent=True)
    except urllib.error.HTTPError as err:
        err.close()
        return Delivery(request, status=err.code, sent=True)
    except urllib.error.URLError as err:
        reason = err.reason
        text = getattr(reason, "strerror", None) or str(reason)
        return Delivery(request, error=text, sent=True)
    except (OSError, ValueError) as err:  # timeouts, resets, malformed answers
        return Delivery(request, error=f"{type(err).__name__}: {err}" if str(err) else type(err).__name__,
                        sent=True)


def deliver(requests: list[Request], *, allow_remote: bool = False, timeout: float = TIMEOUT) -> list[Delivery]:
    """Send each request in order; one Delivery per request, in the same order."""
    opener = _opener()
    return [deliver_one(r, allow_remote=allow_remote, timeout=timeout, opener=opener) for r in requests]
