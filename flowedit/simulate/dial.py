"""`<Dial>` on a simulated clock: the legs it rings, their call-progress events and status callbacks.

Each target rung is a child leg with its own CallSid and ParentCallSid = the parent call's. Timing
(from the leg's start s, with the Dial's timeout T, default 30 s, and the scenario's ring r):

- answer/decline with r < T: ringing at s + min(1, r), answered at s + r; the screening document
  (the noun's `url`) then runs on the leg; an `answer` leg that gets through it is connected
  ("bridged"), talks `talk` seconds (at most the Dial's timeLimit) and completes;
- busy/failed with r < T: ends at s + r, never ringing;
- otherwise (no-answer, or r ≥ T): ringing at s + min(1, r, T), no-answer at s + T.

Simultaneous dialing: all legs start together; the first leg to be bridged wins, and every other
leg still ringing or screening at that moment is canceled (hung up, if it had answered). With
`sequential="true"` each leg starts when the previous one ended, until one is bridged. Events are
sent only when listed in the noun's statusCallbackEvent (only `completed` when it lists none).
Conference and Queue targets connect at once, without legs or call-progress events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flowedit.model import Document
from flowedit.model.links import classify
from flowedit.simulate import params as P
from flowedit.simulate.engine import Context, Runner, fmt_t, method_of
from flowedit.simulate.model import Behaviour, Leg
from flowedit.simulate.targets import Target, behaviour_key, dial_targets
from flowedit.simulate.verbs import number

MAX_TARGETS = 10
EVENTS = ("initiated", "ringing", "answered", "completed")
RECORD_FROM_ANSWER = ("record-from-answer", "record-from-answer-dual", "true")
RECORD_FROM_RINGING = ("record-from-ringing", "record-from-ringing-dual")


@dataclass
class _Attempt:
    """One leg being rung: its plan, then what happened."""

    target: Target
    behaviour: Behaviour
    sid: str
    start: float
    params: dict[str, str]
    callback: str | None
    callback_method: str
    events: frozenset[str]
    ringing: float | None = None
    answered: float | None = None
    end: float = 0.0
    status: str = "no-answer"
    duration: int = 0
    screen: list | None = None  # the captured timeline of its screening, once run
    screen_end: float = 0.0
    accepted: bool = False
    sent: int = 0  # SequenceNumber of the next status callback
    recording: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Options:
    timeout: float
    time_limit: float
    record: str
    answer_on_bridge: bool
    caller_id: str


def run_dial(runner: Runner, ctx: Context, doc: Document, eid: int, t0: float) -> tuple[float, dict[str, str]]:
    """Run the <Dial> `eid` of `doc` at `t0`; return its end time and the parameters for its action."""
    targets = dial_targets(doc, eid)
    opts = _Options(number(runner, doc, eid, "timeout", 30), number(runner, doc, eid, "timeLimit", 14400),
                    (doc.get(eid, "record") or "").strip(), (doc.get(eid, "answerOnBridge") or "") == "true",
                    (doc.get(eid, "callerId") or "").strip())
    sequential = (doc.get(eid, "sequential") or "").strip() == "true"
    joined = [t for t in targets if t.kind in ("conference", "queue")]
    if joined:
        return _join(runner, ctx, doc, eid, t0, joined, targets, opts)
    if len(targets) > MAX_TARGETS:
        runner.note(f"{doc.path}: a <Dial> rings at most {MAX_TARGETS} targets; the others were not rung")
        targets = targets[:MAX_TARGETS]
    mode = "sequential" if sequential else "simultaneous"
    runner.step(t0, ctx, f"Dial ({mode}, timeout {opts.timeout:g} s): "
                + (", ".join(t.key for t in targets) or "no target"), doc.path, eid)
    if not targets:
        runner.note(f"{doc.path}: a <Dial> with no target fails at once")
        return t0, P.dial_action_params({}, status="failed", call_sid=None, duration=0, bridged=False)
    attempts: list[_Attempt] = []
    winner: _Attempt | None = None
    with runner.capture() as batch:
        if sequential:
            start = t0
            for target in targets:
                group = [_attempt(runner, ctx, doc, target, start, opts)]
                attempts += group
                winner = _ring(runner, ctx, doc, group, opts)
                if winner is not None:
                    break
                start = group[0].end
        else:
            attempts = [_attempt(runner, ctx, doc, target, t0, opts) for target in targets]
            winner = _ring(runner, ctx, doc, attempts, opts)
    runner.emit(sorted(batch, key=lambda item: (item.t, item.rank)))
    end = winner.end if winner else max(a.end for a in attempts)
    if winner is not None:
        extra = P.dial_action_params({}, status="completed", call_sid=winner.sid, duration=winner.duration,
                                     bridged=True, recording=winner.recording)
        summary = f"{winner.target.key} connected, {winner.duration} s"
    else:
        statuses = {a.status for a in attempts}
        status = statuses.pop() if len(statuses) == 1 and statuses <= {"busy", "failed"} else "no-answer"
        extra = P.dial_action_params({}, status=status, call_sid=attempts[-1].sid, duration=0, bridged=False)
        summary = status
    runner.step(end, ctx, f"Dial ended: {summary}", doc.path, eid)
    return end, extra


def _attempt(runner: Runner, ctx: Context, doc: Document, target: Target, start: float,
             opts: _Options) -> _Attempt:
    """A new leg for `target` starting at `start`, its timing planned from the scenario."""
    sid = runner.new_sid()
    key = behaviour_key(runner.scenario, target)
    behaviour = runner.scenario.targets[key] if key else runner.scenario.default
    noun = target.eid
    callback = method = None
    events: frozenset[str] = frozenset()
    if noun is not None:
        value = (doc.get(noun, "statusCallback") or "").strip()
        if value:
            callback = classify(runner.flow.base, doc.path, value, runner.flow.documents)[0]
            listed = (doc.get(noun, "statusCallbackEvent") or "").replace(",", " ").split()
            events = frozenset(e for e in listed if e in EVENTS) or frozenset({"completed"})
        method = doc.get(noun, "statusCallbackMethod")
    params = P.leg_params(runner.account_sid, sid, ctx.sid, opts.caller_id or ctx.base.get("From", ""),
                          target.address, "initiated")
    a = _Attempt(target, behaviour, sid, start, params, callback, method_of(method), events)
    r, timeout = behaviour.ring, opts.timeout
    if behaviour.outcome in ("answer", "decline") and r < timeout:
        a.ringing, a.answered = start + min(1.0, r), start + r
    elif behaviour.outcome in ("busy", "failed") and r < timeout:
        a.end, a.status = start + r, behaviour.outcome
    else:
        a.ringing, a.end, a.status = start + min(1.0, r, timeout), start + timeout, "no-answer"
    return a


def _ring(runner: Runner, ctx: Context, doc: Document, attempts: list[_Attempt], opts) -> _Attempt | None:
    """Ring legs together; return the one bridged (None when none was). Emits every leg's events."""
    bridge, winner = math.inf, None
    for a in sorted((a for a in attempts if a.answered is not None), key=lambda a: a.answered):
        if a.answered >= bridge:
            continue  # someone was connected before this leg picked up: it is canceled
        _screen(runner, doc, a, opts)
        if a.accepted and a.screen_end < bridge:
            bridge, winner = a.screen_end, a
    for a in attempts:
        _finish(runner, doc, a, winner, bridge, opts)
        runner.sim.calls.append(Leg(a.sid, ctx.sid, a.target.key, a.status, a.duration, doc.path, a.target.eid))
    return winner


