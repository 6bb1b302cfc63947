"""The findings' counts in words ("2 errors, 1 warning"), for the status bar and the Findings dock.

A module of its own, free of `flowedit.validate` (which pulls in networkx), so the main window can
show its summary without importing the checker: severities are told apart by their values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Severity value → (one, many); the order is the one summaries are written in.
WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}


def count_text(count: int, severity) -> str:
    """"1 error", "3 notes": `severity` is a `Severity` or its value."""
    one, many = WORDS[getattr(severity, "value", severity)]
    return f"{count} {one if count == 1 else many}"


def summary(findings: Iterable) -> str:
    """"2 errors, 1 warning" (notes only when there are some)."""
    # Counted by the severities themselves, in C: reading an enum member's `.value` costs ~0.5 µs,
    # and the status bar is summarized after every keystroke, with thousands of findings at times.
    counts = dict.fromkeys(WORDS, 0)
    for severity, count in Counter(finding.severity for finding in findings).items():
        counts[getattr(severity, "value", severity)] += count
    parts = [count_text(counts["error"], "error"), count_text(counts["warning"], "warning")]
    if counts["info"]:
        parts.append(count_text(counts["info"], "info"))
    return ", ".join(parts)
