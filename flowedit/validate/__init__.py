"""Validation of a flow: the checks run over its documents, and the findings they report.

`check_flow` runs every registered rule (`flowedit.validate.rules.RULES`) over a flow and returns the
findings sorted by file and position. The rule catalog grows with the validation issue; each rule is
a small documented function of (flow, document) yielding findings.
"""

from __future__ import annotations

from flowedit.model.flow import Flow
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.rules import RULES


def check_flow(flow: Flow) -> list[Finding]:
    """All findings of every rule over every document of `flow`, in file and position order."""
    findings: list[Finding] = []
    for doc in flow.documents.values():
        for rule in RULES:
            findings.extend(rule(flow, doc))
    return sorted(findings, key=lambda f: (f.file, f.line, f.column, f.rule))


__all__ = ["Finding", "Severity", "check_flow"]
