"""Hostile and broken files opened in the editor: a located message, the editor keeps running, and
memory stays bounded (an oversized file is refused from its size, before it is read)."""

from __future__ import annotations

import resource

import pytest

pytestmark = pytest.mark.gui


def _laughs() -> bytes:
    text = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    for i in range(1, 10):
        text += f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">\n'
    return (text + "]>\n<Response><Say>&lol9;</Say></Response>\n").encode()


CASES = {
    "billion-laughs.xml": (_laughs(), "DOCTYPE"),
    "deep.xml": (b"<Response>" + b"<Gather>" * 5_000 + b"</Gather>" * 5_000 + b"</Response>", "depth"),
    "deeper.xml": (b"<Response>" + b"<Gather>" * 100_000 + b"</Gather>" * 100_000 + b"</Response>", "30,000 tags"),
    "junk.xml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16, "not a text file"),
    "truncated.xml": (b"<Response>\n  <Dial>\n    <Number>+15551234567</Num", "expected '>'"),
    "many-tags.xml": (b"<Response>" + b"<Pause/>" * 40_000 + b"</Response>", "more than 30,000 tags"),
}


def _messages(window, shown) -> list[str]:
    unread = [str(err) for err in window.session.loaded.errors]  # listed in Findings
    return shown + unread


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_gives_a_located_message_and_the_editor_goes_on(window, tmp_path, monkeypatch, name):
    data, words = CASES[name]
    file = tmp_path / name
    file.write_bytes(data)
    shown = []
    monkeypatch.setattr(window, "_show_error", lambda title, message: shown.append(message))
    window.open_path(file)
    messages = _messages(window, shown)
    assert any(name in m and words.lower() in m.lower() for m in messages), messages
    good = tmp_path / "good.xml"
    good.write_bytes(b"<Response><Say>still here</Say></Response>\n")
    assert window.open_path(good) and not window.session.loaded.errors  # the editor goes on


def test_a_file_far_over_the_limit_is_refused_before_it_is_read(window, tmp_path, monkeypatch):
    file = tmp_path / "huge.xml"
    with file.open("wb") as stream:  # 60 MB, sparse: refused from its size, never read into memory
        stream.truncate(60 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    shown = []
    monkeypatch.setattr(window, "_show_error", lambda title, message: shown.append(message))
    window.open_path(file)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    messages = _messages(window, shown)
    assert any("huge.xml:1:1" in m and "MB" in m for m in messages), messages
    assert grown_kib < 40 * 1024  # far less than the file
