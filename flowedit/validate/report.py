"""Reports of findings: the text lines, the JSON document and SARIF 2.1.0 for code scanning.

Text: one line per finding, `file:line:column: severity rule-id: message (fix: hint)`.
JSON: `{"findings": [{rule, severity, message, file, line, column, path, hint}], "summary": {errors,
warnings, files}}`. SARIF: one run of the `flowedit` tool with every rule of the catalog as a
reporting descriptor and one result per finding, located by a URI relative to the directory the
check ran in (what GitHub code scanning expects), with the element path as a logical location.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from flowedit import __version__
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.registry import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def summary(findings: list[Finding], files: int) -> dict[str, int]:
    return {"errors": sum(f.severity is Severity.ERROR for f in findings),
            "warnings": sum(f.severity is Severity.WARNING for f in findings),
            "files": files}


def text_report(findings: Iterable[Finding]) -> str:
    return "".join(f"{finding}\n" for finding in findings)


def json_report(findings: list[Finding], files: int) -> str:
    return json.dumps({"findings": [f.as_json() for f in findings], "summary": summary(findings, files)},
                      indent=2, ensure_ascii=False) + "\n"


def _uri(file: str, root: Path) -> str:
    path = Path(file)
    try:
        relative = Path(os.path.relpath(path.resolve(), root.resolve()))
    except ValueError:  # another drive on Windows
        return path.resolve().as_uri()
    if relative.parts and relative.parts[0] == "..":
        return path.resolve().as_uri()
    return relative.as_posix()


def sarif_report(findings: list[Finding], root: Path | None = None) -> str:
    """SARIF 2.1.0; file locations relative to `root` (default: the current directory)."""
    root = root or Path.cwd()
    rule_ids = sorted(RULES)
    index = {rule: i for i, rule in enumerate(rule_ids)}
    rules = [{
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": RULES[rule].summary},
        "fullDescription": {"text": (RULES[rule].check.__doc__ or RULES[rule].summary).strip()
                            if RULES[rule].check else RULES[rule].summary},
        "defaultConfiguration": {"level": _LEVELS[RULES[rule].severity]},
        "properties": {"scope": RULES[rule].scope},
    } for rule in rule_ids]
    results = []
    for finding in findings:
        location = {"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.file, root), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
        }}
        if finding.path:
            location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "element"}]
        result = {
            "ruleId": finding.rule,
            "level": _LEVELS[finding.severity],
            "message": {"text": f"{finding.message} (fix: {finding.hint})" if finding.hint else finding.message},
            "locations": [location],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flowedit", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
