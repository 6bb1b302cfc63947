"""Files of the open flow changed by other programs (flowedit.gui.watch).

Most tests let a real QFileSystemWatcher notice the change and wait for what follows (generous
timeouts, no timing assertions); the last ones call the watcher's handlers directly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_support import BAD_XML, write

pytestmark = pytest.mark.gui

WAIT = 20_000  # ms: events and the settle delay, on a busy machine
INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Welcome</Say>\n'
         '  <Redirect>/menu</Redirect>\n</Response>\n')
MENU = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Menu</Say>\n</Response>\n'
THEIRS = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Theirs</Say>\n</Response>\n'


def replace_like_an_editor(file: Path, text: str) -> None:
    """Write a new version beside the file and rename it over the old one (vim, VS Code, QSaveFile …)."""
    temp = file.with_name(f".{file.name}.new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, file)


def say_of(doc) -> str:
    return doc.text(doc.child_elements(doc.root_id)[0])


def set_say(session, path: str, text: str) -> None:
    doc = session.flow.documents[path]
    say = doc.child_elements(doc.root_id)[0]
    assert session.edit("Set text", lambda: [(doc, doc.set_text(say, text))])


@pytest.fixture
def flow(window, tmp_path):
    """A folder flow (index.xml, menu.xml) open in the window, watched."""
    folder = tmp_path / "flow"
    write(folder / "index.xml", INDEX)
    write(folder / "menu.xml", MENU)
    assert window.open_path(folder)
    assert str(folder / "menu.xml") in window.watcher.watcher.files()
    return folder


def menu(window):
    return window.session.flow.documents["/menu"]


# -- an unmodified document reloads by itself --------------------------------------------------
def test_an_unmodified_document_reloads_as_one_undoable_step(window, flow, qtbot):
    session = window.session
    replace_like_an_editor(flow / "menu.xml", THEIRS)
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.text(0) == "Reload menu.xml from disk"
    assert not session.modified  # the flow and its files agree: nothing to save
    assert "Reloaded menu.xml" in window.statusBar().currentMessage()
    assert "Undo" in window.statusBar().currentMessage()
    session.undo_stack.undo()  # Edit ▸ Undo brings back what was open before
    assert say_of(menu(window)) == "Menu" and session.modified
    assert session.flow.entry == "/index"
    session.undo_stack.redo()
    assert say_of(menu(window)) == "Theirs" and not session.modified


def test_a_replaced_file_is_watched_again(window, flow, qtbot):
    file = flow / "menu.xml"
    replace_like_an_editor(file, THEIRS)
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)
    # The rename dropped the old file from the watcher; it watches the new one again ...
    qtbot.waitUntil(lambda: str(file) in window.watcher.watcher.files(), timeout=WAIT)
    # ... so a second change, written in place this time, is noticed as well.
    file.write_text(THEIRS.replace("Theirs", "Theirs again"), encoding="utf-8")
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs again", timeout=WAIT)
    assert window.session.undo_stack.count() == 2


def test_a_burst_of_changed_files_is_one_step(window, flow, qtbot):
    replace_like_an_editor(flow / "menu.xml", THEIRS)
    replace_like_an_editor(flow / "index.xml", INDEX.replace("Welcome", "Hello"))
    session = window.session
    qtbot.waitUntil(lambda: say_of(session.flow.documents["/index"]) == "Hello"
                    and say_of(menu(window)) == "Theirs", timeout=WAIT)
    # Normally one step for both; two only if the machine was so slow the burst came in two looks.
    texts = [session.undo_stack.text(i) for i in range(session.undo_stack.count())]
    assert texts in (["Reload 2 files from disk"],
                     ["Reload index.xml from disk", "Reload menu.xml from disk"],
                     ["Reload menu.xml from disk", "Reload index.xml from disk"])
    assert session.flow.entry == "/index" and not session.modified


def test_our_own_save_is_not_taken_for_a_change(window, flow, qtbot):
    session = window.session
    set_say(session, "/menu", "Mine")
    with qtbot.waitSignal(window.watcher.looked, timeout=WAIT) as looked:
        assert window.file_ops.save()
    assert all(look.kind == "ignored" for look in looked.args[0])
    assert session.undo_stack.count() == 1 and not session.modified
    assert not window.watcher.questions
    assert str(flow / "menu.xml") in window.watcher.watcher.files()  # re-added after QSaveFile's rename


# -- a modified document asks ----------------------------------------------------------------
def question(window, qtbot, file):
    qtbot.waitUntil(lambda: file in window.watcher.questions, timeout=WAIT)
    box = window.watcher.questions[file]
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    return box


def click(box, name):
    from PySide6.QtWidgets import QPushButton

    box.findChild(QPushButton, name).click()


def test_a_modified_document_asks_and_keep_mine_keeps_it_modified(window, flow, qtbot, tmp_path):
    session, file = window.session, flow / "menu.xml"
    set_say(session, "/menu", "Mine")
    replace_like_an_editor(file, THEIRS)
    box = question(window, qtbot, file)
    box.grab().save(str(tmp_path / "changed-on-disk.png"))
    assert box.windowTitle() == "File Changed on Disk"
    assert "menu.xml was changed by another program" in box.text() and "/menu" in box.text()
    assert sorted(b.text() for b in box.buttons()) == ["Compare…", "Keep Mine", "Reload"]
    assert not box.isModal()  # the window stays usable meanwhile
    assert say_of(menu(window)) == "Mine"  # nothing reloaded behind the user's back
    click(box, "keepButton")
    qtbot.waitUntil(lambda: file not in window.watcher.questions, timeout=WAIT)
    assert say_of(menu(window)) == "Mine" and session.modified
    assert "Kept your version of menu.xml" in window.statusBar().currentMessage()
    session.undo_stack.undo()  # even back at the opened state the flow differs from the disk now
    assert session.modified
    session.undo_stack.redo()
    assert window.file_ops.save()  # the next save overwrites theirs
    assert b"Mine" in file.read_bytes() and not session.modified


def test_reload_discards_mine_undoably(window, flow, qtbot):
    session, file = window.session, flow / "menu.xml"
    set_say(session, "/menu", "Mine")
    replace_like_an_editor(file, THEIRS)
    click(question(window, qtbot, file), "reloadButton")
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)
    assert session.undo_stack.text(session.undo_stack.index() - 1) == "Reload menu.xml from disk"
    assert session.modified  # the edit before the reload is still in the history
    session.undo_stack.undo()
    assert say_of(menu(window)) == "Mine"


def test_compare_shows_the_differences_then_asks_again(window, flow, qtbot, tmp_path):
    session, file = window.session, flow / "menu.xml"
    window.show()
    qtbot.waitExposed(window)
    set_say(session, "/menu", "Mine")
    replace_like_an_editor(file, THEIRS)
    click(question(window, qtbot, file), "compareButton")
    qtbot.waitUntil(lambda: file in window.watcher.questions and window.watcher.questions[file].isVisible(),
                    timeout=WAIT)
    panel = window.differences_panel
    assert window.diff_dock.isVisible() and panel.label == "the files on disk"
    assert any(d.document == "/menu" for d in panel.differences)
    window.grab().save(str(tmp_path / "compare.png"))
    assert say_of(menu(window)) == "Mine"  # comparing changed nothing
    click(window.watcher.questions[file], "reloadButton")
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)


def test_typed_xml_not_yet_applied_counts_as_modified(window, flow, qtbot):
    from flowedit.gui.session import Ref

    session, file = window.session, flow / "menu.xml"
    session.select(Ref(menu(window)))
    pane = window.xml_pane
    pane.editor.setPlainText(MENU.replace("Menu", "Typed"))
    assert pane.edited and pane.document is menu(window)
    replace_like_an_editor(file, THEIRS)
    click(question(window, qtbot, file), "reloadButton")
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)
    assert not pane.edited  # "discard mine" includes the typed text


# -- deleted, unreadable, new ------------------------------------------------------------------
def test_a_deleted_file_keeps_its_document_open_and_modified(window, flow, qtbot):
    session, file = window.session, flow / "menu.xml"
    file.unlink()
    qtbot.waitUntil(lambda: "deleted on disk" in window.statusBar().currentMessage(), timeout=WAIT)
    assert "menu.xml was deleted on disk; /menu is still open" in window.statusBar().currentMessage()
    assert "/menu" in session.flow.documents and session.modified and window.isWindowModified()
    assert session.undo_stack.count() == 0  # marked modified, not changed
    assert window.file_ops.save()  # saving writes it again
    assert file.read_text(encoding="utf-8") == MENU and not session.modified


def test_a_file_that_no_longer_reads_is_reported_and_the_document_kept(window, flow, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "_show_error", lambda title, message: shown.append((title, message)))
    session, file = window.session, flow / "menu.xml"
    replace_like_an_editor(file, BAD_XML)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    title, message = shown[0]
    assert title == "File Changed on Disk"
    assert f"{file}:3:" in message  # file:line:column of the error
    assert "kept" in message
    assert say_of(menu(window)) == "Menu" and session.undo_stack.count() == 0
    # Reported once: looking again at the same bytes says nothing more.
    window.watcher.examine(file)
    window.watcher.check()
    assert len(shown) == 1
    # The other program fixes the file: the document (unmodified here) reloads as usual.
    replace_like_an_editor(file, THEIRS)
    qtbot.waitUntil(lambda: say_of(menu(window)) == "Theirs", timeout=WAIT)
    assert not session.modified and len(shown) == 1


def test_a_new_file_in_the_folder_is_offered_and_added_undoably(window, flow, qtbot, tmp_path):
    session = window.session
    write(flow / "extra.xml", THEIRS)
    qtbot.waitUntil(lambda: window.watcher.new_files_box is not None, timeout=WAIT)
    box = window.watcher.new_files_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    box.grab().save(str(tmp_path / "new-file.png"))
    assert "extra.xml appeared" in box.text() and "/extra" in box.informativeText()
    click(box, "addButton")
    qtbot.waitUntil(lambda: "/extra" in session.flow.documents, timeout=WAIT)
    assert session.flow.documents["/extra"].filename == "extra.xml"
    assert not session.modified  # the document is what the file holds
    assert session.undo_stack.text(0) == "Add extra.xml to the flow"
    session.undo_stack.undo()
    assert "/extra" not in session.flow.documents


def test_an_ignored_new_file_is_not_offered_again(window, flow, qtbot):
    write(flow / "extra.xml", THEIRS)
    qtbot.waitUntil(lambda: window.watcher.new_files_box is not None, timeout=WAIT)
    click(window.watcher.new_files_box, "ignoreButton")
    qtbot.waitUntil(lambda: window.watcher.new_files_box is None, timeout=WAIT)
    with qtbot.waitSignal(window.watcher.looked, timeout=WAIT):
        write(flow / "other.txt", "a folder event")
    assert window.watcher.new_files_box is None
    assert "/extra" not in window.session.flow.documents


def test_a_single_file_flow_reloads_after_a_replace(window, tmp_path, qtbot):
    file = write(tmp_path / "call.xml", MENU)
    assert window.open_path(file)
    replace_like_an_editor(file, THEIRS)
    doc = lambda: next(iter(window.session.flow.documents.values()))  # noqa: E731
    qtbot.waitUntil(lambda: say_of(doc()) == "Theirs", timeout=WAIT)
    assert not window.session.modified and window.session.undo_stack.count() == 1


# -- the handlers, called directly -------------------------------------------------------------
def test_examine_tells_each_case(window, flow):
    watcher, file = window.watcher, flow / "menu.xml"
    assert watcher.examine(file).kind == "ignored"  # as read
    file.write_text(THEIRS, encoding="utf-8")
    look = watcher.examine(file)
    assert look.kind == "reload" and say_of(look.new) == "Theirs"
    set_say(window.session, "/menu", "Mine")
    assert watcher.examine(file).kind == "conflict"
    file.write_text(BAD_XML, encoding="utf-8")
    look = watcher.examine(file)
    assert look.kind == "unreadable" and look.error.startswith(f"{file}:3:")
    file.unlink()
    assert watcher.examine(file).kind == "deleted"
    # A file that holds exactly what the editor has is no change, whoever wrote it.
    from flowedit.io.writer import document_bytes

    file.write_bytes(document_bytes(menu(window)))
    assert watcher.examine(file).kind == "ignored"
    assert watcher.known[file] == file.read_bytes()


def test_resolve_keep_and_reload_directly(window, flow):
    session, watcher, file = window.session, window.watcher, flow / "menu.xml"
    set_say(session, "/menu", "Mine")
    file.write_text(THEIRS, encoding="utf-8")
    watcher.resolve(file, "keep")
    assert say_of(menu(window)) == "Mine" and session.modified
    assert watcher.examine(file).kind == "ignored"  # theirs is known now: not asked again
    file.write_text(THEIRS.replace("Theirs", "Newer"), encoding="utf-8")
    watcher.resolve(file, "reload")
    assert say_of(menu(window)) == "Newer"
    session.undo_stack.undo()
    assert say_of(menu(window)) == "Mine"


def test_check_without_changes_does_nothing(window, flow):
    window.watcher.check()
    assert window.session.undo_stack.count() == 0 and not window.session.modified
    assert not window.watcher.questions and window.watcher.new_files_box is None


def test_an_untitled_flow_is_not_watched(window):
    window.file_ops.new_from_template(next(iter(_template_keys())))
    assert window.watcher.watcher.files() == [] and window.watcher.watcher.directories() == []
    window.watcher.check()  # nothing to look at, nothing happens


def test_save_as_moves_the_watch(window, flow, tmp_path):
    assert window.file_ops.save_as(tmp_path / "moved")
    watched = window.watcher.watcher.files()
    assert str(tmp_path / "moved" / "menu.xml") in watched
    assert not any(path.startswith(str(flow) + os.sep) for path in watched)


def _template_keys():
    from flowedit.gui.templates import TEMPLATES

    return [t.key for t in TEMPLATES]
