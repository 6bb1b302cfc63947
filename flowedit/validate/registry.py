"""The rule registry: every rule's id, default severity, scope and one-line summary.

Rules register themselves with the `document_rule` and `flow_rule` decorators. A document rule looks
at one document at a time (so the live checker re-runs it only for documents an edit touched); a
flow rule looks at the flow as a graph and runs on every check. The ids are a contract that CI
configurations and other tools key on; never rename one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flowedit.validate.findings import READ_RULES, Severity

if TYPE_CHECKING:  # pragma: no cover
    from flowedit.validate.context import DocContext, FlowContext
    from flowedit.validate.findings import Finding


@dataclass(frozen=True)
class RuleInfo:
    """What the catalog says about one rule."""

    id: str
    severity: Severity
    summary: str
    scope: str  # "document", "flow" or "read" (reported by the reader, before any rule runs)
    check: Callable | None = None


RULES: dict[str, RuleInfo] = {}

_READ_SUMMARIES = {
    "xml-malformed": "the file is not well-formed XML (or not text at all)",
    "xml-forbidden-construct": "DOCTYPE or entity declarations, refused for safety",
    "document-too-large": "over Twilio's 64 kB response limit (or too large to read at all)",
    "manifest-invalid": "the flow manifest (flowedit.json) cannot be read",
    "file-name-invalid": "a file name that cannot be served as a URL path, or two files at one path",
}
for _reason, (_rule, _severity) in READ_RULES.items():
    RULES[_rule] = RuleInfo(_rule, _severity, _READ_SUMMARIES[_rule], "read")


def _register(scope: str, rule_id: str, severity: Severity, summary: str):
    def decorate(func):
        existing = RULES.get(rule_id)
        if existing is not None and existing.check is not None:
            raise RuntimeError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = RuleInfo(rule_id, severity, summary, scope, func)
        return func
    return decorate


def document_rule(rule_id: str, severity: Severity, summary: str):
    """Register `func(ctx: DocContext) -> Iterable[Finding]`, run on each document."""
    return _register("document", rule_id, severity, summary)


def flow_rule(rule_id: str, severity: Severity, summary: str):
    """Register `func(ctx: FlowContext) -> Iterable[Finding]`, run on the whole flow."""
    return _register("flow", rule_id, severity, summary)


def document_checks() -> list[Callable[[DocContext], Iterable[Finding]]]:
    return [r.check for r in RULES.values() if r.scope == "document" and r.check is not None]


def flow_checks() -> list[Callable[[FlowContext], Iterable[Finding]]]:
    return [r.check for r in RULES.values() if r.scope == "flow" and r.check is not None]
