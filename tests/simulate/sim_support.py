"""Helpers for the simulator tests: flows built from TwiML text, scenarios from plain dicts.

Imported by name, like tests/gui/gui_support.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from flowedit.io.reader import read_document
from flowedit.model import Flow
from flowedit.simulate import Scenario, simulate

HOOK = "https://hooks.example.com/events"
ALL_EVENTS = "initiated ringing answered completed"


def make_flow(files: dict[str, str], *, entry: str = "/index", base_url: str | None = "https://app.example.com/"):
    docs = [read_document(text.encode("utf-8"), path) for path, text in files.items()]
    return Flow(docs, entry=entry, base_url=base_url)


def run(files: dict[str, str], scenario: dict | None = None, **kw):
    flow = make_flow(files, **{k: kw.pop(k) for k in ("entry", "base_url") if k in kw})
    return simulate(flow, Scenario.from_json(scenario or {}), **kw)


def story(sim, *, leg_names: bool = True) -> list[tuple]:
    """(t, kind, target, CallStatus, SequenceNumber) of every request, in order."""
    return [(r.t, r.kind, r.target, r.params.get("CallStatus"), r.params.get("SequenceNumber"))
            for r in sim.requests]


def seed_files(hook: str = HOOK) -> dict[str, str]:
    """The seed example: a Dial to a Number and two Clients, each with status callbacks."""
    noun = f'statusCallbackEvent="{ALL_EVENTS}" statusCallback="{hook}" statusCallbackMethod="POST"'
    return {
        "/index": f"""<Response>
  <Dial action="/after" callerId="+18885550123">
    <Number {noun}>858-987-6543</Number>
    <Client {noun}>joey</Client>
    <Client {noun}>charlie</Client>
  </Dial>
</Response>""",
        "/after": "<Response><Say>Thanks for calling, goodbye.</Say></Response>",
    }


SEED_SCENARIO = {"entry": "/index", "caller": {"From": "+14155550100", "To": "+14155550199"},
                 "targets": {"client:joey": {"outcome": "no-answer"},
                             "client:charlie": {"outcome": "answer", "ring": 4, "talk": 30},
                             "number:858-987-6543": {"outcome": "busy", "ring": 2}},
                 "digits": {}, "default": {"outcome": "no-answer"}}


def write_flow(root: Path, files: dict[str, str], manifest: dict | None = None) -> Path:
    """Write `files` (document path → TwiML) as a flow folder, with an optional flowedit.json."""
    for path, text in files.items():
        (root / (path.lstrip("/") + ".xml")).write_text(text, encoding="utf-8")
    if manifest:
        (root / "flowedit.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root
