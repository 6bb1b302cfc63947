"""Validation of a flow: the rule catalog, the live checker, and the findings they report.

`check_flow(flow)` runs every registered rule once; `Validator(flow).check()` does the same and, called
again after an edit, re-runs the document rules only where documents changed. Rules live in
`flowedit.validate.rules` (one small documented function each) and register their contract ids in
`flowedit.validate.registry.RULES`. Reports (text, JSON, SARIF) are made by `flowedit.validate.report`.
"""

from __future__ import annotations

import importlib

# Exported lazily (PEP 562): `from flowedit.validate.findings import Severity` or a panel that only
# names `Finding` must not pay for the engine, every rule and networkx (~150 ms at editor start).
_EXPORTS = {
    "Validator": "flowedit.validate.engine", "check_flow": "flowedit.validate.engine",
    "summarize": "flowedit.validate.engine", "Finding": "flowedit.validate.findings",
    "Severity": "flowedit.validate.findings", "from_read_error": "flowedit.validate.findings",
    "RULES": "flowedit.validate.engine",  # the catalog is complete once the engine imported every rule
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = ["RULES", "Finding", "Severity", "Validator", "check_flow", "from_read_error", "summarize"]