def _screen(runner: Runner, doc: Document, a: _Attempt, opts) -> None:
    """Run the noun's screening document on the answered leg (captured, emitted by `_finish`)."""
    child = Context(a.sid, dict(a.params), child=True,
                    declines=a.behaviour.outcome == "decline", target=a.target.key)
    noun = a.target.eid
    url = (doc.get(noun, "url") or "").strip() if noun is not None else ""
    with runner.capture() as items:
        if url:
            hears = "still hears ringing (answerOnBridge)" if opts.answer_on_bridge else "waits"
            runner.step(a.answered, a.sid, f"screening {url} on {a.target.key}; the caller {hears}",
                        doc.path, noun)
            path = runner.fetch_link(child, a.answered, "document", doc, url, doc.get(noun, "method"), eid=noun)
            end, how = runner.run(child, path, a.answered)
        else:
            end, how = a.answered, "end"
    a.screen, a.screen_end = items, end
    a.accepted = how == "end" and not child.declines


def _finish(runner: Runner, doc: Document, a: _Attempt, winner: _Attempt | None, bridge: float, opts) -> None:
    """Emit the leg's events, in order, and settle its final status and duration."""
    _event(runner, doc, a, a.start, "initiated", "initiated")
    if a is winner:
        _event(runner, doc, a, a.ringing, "ringing", "ringing")
        _event(runner, doc, a, a.answered, "answered", "in-progress")
        runner.emit(a.screen)
        runner.step(bridge, a.sid, f"{a.target.key} connected to the caller", doc.path, a.target.eid)
        a.end = bridge + min(a.behaviour.talk, opts.time_limit)
        a.status, a.duration = "completed", P.seconds(a.end - a.answered)
        if opts.record in RECORD_FROM_ANSWER + RECORD_FROM_RINGING:
            since = a.answered if opts.record in RECORD_FROM_ANSWER else a.ringing
            a.recording = P.recording_params(runner.account_sid, runner.new_recording_sid(),
                                             P.seconds(a.end - since))
        _event(runner, doc, a, a.end, "completed", "completed", duration=a.duration, recording=a.recording)
    elif a.screen is not None:  # answered, screened, not connected
        _event(runner, doc, a, a.ringing, "ringing", "ringing")
        _event(runner, doc, a, a.answered, "answered", "in-progress")
        if not a.accepted and a.screen_end <= bridge:
            runner.emit(a.screen)
            runner.step(a.screen_end, a.sid, f"{a.target.key} declined in screening", doc.path, a.target.eid)
            a.end, rank = a.screen_end, 0
        else:
            runner.emit(a.screen, until=bridge)
            runner.step(bridge, a.sid, f"{a.target.key} hung up: another leg was connected", doc.path,
                        a.target.eid, rank=1)
            a.end, rank = bridge, 1
        a.status, a.duration = "completed", P.seconds(a.end - a.answered)
        _event(runner, doc, a, a.end, "completed", "completed", duration=a.duration, rank=rank)
    elif a.answered is not None or a.end > bridge:  # still ringing when another leg was connected
        if a.ringing is not None and a.ringing <= bridge:
            _event(runner, doc, a, a.ringing, "ringing", "ringing")
        a.end, a.status, a.duration = bridge, "canceled", 0
        _event(runner, doc, a, bridge, "completed", "canceled", duration=0, rank=1)
    else:
        if a.ringing is not None:
            _event(runner, doc, a, a.ringing, "ringing", "ringing")
        _event(runner, doc, a, a.end, "completed", a.status, duration=0)


