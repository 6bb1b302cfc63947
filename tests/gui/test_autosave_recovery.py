"""The recovery dialog: crashed sessions' autosaves listed, and Open / Discard / Keep for Later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_autosave import autosaved_window, contents, crash_copy, make_window, set_timeout, type_into_xml

from flowedit.gui import assets
from flowedit.gui.autosave import CrashedEntry, find_crashed
from flowedit.gui.recovery_dialog import RecoveryDialog, recovery_dialog

pytestmark = pytest.mark.gui


@pytest.fixture
def crashed(qtbot, settings, root, flow_dir):
    """A crashed session's autosave of the example flow with the Gather's timeout set to 9, the edited
    documents, and the bytes of index.xml on disk (which recovery must not touch)."""
    win = autosaved_window(qtbot, settings, root, flow_dir, "9")
    entry = crash_copy(win.autosave, "20260101-120000-4242-crashed")
    edited = contents(win.session.flow)
    win._confirm_discard = lambda: "discard"
    win.close()
    return entry, edited, (flow_dir / "index.xml").read_bytes()


@pytest.fixture
def editor(qtbot, tmp_path, root):
    """A freshly started editor, as `flowedit-gui` starts: the bundled example open."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "editor.ini"), QSettings.Format.IniFormat)
    win = make_window(qtbot, settings, root, assets.example_flow())
    win.show()
    qtbot.waitExposed(win)
    return win


def rows(dialog: RecoveryDialog) -> list[list[str]]:
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    return [[item.text(c) for c in range(4)] for item in items]


def test_nothing_is_offered_when_no_editor_crashed(editor):
    assert recovery_dialog(editor) is None


def test_the_dialog_lists_each_crashed_session(qtbot, editor, crashed, flow_dir, tmp_path):
    entry, _edited, _disk = crashed
    damaged = Path(shutil.copytree(entry, entry.with_name("20260101-130000-4343-damaged")))
    (damaged / "autosave.json").write_text("{", encoding="utf-8")
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    listed = rows(dialog)
    assert len(listed) == 2
    good = next(r for r in listed if r[0] == "support-line")
    assert good[1] == str(flow_dir) and good[3] == "5" and good[2] != "unknown time"
    bad = next(r for r in listed if r[0] != "support-line")
    assert bad[3] == "damaged"
    dialog.list.setCurrentItem(dialog.list.topLevelItem(listed.index(good)))
    assert dialog.open_button.isEnabled()
    assert "5 documents" in dialog.details.text() and str(flow_dir) in dialog.details.text()
    dialog.list.setCurrentItem(dialog.list.topLevelItem(listed.index(bad)))
    assert not dialog.open_button.isEnabled() and dialog.discard_button.isEnabled()
    assert "cannot be opened" in dialog.details.text() and "not valid JSON" in dialog.details.text()
    assert str(damaged) in dialog.details.text()
    assert dialog.grab().save(str(tmp_path / "recovery-dialog.png"))  # to look at, as a user would


def test_open_restores_the_edits_unsaved_and_tied_to_their_location(qtbot, editor, crashed, flow_dir, root):
    entry, edited, disk = crashed
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.open_button.click()
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted and dialog.opened is not None
    session = editor.session
    assert contents(session.flow) == edited
    assert session.modified and editor.isWindowModified()
    assert session.location == flow_dir and not session.untitled
    assert session.undo_stack.count() == 0  # a fresh history
    assert (flow_dir / "index.xml").read_bytes() == disk  # nothing saved on its own
    assert not entry.exists()  # the crashed entry went ...
    assert editor.autosave.active  # ... once this editor's own autosave held the work
    assert contents(CrashedEntry(editor.autosave.folder, None).restore().loaded.flow) == edited
    assert "Recovered support-line" in editor.statusBar().currentMessage()
    # Save writes to the original location, and the autosave goes.
    assert editor.file_ops.save()
    assert b'timeout="9"' in (flow_dir / "index.xml").read_bytes()
    assert not session.modified and list(root.iterdir()) == []


