"""A big flow opens first and is checked right after its first paint; an empty editor starts without the checker."""

from __future__ import annotations

import subprocess
import sys

import pytest
from gui_support import write
from PySide6.QtCore import QEvent, QObject

from flowedit.gui import session as session_module
from flowedit.gui.panels import findings
from flowedit.gui.session import FlowSession

pytestmark = pytest.mark.gui

BROKEN = '<Response>\n  <Dial action="/gone"/>\n</Response>\n'
FINE = "<Response>\n  <Say>Hi</Say>\n</Response>\n"


@pytest.fixture
def big(monkeypatch, tmp_path):
    """A flow folder counted as big: any flow of more than one document waits for its check."""
    monkeypatch.setattr(session_module, "CHECK_AT_ONCE_DOCUMENTS", 1)
    write(tmp_path / "flow" / "index.xml", BROKEN)
    write(tmp_path / "flow" / "other.xml", FINE)
    return tmp_path / "flow"


class Paints(QObject):
    """Counts the paints of a widget."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's virtual
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_big_flow_is_painted_before_it_is_checked(window, big, qtbot):
    window.show()
    qtbot.waitExposed(window)
    paints = Paints(window.view.viewport())
    painted_when_checked = []
    window.session.findingsChanged.connect(lambda: painted_when_checked.append(paints.count))
    assert window.open_path(big)
    assert window.session.checking and window.session._findings == []
    assert window.summary_label.text() == "2 documents · checking…"
    qtbot.waitUntil(lambda: not window.session.checking, timeout=5000)
    assert painted_when_checked and painted_when_checked[0] >= 1  # the flow showed first
    assert window.summary_label.text() == f"2 documents · {findings.summary(window.session.findings)}"
    assert any(f.rule == "broken-link" for f in window.session.findings)


def test_the_findings_dock_says_checking_until_the_findings_land(window, big, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.findings_dock.raise_()
    qtbot.waitUntil(lambda: window.findings_dock.built)
    window.open_path(big)
    tree = window.findings_panel.tree
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).text(0) == findings.CHECKING_TEXT
    qtbot.waitUntil(lambda: not window.session.checking, timeout=5000)
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())][0].startswith("/index")


def test_a_hidden_window_checks_in_the_next_pass(window, big, qtbot):
    window.open_path(big)
    assert window.session.checking
    qtbot.waitUntil(lambda: not window.session.checking, timeout=5000)
    assert window.findings_panel.finding_rows("/index")


def test_reading_the_findings_runs_a_due_check_at_once(window, big):
    window.open_path(big)
    assert {f.rule for f in window.session.findings} >= {"broken-link"}  # read: checked now
    rows = window.findings_panel.finding_rows("/index")  # read back: announced, then listed
    assert not window.session.checking and "broken-link" in {r.text(findings.RULE) for r in rows}


def test_a_small_flow_is_checked_at_once(window, tmp_path):
    write(tmp_path / "flow" / "index.xml", BROKEN)
    window.open_path(tmp_path / "flow")
    assert not window.session.checking and window.session._findings


def test_reopening_after_edits_does_not_check_before_the_paint(window, big, tmp_path):
    window.open_path(big)
    window.session.check_now()
    doc = window.session.flow.documents["/other"]
    say = doc.child_elements(doc.root_id)[0]
    assert window.session.edit("Say", lambda: [(doc, doc.set_text(say, "Hello"))])
    window.session.undo_stack.setClean()
    window.open_path(big)  # clearing the undo history must not start the usual check timer
    assert window.session.checking and not window.session._check_timer.isActive()


def test_a_due_check_is_announced_once_and_an_edit_after_a_read_checks_again(qtbot, app, big):
    session = FlowSession()
    announced = []
    session.findingsChanged.connect(lambda: announced.append(list(session.findings)))
    session.open(big, check_later=True)
    assert session.checking and announced == []
    first = session.findings  # runs the check, silently
    assert announced == [] and any(f.rule == "broken-link" for f in first)
    doc = session.flow.documents["/index"]
    dial = doc.child_elements(doc.root_id)[0]
    assert session.edit("Fix", lambda: [(doc, doc.set_attribute(dial, "action", "/other"))])
    session.check_now()  # the read's result is out of date: checked again, not reused
    assert len(announced) == 1 and not any(f.rule == "broken-link" for f in announced[0])
    assert not session.checking


def test_check_later_without_a_window_stays_due_until_asked(qtbot, app, big):
    session = FlowSession()
    session.open(big, check_later=True)
    qtbot.wait(20)
    assert session.checking  # nobody said when: the next read or check_now decides
    session.check_now()
    assert not session.checking and session.findings


def test_the_empty_editor_starts_without_the_checker_and_the_code_panels(tmp_path):
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"os.environ['XDG_CONFIG_HOME'] = {str(tmp_path)!r}\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from flowedit.gui.main_window import MainWindow\n"
        "w = MainWindow(); w.show(); app.processEvents()\n"
        "heavy = ['networkx', 'flowedit.validate', 'flowedit.simulate', 'flowedit.export',\n"
        "         'flowedit.gui.panels.simulate', 'flowedit.gui.panels.code_pane', 'flowedit.gui.panels.differences']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture
def many(monkeypatch, tmp_path):
    """A flow of 40 documents, one with a broken link, checked in slices of one document each."""
    monkeypatch.setattr(session_module, "CHECK_AT_ONCE_DOCUMENTS", 1)
    monkeypatch.setattr(session_module, "SLICE_MS", 0)  # every slice checks one document
    write(tmp_path / "many" / "index.xml", BROKEN)
    for i in range(39):
        write(tmp_path / "many" / f"d{i:02}.xml", FINE)
    return tmp_path / "many"


def _screened(monkeypatch):
    """The paths of the documents the checker really checks (the screen's walk; a document whose
    findings it keeps is not walked again), in order."""
    from flowedit.validate import screen

    calls = []
    real = screen.screen

    def counting(doc, size):
        calls.append(doc.path)
        return real(doc, size)
    monkeypatch.setattr(screen, "screen", counting)
    return calls


def test_the_first_check_runs_a_slice_at_a_time_between_events(qtbot, app, many, monkeypatch):
    session = FlowSession()
    session.open(many, check_later=True)
    calls = _screened(monkeypatch)
    announced = []
    session.findingsChanged.connect(lambda: announced.append(len(calls)))
    session.check_in_slices()
    order = list(session.flow.documents)
    assert calls == order[:1] and session.checking and not announced  # one slice, then back to the loop
    qtbot.waitUntil(lambda: not session.checking, timeout=5000)
    assert calls == order and announced == [40]  # each document once, in flow order, then announced
    whole = FlowSession()
    whole.open(many)

    def seen(found):  # ids are given per session
        return [(f.rule, f.message, f.file, f.line, f.column, f.document) for f in found]
    assert seen(session.findings) == seen(whole.findings)  # what a whole check finds


def test_an_edit_during_a_sliced_check_checks_whole_and_the_slices_stop(qtbot, app, many, monkeypatch):
    session = FlowSession()
    session.open(many, check_later=True)
    calls = _screened(monkeypatch)
    session.check_in_slices()
    first = next(iter(session.flow.documents.values()))  # checked by the first slice
    assert calls == [first.path]
    say = first.child_elements(first.root_id)[0]
    assert session.edit("Say", lambda: [(first, first.set_text(say, "Hello"))])
    qtbot.waitUntil(lambda: not session.checking, timeout=5000)
    qtbot.wait(50)  # a slice still queued finds nothing left to do
    assert sorted(calls) == sorted([*session.flow.documents, first.path])  # each once, the edited one again
    assert any(f.rule == "broken-link" for f in session.findings)


def test_another_flow_opened_during_a_sliced_check_stops_it(qtbot, app, many, big, monkeypatch):
    session = FlowSession()
    session.open(many, check_later=True)
    calls = _screened(monkeypatch)
    session.check_in_slices()
    session.open(big, check_later=True)
    qtbot.wait(100)
    assert len(calls) == 1 and session.checking  # the old flow's slices stopped; the new one waits its turn
    assert {f.document for f in session.findings} <= {"/index", "/other"}  # the new flow's, checked whole
    assert len(calls) == 3


def test_findings_read_during_a_sliced_check_are_announced_once(qtbot, app, many, monkeypatch):
    session = FlowSession()
    session.open(many, check_later=True)
    calls = _screened(monkeypatch)
    announced = []
    session.findingsChanged.connect(lambda: announced.append(True))
    session.check_in_slices()
    assert any(f.rule == "broken-link" for f in session.findings)  # read: the rest is checked at once
    assert session.checking and not announced
    qtbot.waitUntil(lambda: not session.checking, timeout=5000)
    qtbot.wait(50)
    assert announced == [True] and sorted(calls) == sorted(session.flow.documents)
