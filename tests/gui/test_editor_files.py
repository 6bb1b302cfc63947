"""The File menu: save and reopen byte for byte, unsaved-change prompts, templates, import and export."""

from __future__ import annotations


import pytest
from gui_support import BAD_XML, write

from flowedit.gui import assets
from flowedit.gui.session import Ref
from flowedit.gui.templates import TEMPLATES
from flowedit.validate.findings import Severity

pytestmark = pytest.mark.gui


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def say_text(doc):
    say = doc.child_elements(doc.root_id)[0]
    return say, doc.text(say)


def test_save_and_reopen_gives_the_same_bytes(window, flow_dir):
    before = snapshot(flow_dir)
    assert window.open_path(flow_dir)
    assert window.file_ops.save()
    assert snapshot(flow_dir) == before
    assert window.open_path(flow_dir)
    assert snapshot(flow_dir) == before


def test_an_edit_marks_the_window_modified_and_survives_save_and_reopen(window, flow_dir):
    window.open_path(flow_dir)
    doc = window.session.flow.documents["/index"]
    say, _ = say_text(doc)
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Welcome!"))])
    assert window.isWindowModified() and window.session.modified
    window.commands["save"].trigger()
    assert not window.isWindowModified()
    assert b"<Say voice=\"Polly.Joanna\">Welcome!</Say>" in (flow_dir / "index.xml").read_bytes()
    assert window.open_path(flow_dir)
    assert say_text(window.session.flow.documents["/index"])[1] == "Welcome!"


def test_save_writes_only_the_files_whose_bytes_changed(window, flow_dir):
    """One edit rewrites one file: the others (and flowedit.json) keep their inode and time stamp, yet
    a file changed on disk meanwhile, or deleted, is written back; the watcher is told of them all."""
    files = {p.relative_to(flow_dir).as_posix(): p for p in sorted(flow_dir.rglob("*")) if p.is_file()}
    assert len(files) >= 4 and "index.xml" in files
    window.open_path(flow_dir)
    told = []
    window.session.filesWritten.connect(told.append)

    def stamps():
        return {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name, p in files.items() if p.exists()}
    before = stamps()
    doc = window.session.flow.documents["/index"]
    say, _ = say_text(doc)
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Welcome!"))])
    assert window.file_ops.save()
    after = stamps()
    assert after["index.xml"] != before["index.xml"]
    assert {name for name in files if after[name] != before[name]} == {"index.xml"}
    assert set(told[-1]) == set(files.values())  # every file holds what the flow says
    other = next(name for name in files if name.endswith(".xml") and name != "index.xml")
    kept = files[other].read_bytes()
    files[other].write_bytes(kept.replace(b"<Response>", b"<Response><Pause/>", 1))  # another program
    (flow_dir / "index.xml").unlink()
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Hello!"))])
    assert window.session.save()
    assert files[other].read_bytes() == kept and b"Hello!" in (flow_dir / "index.xml").read_bytes()


def test_a_document_renamed_only_in_case_is_saved_under_its_new_name_and_kept(window, tmp_path, monkeypatch):
    """On a file system that ignores case (Windows, macOS), Menu.xml and menu.xml are one file: Save
    must write the new name (not leave the file because its bytes are the same) and must not then
    remove "the old file", which is the new one. The case-blind file system is played by samefile."""
    import os

    folder = tmp_path / "flow"
    write(folder / "index.xml", '<Response>\n  <Redirect>/Menu</Redirect>\n</Response>\n')
    write(folder / "Menu.xml", "<Response>\n  <Hangup/>\n</Response>\n")
    window.open_path(folder)
    flow = window.session.flow
    assert window.session.edit("Rename", lambda: [(flow, flow.rename_document("/Menu", "/menu", update_links=False))])
    real = os.path.samefile
    monkeypatch.setattr(os.path, "samefile", lambda a, b: str(a).casefold() == str(b).casefold() or real(a, b))
    assert window.file_ops.save()
    assert (folder / "menu.xml").read_bytes() == b"<Response>\n  <Hangup/>\n</Response>\n"
    assert (folder / "Menu.xml").exists()  # here two files; there the one file, which must stay


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_changes_asks_first(window, flow_dir, monkeypatch, answer):
    window.open_path(flow_dir)
    window.show()
    asked = []
    monkeypatch.setattr(window, "_confirm_discard", lambda: asked.append(1) or answer)
    doc = window.session.flow.documents["/index"]
    say, _ = say_text(doc)
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Changed"))])
    closed = window.close()
    assert asked == [1]
    assert closed == (answer != "cancel")
    assert (b"Changed" in (flow_dir / "index.xml").read_bytes()) == (answer == "save")


def test_closing_an_unmodified_flow_does_not_ask(window, flow_dir, monkeypatch):
    window.open_path(flow_dir)
    monkeypatch.setattr(window, "_confirm_discard", lambda: pytest.fail("asked"))
    assert window.close()


