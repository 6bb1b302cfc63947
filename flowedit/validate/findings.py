"""Findings: what a check reports about a flow, located by file, line, column and element path.

A `Finding` is what every rule produces and what the command line, the findings panel and the
machine-readable reports consume. Read errors become findings too (`from_read_error`), so that
`flowedit check` reports an unreadable file the same way as a rule broken inside a readable one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class Severity(enum.Enum):
    ERROR = "error"  # Twilio refuses it or the call fails
    WARNING = "warning"  # Twilio logs a warning, or the flow probably does not do what was meant
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how bad, what is wrong, where, and how to fix it."""

    rule: str  # the rule's id, a contract: e.g. "dial-too-many-targets"
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str = ""  # the element's path in its document, e.g. "/Response/Dial[2]/Client"
    hint: str = ""
    document: str | None = None  # the document's URL path
    eid: int | None = None  # the node the finding is about, for the editor

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity.value} {self.rule}: {self.message}"
        return f"{text} (fix: {self.hint})" if self.hint else text

    def as_json(self) -> dict:
        """The finding as the JSON report writes it (the keys are part of the contract)."""
        return {"rule": self.rule, "severity": self.severity.value, "message": self.message,
                "file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "hint": self.hint}

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)


# What a read error is reported as: reason → (rule id, severity).
READ_RULES = {
    "malformed": ("xml-malformed", Severity.ERROR),
    "forbidden": ("xml-forbidden-construct", Severity.ERROR),
    "too-large": ("document-too-large", Severity.ERROR),
    "manifest": ("manifest-invalid", Severity.ERROR),
    "file-name": ("file-name-invalid", Severity.ERROR),
}


class ReadProblem(Protocol):
    """What a read error tells (flowedit.io.errors.ReadError has it; validate does not import io)."""

    file: str
    line: int
    column: int
    message: str
    hint: str
    reason: str


def from_read_error(error: ReadProblem) -> Finding:
    """A file that could not be read, as a finding of the rule its reason maps to."""
    rule, severity = READ_RULES.get(error.reason, READ_RULES["malformed"])
    return Finding(rule, severity, error.message, error.file, error.line, error.column, "", error.hint)
