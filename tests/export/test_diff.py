"""The semantic diff (flowedit.export.diff): each kind of edit reported once, formatting never, the CLI.

The corpus tests (../shared/corpus/real, skipped when absent) take every document twice: a re-indented
copy must compare equal, and a copy with one random edit made through the model's edit API must give
exactly one difference, of the expected kind, at the edited element.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from flowedit.cli import main
from flowedit.export.diff import Difference, diff_documents, diff_flows, element_path
from flowedit.export.diff_match import Normalized
from flowedit.io import read_document
from flowedit.io.fmt import formatted_text
from flowedit.model import Document
from flowedit.model.flow import Flow

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
BASE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="alice">Hi</Say>
  <!-- agents -->
  <Dial timeout="20" action="/after">
    <Client>joey</Client>
    <Client>
      <Identity>charlie</Identity>
      <Parameter name="team" value="red"/>
    </Client>
    <Number>+14155550100</Number>
  </Dial>
  <Say>Goodbye</Say>
  <Hangup/>
</Response>
"""


def doc(data: bytes | str, path: str = "/index") -> Document:
    return read_document(data.encode() if isinstance(data, str) else data, path)


def edited(old: str, new: str) -> bytes:
    assert old in BASE.decode(), old
    return BASE.decode().replace(old, new, 1).encode()


def only(differences: list[Difference]) -> Difference:
    assert len(differences) == 1, [d.message for d in differences]
    return differences[0]


# -- each kind of difference ------------------------------------------------------------------------
@pytest.mark.parametrize("old, new, kind, path, attribute, message", [
    ("<Client>joey</Client>", '<Client statusCallbackEvent="answered">joey</Client>', "changed",
     "/Response/Dial/Client[1]", "statusCallbackEvent", "Client joey gained statusCallbackEvent=answered"),
    ('<Say voice="alice">Hi</Say>', "<Say>Hi</Say>", "changed", "/Response/Say[1]", "voice",
     "Say lost voice=alice"),
    ('timeout="20"', 'timeout="30"', "changed", "/Response/Dial", "timeout", "Dial timeout changed 20 → 30"),
    (">Hi<", ">Hello<", "changed", "/Response/Say[1]", "#text", "Say text changed “Hi” → “Hello”"),
    ('value="red"', 'value="blue"', "changed", "/Response/Dial/Client[2]/Parameter", "value",
     "Parameter team value changed red → blue"),
    ("<Identity>charlie</Identity>", "<Identity>charles</Identity>", "changed",
     "/Response/Dial/Client[2]/Identity", "#text", "Identity text changed “charlie” → “charles”"),
    ("<Client>joey</Client>", "<Client>joey</Client><Number>+1 (415) 555-0199</Number>", "added",
     "/Response/Dial/Number[1]", None, "Number +1 (415) 555-0199 added to Dial"),
    ("    <Number>+14155550100</Number>\n", "", "removed", "/Response/Dial/Number", None,
     "Number +14155550100 removed from Dial"),
    ("<Client>joey</Client>", "", "removed", "/Response/Dial/Client[1]", None, "Client joey removed from Dial"),
    ("<Hangup/>", "<Hangup/><Redirect>/next</Redirect>", "added", "/Response/Redirect", None,
     "Redirect /next added to Response"),
])
def test_each_kind_is_reported_once(old, new, kind, path, attribute, message):
    d = only(diff_documents(doc(BASE), doc(edited(old, new))))
    assert (d.kind, d.path, d.attribute, d.message) == (kind, path, attribute, message)
    assert d.document == "/index"
    assert (d.eid_a is None) == (kind == "added") and (d.eid_b is None) == (kind == "removed")


def test_changed_records_carry_old_and_new_values_and_ids():
    a, b = doc(BASE), doc(edited('timeout="20"', 'timeout="30"'))
    d = only(diff_documents(a, b))
    assert (d.old, d.new, d.element) == ("20", "30", "<Dial>")
    assert a.tag(d.eid_a) == b.tag(d.eid_b) == "Dial" and element_path(b, d.eid_b) == d.path