def test_opening_another_flow_over_unsaved_changes_can_be_cancelled(window, flow_dir, tmp_path, monkeypatch):
    window.open_path(flow_dir)
    doc = window.session.flow.documents["/index"]
    say, _ = say_text(doc)
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Changed"))])
    monkeypatch.setattr(window, "_confirm_discard", lambda: "cancel")
    assert not window.open_path(write(tmp_path / "other.xml", "<Response/>\n"))
    assert window.session.flow.documents["/index"] is doc


@pytest.mark.parametrize("template", [t.key for t in TEMPLATES])
def test_every_template_starts_a_flow_without_errors(window, template, tmp_path):
    assert window.file_ops.new_from_template(template)
    session = window.session
    assert session.untitled and session.flow.entry == "/index"
    assert "/index" in session.flow.documents
    assert not [f for f in session.findings if f.severity is Severity.ERROR]
    assert window.windowTitle() == "Untitled flow[*] — flowedit"
    # An untitled flow saves where it is told to, and reopens as it was saved.
    assert window.file_ops.save_as(tmp_path / "saved")
    saved = snapshot(tmp_path / "saved")
    assert "index.xml" in saved
    assert window.windowTitle() == "saved[*] — flowedit"
    assert window.open_path(tmp_path / "saved")
    assert set(window.session.flow.documents) == {"/" + name[:-4] for name in saved if name.endswith(".xml")}


def test_the_new_menu_lists_the_templates(window):
    new_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu() is not None)
    assert [a.text() for a in new_menu.actions()] == [t.title for t in TEMPLATES]
    assert window.commands["new_empty"].shortcuts()


def test_import_adds_a_document_as_one_undoable_step(window, flow_dir, tmp_path):
    window.open_path(flow_dir)
    file = write(tmp_path / "voicemail prompt.xml", "<Response>\n  <Record/>\n</Response>\n")
    doc = window.file_ops.import_twiml(file)
    assert doc is not None and doc.path == "/voicemail-prompt" and doc.filename == "voicemail-prompt.xml"
    assert window.session.flow.documents["/voicemail-prompt"] is doc
    assert window.session.selection == [Ref(doc)]
    again = window.file_ops.import_twiml(file)
    assert again.path == "/voicemail-prompt-2"
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert "/voicemail-prompt" not in window.session.flow.documents
    window.session.undo_stack.redo()
    window.file_ops.save()
    assert (flow_dir / "voicemail-prompt.xml").read_bytes() == file.read_bytes()


def test_import_of_a_malformed_file_names_file_line_and_column(window, flow_dir, tmp_path, monkeypatch):
    window.open_path(flow_dir)
    shown = []
    monkeypatch.setattr(window, "_show_error", lambda title, message: shown.append(message))
    bad = write(tmp_path / "bad.xml", BAD_XML)
    assert window.file_ops.import_twiml(bad) is None
    (message,) = shown
    assert message.startswith(f"{bad}:3:16: error:")
    assert not window.session.modified


def test_export_writes_the_flow_elsewhere_and_keeps_its_location(window, flow_dir, tmp_path):
    window.open_path(flow_dir)
    written = window.file_ops.export_flow(tmp_path / "out")
    assert snapshot(tmp_path / "out") == snapshot(flow_dir)
    assert written and window.session.location == flow_dir
    window.session.select(Ref(window.session.flow.documents["/menu"]))
    file = window.file_ops.export_document(tmp_path / "menu-copy.xml")
    assert file.read_bytes() == (flow_dir / "menu.xml").read_bytes()


def test_a_single_file_saves_as_another_file(window, tmp_path):
    file = write(tmp_path / "call.xml", "<Response>\n  <Say>Hi</Say>\n</Response>\n")
    window.open_path(file)
    assert window.file_ops.save_as(tmp_path / "copy.xml")
    assert (tmp_path / "copy.xml").read_bytes() == file.read_bytes()
    assert window.windowTitle() == "copy.xml[*] — flowedit"


def test_a_failed_save_is_reported_and_keeps_the_changes(window, flow_dir, tmp_path, monkeypatch):
    window.open_path(flow_dir)
    shown = []
    monkeypatch.setattr(window.file_ops, "offer_save_as", lambda problem: shown.append(problem.details) and False)
    doc = window.session.flow.documents["/index"]
    say, _ = say_text(doc)
    window.session.edit("Set text", lambda: [(doc, doc.set_text(say, "Changed"))])
    blocker = write(tmp_path / "blocker", "a file, not a folder")
    assert not window.file_ops.save_as(blocker / "flow")
    assert shown and str(blocker) in shown[0] and window.session.modified


def test_save_never_overwrites_the_bundled_example(example_window, tmp_path, monkeypatch):
    win = example_window
    asked = []
    monkeypatch.setattr(win.file_ops, "ask_save_location", lambda: asked.append(1) or tmp_path / "mine")
    before = snapshot(assets.example_flow())
    assert win.file_ops.save()
    assert asked == [1] and snapshot(assets.example_flow()) == before
    assert snapshot(tmp_path / "mine") == before
    assert win.session.location == tmp_path / "mine"
