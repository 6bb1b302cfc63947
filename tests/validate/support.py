"""Helpers for the validation tests: check inline XML and get the findings back.

`findings(xml)` reads `xml` as the document served at /index (file index.xml), adds the other
documents of `flow_files` (URL path or file name → XML), checks the flow with every rule and returns
the findings, optionally only those of one rule. A rule that crashes fails the test at once.
`only(xml, rule)` is the single finding of a rule and `where(finding)` its (line, column).
`corpus_findings()` checks the real corpus beside the repository (`CORPUS`), each top folder as one
flow, once per test session.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flowedit.io import read_document
from flowedit.io.folder import load_flow
from flowedit.model import Document
from flowedit.model.flow import Flow
from flowedit.validate import Finding, check_flow

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
"""The real-world corpus beside the repository (tests using it skip when it is absent)."""


def document(xml: str | bytes, path: str = "/index") -> Document:
    """The document read from `xml` (text or bytes), served at `path` from the file `path[1:]` + .xml."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    name = path.lstrip("/")
    suffix = ".xml"
    if name.endswith((".xml", ".twiml")):
        name, suffix = name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1]
    return read_document(data, "/" + name, file=name + suffix, suffix=suffix)


def flow_of(xml: str | bytes, flow_files: dict[str, str | bytes] | None = None) -> Flow:
    """A flow whose entry /index holds `xml`, plus one document per `flow_files` item."""
    docs = [document(xml, "/index")]
    for key, text in (flow_files or {}).items():
        docs.append(document(text, key if key.startswith("/") else "/" + key))
    return Flow(docs, entry="/index")


def findings(xml: str | bytes, rule: str | None = None, *,
             flow_files: dict[str, str | bytes] | None = None) -> list[Finding]:
    """Every finding over the flow of `xml` (+ `flow_files`), only `rule`'s when given; sorted."""
    flow = flow_of(xml, flow_files)
    found = check_flow(flow)
    crashed = [f for f in found if f.rule == "internal-error"]
    assert not crashed, crashed
    _screen_agrees(flow)
    return [f for f in found if rule is None or f.rule == rule]


def _screen_agrees(flow: Flow) -> None:
    """Every document the rule tests write is also a test of the screen (flowedit.validate.screen):
    it may clear a document only when the document rules, run without it, find nothing there (but
    for the rules it leaves to run: `still`). (A
    rule test that expects a finding fails by itself when the screen clears its document; this
    catches the rest.)"""
    from flowedit.io.writer import document_bytes
    from flowedit.validate import screen
    from flowedit.validate.context import DocContext
    from flowedit.validate.registry import document_checks

    for doc in flow.documents.values():
        measure = lambda d: len(document_bytes(d))  # noqa: E731
        seen = screen.screen(doc, measure(doc))
        if seen is not None:
            context = DocContext(doc, flow, False, measure)
            said = [f for check in document_checks() for f in check(context) if f.rule not in seen.still]
            assert not said, ("the screen cleared a document the rules question", said)


def rules_of(found: list[Finding]) -> list[str]:
    """The rule ids of `found`, in order (handy for asserting what fired)."""
    return [f.rule for f in found]


def only(xml: str | bytes, rule: str, **kw) -> Finding:
    """The one finding of `rule` over `xml` (the test fails when there are none or several)."""
    found = findings(xml, rule, **kw)
    assert len(found) == 1, found
    return found[0]


def where(finding: Finding) -> tuple[int, int]:
    """(line, column) of a finding."""
    return finding.line, finding.column


def located(finding: Finding) -> tuple:
    """(rule, severity, line, column) of a finding: what a failing fixture pins down."""
    return finding.rule, finding.severity, finding.line, finding.column


@cache
def corpus_findings() -> tuple[tuple[str, Finding], ...]:
    """("folder/file", finding) for every finding of every rule over the corpus, each top folder
    loaded as one flow (as `flowedit check` would load it)."""
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for finding in check_flow(load_flow(folder).flow):
            out.append((f"{folder.name}/{finding.file}" if finding.file else folder.name, finding))
    return tuple(out)