def test_a_moved_element_is_one_move_and_the_others_stay():
    a = doc(BASE)
    b = doc(BASE.replace(b'  <Say voice="alice">Hi</Say>\n', b"").replace(
        b"  <Hangup/>", b'  <Say voice="alice">Hi</Say>\n  <Hangup/>'))
    d = only(diff_documents(a, b))
    assert d.kind == "moved" and d.message == "Say moved from position 1 to 3 in Response"
    assert (d.old, d.new) == ("/Response/Say[1]", "/Response/Say[2]")


def test_reordered_dial_targets_are_one_move():
    b = edited("<Client>joey</Client>", "").replace(b"<Number>", b"<Client>joey</Client><Number>")
    d = only(diff_documents(doc(BASE), doc(b)))
    assert d.kind == "moved" and d.element == "<Client joey>"


def test_a_subtree_moved_to_another_parent_is_one_move():
    b = edited("<Client>joey</Client>", "").replace(b"<Hangup/>", b"<Hangup/><Client>joey</Client>")
    d = only(diff_documents(doc(BASE), doc(b)))
    assert d.kind == "moved" and d.message == "Client joey moved from Dial to Response"


def test_an_insertion_in_the_middle_is_one_addition():
    b = edited("<Say>Goodbye</Say>", "<Say>Please hold</Say><Pause length=\"2\"/><Say>Goodbye</Say>")
    differences = diff_documents(doc(BASE), doc(b))
    assert [d.kind for d in differences] == ["added", "added"]
    assert {d.element for d in differences} == {"<Say>", "<Pause>"}


def test_an_added_subtree_is_one_record_at_its_root():
    b = edited("<Hangup/>", "<Gather action='/menu'><Say>Press 1</Say><Play>a.mp3</Play></Gather><Hangup/>")
    d = only(diff_documents(doc(BASE), doc(b)))
    assert d.kind == "added" and d.path == "/Response/Gather"
    assert d.new == '<Gather action="/menu"><Say>Press 1</Say><Play>a.mp3</Play></Gather>'


def test_a_client_identity_change_is_one_change():
    d = only(diff_documents(doc(BASE), doc(edited("<Client>joey</Client>", "<Client>joe</Client>"))))
    assert (d.kind, d.attribute, d.old, d.new) == ("changed", "#text", "joey", "joe")


def test_keyed_targets_pair_across_positions():
    a = doc("<Response><Dial><Number>+1 415 555 0100</Number><Client>a</Client></Dial></Response>")
    b = doc("<Response><Dial><Client>a</Client><Number url='/screen'>+14155550100</Number></Dial></Response>")
    kinds = sorted((d.kind, d.attribute) for d in diff_documents(a, b))
    assert kinds == [("changed", "#text"), ("changed", "url"), ("moved", None)]


def test_root_tag_change():
    d = only(diff_documents(doc("<Response/>"), doc("<Respons/>")))
    assert d.kind == "changed" and d.message == "root element changed <Response> → <Respons>"


# -- formatting is not meaning ------------------------------------------------------------------------
@pytest.mark.parametrize("variant", [
    BASE.replace(b"\n", b"\r\n"),
    BASE.replace(b"  ", b"\t"),
    BASE.replace(b'timeout="20" action="/after"', b"action='/after'\n      timeout='20'"),
    BASE.replace(b'<?xml version="1.0" encoding="UTF-8"?>\n', b"").replace(b"<!-- agents -->", b""),
    BASE.replace(b'<?xml version="1.0" encoding="UTF-8"?>', b"<?xml version='1.0' encoding='ISO-8859-1'?>"),
    BASE.replace(b"<Hangup/>", b"<Hangup></Hangup>").replace(b">Hi<", b"><![CDATA[Hi]]><"),
    BASE.replace(b"<Say>Goodbye</Say>", b"<Say>\n    Goodbye\n  </Say>"),
    b"".join(line.strip() for line in BASE.splitlines()),
], ids=["crlf", "tabs", "attribute-order-and-quotes", "no-declaration-no-comment", "encoding", "cdata-empty",
        "text-wrapped", "one-line"])
