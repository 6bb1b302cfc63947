"""Running the rules: a whole check, and the live checker that re-checks only what an edit touched.

`Validator` first lets the screen (`flowedit.validate.screen`) clear each document in one quick
pass; only a document it cannot clear goes through the document rules (a document over the size
limit that it clears otherwise, through the size rule alone). Each document is measured once per
check (an edited one is serialized to be measured). It keeps, per document, the findings of the
document rules together with the document's revision; a check re-runs the document rules only for
documents whose revision changed (or that are new or renamed), brings the flow graph up to date the
same way, and re-runs the flow rules, which are graph algorithms whose results the graph keeps
while what they depend on stays the same (`FlowGraph.cached`, `per_document`). The editor calls
`check()` after each edit; `flowedit check` calls `check_flow` once. A rule that fails with an
exception becomes an `internal-error` finding instead of ending the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.validate import rules as _rules  # noqa: F401  (importing registers every rule)
from flowedit.validate import screen
from flowedit.validate.context import DocContext, FlowContext, document_size
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.graph import FlowGraph
from flowedit.validate.registry import RULES, RuleInfo, document_checks, flow_checks

RULES.setdefault("internal-error", RuleInfo("internal-error", Severity.ERROR,
                                            "a rule failed: a bug in flowedit, please report it", "read"))


def _run(check: Callable, context, doc: Document | None) -> list[Finding]:
    try:
        return list(check(context))
    except Exception as err:  # a bug in one rule must not hide every other finding
        name = getattr(check, "__name__", "rule")
        file = doc.filename if doc is not None else ""
        return [Finding("internal-error", Severity.ERROR, f"rule {name} failed: {type(err).__name__}: {err}",
                        file, 1, 1, "", "this is a bug in flowedit; please report it",
                        doc.path if doc is not None else None)]


class Validator:
    """The live checker of one flow (see the module docstring)."""

    def __init__(self, flow: Flow, *, single_file: bool = False,
                 measure: Callable[[Document], int] | None = None) -> None:
        self.flow = flow
        self.single_file = single_file
        self.measure = measure  # how many bytes a document saves to (the caller passes io's writer)
        self.graph = FlowGraph(flow)
        self._documents: dict[str, tuple[Document, int, list[Finding]]] = {}
        self.last_rechecked: set[str] = set()  # the documents the last check ran document rules on

    def document_findings(self, doc: Document, screened: bool | None = None) -> list[Finding]:
        """The document rules' findings for one document, from the cache when it is current.
        `screened`: whether the screen may clear documents (default: `screen.covers()`)."""
        cached = self._documents.get(doc.path)
        if cached is not None and cached[0] is doc and cached[1] == doc.revision:
            return cached[2]
        found: list[Finding] = []
        if screened is None:
            screened = screen.covers()
        size = document_size(doc, self.measure)  # once: an edited document is serialized to measure it
        cleared = screen.screen(doc, size) if screened else None
        if cleared is not None:  # the graph takes what the walk saw
            self.graph.note(doc, cleared.tags, cleared.requests_itself, cleared.links)
        if cleared is None or cleared.still:  # the rules the screen could not rule out
            context = DocContext(doc, self.flow, self.single_file, self.measure, size)
            checks = document_checks() if cleared is None else [RULES[rule].check for rule in cleared.still]
            for check in checks:
                found.extend(_run(check, context, doc))
        self._documents[doc.path] = (doc, doc.revision, found)
        self.last_rechecked.add(doc.path)
        return found

    def flow_findings(self) -> list[Finding]:
        self.graph.update()
        context = FlowContext(self.flow, self.graph, self.single_file)
        found: list[Finding] = []
        for check in flow_checks():
            found.extend(_run(check, context, None))
        return found

    def check(self) -> list[Finding]:
        """Every finding for the flow as it is now, sorted by file and position."""
        self.last_rechecked = set()
        for path in [p for p in self._documents if p not in self.flow.documents]:
            del self._documents[path]
        found: list[Finding] = []
        screened = screen.covers()
        for doc in self.flow.documents.values():
            found.extend(self.document_findings(doc, screened))
        found.extend(self.flow_findings())
        return sorted(found, key=Finding.sort_key)


def check_flow(flow: Flow, *, single_file: bool = False,
               measure: Callable[[Document], int] | None = None) -> list[Finding]:
    """All findings of every rule over `flow`, sorted by file and position."""
    return Validator(flow, single_file=single_file, measure=measure).check()


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for finding in findings:
        counts[{"error": "errors", "warning": "warnings", "info": "infos"}[finding.severity.value]] += 1
    return counts
