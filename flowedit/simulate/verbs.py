"""What each verb does to a simulated call: how long it takes and where the call goes next.

`run_verb` runs one verb of a document on a call (`engine.Context`) at simulated time `t` and
returns the new time and the outcome: None (go on with the next verb), ("goto", path) (a request
answered with another document; path None when the simulation cannot follow it) or ("end", how).
Durations: Say ⌈words / 2.5⌉ s × loop, Play 10 s × loop, Pause its length (default 1 s); Gather
waits its timeout (default 5 s) after its prompts, or ends 1 s after them when the scenario gives
digits; Record takes 10 s of speech plus its timeout of silence. `<Dial>` is `flowedit.simulate.dial`.
"""

from __future__ import annotations

from flowedit import twiml
from flowedit.model import Document, LinkKind
from flowedit.model.paths import document_url
from flowedit.simulate import engine as E
from flowedit.simulate import params as P

Outcome = tuple[str, object] | None


def _default(tag: str, name: str, fallback: str) -> str:
    attribute = twiml.attribute(tag, name)
    return attribute.default if attribute is not None and attribute.default is not None else fallback


def number(runner, doc: Document, eid: int, name: str, fallback: float, *, allow_zero: bool = False) -> float:
    """A numeric attribute (the vocabulary's default when absent); a bad value is noted and defaulted."""
    tag = doc.tag(eid)
    raw = doc.get(eid, name)
    default = float(_default(tag, name, str(fallback)))
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if value < 0 or (value == 0 and not allow_zero):
        runner.note(f"{doc.path}: <{tag} {name}=\"{raw}\"> is not a valid number; simulated as {default:g}")
        return default
    return value


def _loops(runner, doc: Document, eid: int) -> int:
    loops = int(number(runner, doc, eid, "loop", 1, allow_zero=True))
    if loops == 0:
        runner.note(f"{doc.path}: <{doc.tag(eid)} loop=\"0\"> repeats until hang-up; simulated as one play")
        return 1
    return loops


def _spoken(doc: Document, eid: int) -> str:
    return " ".join("".join(doc.node(eid).itertext()).split())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def media_seconds(runner, doc: Document, eid: int) -> tuple[float, str]:
    """(duration, label) of a Say, Play or Pause."""
    tag = doc.tag(eid)
    if tag == "Say":
        text = _spoken(doc, eid)
        return E.say_seconds(len(text.split()), _loops(runner, doc, eid)), f"Say “{_short(text)}”"
    if tag == "Play":
        url = (doc.text(eid) or "").strip()
        if not url:  # only DTMF digits to send
            return 1.0, f"Play digits {doc.get(eid, 'digits') or ''}"
        return E.PLAY_SECONDS * _loops(runner, doc, eid), f"Play {url}"
    length = number(runner, doc, eid, "length", 1)
    return length, f"Pause {length:g} s"


def run_verb(runner, ctx, doc: Document, eid: int, t: float) -> tuple[float, Outcome]:
    tag = doc.tag(eid)
    if tag in ("Say", "Play", "Pause"):
        seconds, label = media_seconds(runner, doc, eid)
        runner.step(t, ctx, f"{label} ({seconds:g} s)", doc.path, eid)
        return t + seconds, None
    if tag == "Gather":
        return _gather(runner, ctx, doc, eid, t)
    if tag == "Record":
        return _record(runner, ctx, doc, eid, t)
    if tag == "Redirect":
        runner.step(t, ctx, "Redirect", doc.path, eid)
        value = (doc.text(eid) or "").strip()
        if not value:
            runner.note(f"{doc.path}: <Redirect> without a URL; the call ends there")
            return t, ("end", "left")
        return t, ("goto", runner.fetch_link(ctx, t, "document", doc, value, doc.get(eid, "method"), eid=eid))
    if tag == "Hangup":
        runner.step(t, ctx, "Hangup", doc.path, eid)
        return t, ("end", "hangup")
    if tag == "Reject":
        reason = (doc.get(eid, "reason") or "rejected").strip()
        runner.reject_status = "busy" if reason == "busy" else "no-answer"
        runner.step(t, ctx, f"Reject ({reason})", doc.path, eid)
        return t, ("end", "reject")
    if tag == "Dial":
        if ctx.child:
            runner.note(f"{doc.path}: a screening document cannot <Dial> (Twilio error 13201); the leg declines")
            runner.step(t, ctx, "Dial refused in a screening document", doc.path, eid)
            return t, ("end", "unsatisfied")
        from flowedit.simulate.dial import run_dial

        t, extra = run_dial(runner, ctx, doc, eid, t)
        action = (doc.get(eid, "action") or "").strip()
        if not action:
            return t, None
        return t, ("goto", runner.fetch_link(ctx, t, "action", doc, action, doc.get(eid, "method"),
                                              extra=extra, eid=eid))
    if tag in E.ZERO_TIME:
        runner.step(t, ctx, f"{tag} (not simulated; takes no time)", doc.path, eid)
        return t, None
    if tag in E.NOT_SIMULATED:
        runner.note(f"{doc.path}: <{tag}> is not simulated; call {ctx.sid} ends there")
        runner.step(t, ctx, f"{tag} (not simulated: the call ends)", doc.path, eid)
        return t, ("end", "left")
    runner.note(f"{doc.path}: <{tag}> is not a TwiML verb Twilio runs; skipped")
    return t, None


