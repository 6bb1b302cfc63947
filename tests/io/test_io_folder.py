"""Flow folders and single files: entry, manifest, sidecar, duplicates, hidden folders, writing back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowedit.io import ReadError, document_bytes
from flowedit.io.folder import MANIFEST, load_flow, manifest_bytes, sidecar_for, write_flow
from flowedit.model import Document

INDEX = b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Gather action="menu"><Say>Hi</Say></Gather>\n</Response>\n'
MENU = b"<Response>\r\n  <Redirect>sub/screen.xml</Redirect>\r\n</Response>"
SCREEN = b"<Response><Say>screening</Say></Response>\n"


def make_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


@pytest.fixture
def folder(tmp_path) -> Path:
    return make_folder(tmp_path / "flow", {"index.xml": INDEX, "menu.twiml": MENU, "sub/screen.xml": SCREEN})


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_folder_paths_entry_and_byte_identical_write(folder, tmp_path):
    loaded = load_flow(folder)
    assert loaded.errors == [] and not loaded.single_file
    flow = loaded.flow
    assert sorted(flow.documents) == ["/index", "/menu", "/sub/screen"]
    assert flow.entry == "/index"
    assert flow.document("/menu").filename == "menu.twiml" and flow.document("/menu").suffix == ".twiml"
    assert flow.document("/sub/screen").filename == "sub/screen.xml"
    assert {l.target for l in flow.links()} == {"/menu", "/sub/screen"}
    written = write_flow(loaded, tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "index.xml", "menu.twiml", "sub/screen.xml"]  # no manifest needed: index.xml is the entry
    assert tree(tmp_path / "out") == tree(folder)


def test_folder_without_index_has_no_entry_unless_single(tmp_path):
    two = make_folder(tmp_path / "two", {"a.xml": SCREEN, "b.xml": SCREEN})
    assert load_flow(two).flow.entry is None
    one = make_folder(tmp_path / "one", {"only.xml": SCREEN})
    assert load_flow(one).flow.entry == "/only"


def test_manifest_entry_base_url_layout_and_unknown_keys(folder, tmp_path):
    manifest = (b'{\n  "entry": "/menu",\n  "base_url": "https://example.com/ivr/",\n'
                b'  "layout": {"/index": {"x": 1, "y": 2}},\n  "team": {"owner": "ops"},\n  "flowedit": 1\n}')
    (folder / MANIFEST).write_bytes(manifest)
    loaded = load_flow(folder)
    assert loaded.errors == []
    flow = loaded.flow
    assert flow.entry == "/menu" and flow.base_url == "https://example.com/ivr/"
    assert flow.layout == {"/index": {"x": 1, "y": 2}}
    assert loaded.manifest.extra == {"team": {"owner": "ops"}}
    assert manifest_bytes(loaded, single_file=False) == manifest  # unchanged: byte for byte
    write_flow(loaded, tmp_path / "out")
    assert (tmp_path / "out" / MANIFEST).read_bytes() == manifest
    flow.set_entry("/index")
    flow.layout["/menu"] = {"x": 3, "y": 4}
    written = json.loads(manifest_bytes(loaded, single_file=False))
    assert written["entry"] == "/index" and written["team"] == {"owner": "ops"}  # unknown key kept
    assert written["layout"]["/menu"] == {"x": 3, "y": 4} and written["base_url"] == "https://example.com/ivr/"


def test_moved_frames_are_saved_when_the_manifest_already_held_positions(folder, tmp_path):
    """Regression: the flow's layout was the very dict read from the manifest, so moving a frame
    changed the manifest "as read" too, a save found nothing changed and wrote the old file back."""
    manifest = b'{"layout": {"positions": {"/index": [0, 0], "/menu": [400, 0]}}}\n'
    (folder / MANIFEST).write_bytes(manifest)
    loaded = load_flow(folder)
    loaded.flow.set_position("/menu", (500, 20))
    written = json.loads(manifest_bytes(loaded, single_file=False))
    assert written["layout"]["positions"] == {"/index": [0, 0], "/menu": [500.0, 20.0]}
    assert loaded.manifest.parsed == json.loads(manifest)  # as read, still
    write_flow(loaded, tmp_path / "out")
    assert json.loads((tmp_path / "out" / MANIFEST).read_bytes())["layout"]["positions"]["/menu"] == [500.0, 20.0]
    file = tmp_path / "lone.xml"
    file.write_bytes(MENU)
    sidecar_for(file).write_bytes(b'{"layout": {"positions": {"/lone": [1, 2]}}}')
    single = load_flow(file)
    single.flow.set_position("/lone", (7, 8))
    assert json.loads(manifest_bytes(single, single_file=True))["layout"]["positions"] == {"/lone": [7.0, 8.0]}


def test_manifest_equal_content_other_spelling_is_kept(folder):
    manifest = b'{"base_url":"https://example.com/"}'
    (folder / MANIFEST).write_bytes(manifest)
    loaded = load_flow(folder)
    assert manifest_bytes(loaded, single_file=False) == manifest


def test_manifest_written_when_entry_is_not_implied(folder):
    loaded = load_flow(folder)
    assert manifest_bytes(loaded, single_file=False) is None
    loaded.flow.set_entry("/menu")
    assert json.loads(manifest_bytes(loaded, single_file=False)) == {"flowedit": 1, "entry": "/menu"}


def test_base_url_makes_absolute_links_internal(folder):
    (folder / "index.xml").write_bytes(b'<Response><Redirect>https://example.com/ivr/menu.twiml</Redirect></Response>')
    (folder / MANIFEST).write_text('{"base_url": "https://example.com/ivr"}')
    [link] = load_flow(folder).flow.links_from("/index")
    assert link.target == "/menu" and link.kind.value == "internal"


@pytest.mark.parametrize(
    "text, line, column",
    [
        ('{\n  "entry": "/index",\n  "layout": {,}\n}', 3, 14),
        ("{\n  'entry': 1\n}", 2, 3),
        ('{"entry": "/index"', 1, 19),
    ],
)
def test_invalid_json_manifest_is_a_located_error(folder, text, line, column):
    (folder / MANIFEST).write_text(text)
    loaded = load_flow(folder)
    [error] = loaded.errors
    assert isinstance(error, ReadError)
    assert error.file == str(folder / MANIFEST)
    assert (error.line, error.column) == (line, column)
    assert "JSON" in error.message
    assert sorted(loaded.flow.documents) == ["/index", "/menu", "/sub/screen"]  # documents still load


@pytest.mark.parametrize(
    "text, words",
    [
        ("[1, 2]", "JSON object"),
        ('{\n  "base_url": 5\n}', "base_url"),
        ('{\n\n  "layout": []\n}', "layout"),
        (b"\xff\xfe{}", "UTF-8"),
    ],
)
def test_bad_manifest_values(folder, text, words):
    (folder / MANIFEST).write_bytes(text if isinstance(text, bytes) else text.encode())
    [error] = load_flow(folder).errors
    assert words in error.message and error.line >= 1 and error.column >= 1
    if "base_url" in words:
        assert (error.line, error.column) == (2, 3)
    if "layout" in words:
        assert error.line == 3


def test_duplicate_path_is_an_error(tmp_path):
    folder = make_folder(tmp_path / "dup", {"a.xml": SCREEN, "a.twiml": INDEX, "b.xml": SCREEN})
    loaded = load_flow(folder)
    assert sorted(loaded.flow.documents) == ["/a", "/b"]
    [error] = loaded.errors
    assert "/a" in error.message and (error.line, error.column) == (1, 1)
    assert {Path(error.file).name, loaded.flow.document("/a").filename} == {"a.xml", "a.twiml"}


def test_hidden_dirs_and_files_are_skipped(tmp_path):
    folder = make_folder(tmp_path / "h", {
        "index.xml": SCREEN, ".git/x.xml": b"not xml", ".hidden.xml": b"not xml", "sub/.cache/y.xml": b"<",
        "notes.txt": b"x", "index.xml.flowedit.json": b"{}", "sub/ok.xml": SCREEN,
    })
    loaded = load_flow(folder)
    assert loaded.errors == []
    assert sorted(loaded.flow.documents) == ["/index", "/sub/ok"]


def test_bad_file_names_and_malformed_files_are_reported_others_load(tmp_path):
    folder = make_folder(tmp_path / "m", {"index.xml": SCREEN, "bad name.xml": SCREEN,
                                          "broken.xml": b"<Response>\n  <Say>\n</Response>"})
    loaded = load_flow(folder)
    assert sorted(loaded.flow.documents) == ["/index"]
    messages = sorted(str(e) for e in loaded.errors)
    assert len(messages) == 2
    assert any("bad name.xml:1:1: error:" in m for m in messages)
    assert any("broken.xml:3:" in m for m in messages)


def test_single_file_with_sidecar(tmp_path):
    file = tmp_path / "call flow.xml"
    file.write_bytes(MENU)
    sidecar = sidecar_for(file)
    assert sidecar.name == "call flow.xml.flowedit.json"
    sidecar_data = b'{"base_url": "https://example.com/", "layout": {"/call-flow": [1, 2]}, "x": true}\n'
    sidecar.write_bytes(sidecar_data)
    loaded = load_flow(file)
    assert loaded.single_file and loaded.errors == []
    flow = loaded.flow
    assert list(flow.documents) == ["/call-flow"] and flow.entry == "/call-flow"
    assert flow.document("/call-flow").filename == "call flow.xml"
    assert flow.base_url == "https://example.com/" and flow.layout == {"/call-flow": [1, 2]}
    out = tmp_path / "out"
    out.mkdir()
    written = write_flow(loaded, out)
    assert [p.name for p in written] == ["call flow.xml", "call flow.xml.flowedit.json"]
    assert (out / "call flow.xml").read_bytes() == MENU
    assert (out / "call flow.xml.flowedit.json").read_bytes() == sidecar_data
    target = tmp_path / "renamed.xml"
    write_flow(loaded, target)
    assert target.read_bytes() == MENU and sidecar_for(target).read_bytes() == sidecar_data


def test_single_file_without_sidecar_writes_none(tmp_path):
    file = tmp_path / "one.twiml"
    file.write_bytes(SCREEN)
    loaded = load_flow(file)
    out = tmp_path / "copy.twiml"
    assert write_flow(loaded, out) == [out]
    assert out.read_bytes() == SCREEN and not sidecar_for(out).exists()
    loaded.flow.layout["/one"] = {"x": 1}
    write_flow(loaded, out)
    assert json.loads(sidecar_for(out).read_text()) == {"flowedit": 1, "layout": {"/one": {"x": 1}}}


def test_single_malformed_file_reports_and_writes_nothing(tmp_path):
    file = tmp_path / "bad.xml"
    file.write_bytes(b"<Response>")
    loaded = load_flow(file)
    assert len(loaded.errors) == 1 and loaded.flow.documents == {}
    assert write_flow(loaded, tmp_path / "out.xml") == []


def test_edited_flow_written_back_changes_only_the_edited_file(folder, tmp_path):
    loaded = load_flow(folder)
    menu = loaded.flow.document("/menu")
    redirect = menu.child_elements(menu.root_id)[0]
    menu.set_text(redirect, "sub/other.xml")
    new = Document.new("/added")
    loaded.flow.add_document(new)
    write_flow(loaded, folder)
    files = tree(folder)
    assert files["index.xml"] == INDEX and files["sub/screen.xml"] == SCREEN
    assert files["menu.twiml"] == MENU.replace(b"sub/screen.xml", b"sub/other.xml")
    assert files["added.xml"] == document_bytes(new)
    assert not [p for p in folder.rglob("*.tmp")]  # atomic writes leave no temporaries


def test_an_unreadable_manifest_is_reported_and_never_written_over(folder, tmp_path):
    broken = b'{"entry": "/menu",\n  "layout": {oops}\n}\n'
    (folder / MANIFEST).write_bytes(broken)
    loaded = load_flow(folder)
    (error,) = loaded.errors
    assert error.file.endswith(MANIFEST) and error.line == 2
    loaded.flow.set_base_url("https://example.com/")  # a setting changed after the failed read
    assert manifest_bytes(loaded, single_file=False) is None
    write_flow(loaded, folder)  # saving in place keeps the user's broken file for them to fix
    assert (folder / MANIFEST).read_bytes() == broken


def test_single_file_flag_is_fixed_when_read(folder, tmp_path):
    loaded = load_flow(folder)
    moved = tmp_path / "moved"
    folder.rename(moved)  # the folder is gone from its old place: still a folder flow
    assert not loaded.single_file
    written = write_flow(loaded, tmp_path / "out")
    assert {p.name for p in written} >= {"index.xml", "menu.twiml", "screen.xml"}


@pytest.mark.parametrize("name, path", [("..xml", "/document"), ("my menu.xml", "/my-menu"),
                                        ("menü.xml", "/men"), ("a.b.xml", "/a-b")])
def test_a_single_file_always_gets_a_valid_url_path(tmp_path, name, path):
    file = tmp_path / name
    file.write_bytes(SCREEN)
    loaded = load_flow(file)
    assert loaded.errors == [] and list(loaded.flow.documents) == [path]
    assert loaded.flow.entry == path