def test_reformatting_is_no_difference(variant):
    assert diff_documents(doc(BASE), doc(variant)) == []


def test_fmt_output_is_no_difference():
    original = doc(b"<Response><Say>Hi\n  there</Say><Dial><Client>x</Client></Dial></Response>")
    assert diff_documents(original, doc(formatted_text(original))) == []


def test_inner_whitespace_of_say_collapses_but_words_count():
    a = doc("<Response><Say>Hello   big\n world</Say></Response>")
    assert diff_documents(a, doc("<Response><Say>Hello big world</Say></Response>")) == []
    assert only(diff_documents(a, doc("<Response><Say>Hello world</Say></Response>"))).attribute == "#text"


def test_ssml_break_moving_between_words_is_one_move():
    a = doc("<Response><Say>One <break/> two <emphasis>three</emphasis></Say></Response>")
    b = doc("<Response><Say>One two <emphasis>three</emphasis><break/></Say></Response>")
    assert only(diff_documents(a, b)).kind == "moved"


# -- flows -----------------------------------------------------------------------------------------------
def flow(**docs: str) -> Flow:
    return Flow([doc(text, "/" + name) for name, text in docs.items()], entry="/index")


def test_flow_documents_added_removed_and_changed():
    a = flow(index="<Response><Redirect>/menu</Redirect></Response>", menu="<Response><Hangup/></Response>",
             old="<Response><Reject/></Response>")
    b = flow(index="<Response><Redirect>/menu</Redirect></Response>", menu="<Response><Hangup/><Say>x</Say></Response>",
             new="<Response><Say>new</Say></Response>")
    found = [(d.kind, d.document, d.message) for d in diff_flows(a, b)]
    assert found == [("added", "/menu", "Say added to Response"), ("added", "/new", "document /new added"),
                     ("removed", "/old", "document /old removed")]


def test_renamed_document_with_the_same_meaning_is_one_move():
    a = flow(index="<Response><Redirect>/a</Redirect></Response>", a="<Response><Hangup/></Response>")
    b = flow(index="<Response><Redirect>/b</Redirect></Response>", b="<Response>\n  <Hangup/>\n</Response>")
    found = [(d.kind, d.document, d.message) for d in diff_flows(a, b)]
    assert found == [("moved", "/b", "document /a renamed to /b"),
                     ("changed", "/index", "Redirect text changed “/a” → “/b”")]


def test_flow_settings_and_layout():
    a = flow(index="<Response/>")
    b = flow(index="<Response/>")
    b.layout = {"positions": {"/index": [10, 20]}}
    assert diff_flows(a, b) == []
    b.base_url = "https://example.com/voice/"
    assert only(diff_flows(a, b)).attribute == "base_url"


# -- the corpus ------------------------------------------------------------------------------------------
def _corpus() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.xml") if p.is_file())


def _load(name: str) -> Document | None:
    try:
        return read_document((CORPUS / name).read_bytes(), "/doc", file=name)
    except Exception:  # the corpus keeps one malformed file on purpose
        return None


CORPUS_FILES = _corpus()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_FILES, reason=f"the corpus is not at {CORPUS}")
def test_corpus_reformatted_copies_are_equal():
    compared = 0
    for name in CORPUS_FILES:
        original = _load(name)
        if original is None:
            continue
        assert diff_documents(original, doc(formatted_text(original), "/doc")) == [], name
        compared += 1
    assert compared >= 200


def _elements(d: Document) -> list[int]:
    return [e for e in d.iter_ids() if d.kind(e) == "element"]


def _blank_tail(d: Document, eid: int) -> bool:
    return not (d.node(eid).tail or "").strip()


