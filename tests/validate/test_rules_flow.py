"""Flow rules: broken links, unreachable documents, redirect loops, screening and restricted documents,
a missing entry — each with a flow that passes and one that fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowedit.io.folder import load_flow
from flowedit.validate import Severity, check_flow

X = '<?xml version="1.0" encoding="UTF-8"?>\n'


def flow_findings(tmp_path: Path, files: dict[str, str], rule: str | None = None, *, single: str | None = None):
    root = tmp_path / "flow"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    loaded = load_flow(root / single if single else root)
    assert loaded.errors == []
    found = check_flow(loaded.flow, single_file=loaded.single_file)
    assert not [f for f in found if f.rule == "internal-error"], found
    return [f for f in found if rule is None or f.rule == rule]


GOOD = {
    "index.xml": X + '<Response>\n  <Gather action="/menu"><Say>Hi</Say></Gather>\n  <Redirect>/index</Redirect>\n</Response>\n',
    "menu.xml": X + '<Response>\n  <Dial action="done">\n    <Client url="agents/screen.xml">bob</Client>\n  </Dial>\n</Response>\n',
    "done.xml": X + "<Response><Hangup/></Response>\n",
    "agents/screen.xml": X + "<Response><Say>Call for you</Say></Response>\n",
}


@pytest.mark.parametrize("rule", ["broken-link", "unreachable-document", "redirect-loop",
                                  "screening-document-dials", "restricted-document-verb", "entry-missing"])
def test_a_good_flow_passes_every_flow_rule(tmp_path, rule):
    assert flow_findings(tmp_path, GOOD, rule) == []


def test_broken_link_points_at_the_attribute_and_suggests_the_near_miss(tmp_path):
    files = {**GOOD, "menu.xml": GOOD["menu.xml"].replace('action="done"', 'action="/dnoe"')}
    (finding,) = flow_findings(tmp_path, files, "broken-link")
    assert finding.severity is Severity.ERROR and finding.file == "menu.xml"
    assert (finding.line, finding.column) == (3, 9) and finding.path == "/Response/Dial"
    assert "did you mean /done?" in finding.hint
    assert "/dnoe" in finding.message


def test_broken_redirect_text_is_located_at_the_text(tmp_path):
    files = {**GOOD, "done.xml": X + "<Response>\n  <Redirect>/gone</Redirect>\n</Response>\n"}
    (finding,) = flow_findings(tmp_path, files, "broken-link")
    assert (finding.file, finding.line, finding.column) == ("done.xml", 3, 13)


def test_a_single_files_relative_links_are_not_broken(tmp_path):
    assert flow_findings(tmp_path, GOOD, "broken-link", single="menu.xml") == []
    assert flow_findings(tmp_path, GOOD, "unreachable-document", single="menu.xml") == []


def test_callbacks_and_placeholders_are_not_broken_links(tmp_path):
    files = {**GOOD, "done.xml": X + '<Response><Dial><Number statusCallback="/status">+14155550100</Number>'
             '</Dial><Redirect>{{next}}</Redirect></Response>\n'}
    assert flow_findings(tmp_path, files, "broken-link") == []


def test_unreachable_document(tmp_path):
    files = {**GOOD, "orphan.xml": X + "<Response><Say>nobody comes here</Say></Response>\n"}
    (finding,) = flow_findings(tmp_path, files, "unreachable-document")
    assert finding.file == "orphan.xml" and finding.severity is Severity.WARNING
    assert "/orphan" in finding.message and "/index" in finding.message


def test_no_entry_means_no_reachability_check(tmp_path):
    files = {name.replace("index", "start"): text for name, text in GOOD.items()}
    files["orphan.xml"] = X + "<Response/>\n"
    assert flow_findings(tmp_path, files, "unreachable-document") == []


def test_redirect_loop_without_waiting(tmp_path):
    files = {
        "index.xml": X + "<Response>\n  <Say>A</Say>\n  <Redirect>/b</Redirect>\n</Response>\n",
        "b.xml": X + "<Response>\n  <Pause/>\n  <Redirect>index</Redirect>\n</Response>\n",
    }
    (finding,) = flow_findings(tmp_path, files, "redirect-loop")
    assert finding.severity is Severity.WARNING and "/index → /b → /index" in finding.message
    assert (finding.file, finding.line) == ("index.xml", 4)


def test_a_document_redirecting_to_itself_is_a_loop(tmp_path):
    files = {"index.xml": X + "<Response><Play>https://x.example.com/a.mp3</Play><Redirect/>"
                              "<Redirect>/index</Redirect></Response>\n"}
    (finding,) = flow_findings(tmp_path, files, "redirect-loop")
    assert "/index → /index" in finding.message


def test_a_loop_through_a_gather_waits_for_the_caller(tmp_path):
    files = {
        "index.xml": X + "<Response><Redirect>/b</Redirect></Response>\n",
        "b.xml": X + '<Response><Gather action="/c"/><Redirect>/index</Redirect></Response>\n',
        "c.xml": X + "<Response><Hangup/></Response>\n",
    }
    assert flow_findings(tmp_path, files, "redirect-loop") == []


def test_screening_document_that_dials(tmp_path):
    files = {**GOOD, "agents/screen.xml": X + "<Response>\n  <Dial>+14155550100</Dial>\n</Response>\n"}
    (finding,) = flow_findings(tmp_path, files, "screening-document-dials")
    assert finding.severity is Severity.ERROR and finding.file == "agents/screen.xml"
    assert (finding.line, finding.path) == (3, "/Response/Dial")
    assert "13201" in finding.message and "/menu" in finding.message


def test_a_document_reached_by_action_may_dial(tmp_path):
    files = {**GOOD, "done.xml": X + "<Response><Dial>+14155550100</Dial></Response>\n"}
    assert flow_findings(tmp_path, files, "screening-document-dials") == []


def test_restricted_document_verb_for_a_queue_url(tmp_path):
    files = {**GOOD,
             "menu.xml": X + '<Response><Dial><Queue url="/announce">support</Queue></Dial></Response>\n',
             "announce.xml": X + "<Response><Say>Connecting</Say><Hangup/></Response>\n"}
    (finding,) = flow_findings(tmp_path, files, "restricted-document-verb")
    assert finding.file == "announce.xml" and finding.path == "/Response/Hangup"


def test_entry_missing(tmp_path):
    files = {**GOOD, "flowedit.json": '{"entry": "/start"}'}
    (finding,) = flow_findings(tmp_path, files, "entry-missing")
    assert finding.severity is Severity.ERROR and finding.file == "flowedit.json"
