"""Findings: what a check reports about a flow, located by file, line and column.

A `Finding` is what every check produces and what the command line, the findings panel and the
machine-readable reports consume. Read errors become findings too, so that `flowedit check` reports
an unreadable file the same way as a rule broken inside a readable one.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass

from flowedit.io.errors import ReadError


class Severity(enum.Enum):
    ERROR = "error"  # Twilio refuses it or the call fails
    WARNING = "warning"  # Twilio logs a warning, or the flow probably does not do what was meant
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, how bad, which rule, what is wrong and what to do."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str  # the rule's id, e.g. "root-element"
    message: str
    hint: str = ""
    twilio_code: int | None = None  # the Twilio error or warning code, when there is one
    document: str | None = None  # the document's URL path
    eid: int | None = None  # the node the finding is about, for the editor

    def __str__(self) -> str:
        code = f" [{self.rule}{f' {self.twilio_code}' if self.twilio_code else ''}]"
        text = f"{self.file}:{self.line}:{self.column}: {self.severity.value}: {self.message}{code}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_read_error(cls, error: ReadError) -> Finding:
        return cls(error.file, error.line, error.column, Severity.ERROR, "read", error.message, error.hint)
