"""Running a flow through a scenario: the verbs of each document, in order, on a simulated clock.

`simulate(flow, scenario)` starts at the entry document and runs its verbs: Say, Play and Pause take
simulated time, Gather takes the scenario's digits (or times out), Redirect and the actions of
Gather, Record and Dial request the next document, Hangup and Reject end the call. Every request is
recorded with Twilio's parameter names; `<Dial>` and its legs belong to `flowedit.simulate.dial`,
the parameters to `flowedit.simulate.params`. The same runner runs a screening document on an
answered leg. Every choice where Twilio documents nothing is listed in the README ("Simulating
calls") and tested in tests/simulate. Deterministic: no wall clock, no randomness.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flowedit.model import Document, Flow, LinkKind
from flowedit.model.links import classify
from flowedit.model.paths import document_url
from flowedit.simulate import params as P
from flowedit.simulate.model import Leg, Request, Scenario, Simulation, Step
from flowedit.simulate.targets import check_scenario

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
ACCOUNT_SID = "AC" + "0" * 31 + "1"
MAX_DOCUMENTS = 50
WORDS_PER_SECOND = 2.5  # Say
PLAY_SECONDS = 10.0  # one play of a <Play> URL
PRESS_SECONDS = 1.0  # a Gather with digits ends this long after its prompts
RECORD_SECONDS = 10.0  # what the caller says to a <Record> before falling silent
NOT_SIMULATED = ("Enqueue", "Connect", "Pay", "Refer", "Echo")
ZERO_TIME = ("Start", "Stop", "Sms", "Leave")


class _Stop(Exception):
    """The bound on document requests was reached (a loop)."""


@dataclass
class Context:
    """A call that runs TwiML: the parent call, or an answered leg running its screening document."""

    sid: str
    base: dict[str, str]  # its voice request parameters (CallStatus is set per request)
    child: bool = False
    declines: bool = False  # outcome "decline": the answered party turns the call down
    target: str | None = None
    requests: int = 0
    verbs: int = 0

    def params(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        status = "ringing" if not self.child and self.requests == 0 else "in-progress"
        out = dict(self.base, CallStatus=status)
        out.update(extra or {})
        return out


@dataclass
class _Item:
    t: float
    rank: int  # orders events of one instant: 0 first; a cancelation at the bridge moment after
    obj: Request | Step


@dataclass
class Runner:
    """The state of one simulation run (used by `flowedit.simulate.dial` too)."""

    flow: Flow
    scenario: Scenario
    max_documents: int = MAX_DOCUMENTS
    start: datetime = START
    account_sid: str = ACCOUNT_SID
    sim: Simulation = field(default_factory=Simulation)
    items: list[_Item] = field(default_factory=list)
    fetched: dict[int, str] = field(default_factory=dict)  # id(Request) → document path it fetched
    fetches: int = 0
    reject_status: str = "no-answer"  # set by a <Reject>: busy for reason="busy"
    _sids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _recordings: itertools.count = field(default_factory=lambda: itertools.count(1))

    # -- ids and the timeline ----------------------------------------------------------------------
    def new_sid(self) -> str:
        return f"CA{next(self._sids):032x}"

    def new_recording_sid(self) -> str:
        return f"RE{next(self._recordings):032x}"

    def step(self, t: float, ctx_or_sid, text: str, document: str | None = None, eid: int | None = None,
             event: str | None = None, rank: int = 0) -> None:
        sid = ctx_or_sid if isinstance(ctx_or_sid, str) else ctx_or_sid.sid
        self.items.append(_Item(t, rank, Step(t, sid, text, document, eid, event)))

    def request(self, t: float, kind: str, url: str, method: str, params: dict[str, str], *,
                leg: str, target: str | None, document: str | None, eid: int | None, rank: int = 0) -> Request:
        request = Request(t, kind, url, method, params, target, leg, document, eid)
        self.items.append(_Item(t, rank, request))
        return request

    @contextmanager
    def capture(self):
        """Collect what is emitted inside the block into a separate list (merged back on failure)."""
        outer = self.items
        buffer: list[_Item] = []
        self.items = buffer
        try:
            yield buffer
        except BaseException:
            outer.extend(sorted(buffer, key=lambda i: (i.t, i.rank)))
            raise
        finally:
            self.items = outer

    def emit(self, items: list[_Item], *, until: float | None = None) -> None:
        """Re-emit captured items (those after `until` dropped: the leg was hung up then)."""
        self.items.extend(i for i in items if until is None or i.t <= until)

    def note(self, text: str) -> None:
        if text not in self.sim.notes:
            self.sim.notes.append(text)

    # -- documents ---------------------------------------------------------------------------------
    def fetch(self, ctx: Context, t: float, kind: str, url: str, path: str | None, linkkind: LinkKind,
              method: str, *, extra: dict[str, str] | None = None, document: str | None = None,
              eid: int | None = None) -> str | None:
        """Request a document; return its path when the flow has it (else a note says the call ends)."""
        if self.fetches >= self.max_documents:
            self.note(f"stopped after {self.max_documents} document requests: the flow loops "
                      f"(the next request would have gone to {url} at t={fmt_t(t)})")
            raise _Stop
        self.fetches += 1
        request = self.request(t, kind, url, method, ctx.params(extra), leg=ctx.sid, target=ctx.target,
                               document=document, eid=eid)
        ctx.requests += 1
        if linkkind is LinkKind.INTERNAL:
            self.fetched[id(request)] = path
            return path
        where = "is outside the flow" if linkkind is LinkKind.EXTERNAL else "names no document of the flow"
        self.note(f"t={fmt_t(t)}: {url} {where}; the simulation cannot follow it, so call {ctx.sid} ends there")
        return None

    def fetch_link(self, ctx: Context, t: float, kind: str, doc: Document, value: str, method: str | None,
                   **kw) -> str | None:
        url, linkkind, path = classify(self.flow.base, doc.path, value.strip(), self.flow.documents)
        return self.fetch(ctx, t, kind, url, path, linkkind, method_of(method), document=doc.path, **kw)

    def run(self, ctx: Context, path: str | None, t: float) -> tuple[float, str]:
        """Run documents from `path` on `ctx`'s call; return (end time, how it ended).

        How: "end" (a document ran out of verbs), "hangup", "reject", "unsatisfied" (a screening
        Gather got no input), "left" (a request the simulation cannot follow), "stopped".
        """
        from flowedit.simulate import verbs

        while path is not None:
            doc = self.flow.documents[path]
            for eid in doc.child_elements(doc.root_id):
                t, outcome = verbs.run_verb(self, ctx, doc, eid, t)
                ctx.verbs += 1
                if outcome is None:
                    continue
                if outcome[0] == "goto":
                    path = outcome[1]
                    if path is None:
                        return t, "left"
                    break
                return t, outcome[1]
            else:
                return t, "end"
        return t, "left"


def method_of(value: str | None) -> str:
    value = (value or "").strip().upper()
    return value if value in ("GET", "POST") else "POST"


def fmt_t(t: float) -> str:
    return f"{t:g}"


def simulate(flow: Flow, scenario: Scenario | None = None, *, max_documents: int = MAX_DOCUMENTS,
             start: datetime = START, account_sid: str = ACCOUNT_SID) -> Simulation:
    """Run `flow` through `scenario`; ScenarioError when the scenario does not fit the flow."""
    scenario = scenario or Scenario()
    check_scenario(flow, scenario)
    runner = Runner(flow, scenario, max_documents, start, account_sid)
    sid = runner.new_sid()
    ctx = Context(sid, P.parent_params(account_sid, sid, scenario.caller, "ringing"))
    entry = scenario.entry or flow.entry
    t, how = 0.0, "left"
    try:
        linkkind = LinkKind.INTERNAL if entry in flow.documents else LinkKind.MISSING
        path = runner.fetch(ctx, 0.0, "document", document_url(flow.base, entry), entry, linkkind, "POST")
        t, how = runner.run(ctx, path, 0.0)
    except _Stop:
        how = "stopped"
        t = max((i.t for i in runner.items), default=0.0)
    status, duration = "completed", P.seconds(t)
    if how == "reject" and ctx.verbs == 1:  # a first-verb Reject: the call is never answered
        status, duration = runner.reject_status, 0
    runner.sim.calls.insert(0, Leg(sid, None, None, status, duration))
    return _assemble(runner)


def _assemble(runner: Runner) -> Simulation:
    sim = runner.sim
    items = sorted(runner.items, key=lambda i: i.t)  # stable: emission order within an instant
    for seq, item in enumerate(items):
        obj = dataclasses.replace(item.obj, seq=seq)
        if isinstance(obj, Request):
            sim.requests.append(obj)
            path = runner.fetched.get(id(item.obj))
            if path is not None:
                sim.documents.append(path)
        else:
            sim.steps.append(obj)
    sim.calls[1:] = sorted(sim.calls[1:], key=lambda leg: leg.sid)
    return sim


def say_seconds(words: int, loops: int) -> float:
    return math.ceil(words / WORDS_PER_SECOND) * loops
