"""Client identity and Parameter rules (flowedit.validate.rules.client): a passing and a failing fixture
for every rule, the 256-character boundary, every forbidden character class, and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import findings, located, only

from flowedit.io.folder import load_flow
from flowedit.validate import Severity, check_flow
from flowedit.validate.registry import RULES

X = '<?xml version="1.0" encoding="UTF-8"?>\n'
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
MODULE = "flowedit.validate.rules.client"


def doc(*lines: str) -> str:
    """The declaration (line 1), <Response> (line 2), `lines` from line 3, </Response>."""
    return X + "<Response>\n" + "".join(line + "\n" for line in lines) + "</Response>\n"


def client(identity: str) -> str:
    """<Client> on line 4, column 5; its text starts at column 13."""
    return doc("  <Dial>", f"    <Client>{identity}</Client>", "  </Dial>")


def identity(identity: str) -> str:
    """<Identity> inside a <Client> on line 4; its text starts at column 23."""
    return doc("  <Dial>", f'    <Client><Identity>{identity}</Identity><Parameter name="a" value="1"/></Client>',
               "  </Dial>")




def test_rule_ids_and_default_severities_are_the_contract():
    mine = {r.id: r.severity for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert mine == {
        "client-identity-too-long": Severity.ERROR,
        "client-identity-invalid-char": Severity.ERROR,
        "client-identity-not-mobile-safe": Severity.WARNING,
        "client-identity-ambiguous": Severity.WARNING,
        "parameter-missing-name": Severity.ERROR,
        "parameter-missing-value": Severity.WARNING,
        "parameter-duplicate-name": Severity.WARNING,
    }


IDENTITY_RULES = ("client-identity-too-long", "client-identity-invalid-char", "client-identity-not-mobile-safe")


def identity_findings(xml: str):
    return [f for f in findings(xml) if f.rule in IDENTITY_RULES]


# -- good identities ---------------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    client("alice"),
    client("agent_007"),
    client("\n      alice\n    "),  # surrounding whitespace is formatting, not part of the identity
    client("a" * 256),
    identity("user_jane"),
    identity("b" * 256),
    client(""),  # empty: missing-required-text's business
    client("{{ agent }}"),  # placeholder: template-placeholder's business
    client("${agent}"),
])
def test_good_identities_pass(xml):
    assert identity_findings(xml) == []


# -- client-identity-too-long ------------------------------------------------------------------------

def test_257_characters_fail():
    finding = only(client("a" * 257), "client-identity-too-long")
    assert located(finding) == ("client-identity-too-long", Severity.ERROR, 4, 13)
    assert "257 characters" in finding.message and "256" in finding.message and "31105" in finding.message


def test_257_characters_in_identity_fail_at_its_text():
    finding = only(identity("b" * 257), "client-identity-too-long")
    assert located(finding) == ("client-identity-too-long", Severity.ERROR, 4, 23)


def test_surrounding_whitespace_does_not_count_towards_the_length():
    assert findings(client("   " + "a" * 256 + "\n    "), "client-identity-too-long") == []


# -- client-identity-invalid-char --------------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    # control characters (those XML 1.0 can carry) and DEL
    ("john\tdoe", "tab"),
    ("john\ndoe", "line feed"),
    ("john&#13;doe", "carriage return"),
    ("john\x7fdoe", "delete"),
    # space
    ("john doe", "space"),
    # delims
    ("a&lt;b", "'<'"),
    ("a&gt;b", "'>'"),
    ("a#b", "'#'"),
    ("a%b", "'%'"),
    ('a"b', "'\"'"),
    # unwise
    ("a{b", "'{'"),
    ("a}b", "'}'"),
    ("a|b", "'|'"),
    ("a\\b", "'\\\\'"),
    ("a^b", "'^'"),
    ("a[b", "'['"),
    ("a]b", "']'"),
    ("a`b", "'`'"),
])
def test_each_forbidden_character_fails_and_is_named(text, shown):
    found = identity_findings(client(text))
    assert [located(f) for f in found] == [("client-identity-invalid-char", Severity.ERROR, 4, 13)]
    assert f"contains {shown}," in found[0].message and "31105" in found[0].message
    assert "letters, digits and underscores" in found[0].hint


def test_forbidden_characters_are_listed_once_each_in_order():
    finding = only(client("john doe #1 #2"), "client-identity-invalid-char")
    assert "contains space and '#'," in finding.message
    assert "'john_doe__1__2'" in finding.hint


def test_forbidden_character_in_identity_fails_at_its_text():
    finding = only(identity("jane doe"), "client-identity-invalid-char")
    assert located(finding) == ("client-identity-invalid-char", Severity.ERROR, 4, 23)


def test_too_long_and_invalid_are_both_reported():
    found = identity_findings(client("a b" * 100))
    assert sorted(f.rule for f in found) == ["client-identity-invalid-char", "client-identity-too-long"]


# -- client-identity-not-mobile-safe -----------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("alice@example.com", "'@' and '.'"),
    ("agent-7", "'-'"),
    ("zoë", "'ë'"),
    ("a+b:c", "'+' and ':'"),
])
def test_characters_outside_the_mobile_set_warn(text, shown):
    found = identity_findings(client(text))
    assert [located(f) for f in found] == [("client-identity-not-mobile-safe", Severity.WARNING, 4, 13)]
    assert f"contains {shown};" in found[0].message


def test_not_mobile_safe_in_identity_warns_at_its_text():
    finding = only(identity("jane.doe"), "client-identity-not-mobile-safe")
    assert located(finding) == ("client-identity-not-mobile-safe", Severity.WARNING, 4, 23)


def test_a_forbidden_character_reports_only_the_error():
    found = identity_findings(client("alice smith@example.com"))
    assert [f.rule for f in found] == ["client-identity-invalid-char"]


# -- client-identity-ambiguous -----------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    client("alice"),
    identity("alice"),
    client('alice<Parameter name="a" value="1"/>'),
    client("\n      <Identity>alice</Identity>\n    "),
])
def test_one_identity_passes(xml):
    assert findings(xml, "client-identity-ambiguous") == []


def test_text_and_identity_warn():
    finding = only(client("bob<Identity>alice</Identity>"), "client-identity-ambiguous")
    assert located(finding) == ("client-identity-ambiguous", Severity.WARNING, 4, 13)
    assert "'bob'" in finding.message and "<Identity>alice</Identity>" in finding.message


# -- parameter-missing-name / parameter-missing-value ------------------------------------------------

def hangup(*parameters: str) -> str:
    """<Hangup> on line 3 with one <Parameter> per line from line 4, at column 5."""
    return doc("  <Hangup>", *(f"    {p}" for p in parameters), "  </Hangup>")


@pytest.mark.parametrize("xml", [
    hangup('<Parameter name="reason" value="busy"/>'),
    hangup('<Parameter name="flag" value=""/>'),  # an explicit empty value is meant
    doc('  <Start><Stream url="wss://example.com/s"><Parameter name="a" value="1"/></Stream></Start>'),
])
def test_named_parameters_with_values_pass(xml):
    assert [f for f in findings(xml) if f.rule.startswith("parameter-")] == []


def test_parameter_without_name_fails_at_the_element():
    finding = only(hangup('<Parameter value="busy"/>'), "parameter-missing-name")
    assert located(finding) == ("parameter-missing-name", Severity.ERROR, 4, 5)


@pytest.mark.parametrize("value", ["", "  "])
def test_parameter_with_empty_name_fails_at_the_attribute(value):
    finding = only(hangup(f'<Parameter name="{value}" value="busy"/>'), "parameter-missing-name")
    assert located(finding) == ("parameter-missing-name", Severity.ERROR, 4, 16)


def test_parameter_missing_name_under_any_parent():
    xml = doc('  <Connect><VirtualAgent connectorName="x"><Parameter value="1"/></VirtualAgent></Connect>')
    assert located(only(xml, "parameter-missing-name"))[2:] == (3, 44)


def test_parameter_without_value_warns():
    finding = only(hangup('<Parameter name="reason"/>'), "parameter-missing-value")
    assert located(finding) == ("parameter-missing-value", Severity.WARNING, 4, 5)
    assert "'reason'" in finding.message


# -- parameter-duplicate-name ------------------------------------------------------------------------

@pytest.mark.parametrize("xml", [
    hangup('<Parameter name="a" value="1"/>', '<Parameter name="b" value="2"/>'),
    hangup('<Parameter name="a" value="1"/>', '<Parameter name="A" value="2"/>'),
    doc('  <Dial><Client><Identity>x</Identity><Parameter name="a" value="1"/></Client>'
        '<Client><Identity>y</Identity><Parameter name="a" value="1"/></Client></Dial>'),  # two parents
    hangup('<Parameter name="{{ key }}" value="1"/>', '<Parameter name="{{ key }}" value="2"/>'),
])
def test_distinct_names_per_parent_pass(xml):
    assert findings(xml, "parameter-duplicate-name") == []


def test_the_same_name_twice_warns_at_the_second():
    xml = hangup('<Parameter name="a" value="1"/>', '<Parameter value="x"/>', '<Parameter  name="a" value="2"/>')
    finding = only(xml, "parameter-duplicate-name")
    assert located(finding) == ("parameter-duplicate-name", Severity.WARNING, 6, 17)
    assert "<Hangup> has two <Parameter>s named 'a' (the first on line 4)" in finding.message


def test_duplicate_parameter_names_under_a_client():
    xml = doc("  <Dial>", "    <Client>", "      <Identity>alice</Identity>",
              '      <Parameter name="FirstName" value="Jane"/>', '      <Parameter name="FirstName" value="J"/>',
              "    </Client>", "  </Dial>")
    assert located(only(xml, "parameter-duplicate-name")) == ("parameter-duplicate-name", Severity.WARNING, 7, 18)


# -- the real-world corpus ---------------------------------------------------------------------------

REVIEWED: list[tuple[str, str]] = []
"""(rule, file) of every finding of this module's rules over the corpus, each reviewed: none. All
identities there (joey, charlie, alice, jenny, user_jane; joey padded with newlines in client-3) are
mobile-safe, `<Client></Client>` is left to missing-required-text, and every <Parameter> (Client,
Application, Hangup, Reject, Pay, Stream, VirtualAgent) has a distinct name and a value."""


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_corpus_findings_are_the_reviewed_ones():
    found = check_flow(load_flow(CORPUS).flow)
    assert [f for f in found if f.rule == "internal-error"] == []
    mine = {r.id for r in RULES.values() if getattr(r.check, "__module__", "") == MODULE}
    assert sorted((f.rule, f.file) for f in found if f.rule in mine) == sorted(REVIEWED)
