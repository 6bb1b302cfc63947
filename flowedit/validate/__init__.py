"""Validation of a flow: the rule catalog, the live checker, and the findings they report.

`check_flow(flow)` runs every registered rule once; `Validator(flow).check()` does the same and, called
again after an edit, re-runs the document rules only where documents changed. Rules live in
`flowedit.validate.rules` (one small documented function each) and register their contract ids in
`flowedit.validate.registry.RULES`. Reports (text, JSON, SARIF) are made by `flowedit.validate.report`.
"""

from __future__ import annotations

from flowedit.validate.engine import Validator, check_flow, summarize
from flowedit.validate.findings import Finding, Severity, from_read_error
from flowedit.validate.registry import RULES

__all__ = ["RULES", "Finding", "Severity", "Validator", "check_flow", "from_read_error", "summarize"]
