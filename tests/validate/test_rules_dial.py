"""Dial composition rules (flowedit.validate.rules.dial): a passing and a failing fixture for every rule,
the limits at their boundaries, and the reviewed findings over the real-world corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import findings, located, only

from flowedit.io.folder import load_flow
from flowedit.validate import Severity, check_flow
from flowedit.validate.registry import RULES

X = '<?xml version="1.0" encoding="UTF-8"?>\n'
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
MODULE = "flowedit.validate.rules.dial"


def doc(*lines: str) -> str:
    """A document: the declaration (line 1), <Response> (line 2), `lines` (from line 3), </Response>."""
    return X + "<Response>\n" + "".join(line + "\n" for line in lines) + "</Response>\n"


def dial(*nouns: str, attrs: str = "") -> str:
    """<Dial> on line 3 with one noun per line from line 4."""
    return doc(f"  <Dial{attrs}>", *(f"    {n}" for n in nouns), "  </Dial>")




def test_rule_ids_and_default_severities_are_the_contract():
    mine = {r.id: r.severity for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert mine == {
        "dial-no-target": Severity.ERROR,
        "dial-too-many-targets": Severity.ERROR,
        "dial-exclusive-noun": Severity.ERROR,
        "dial-duplicate-target": Severity.WARNING,
        "dial-text-and-nouns": Severity.WARNING,
        "dial-too-many-sip": Severity.WARNING,
    }


# -- dial-no-target ----------------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    dial("<Number>+14155550100</Number>"),
    doc("  <Dial>+14155550100</Dial>"),
    doc("  <Dial>\n    415-123-4567\n  </Dial>"),
    doc("  <Dial><!-- the office -->+14155550100</Dial>"),  # a comment does not hide the number
    doc("  <Dial>{{ number }}</Dial>"),  # a placeholder stands for a number (template-placeholder's business)
    dial("<Conference>room</Conference>"),
])
def test_dial_with_a_target_passes(xml):
    assert findings(xml, "dial-no-target") == []


@pytest.mark.parametrize("xml", [
    doc("  <Dial/>"),
    doc('  <Dial action="/next" timeout="10">   </Dial>'),
    doc("  <Dial><!-- nobody yet --></Dial>"),
])
def test_dial_without_a_target_fails(xml):
    finding = only(xml, "dial-no-target")
    assert located(finding) == ("dial-no-target", Severity.ERROR, 3, 3)
    assert "nothing to call" in finding.message and finding.hint


def test_dial_no_target_names_a_child_that_is_not_a_target():
    finding = only(doc("  <Dial><number>+14155550100</number></Dial>"), "dial-no-target")
    assert "<number> is not a Dial target" in finding.message


# -- dial-too-many-targets ---------------------------------------------------------------------------

def targets(numbers: int, clients: int) -> list[str]:
    return ([f"<Number>+1415555{i:04d}</Number>" for i in range(numbers)]
            + [f"<Client>agent_{i}</Client>" for i in range(clients)])


@pytest.mark.parametrize("numbers, clients", [(10, 0), (0, 10), (4, 6)])
def test_exactly_ten_targets_pass(numbers, clients):
    assert findings(dial(*targets(numbers, clients)), "dial-too-many-targets") == []


def test_sip_and_other_nouns_do_not_count_against_the_ten():
    xml = dial(*targets(5, 5), *(f"<Sip>sip:agent{i}@example.com</Sip>" for i in range(3)))
    assert findings(xml, "dial-too-many-targets") == []


@pytest.mark.parametrize("numbers, clients, line", [(11, 0, 14), (0, 11, 14), (6, 5, 14), (7, 7, 14)])
def test_eleven_targets_fail_at_the_eleventh(numbers, clients, line):
    finding = only(dial(*targets(numbers, clients)), "dial-too-many-targets")
    assert located(finding) == ("dial-too-many-targets", Severity.ERROR, line, 5)
    assert f"has {numbers + clients} <Number> and <Client> targets" in finding.message
    assert "at most 10" in finding.message
    assert f"remove {numbers + clients - 10}" in finding.hint


def test_too_many_targets_counts_each_dial_on_its_own():
    xml = doc("  <Dial>", *targets(6, 0), "  </Dial>", "  <Dial>", *targets(0, 6), "  </Dial>")
    assert findings(xml, "dial-too-many-targets") == []


# -- dial-exclusive-noun -----------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    dial("<Conference>room</Conference>"),
    dial("<Queue>support</Queue>"),
    dial("<Application>AP1234567890abcdef1234567890abcd</Application>"),
    dial("<Number>+14155550100</Number>", "<Client>alice</Client>", "<Sip>sip:bob@example.com</Sip>"),
])
def test_an_exclusive_noun_alone_passes(xml):
    assert findings(xml, "dial-exclusive-noun") == []


@pytest.mark.parametrize("noun, severity", [
    ("<Conference>room</Conference>", Severity.ERROR),
    ("<Application>AP1234567890abcdef1234567890abcd</Application>", Severity.ERROR),
    ("<Queue>support</Queue>", Severity.ERROR),  # the contract: an error, though the fact is only recalled
])
def test_an_exclusive_noun_mixed_with_a_number_fails(noun, severity):
    finding = only(dial(noun, "<Number>+14155550100</Number>"), "dial-exclusive-noun")
    assert located(finding) == ("dial-exclusive-noun", severity, 4, 5)
    assert "1 <Number> (line 5)" in finding.message


def test_conference_mixed_names_warning_13000():
    finding = only(dial("<Number>+14155550100</Number>", "<Conference>room</Conference>"), "dial-exclusive-noun")
    assert (finding.line, finding.column) == (5, 5)
    assert "13000" in finding.message


def test_an_exclusive_noun_with_a_text_number_fails():
    finding = only(doc("  <Dial>+14155550100<Conference>room</Conference></Dial>"), "dial-exclusive-noun")
    assert located(finding) == ("dial-exclusive-noun", Severity.ERROR, 3, 21)
    assert "'+14155550100'" in finding.message
    assert findings(doc("  <Dial>+14155550100<Conference>room</Conference></Dial>"), "dial-text-and-nouns") == []


def test_two_exclusive_nouns_each_fail():
    found = findings(dial("<Conference>room</Conference>", "<Queue>support</Queue>"), "dial-exclusive-noun")
    assert [located(f) for f in found] == [("dial-exclusive-noun", Severity.ERROR, 4, 5),
                                          ("dial-exclusive-noun", Severity.ERROR, 5, 5)]
    found = findings(dial("<Application>AP1</Application>", "<Application>AP2</Application>"), "dial-exclusive-noun")
    assert len(found) == 2


# -- dial-duplicate-target ---------------------------------------------------------------------------

@pytest.mark.parametrize("nouns", [
    ["<Number>+14155550100</Number>", "<Number>+14155550101</Number>"],
    ["<Number>415-555-0100</Number>", "<Number>+14155550100</Number>"],  # no guessing of country codes
    ['<Number sendDigits="101">+14155550100</Number>', '<Number sendDigits="102">+14155550100</Number>'],
    ["<Client>alice</Client>", "<Client>Alice</Client>"],  # identities are case-sensitive
    ["<Client>alice</Client>", "<Sip>sip:alice@example.com</Sip>"],
    ["<Number>+14155550100</Number>", "<WhatsApp>+14155550100</WhatsApp>"],  # a phone line and a WhatsApp user
    ["<Sip>sip:alice@example.com</Sip>", "<Sip>sip:alice@example.com;transport=tls</Sip>"],
    ["<Number>+*-***-***-****</Number>", "<Number>+*-***-***-****</Number>"],  # redacted placeholders
    ["<Client>{{ agent }}</Client>", "<Client>{{ agent }}</Client>"],
    ["<Client></Client>", "<Client></Client>"],  # empty: missing-required-text's business
])
def test_different_targets_pass(nouns):
    assert findings(dial(*nouns), "dial-duplicate-target") == []


@pytest.mark.parametrize("first, second, line, column", [
    ("<Number>+1 (415) 555-0100</Number>", "<Number>+14155550100</Number>", 5, 13),
    ("<Number>415.555.0100</Number>", "<Number> 415-555-0100 </Number>", 5, 14),  # at the number, past the space
    ("<Client>alice</Client>", "<Client>  alice\n    </Client>", 5, 15),  # at the identity, past the indentation
    ("<Client>alice</Client>", "<Client><Identity>alice</Identity></Client>", 5, 23),
    ("<Sip>sip:bob@example.com</Sip>", "<Sip>bob@example.com</Sip>", 5, 10),
    ("<Sip>sip:bob@example.com</Sip>", "<Sip>SIP:bob@example.com</Sip>", 5, 10),
    ("<WhatsApp>+14155550100</WhatsApp>", "<WhatsApp>+1 415 555 0100</WhatsApp>", 5, 15),
])
def test_the_same_target_twice_fails_at_the_second(first, second, line, column):
    finding = only(dial(first, second), "dial-duplicate-target")
    assert located(finding) == ("dial-duplicate-target", Severity.WARNING, line, column)
    assert "on line 4" in finding.message and "twice" in finding.message


def test_duplicate_numbers_quote_both_spellings():
    finding = only(dial("<Number>+1 (415) 555-0100</Number>", "<Number>+14155550100</Number>"),
                   "dial-duplicate-target")
    assert "'+14155550100', the same as '+1 (415) 555-0100'" in finding.message


def test_the_same_target_in_two_dials_passes():
    xml = doc("  <Dial><Client>alice</Client></Dial>", "  <Dial><Client>alice</Client></Dial>")
    assert findings(xml, "dial-duplicate-target") == []


def test_a_third_copy_is_reported_too():
    found = findings(dial(*["<Client>alice</Client>"] * 3), "dial-duplicate-target")
    assert [(f.line, f.column) for f in found] == [(5, 13), (6, 13)]


# -- dial-text-and-nouns -----------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    doc("  <Dial>+14155550100</Dial>"),
    dial("<Number>+14155550100</Number>"),
    doc('  <Dial>+10000000000<Ninja sword="always"/></Dial>'),  # not a Dial noun: the structure rules' business
])
def test_text_or_nouns_pass(xml):
    assert findings(xml, "dial-text-and-nouns") == []


def test_text_and_nouns_warn_at_the_text():
    finding = only(doc("  <Dial>+14155550100<Client>alice</Client></Dial>"), "dial-text-and-nouns")
    assert located(finding) == ("dial-text-and-nouns", Severity.WARNING, 3, 9)
    assert "'+14155550100'" in finding.message and "1 <Client>" in finding.message
    assert "<Number>+14155550100</Number>" in finding.hint


def test_text_after_a_noun_counts_as_text():
    assert len(findings(doc("  <Dial><Client>alice</Client>+14155550100</Dial>"), "dial-text-and-nouns")) == 1


# -- dial-too-many-sip -------------------------------------------------------------------------------

def sips(n: int) -> list[str]:
    return [f"<Sip>sip:agent{i}@example.com</Sip>" for i in range(n)]


def test_ten_sip_targets_pass():
    assert findings(dial(*sips(10)), "dial-too-many-sip") == []


def test_eleven_sip_targets_warn_at_the_eleventh():
    finding = only(dial(*sips(11)), "dial-too-many-sip")
    assert located(finding) == ("dial-too-many-sip", Severity.WARNING, 14, 5)
    assert "11 <Sip>" in finding.message


# -- the real-world corpus ---------------------------------------------------------------------------

REVIEWED: list[tuple[str, str]] = []
"""(rule, file) of every finding of this module's rules over the corpus, each reviewed: none. Notably
clean: the three redacted `+*-***-***-****` numbers of one <Dial> (placeholders, not duplicates),
`<Dial>+10000000000<Ninja/></Dial>` (Ninja is no Dial noun) and `<Client></Client>` (empty identity)."""


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_corpus_findings_are_the_reviewed_ones():
    found = check_flow(load_flow(CORPUS).flow)
    assert [f for f in found if f.rule == "internal-error"] == []
    mine = {r.id for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert sorted((f.rule, f.file) for f in found if f.rule in mine) == sorted(REVIEWED)