def _digits(runner, ctx, doc: Document, eid: int) -> str | None:
    """What is pressed at this Gather, cut at finishOnKey and numDigits; None: no input."""
    if ctx.declines:
        return None  # the answered party turns the call down: it presses nothing
    inputs = (doc.get(eid, "input") or "dtmf").split()
    digits = runner.scenario.digits.get(doc.path)
    if not digits or "dtmf" not in inputs:
        return None
    finish = doc.get(eid, "finishOnKey")
    finish = "#" if finish is None else finish.strip()
    if finish and finish in digits:
        digits = digits[: digits.index(finish)]
    limit = doc.get(eid, "numDigits")
    if limit and limit.strip().isdigit() and int(limit) > 0:
        digits = digits[: int(limit)]
    return digits


def _gather(runner, ctx, doc: Document, eid: int, t: float) -> tuple[float, Outcome]:
    runner.step(t, ctx, "Gather", doc.path, eid)
    for child in doc.child_elements(eid):
        if doc.tag(child) in ("Say", "Play", "Pause"):
            seconds, label = media_seconds(runner, doc, child)
            runner.step(t, ctx, f"{label} ({seconds:g} s)", doc.path, child)
            t += seconds
    digits = _digits(runner, ctx, doc, eid)
    action = (doc.get(eid, "action") or "").strip() or None
    if digits is not None:
        t += E.PRESS_SECONDS
        runner.step(t, ctx, f"pressed {digits}", doc.path, eid)
        return t, _go_action(runner, ctx, doc, eid, t, action, {"Digits": digits})
    t += number(runner, doc, eid, "timeout", 5)
    runner.step(t, ctx, "no input: Gather timed out", doc.path, eid)
    if ctx.child:
        return t, ("end", "unsatisfied")
    if (doc.get(eid, "actionOnEmptyResult") or "").strip() == "true":
        return t, _go_action(runner, ctx, doc, eid, t, action, None)
    return t, None


def _record(runner, ctx, doc: Document, eid: int, t: float) -> tuple[float, Outcome]:
    runner.step(t, ctx, "Record", doc.path, eid)
    spoken = min(E.RECORD_SECONDS, number(runner, doc, eid, "maxLength", 3600))
    t += spoken + number(runner, doc, eid, "timeout", 5, allow_zero=True)
    recording = P.recording_params(runner.account_sid, runner.new_recording_sid(), P.seconds(spoken))
    action = (doc.get(eid, "action") or "").strip() or None
    return t, _go_action(runner, ctx, doc, eid, t, action, recording)


def _go_action(runner, ctx, doc: Document, eid: int, t: float, action: str | None,
               extra: dict[str, str] | None) -> Outcome:
    """Request a Gather/Record action; without one, the current document (its default)."""
    method = doc.get(eid, "method")
    if action is None:
        url = document_url(runner.flow.base, doc.path)
        return ("goto", runner.fetch(ctx, t, "action", url, doc.path, LinkKind.INTERNAL, E.method_of(method),
                                     extra=extra, document=doc.path, eid=eid))
    return ("goto", runner.fetch_link(ctx, t, "action", doc, action, method, extra=extra, eid=eid))
