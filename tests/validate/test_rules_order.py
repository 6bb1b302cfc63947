"""Verb order rules (flowedit.validate.rules.order): unreachable verbs after every verb that ends a
document, none after the verbs that fall through, a late <Reject>, and the reviewed corpus findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import findings, located

from flowedit.io.folder import load_flow
from flowedit.validate import Severity, check_flow
from flowedit.validate.registry import RULES

X = '<?xml version="1.0" encoding="UTF-8"?>\n'
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
MODULE = "flowedit.validate.rules.order"


def doc(*verbs: str) -> str:
    """The declaration (line 1), <Response> (line 2), one verb per line from line 3 at column 3."""
    return X + "<Response>\n" + "".join(f"  {v}\n" for v in verbs) + "</Response>\n"



def test_rule_ids_and_default_severities_are_the_contract():
    mine = {r.id: r.severity for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert mine == {"unreachable-verb": Severity.WARNING, "reject-not-first": Severity.WARNING}


SAY = "<Say>Goodbye.</Say>"


# -- unreachable-verb --------------------------------------------------------------------------------

@pytest.mark.parametrize("first", [
    "<Say>Hello.</Say>",
    "<Dial>+14155550100</Dial>",  # no action: falls through when the call ends
    '<Dial action="">+14155550100</Dial>',
    '<Dial action="  ">+14155550100</Dial>',
    '<Gather action="/menu" numDigits="1"><Say>Press 1.</Say></Gather>',  # no input: falls through
    '<Gather actionOnEmptyResult="false"/>',
    '<Record action="/saved" maxLength="30"/>',  # empty recording: falls through
    "<Enqueue>support</Enqueue>",
    '<Connect><Stream url="wss://example.com/s"/></Connect>',
    '<Pay chargeAmount="1.00"/>',
    '<Start><Stream url="wss://example.com/s"/></Start>',
    "<Pause/>",
])
def test_verbs_that_fall_through_pass(first):
    assert findings(doc(first, SAY), "unreachable-verb") == []


@pytest.mark.parametrize("last", [
    "<Redirect>/menu</Redirect>", "<Hangup/>", "<Reject/>", '<Dial action="/after"><Client>alice</Client></Dial>',
])
def test_a_verb_that_ends_the_document_as_the_last_one_passes(last):
    assert findings(doc(SAY, last), "unreachable-verb") == []


@pytest.mark.parametrize("ender, says", [
    ("<Redirect>/menu</Redirect>", "the <Redirect> on line 3 moves the call to '/menu'"),
    ("<Hangup/>", "the <Hangup> on line 3 ends the call"),
    ("<Reject/>", "the <Reject> on line 3 ends the call"),
    ('<Dial action="/after"><Number>+14155550100</Number></Dial>',
     "the <Dial> on line 3 has action='/after'"),
    ('<Enqueue action="/left">support</Enqueue>', "the <Enqueue> on line 3 has action='/left'"),
    ('<Connect action="/done"><Stream url="wss://example.com/s"/></Connect>',
     "the <Connect> on line 3 has action='/done'"),
    ('<Pay action="/paid" chargeAmount="1.00"/>', "the <Pay> on line 3 has action='/paid'"),
    ('<Gather action="/menu" actionOnEmptyResult="true"/>',
     "the <Gather> on line 3 has actionOnEmptyResult=\"true\""),
])
def test_a_verb_after_one_that_ends_the_document_warns(ender, says):
    found = findings(doc(ender, SAY), "unreachable-verb")
    assert [located(f) for f in found] == [("unreachable-verb", Severity.WARNING, 4, 3)]
    assert found[0].message.startswith(f"<Say> never runs: {says}")
    assert "nothing after it in this document runs" in found[0].message
    assert found[0].hint


def test_every_unreachable_verb_gets_a_finding_and_the_first_counts_them():
    found = findings(doc(SAY, "<Hangup/>", "<!-- leftovers -->", "<Play>a.mp3</Play>", "<Redirect>/x</Redirect>",
                         "<Say>More.</Say>"), "unreachable-verb")
    assert [(f.line, f.column) for f in found] == [(6, 3), (7, 3), (8, 3)]
    assert "(2 more verbs after it never run either)" in found[0].message
    assert "more verb" not in found[1].message
    assert all("the <Hangup> on line 4" in f.message for f in found)


def test_one_more_unreachable_verb_is_singular():
    found = findings(doc("<Hangup/>", "<Say>a</Say>", "<Say>b</Say>"), "unreachable-verb")
    assert "(1 more verb after it never runs either)" in found[0].message


def test_only_the_first_ending_verb_is_named():
    found = findings(doc('<Dial action="/a">+14155550100</Dial>', "<Hangup/>", SAY), "unreachable-verb")
    assert [f.line for f in found] == [4, 5]
    assert all("the <Dial> on line 3" in f.message for f in found)


def test_a_document_whose_root_is_not_response_is_left_to_root_not_response():
    xml = X + "<response>\n  <Hangup/>\n  <Say>x</Say>\n</response>\n"
    assert findings(xml, "unreachable-verb") == []


# -- reject-not-first --------------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    doc("<Reject/>"),
    doc('<Reject reason="busy"/>', SAY),  # the Say is unreachable-verb's business
    doc("<!-- refuse everyone -->", "<Reject/>"),
    doc(SAY, "<Hangup/>", "<Reject/>"),  # never runs: left to unreachable-verb
    doc(SAY),
])
def test_a_first_or_unreachable_reject_passes(xml):
    assert findings(xml, "reject-not-first") == []


def test_a_reject_after_another_verb_warns():
    found = findings(doc("<Pause length=\"1\"/>", SAY, '<Reject reason="busy"/>'), "reject-not-first")
    assert [located(f) for f in found] == [("reject-not-first", Severity.WARNING, 5, 3)]
    assert "verb 3" in found[0].message and "the <Pause> on line 3" in found[0].message
    assert "billed" in found[0].message and "<Hangup>" in found[0].hint


def test_a_late_reject_after_a_dial_without_action_warns():
    found = findings(doc("<Dial><Number>+11234567890</Number></Dial>", "<Reject/>", "<Pause/>"))
    assert sorted((f.rule, f.line) for f in found if f.rule in ("reject-not-first", "unreachable-verb")) == [
        ("reject-not-first", 4), ("unreachable-verb", 5)]


# -- the real-world corpus ---------------------------------------------------------------------------

REVIEWED: list[tuple[str, str]] = [
    # <Dial action="/handleDialCallStatus.php"> then <Say>I am unreachable</Say>: the old snippet shows
    # exactly this (the Say's own text says so).
    ("unreachable-verb", "api-snippets-history/dial-3-at-db0affa.xml"),
    # A serializer test: <Dial> (no action), <Reject/>, <Redirect>, <Pause>. The Reject comes after a Dial
    # that has answered the call, and nothing after the Reject runs: all three findings are true.
    ("reject-not-first", "twilio-node/serialize-multiple-blocks.xml"),
    ("unreachable-verb", "twilio-node/serialize-multiple-blocks.xml"),
    ("unreachable-verb", "twilio-node/serialize-multiple-blocks.xml"),
    # A serializer test: <Hangup/><Leave/><Sms>: the call has ended before Leave and Sms.
    ("unreachable-verb", "twilio-python/response-response.xml"),
    ("unreachable-verb", "twilio-python/response-response.xml"),
]
"""(rule, file) of every finding of this module's rules over the corpus, each reviewed and true."""


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_corpus_findings_are_the_reviewed_ones():
    found = check_flow(load_flow(CORPUS).flow)
    assert [f for f in found if f.rule == "internal-error"] == []
    mine = {r.id for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert sorted((f.rule, f.file) for f in found if f.rule in mine) == sorted(REVIEWED)
