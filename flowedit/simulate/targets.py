"""The targets of a <Dial>: what each noun calls, and the key a scenario names it by.

A scenario says how each target behaves under a key `kind:name` (see the README, "Simulating
calls"): `number:<text as written>`, `client:<identity>` (the `<Identity>` child, else the text),
`sip:<uri>`, `conference:<name>`, `queue:<name>`, `application:<sid>`, `whatsapp:<number>`,
`sim:<sid>`. A `<Dial>` whose only content is a number is `number:<text>`. Every name is the text
as written with surrounding whitespace removed. A Sip URI written with its own `sip:` scheme is
keyed by the URI itself (`sip:alice@example.com`); `sip:sip:alice@example.com` is accepted too.

`check_scenario` refuses a scenario that names an entry, a digits document or a target the flow
does not have, with one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowedit.model import Document, Flow
from flowedit.simulate.model import Scenario, ScenarioError

NOUN_KINDS = {"Number": "number", "Client": "client", "Sip": "sip", "Conference": "conference",
              "Queue": "queue", "Application": "application", "WhatsApp": "whatsapp", "Sim": "sim"}
# Child elements that may carry the name instead of the text.
_NAME_CHILDREN = {"Client": "Identity", "Application": "ApplicationSid", "Sip": "Uri"}


@dataclass(frozen=True)
class Target:
    """One thing a <Dial> calls: its scenario key, other keys accepted for it, and where it is written."""

    key: str  # e.g. "client:joey"
    kind: str  # "client", "number", …
    name: str  # "joey", "858-987-6543", the SIP URI …
    document: str  # the document path of the <Dial>
    eid: int | None  # the noun's element id (None for a Dial's bare number text)
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)

    @property
    def address(self) -> str:
        """The `To` of the leg: the number or URI as written, `client:<identity>` for a Client."""
        return f"client:{self.name}" if self.kind == "client" else self.name


def _text(doc: Document, eid: int) -> str:
    return (doc.text(eid) or "").strip()


def _name(doc: Document, eid: int, tag: str) -> str:
    name = _text(doc, eid)
    child_tag = _NAME_CHILDREN.get(tag)
    if child_tag:
        for child in doc.child_elements(eid):
            if doc.tag(child) == child_tag and _text(doc, child):
                return _text(doc, child)  # the child wins over stray text (Client with Identity)
    return name


def dial_targets(doc: Document, dial: int) -> list[Target]:
    """The targets of the <Dial> `dial` of `doc`, in document order."""
    found: list[Target] = []
    for eid in doc.child_elements(dial):
        tag = doc.tag(eid)
        kind = NOUN_KINDS.get(tag)
        if kind is None:
            continue
        name = _name(doc, eid, tag)
        key, aliases = f"{kind}:{name}", ()
        if kind == "sip" and name.lower().startswith("sip:"):
            key, aliases = name, (f"sip:{name}",)
        found.append(Target(key, kind, name, doc.path, eid, aliases))
    text = _text(doc, dial)
    if not found and text:
        found.append(Target(f"number:{text}", "number", text, doc.path, None))
    return found


def flow_targets(flow: Flow) -> list[Target]:
    """Every target of every <Dial> of the flow, by document path and then document order."""
    out: list[Target] = []
    for path in sorted(flow.documents):
        doc = flow.documents[path]
        for eid in doc.iter_ids():
            if doc.tag(eid) == "Dial":
                out.extend(dial_targets(doc, eid))
    return out


def behaviour_key(scenario: Scenario, target: Target) -> str | None:
    """The key under which the scenario describes `target`, or None when it falls to the default."""
    return next((key for key in target.keys if key in scenario.targets), None)


def check_scenario(flow: Flow, scenario: Scenario, source: str = "scenario") -> None:
    """Raise ScenarioError when the scenario names an entry, document or target the flow lacks."""
    if scenario.entry is not None and scenario.entry not in flow.documents:
        raise ScenarioError(f"{source}: entry {scenario.entry!r} is no document of the flow "
                            f"(its documents are {_listing(sorted(flow.documents))})")
    for path in scenario.digits:
        if path not in flow.documents:
            raise ScenarioError(f"{source}: digits names {path!r}, which is no document of the flow "
                                f"(its documents are {_listing(sorted(flow.documents))})")
    known = {key for target in flow_targets(flow) for key in target.keys}
    for key in scenario.targets:
        if key not in known:
            shown = sorted({t.key for t in flow_targets(flow)})
            raise ScenarioError(f"{source}: targets[{key!r}] names no target of the flow "
                                f"(its targets are {_listing(shown) if shown else 'none: it has no <Dial>'})")
    if scenario.entry is None and flow.entry is None:
        raise ScenarioError(f"{source}: the flow names no entry document; give one in the scenario, "
                            f"e.g. \"entry\": \"/index\"")


def _listing(items: list[str]) -> str:
    return ", ".join(items) if items else "none"
