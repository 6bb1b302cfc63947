"""What a simulation takes and gives: the scenario, and the timeline of legs, requests and steps.

A `Scenario` says how the world answers (who picks up, after how long, what the caller presses); it
reads and writes the JSON scenario file and refuses unknown fields with a clear, located message.
A `Simulation` is the result: every call leg, every HTTP request Twilio would send (in order, with
the simulated time and the exact parameter names), the documents visited, and the `Step`s — one per
verb run or leg event — that the editor steps through. Everything here is plain data (no Qt).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

OUTCOMES = ("answer", "busy", "no-answer", "failed", "decline")
TARGET_KINDS = ("client", "number", "sip", "conference", "queue", "application", "whatsapp", "sim")
DEFAULT_RING = 5.0
DEFAULT_TALK = 60.0
_SCENARIO_KEYS = ("entry", "caller", "targets", "digits", "default")
_BEHAVIOUR_KEYS = ("outcome", "ring", "talk")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Behaviour:
    """How one target answers: `outcome`, seconds from initiated to the outcome, seconds connected."""

    outcome: str = "no-answer"
    ring: float = DEFAULT_RING
    talk: float = DEFAULT_TALK

    @classmethod
    def from_json(cls, data, where: str, source: str) -> Behaviour:
        if not isinstance(data, dict):
            raise ScenarioError(f"{source}: {where} must be an object like {{\"outcome\": \"answer\"}}")
        unknown = sorted(set(data) - set(_BEHAVIOUR_KEYS))
        if unknown:
            raise ScenarioError(f"{source}: {where} has the unknown field {unknown[0]!r} "
                                f"(the fields are {', '.join(_BEHAVIOUR_KEYS)})")
        outcome = data.get("outcome", "no-answer")
        if outcome not in OUTCOMES:
            raise ScenarioError(f"{source}: {where}.outcome is {outcome!r}; use one of {', '.join(OUTCOMES)}")
        values = {}
        for key, default in (("ring", DEFAULT_RING), ("talk", DEFAULT_TALK)):
            value = data.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ScenarioError(f"{source}: {where}.{key} must be a number of seconds ≥ 0, not {value!r}")
            values[key] = float(value)
        return cls(outcome, values["ring"], values["talk"])


@dataclass
class Scenario:
    """The world a simulated call meets (see the module docstring and the README)."""

    entry: str | None = None
    caller: dict[str, str] = field(default_factory=dict)  # From, To, … as the call's request parameters
    targets: dict[str, Behaviour] = field(default_factory=dict)  # "client:joey" → Behaviour
    digits: dict[str, str] = field(default_factory=dict)  # document path → what the caller presses there
    default: Behaviour = field(default_factory=Behaviour)

    @classmethod
    def from_json(cls, data, source: str = "scenario") -> Scenario:
        if not isinstance(data, dict):
            raise ScenarioError(f"{source}: a scenario is a JSON object with {', '.join(_SCENARIO_KEYS)}")
        unknown = sorted(set(data) - set(_SCENARIO_KEYS))
        if unknown:
            raise ScenarioError(f"{source}: unknown field {unknown[0]!r} (the fields are {', '.join(_SCENARIO_KEYS)})")
        entry = data.get("entry")
        if entry is not None and (not isinstance(entry, str) or not entry.startswith("/")):
            raise ScenarioError(f"{source}: entry must be a document path such as \"/index\", not {entry!r}")
        caller = data.get("caller", {})
        if not isinstance(caller, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in caller.items()):
            raise ScenarioError(f"{source}: caller must map parameter names to text, e.g. {{\"From\": \"+14155550100\"}}")
        targets = data.get("targets", {})
        if not isinstance(targets, dict):
            raise ScenarioError(f"{source}: targets must be an object keyed like \"client:joey\"")
        parsed = {}
        for key, behaviour in targets.items():
            kind, colon, name = key.partition(":")
            if not colon or kind not in TARGET_KINDS or not name:
                raise ScenarioError(f"{source}: target {key!r} must be written kind:name with kind one of "
                                    f"{', '.join(TARGET_KINDS)} (e.g. \"client:joey\", \"number:+14155550100\")")
            parsed[key] = Behaviour.from_json(behaviour, f"targets[{key!r}]", source)
        digits = data.get("digits", {})
        if not isinstance(digits, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in digits.items()):
            raise ScenarioError(f"{source}: digits must map document paths to keys, e.g. {{\"/menu\": \"1\"}}")
        default = Behaviour.from_json(data.get("default", {}), "default", source)
        return cls(entry, dict(caller), parsed, dict(digits), default)

    @classmethod
    def from_text(cls, text: str, source: str = "scenario") -> Scenario:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ScenarioError(f"{source}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}") from None
        return cls.from_json(data, source)

    def to_json(self) -> dict:
        out: dict = {}
        if self.entry:
            out["entry"] = self.entry
        if self.caller:
            out["caller"] = dict(self.caller)
        if self.targets:
            out["targets"] = {k: asdict(v) for k, v in self.targets.items()}
        if self.digits:
            out["digits"] = dict(self.digits)
        out["default"] = asdict(self.default)
        return out

    def behaviour(self, target: str) -> Behaviour:
        return self.targets.get(target, self.default)


@dataclass(frozen=True)
class Leg:
    """One call: the parent (the caller's, `parent_sid` None) or a child leg a <Dial> rang."""

    sid: str  # CallSid
    parent_sid: str | None  # ParentCallSid
    target: str | None  # "client:joey" for a child leg
    status: str  # final CallStatus: completed, busy, no-answer, failed, canceled
    duration: int  # seconds connected (CallDuration)
    document: str | None = None  # the document of the <Dial> noun that made the leg
    eid: int | None = None  # that noun's element id, for the canvas

    def as_json(self) -> dict:
        return {"CallSid": self.sid, "ParentCallSid": self.parent_sid, "target": self.target,
                "status": self.status, "duration": self.duration}


@dataclass(frozen=True)
class Request:
    """One HTTP request Twilio would send, `t` seconds after the call began."""

    t: float
    kind: str  # "document", "status-callback" or "action"
    url: str
    method: str
    params: dict[str, str]
    target: str | None = None  # the leg's target for status callbacks
    leg: str | None = None  # the CallSid the request is about
    document: str | None = None  # the document whose element caused it
    eid: int | None = None
    seq: int = 0  # its place in the whole timeline (steps and requests together)

    def as_json(self) -> dict:
        return {"t": _number(self.t), "kind": self.kind, "target": self.target, "url": self.url, "method": self.method,
                "params": dict(self.params)}


@dataclass(frozen=True)
class Step:
    """One moment of the timeline: a verb starts running, or a leg changes state."""

    t: float
    leg: str  # CallSid of the leg it happens on
    text: str  # e.g. "Say “Welcome”", "ringing", "answered", "screening /agents/screen"
    document: str | None = None
    eid: int | None = None
    event: str | None = None  # initiated / ringing / answered / completed for leg events
    seq: int = 0  # its place in the whole timeline (steps and requests together)


def _number(value: float) -> int | float:
    """Whole seconds as an integer in JSON (4, not 4.0)."""
    return int(value) if float(value).is_integer() else value


@dataclass
class Simulation:
    """The outcome of running a flow through a scenario."""

    calls: list[Leg] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "stopped after 50 documents: a loop"

    def as_json(self) -> dict:
        return {"calls": [leg.as_json() for leg in self.calls],
                "requests": [request.as_json() for request in self.requests],
                "documents": list(self.documents), "notes": list(self.notes)}
