"""A simulation as a readable timeline: one line per moment, each request indented under it.

Steps (a verb starting, a leg changing state) and requests are merged in timeline order. A
request line shows its method, URL, kind and the parameters that tell its story (CallStatus,
SequenceNumber, CallDuration, Digits, Dial…); `--format json` has every parameter. With deliveries,
each request line ends with what the endpoint answered.
"""

from __future__ import annotations

from flowedit.simulate.model import Request, Simulation, Step

_SHOWN = ("CallStatus", "SequenceNumber", "CallDuration", "Digits", "DialCallStatus", "DialCallSid",
          "DialCallDuration", "DialBridged", "RecordingDuration")


def short_sid(sid: str | None) -> str:
    """`CA…0004` for `CA0000…0004`: enough to tell the legs of one simulation apart."""
    return "-" if not sid else f"{sid[:2]}…{sid[-4:]}"


def clock(t: float) -> str:
    whole = int(t)
    text = f"{whole // 60}:{whole % 60:02d}"
    return text + (f"{t - whole:.1f}"[1:] if t != whole else "")


def _request_line(request: Request, delivery: str | None) -> str:
    shown = [f"{name}={request.params[name]}" for name in _SHOWN if name in request.params]
    if "DialCallSid" in request.params:
        sid = short_sid(request.params["DialCallSid"])
        shown = [f"DialCallSid={sid}" if s.startswith("DialCallSid=") else s for s in shown]
    kind = request.kind + (f" {request.target}" if request.target else "")
    line = f"→ {request.method} {request.url}  [{kind}]  {' '.join(shown)}".rstrip()
    return line + (f"  ⇒ {delivery}" if delivery else "")


def timeline(sim: Simulation, deliveries: list | None = None) -> str:
    """The whole simulation as text (ends with a newline)."""
    by_request = {id(d.request): d.describe() for d in deliveries or []}
    parent = sim.calls[0] if sim.calls else None
    lines: list[str] = []
    if parent is not None and sim.requests:
        first = sim.requests[0].params
        lines.append(f"call {short_sid(parent.sid)} from {first.get('From', '?')} to {first.get('To', '?')}"
                     f" ({parent.sid})")
    merged: list[Step | Request] = sorted([*sim.steps, *sim.requests], key=lambda item: (item.t, item.seq))
    last_prefix = None
    for item in merged:
        prefix = f"{clock(item.t):>7}  {short_sid(item.leg):<8}"
        text = item.text if isinstance(item, Step) else _request_line(item, by_request.get(id(item)))
        if isinstance(item, Request) and prefix == last_prefix:
            lines.append(" " * len(prefix) + "    " + text)
        else:
            lines.append(f"{prefix}  {text}")
        last_prefix = prefix
    lines.append("")
    lines.append("calls:")
    for leg in sim.calls:
        who = leg.target or "caller"
        lines.append(f"  {leg.sid}  {who:<24} {leg.status:<10} {leg.duration} s"
                     + (f"  (parent {short_sid(leg.parent_sid)})" if leg.parent_sid else ""))
    lines.append("documents: " + (" → ".join(sim.documents) if sim.documents else "none"))
    for note in sim.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"