def _random_edit(b: Document, rng: random.Random, mark: str):
    """Make one edit on `b`; returns (op, kind, eid in b or None, eid of b's copy in A or None, attribute)."""
    root = b.root_id
    inner = [e for e in _elements(b) if e != root]
    with_attrs = [e for e in _elements(b) if b.attributes(e)]
    leaves = [e for e in inner if not b.child_elements(e)]
    removable = [e for e in inner if _blank_tail(b, e)]
    norm = Normalized(b)
    movable = [p for p in _elements(b) if len({norm.canon(c) for c in b.child_elements(p)}) > 1
               and any(_blank_tail(b, c) for c in b.child_elements(p))]
    ops = ["gain", "insert"] + ["change", "lose"] * bool(with_attrs) + ["text"] * bool(leaves) \
        + ["remove"] * bool(removable) + ["move"] * bool(movable)
    op = rng.choice(ops)
    if op == "gain":
        e = rng.choice(_elements(b))
        b.set_attribute(e, "flowEditMark", mark)
        return op, "changed", e, "flowEditMark"
    if op in ("change", "lose"):
        e = rng.choice(with_attrs)
        name, value = rng.choice(b.attributes(e))
        b.set_attribute(e, name, value + "-" + mark) if op == "change" else b.remove_attribute(e, name)
        return op, "changed", e, name
    if op == "text":
        e = rng.choice(leaves)
        b.set_text(e, (b.text(e) or "").strip() + " " + mark)
        return op, "changed", e, "#text"
    if op == "insert":
        parent = rng.choice(_elements(b))
        inserted = b.insert_element(parent, rng.randint(0, len(b.children(parent))), "Pause",
                                    [("flowEditMark", mark)])
        return op, "added", inserted.eid, None
    if op == "remove":
        e = rng.choice(removable)
        b.remove_node(e)
        return op, "removed", e, None
    parent = rng.choice(movable)
    children = b.child_elements(parent)
    moving = rng.choice([c for c in children if _blank_tail(b, c)])
    others = [c for c in children if c != moving]
    target = rng.choice([q for q in range(len(children)) if q != children.index(moving)])
    nodes = [c for c in b.children(parent) if c != moving]
    b.move_node(moving, parent, nodes.index(others[target]) if target < len(others) else len(nodes))
    return op, "moved", moving, None


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_FILES, reason=f"the corpus is not at {CORPUS}")
def test_corpus_one_random_edit_is_one_difference():
    done: dict[str, int] = {}
    for name in CORPUS_FILES:
        a, b = _load(name), _load(name)
        if a is None:
            continue
        to_a = dict(zip(b.iter_ids(), a.iter_ids()))
        rng = random.Random(zlib.crc32(name.encode()))
        op, kind, eid, attribute = _random_edit(b, rng, f"m{rng.randint(1000, 9999)}")
        differences = diff_documents(a, b)
        d = only(differences) if len(differences) == 1 else pytest.fail(
            f"{name}: {op} gave {[x.message for x in differences]}")
        assert (d.kind, d.attribute) == (kind, attribute), (name, op, d)
        if kind == "removed":
            # identical siblings are interchangeable: any one of them is the right answer
            assert Normalized(a).canon(d.eid_a) == Normalized(a).canon(to_a[eid]), (name, op, d)
        elif kind == "moved":
            nb = Normalized(b)
            siblings = b.child_elements(b.parent(eid))
            position = siblings.index(eid)
            neighbours = {nb.canon(s) for s in siblings[max(position - 1, 0):position + 2]}
            assert d.eid_b == eid or nb.canon(d.eid_b) in neighbours, (name, op, d)  # a swap names either
        else:
            assert d.eid_b == eid, (name, op, d)
        done[op] = done.get(op, 0) + 1
    assert sum(done.values()) >= 200 and len(done) == 7, done


