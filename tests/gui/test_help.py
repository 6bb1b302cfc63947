"""The Help menu: About with versions and licences, and Twilio's reference page of the selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from flowedit import __version__, twiml
from flowedit.gui import assets
from flowedit.gui.help import DOCS, components, reference_url
from flowedit.gui.session import Ref

pytestmark = pytest.mark.gui


def test_every_element_has_a_reference_page_under_twilios_twiml_docs():
    for name in twiml.ELEMENTS:
        url = reference_url(name)
        assert url.startswith(DOCS) and " " not in url
    assert reference_url("Dial") == f"{DOCS}/dial"
    assert reference_url("Client") == f"{DOCS}/client"
    assert reference_url("Parameter") == f"{DOCS}/client"  # documented with <Client>
    assert reference_url("prosody") == f"{DOCS}/say/text-speech"
    assert reference_url("Bogus") == DOCS and reference_url(None) == DOCS


def test_the_reference_action_opens_the_page_of_the_selected_element(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window.open_path(assets.example_flow(), remember=False)
    doc = next(iter(window.session.flow.documents.values()))
    first = doc.child_elements(doc.root_id)[0]
    window.session.select(Ref(doc, first))
    window.commands["reference"].trigger()
    assert opened == [f"{DOCS}/{doc.tag(first).lower()}"]
    window.session.select(None)
    window.commands["reference"].trigger()
    assert opened[-1] == DOCS
    assert isinstance(QUrl(opened[0]), QUrl)


def test_about_names_the_version_and_every_bundled_component_with_its_licence(window):
    dialog = window.about()
    text = dialog.text.text()
    assert f"flowedit {__version__}" in text
    for name, version, licence, _home in components():
        assert name in text and licence in text
    names = [row[0] for row in components()]
    assert {"Qt", "Qt for Python (PySide6)", "lxml", "NetworkX", "grandalf (graph layout)"} <= set(names)
    assert "LGPL" in text and "MIT" in text
    dialog.grab()  # it lays out and paints
    dialog.close()


def test_the_help_menu_lists_shortcuts_reference_and_about(window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    texts = [a.text().replace("&", "") for a in menus["Help"].actions() if a.text()]
    assert texts[:2] == ["Keyboard Shortcuts", "TwiML Reference for the Selection"]
    assert "About flowedit" in texts