def test_an_untitled_flow_comes_back_untitled(qtbot, settings, root, editor):
    win = make_window(qtbot, settings, root)
    assert win.file_ops.new_from_template("ivr-menu")
    set_timeout(win.session, "9")
    assert win.autosave.write()
    crash_copy(win.autosave)
    edited = contents(win.session.flow)
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    assert rows(dialog)[0][1] == "never saved (untitled)"
    assert dialog.open_selected()
    assert editor.session.untitled and editor.session.modified and contents(editor.session.flow) == edited
    assert editor.session.location is None  # Save asks where


def test_discard_deletes_the_autosave_and_keep_leaves_it(qtbot, editor, crashed, root):
    entry, _edited, _disk = crashed
    other = Path(shutil.copytree(entry, entry.with_name("20260101-130000-4343-other")))
    before = contents(editor.session.flow)
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    first = dialog.selected_entry().folder
    dialog.discard_button.click()
    assert not first.exists()
    assert dialog.isVisible() and len(rows(dialog)) == 1  # still asking about the other
    dialog.keep_button.click()
    assert not dialog.isVisible() and dialog.result() == RecoveryDialog.DialogCode.Rejected
    kept = ({entry, other} - {first}).pop()
    assert kept.exists()
    assert contents(editor.session.flow) == before and not editor.session.modified
    # Kept for later: the next start finds it again.
    assert [e.folder for e in find_crashed(root, own=editor.autosave.folder)] == [kept]


def test_discarding_the_last_one_closes_the_dialog(qtbot, editor, crashed):
    entry, _edited, _disk = crashed
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.discard_button.click()
    assert not entry.exists() and not dialog.isVisible()


def test_an_autosave_that_fails_to_read_on_open_is_reported_in_the_dialog(qtbot, editor, crashed):
    entry, _edited, _disk = crashed
    before = contents(editor.session.flow)
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    shutil.rmtree(entry / dialog.selected_entry().record["snapshot"])  # gone between listing and opening
    dialog.open_button.click()
    assert dialog.isVisible() and dialog.opened is None
    assert "cannot be opened" in dialog.details.text()
    assert not dialog.open_button.isEnabled()
    assert contents(editor.session.flow) == before and not editor.session.modified


def test_cancelling_the_unsaved_changes_question_keeps_the_dialog_open(qtbot, editor, crashed):
    entry, _edited, _disk = crashed
    set_timeout(editor.session, "3")
    editor._confirm_discard = lambda: "cancel"
    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.open_selected()
    assert dialog.isVisible() and entry.exists()
    assert b'timeout="3"' in contents(editor.session.flow)["/index"]


def test_open_brings_back_text_typed_in_the_xml_pane_and_not_applied(qtbot, settings, root, flow_dir, editor):
    win = autosaved_window(qtbot, settings, root, flow_dir, "9")  # a change of the flow ...
    typed = type_into_xml(qtbot, win, "/index", b'timeout="9"', b'timeout="14"')  # ... and typed text
    assert win.autosave.write()
    entry = crash_copy(win.autosave, "20260101-120000-4242-typed")
    edited = contents(win.session.flow)
    win._confirm_discard = lambda: "discard"
    win.close()

    dialog = recovery_dialog(editor)
    qtbot.addWidget(dialog)
    assert "typed into the XML of /index and not applied" in dialog.details.text()
    dialog.open_button.click()
    assert dialog.opened is not None and not entry.exists()
    pane = editor.xml_pane
    assert contents(editor.session.flow) == edited  # the flow as it was: the typed text not applied ...
    assert pane.edited and pane.text() == typed and pane.document.path == "/index"  # ... and still typed
    assert not editor.xml_dock.isHidden() and "Apply" in pane.banner_text()
    assert editor.session.draft == ("/index", typed)
    assert "holds the text typed into /index, not applied" in editor.statusBar().currentMessage()
    # The window's own autosave holds both before the crashed entry went.
    assert CrashedEntry(editor.autosave.folder, None).restore().draft == ("/index", typed)
    assert pane.apply()
    assert b'timeout="14"' in contents(editor.session.flow)["/index"]
