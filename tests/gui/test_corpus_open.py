"""Every real TwiML document opens in the editor, as a user opens a file: a frame on the canvas, its
text in the XML pane, findings listed, and no exception; the one malformed file is reported, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowedit.io.writer import document_text

pytestmark = [pytest.mark.gui, pytest.mark.corpus]
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
MALFORMED = {"api-snippets-history/sip-3-at-db0affa.xml"}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_every_corpus_file_opens_in_the_editor(window, qtbot):
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    files = sorted(CORPUS.rglob("*.xml"))
    assert len(files) > 200
    for file in files:
        name = file.relative_to(CORPUS).as_posix()
        assert window.open_path(file, remember=False), name
        session = window.session
        if name in MALFORMED:
            assert session.flow.documents == {} and session.loaded.errors, name
            continue
        (doc,) = session.flow.documents.values()
        assert len(window.scene.frames()) == 1, name
        # the pane shows line breaks as lines; a CRLF file keeps its CRLF when saved
        assert window.xml_pane.text() == document_text(doc).replace("\r\n", "\n"), name
        assert not [f for f in session.findings if f.rule == "internal-error"], name
