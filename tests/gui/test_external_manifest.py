"""The flow's settings file (flowedit.json) changed by other programs (flowedit.gui.watch_manifest):
taken when ours are unchanged, asked about when both changed, reported when it no longer reads.

The first tests let a real QFileSystemWatcher notice the change (generous timeouts, no timing
assertions); the others call the watch's `look()` and `answer()` directly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from gui_support import write

pytestmark = pytest.mark.gui

WAIT = 20_000  # ms: events and the settle delay, on a busy machine
INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Redirect>/menu</Redirect>\n</Response>\n'
MENU = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Menu</Say>\n</Response>\n'
OURS = {"flowedit": 1, "entry": "/index", "layout": {"positions": {"/index": [0, 0], "/menu": [400, 0]}}}


def manifest(data: dict) -> str:
    return json.dumps(data, indent=2) + "\n"


def replace_like_an_editor(file: Path, text: str) -> None:
    temp = file.with_name(f".{file.name}.new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, file)


@pytest.fixture
def flow(window, tmp_path):
    """A folder flow with a manifest, open in the window and watched."""
    folder = tmp_path / "flow"
    write(folder / "index.xml", INDEX)
    write(folder / "menu.xml", MENU)
    write(folder / "flowedit.json", manifest(OURS))
    assert window.open_path(folder)
    assert str(folder / "flowedit.json") in window.watcher.watcher.files()
    return folder


def theirs(**changes) -> dict:
    data = json.loads(json.dumps(OURS))
    data.update(changes)
    return data


def test_their_settings_are_taken_when_ours_are_unchanged_as_one_undoable_step(window, flow, qtbot):
    session = window.session
    other = theirs(entry="/menu", base_url="https://ivr.example.com/flow/", team="blue")
    other["layout"]["positions"]["/menu"] = [800, 120]
    replace_like_an_editor(flow / "flowedit.json", manifest(other))
    qtbot.waitUntil(lambda: session.flow.entry == "/menu", timeout=WAIT)
    assert session.flow.position("/menu") == (800.0, 120.0)
    assert session.flow.base_url == "https://ivr.example.com/flow/"
    assert session.undo_stack.text(0) == "Reload flowedit.json from disk" and not session.modified
    assert "Reloaded flowedit.json" in window.statusBar().currentMessage()
    assert window.scene.frame_for("/menu").pos().x() == 800.0  # the canvas follows
    # A save with nothing changed leaves their file as they wrote it, their own key included.
    before = (flow / "flowedit.json").read_bytes()
    assert window.file_ops.save()
    assert (flow / "flowedit.json").read_bytes() == before
    session.undo_stack.undo()  # Edit ▸ Undo brings back the settings that were open
    assert session.flow.entry == "/index" and session.flow.position("/menu") == (400.0, 0.0)
    assert session.modified


def test_when_both_changed_the_user_is_asked_and_keep_mine_saves_ours_over_theirs(window, flow, qtbot):
    session, scene = window.session, window.scene
    frame = scene.frame_for("/menu")
    frame.setPos(frame.pos().x() + 100, 0)
    assert scene.commit_moves([frame])
    replace_like_an_editor(flow / "flowedit.json", manifest(theirs(entry="/menu", team="blue")))
    qtbot.waitUntil(lambda: window.watcher.manifest.question is not None, timeout=WAIT)
    assert session.flow.entry == "/index"  # nothing taken before the user says so
    window.watcher.manifest.question.findChild(type(window.watcher.manifest.question.buttons()[0]),
                                               "keepButton").click()
    qtbot.waitUntil(lambda: window.watcher.manifest.question is None, timeout=WAIT)
    assert session.flow.entry == "/index" and session.flow.position("/menu") == (500.0, 0.0)
    assert window.file_ops.save()
    saved = json.loads((flow / "flowedit.json").read_text(encoding="utf-8"))
    assert saved["entry"] == "/index" and saved["layout"]["positions"]["/menu"] == [500.0, 0.0]
    assert saved["team"] == "blue"  # their key kept beside our settings


def test_reload_takes_theirs_and_undo_brings_ours_back(window, flow):
    session, scene = window.session, window.scene
    frame = scene.frame_for("/menu")
    frame.setPos(frame.pos().x() + 100, 0)
    assert scene.commit_moves([frame])
    (flow / "flowedit.json").write_text(manifest(theirs(entry="/menu")), encoding="utf-8")
    watch = window.watcher.manifest
    assert watch.look() is None and watch.question is not None
    watch.answer(True, watch.question)
    assert session.flow.entry == "/menu" and session.flow.position("/menu") == (400.0, 0.0)
    session.undo_stack.undo()
    assert session.flow.entry == "/index" and session.flow.position("/menu") == (500.0, 0.0)


def test_a_broken_file_is_reported_once_kept_and_taken_when_it_reads_again(window, flow):
    session = window.session
    watch = window.watcher.manifest
    (flow / "flowedit.json").write_text('{"entry": "/menu",\n  "layout": }\n', encoding="utf-8")
    said = watch.look()
    assert said is not None and "flowedit.json:2:" in said and "not valid JSON" in said
    assert watch.look() is None  # told once
    assert session.loaded.manifest.unreadable and session.flow.entry == "/index"
    # Save leaves the broken file alone (the user is fixing it) ...
    broken = (flow / "flowedit.json").read_bytes()
    frame = window.scene.frame_for("/menu")
    frame.setPos(frame.pos().x() + 100, 0)
    assert window.scene.commit_moves([frame])
    assert window.file_ops.save()
    assert (flow / "flowedit.json").read_bytes() == broken
    # ... and once it reads again, it is taken.
    (flow / "flowedit.json").write_text(manifest(theirs(entry="/menu")), encoding="utf-8")
    assert "Reloaded" in watch.look()
    assert session.flow.entry == "/menu" and not session.loaded.manifest.unreadable


def test_our_own_save_is_not_taken_for_a_change(window, flow):
    session = window.session
    assert session.edit("Entry", lambda: [(session.flow, session.flow.set_entry("/menu"))])
    assert window.file_ops.save()
    assert window.watcher.manifest.look() is None
    assert session.undo_stack.count() == 1 and not session.modified


def test_a_deleted_file_is_said_and_save_writes_it_again(window, flow):
    (flow / "flowedit.json").unlink()
    said = window.watcher.manifest.look()
    assert said == "flowedit.json was deleted by another program; Save writes it again"
    frame = window.scene.frame_for("/menu")
    frame.setPos(frame.pos().x() + 100, 0)
    assert window.scene.commit_moves([frame])
    assert window.file_ops.save()
    assert json.loads((flow / "flowedit.json").read_text(encoding="utf-8"))["entry"] == "/index"
