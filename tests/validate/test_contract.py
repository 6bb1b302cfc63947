"""The rule ids and severities of the issue's contract: other tools key on them, so they must not drift."""

from __future__ import annotations

import pytest
from support import findings

from flowedit.validate import RULES, Severity

CONTRACT = {
    "xml-malformed": "error", "xml-forbidden-construct": "error", "root-not-response": "error",
    "document-too-large": "warning", "unknown-element": "warning", "element-misplaced": "error",
    "unknown-attribute": "warning", "attribute-invalid-value": "error", "method-invalid": "error",
    "callback-url-invalid": "error", "status-callback-event-invalid": "error",
    "status-callback-event-without-url": "warning", "missing-required-text": "error", "dial-no-target": "error",
    "dial-too-many-targets": "error", "dial-exclusive-noun": "error", "dial-duplicate-target": "warning",
    "client-identity-too-long": "error", "client-identity-invalid-char": "error",
    "client-identity-not-mobile-safe": "warning", "parameter-missing-name": "error",
    "parameter-duplicate-name": "warning", "unreachable-verb": "warning", "screening-document-dials": "error",
    "broken-link": "error", "unreachable-document": "warning", "redirect-loop": "warning",
}


@pytest.mark.parametrize("rule, severity", sorted(CONTRACT.items()))
def test_every_contract_rule_is_registered_with_its_severity(rule, severity):
    assert rule in RULES
    assert RULES[rule].severity.value == severity
    assert RULES[rule].summary


def test_a_document_over_64_kB_is_a_warning_not_a_refusal():
    say = "<Say>" + "words " * 600 + "</Say>\n"  # 3.6 kB each, under Say's own limit
    xml = "<Response>\n" + say * 20 + "</Response>\n"
    (finding,) = findings(xml, "document-too-large")
    assert finding.severity is Severity.WARNING and "65,536" in finding.message
    assert findings("<Response>\n" + say * 10 + "</Response>\n", "document-too-large") == []