def _event(runner: Runner, doc: Document, a: _Attempt, t: float, event: str, status: str, *,
           duration: int | None = None, recording: dict[str, str] | None = None, rank: int = 0) -> None:
    """One call-progress event: always a step; a status callback when the noun asks for it."""
    label = f"{a.target.key} {event}" + (f" ({status})" if event == "completed" else "")
    runner.step(t, a.sid, label, doc.path, a.target.eid, event=event, rank=rank)
    if a.callback is None or event not in a.events:
        return
    params = P.status_callback_params(dict(a.params, CallStatus=status), when=P.timestamp(runner.start, t),
                                      sequence=a.sent, duration=duration, recording=recording)
    a.sent += 1
    runner.request(t, "status-callback", a.callback, a.callback_method, params, leg=a.sid,
                   target=a.target.key, document=doc.path, eid=a.target.eid, rank=rank)


def _join(runner: Runner, ctx: Context, doc: Document, eid: int, t0: float, joined: list[Target],
          targets: list[Target], opts) -> tuple[float, dict[str, str]]:
    """A Dial to a Conference or Queue: connected at once for the target's talk seconds (no legs)."""
    target = joined[0]
    if len(targets) > 1:
        runner.note(f"{doc.path}: a <Dial> to a {target.kind} should have no other target; "
                    f"only {target.key} was simulated")
    key = behaviour_key(runner.scenario, target)
    talk = min((runner.scenario.targets[key] if key else Behaviour()).talk, opts.time_limit)
    runner.note(f"{doc.path}: {target.key} is simulated as connected at once for {talk:g} s "
                f"(no call legs or call-progress events)")
    runner.step(t0, ctx, f"Dial: joins {target.key}", doc.path, eid)
    end = t0 + talk
    runner.step(end, ctx, f"Dial ended: left {target.key} after {fmt_t(talk)} s", doc.path, eid)
    status = "answered" if target.kind == "conference" else "completed"
    return end, P.dial_action_params({}, status=status, call_sid=None, duration=P.seconds(talk), bridged=True)