# -- the command line -------------------------------------------------------------------------------------
def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["diff", *map(str, argv)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_cli_files_text(tmp_path, capsys):
    a = write(tmp_path / "a.xml", BASE)
    b = write(tmp_path / "b.xml", edited('timeout="20"', 'timeout="30"'))
    code, out, err = run(capsys, a, b)
    assert code == 1
    assert out.splitlines() == [f"{b}: Dial timeout changed 20 → 30  (/Response/Dial)"]
    assert err.strip() == "1 difference (1 changed)"


def test_cli_equal_in_meaning_exits_0(tmp_path, capsys):
    a = write(tmp_path / "a.xml", BASE)
    b = write(tmp_path / "b.xml", BASE.replace(b"\n", b"\r\n"))
    assert run(capsys, a, b) == (0, "", "no differences in meaning\n")


def test_cli_json(tmp_path, capsys):
    a = write(tmp_path / "a.xml", BASE)
    b = write(tmp_path / "b.xml", edited("<Client>joey</Client>", ""))
    code, out, _ = run(capsys, a, b, "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["equal"] is False
    assert report["differences"] == [{
        "kind": "removed", "document": "/b", "path": "/Response/Dial/Client[1]", "element": "<Client joey>",
        "attribute": None, "old": "<Client>joey</Client>", "new": None,
        "message": "Client joey removed from Dial", "file": str(b)}]
    code, out, _ = run(capsys, a, a, "--format", "json")
    assert code == 0 and json.loads(out) == {"equal": True, "differences": []}


def test_cli_folders(tmp_path, capsys):
    write(tmp_path / "A/index.xml", BASE)
    write(tmp_path / "A/gone.xml", b"<Response><Reject/></Response>")
    write(tmp_path / "B/index.xml", edited("<Hangup/>", "<Redirect>/more</Redirect>"))
    write(tmp_path / "B/more.xml", b"<Response><Say>More</Say></Response>")
    write(tmp_path / "B/flowedit.json", b'{"layout": {"positions": {"/index": [1, 2]}}}')
    code, out, _ = run(capsys, tmp_path / "A", tmp_path / "B")
    assert code == 1
    b = tmp_path / "B"
    assert out.splitlines() == [
        f"{tmp_path / 'A' / 'gone.xml'}: document /gone removed",
        f"{b / 'index.xml'}: Hangup removed from Response  (/Response/Hangup)",
        f"{b / 'index.xml'}: Redirect /more added to Response  (/Response/Redirect)",
        f"{b / 'more.xml'}: document /more added"]


@pytest.mark.parametrize("make, message", [
    (lambda t: (write(t / "a.xml", BASE), t / "missing.xml"), "no such file or folder"),
    (lambda t: (write(t / "A/index.xml", BASE).parent, write(t / "b.xml", BASE)), "not a folder with a file"),
])
def test_cli_usage_errors_exit_2(tmp_path, capsys, make, message):
    code, out, err = run(capsys, *make(tmp_path))
    assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1


def test_cli_unreadable_document_exits_2(tmp_path, capsys):
    a = write(tmp_path / "a.xml", BASE)
    b = write(tmp_path / "b.xml", b"<Response>\n  <Say>unclosed\n</Response>\n")
    code, out, err = run(capsys, a, b)
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"{b}:3:")
    assert "cannot compare" in err.splitlines()[1]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_difftool(tmp_path):
    """The recipe in the README: git difftool -t flowedit, with --trust-exit-code."""
    bindir = Path(sys.executable).parent
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*argv, check=True):
        return subprocess.run(["git", *argv], cwd=tmp_path, env=env, capture_output=True, text=True, check=check)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("config", "difftool.flowedit.cmd", 'flowedit diff "$LOCAL" "$REMOTE"')
    write(tmp_path / "flow.xml", BASE)
    git("add", "flow.xml")
    git("commit", "-qm", "one")
    write(tmp_path / "flow.xml", BASE.replace(b"\n", b"\r\n").replace(b">Hi<", b">Hello<"))
    result = git("difftool", "-y", "-t", "flowedit", "--", "flow.xml")
    assert result.stdout.strip() == "flow.xml: Say text changed “Hi” → “Hello”  (/Response/Say[1])"
    # with --trust-exit-code git stops at the first file that differs and fails
    assert git("difftool", "-y", "--trust-exit-code", "-t", "flowedit", check=False).returncode != 0
    write(tmp_path / "flow.xml", BASE.replace(b"\n", b"\r\n"))  # formatting only
    assert git("difftool", "-y", "--trust-exit-code", "-t", "flowedit", check=False).returncode == 0
