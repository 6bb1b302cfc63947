"""The screen clears a document only when the document rules would find nothing in it, and what it
notes on the way for the flow graph (element names, links) is what the graph would find itself.

`flowedit.validate.screen` lets the checker skip the twenty-nine document rules on documents it can
prove clean. Its one duty: never clear a document a rule has something to say about. Checked here on
thousands of nearly valid generated documents (`screen_cases`), the real corpus, and every document
the rule tests write (`support.findings` asks the same question of each); and, so that none of this
holds vacuously, that it does clear clean documents: the generated ones, the corpus's clean ones, the
bundled example and a benchmark flow.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest
from lxml import etree

from flowedit.io.folder import load_flow
from flowedit.io.writer import document_bytes
from flowedit.model.flow import Flow
from flowedit.model.links import raw_links
from flowedit.validate import check_flow, screen
from flowedit.validate.context import DocContext
from flowedit.validate.registry import RULES, document_checks

from screen_cases import document as nearly_valid
from support import CORPUS, document

ROOT = Path(__file__).resolve().parents[2]


def rule_findings(doc):
    """What the document rules say about `doc`, run directly (no screen)."""
    context = DocContext(doc, Flow([doc]), False, lambda d: len(document_bytes(d)))
    return [finding for check in document_checks() for finding in check(context)]


def cleared(doc) -> screen.Cleared | None:
    """What the screen makes of `doc` (None: not cleared); when it clears it, what it noted for the
    graph must be what the graph would find by walking the document itself."""
    seen = screen.screen(doc, len(document_bytes(doc)))
    if seen is not None:
        assert seen.links == list(raw_links(doc))
        assert seen.tags == {node.tag for node in doc.root.iter(etree.Element)}
        assert seen.requests_itself == any(not node.get("action")
                                           for node in doc.root.iter(*screen.SELF_REQUESTING))
    return seen


def ruled_out(doc, seen: screen.Cleared) -> list:
    """What the document rules say about `doc` that the screen, clearing it, said they would not:
    everything but the rules it left to run (`still`)."""
    return [finding for finding in rule_findings(doc) if finding.rule not in seen.still]


def test_every_document_rule_is_one_the_screen_was_written_for():
    rules = {rule.id for rule in RULES.values() if rule.scope == "document"}
    assert rules == set(screen.SCREENED)
    assert screen.covers()


def test_a_rule_added_or_replaced_turns_the_screen_off(monkeypatch):
    info = RULES["stray-text"]
    monkeypatch.setitem(RULES, "stray-text", info.__class__(info.id, info.severity, info.summary, info.scope,
                                                            lambda ctx: iter(())))
    assert not screen.covers()


def test_generated_documents_are_cleared_only_when_the_rules_find_nothing():
    rng = random.Random(7)
    count = int(os.environ.get("SCREEN_CASES", "2500"))
    clean = slipped = 0
    for number in range(count):
        xml = nearly_valid(rng)
        doc = document(xml)
        if (seen := cleared(doc)) is not None:
            clean += 1
            found = ruled_out(doc, seen)
            assert not found, (number, xml, found)
        elif rule_findings(doc):
            slipped += 1
    # Not vacuous: many documents are cleared, and many have something the rules catch.
    assert clean > count // 5 and slipped > count // 5, (clean, slipped)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_real_documents_are_cleared_only_when_the_rules_find_nothing():
    from flowedit.io.errors import ReadError
    from flowedit.io.reader import read_file

    clean = total = 0
    for file in sorted(CORPUS.rglob("*.xml")):
        try:
            doc = read_file(file)
        except ReadError:
            continue
        total += 1
        if (seen := cleared(doc)) is not None:
            clean += 1
            assert not ruled_out(doc, seen), file
    assert total > 200 and clean > total // 2, (clean, total)


def test_the_example_flow_and_a_benchmark_flow_are_cleared(tmp_path):
    example = load_flow(ROOT / "flowedit" / "resources" / "examples" / "support-line")
    assert example.flow.documents and all(cleared(doc) for doc in example.flow.documents.values())
    assert all(screen.clean(doc, len(document_bytes(doc))) for doc in example.flow.documents.values())
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from flows import write_flow_folder
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_flow_folder(tmp_path / "flow", 40)
    flow = load_flow(tmp_path / "flow").flow
    assert all(cleared(doc) for doc in flow.documents.values())
    assert check_flow(flow) == []


def test_a_cleared_document_edited_is_screened_again():
    doc = document("<Response><Dial><Number>+14155550100</Number></Dial></Response>")
    assert cleared(doc)
    dial = doc.child_elements(doc.root_id)[0]
    doc.set_attribute(dial, "timeout", "0")
    assert not cleared(doc)
    assert [f.rule for f in check_flow(Flow([doc]))] == ["attribute-invalid-value"]


def _oversize(extra: str = "") -> str:
    """A clean document over Twilio's 64 kB limit (so only the size rule has something to say)."""
    says = "".join(f'  <Say voice="Polly.Amy">Welcome to line {i} of the support desk.</Say>\n' for i in range(1500))
    return f"<Response>\n{says}{extra}</Response>\n"


def test_a_document_over_the_size_limit_is_cleared_of_every_rule_but_the_size_rule():
    doc = document(_oversize())
    seen = cleared(doc)
    assert seen is not None and seen.still == ("document-too-large",)
    assert not screen.clean(doc, len(document_bytes(doc)))
    assert [f.rule for f in rule_findings(doc)] == ["document-too-large"]  # what the rules say, unscreened
    checked = check_flow(Flow([doc]), measure=lambda d: len(document_bytes(d)))
    assert [f.rule for f in checked] == ["document-too-large"]
    assert checked[0].message == rule_findings(doc)[0].message


def test_a_document_over_the_size_limit_with_a_slip_goes_to_every_rule():
    doc = document(_oversize('  <Play loop="-1">https://media.example.com/hold.mp3</Play>\n'))
    assert cleared(doc) is None
    checked = check_flow(Flow([doc]), measure=lambda d: len(document_bytes(d)))
    assert sorted(f.rule for f in checked) == ["attribute-invalid-value", "document-too-large"]


def test_a_check_measures_each_document_once():
    """Measuring an edited document serializes it: the screen and the size rule share one measure."""
    from flowedit.validate.engine import Validator

    clean_doc, oversize = document("<Response><Say>Hello.</Say></Response>"), document(_oversize(), "/big")
    slipped = document('<Response><Play loop="-1">https://media.example.com/hold.mp3</Play></Response>', "/slipped")
    measured = []

    def measure(doc):
        measured.append(doc.path)
        return len(document_bytes(doc))
    found = Validator(Flow([clean_doc, oversize, slipped]), measure=measure).check()
    assert sorted(measured) == sorted([clean_doc.path, "/big", "/slipped"])
    assert sorted(f.rule for f in found) == ["attribute-invalid-value", "document-too-large"]
