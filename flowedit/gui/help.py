"""The Help menu's content: the About dialog (versions and licences) and Twilio's reference page of
the selected element.

The licences are read from the installed packages' metadata where they state one, so the dialog says
what is actually bundled; the fallbacks are the licences those projects publish. Reference pages are
Twilio's TwiML Voice documentation, one page per verb and per Dial noun (twiml-reference.md §10);
elements without a page of their own open the page of the element they belong to.
"""

from __future__ import annotations

import html
from importlib.metadata import PackageNotFoundError, metadata

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from flowedit import __version__

DOCS = "https://www.twilio.com/docs/voice/twiml"
# Elements documented on another element's page (the rest have a page at DOCS/<name in lower case>).
_PAGE_OF = {
    "Response": "", "Identity": "client", "Parameter": "client", "Uri": "sip", "Headers": "sip", "Header": "sip",
    "Application": "dial/application", "ApplicationSid": "dial/application", "Task": "enqueue",
    "Prompt": "pay", "Config": "connect/virtualagent", "VirtualAgent": "connect/virtualagent",
    "ConversationRelay": "connect/conversationrelay", "Language": "connect/conversationrelay",
    "Conversation": "connect/conversation", "Room": "connect/room", "Autopilot": "connect",
    "Assistant": "connect", "AiSession": "connect", "ConversationRelaySession": "connect",
    "Recording": "start", "Sms": "sms",
}
_SSML = "say/text-speech"

# (distribution, shown name, licence when its metadata states none, home page)
_COMPONENTS = (
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
     "https://www.qt.io/qt-for-python"),
    ("lxml", "lxml", "BSD-3-Clause", "https://lxml.de"),
    ("networkx", "NetworkX", "BSD-3-Clause", "https://networkx.org"),
    ("grandalf", "grandalf (graph layout)", "GPL-2.0 OR EPL-1.0", "https://github.com/bdcht/grandalf"),
)


def reference_url(element: str | None) -> str:
    """Twilio's documentation page of TwiML element `element` (the TwiML overview for None/unknown)."""
    if not element:
        return DOCS
    from flowedit import twiml

    spec = twiml.element(element)
    if spec is None:
        return DOCS
    if element in twiml.SSML_ELEMENTS:
        return f"{DOCS}/{_SSML}"
    page = _PAGE_OF.get(element, element.lower())
    return f"{DOCS}/{page}" if page else DOCS


def selected_element(session) -> str | None:
    """The name of the element selected in the editor (the first one), or None."""
    for ref in session.selection:
        if ref.eid is not None and ref.document.kind(ref.eid) == "element":
            return ref.document.tag(ref.eid)
    return None


def open_reference(session) -> str:
    """Open the reference page of the selected element in the browser; returns its URL."""
    url = reference_url(selected_element(session))
    QDesktopServices.openUrl(QUrl(url))
    return url


def _licence(distribution: str, fallback: str) -> tuple[str, str]:
    """(version, licence) of an installed distribution, from its metadata when it states them."""
    try:
        data = metadata(distribution)
    except PackageNotFoundError:
        return "not installed", fallback
    stated = data.get("License-Expression") or data.get("License") or ""
    return data.get("Version", "?"), stated if stated and len(stated) < 80 else fallback


def components() -> list[tuple[str, str, str, str]]:
    """(name, version, licence, home page) of flowedit and every bundled component."""
    from lxml import etree

    rows = [("flowedit", __version__, "MIT", ""),  # no public home page yet: not linked
            ("Qt", qVersion(), "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", "https://www.qt.io")]
    for distribution, name, fallback, home in _COMPONENTS:
        version, licence = _licence(distribution, fallback)
        rows.append((name, version, licence, home))
    rows.append(("libxml2 / libxslt (in lxml)", ".".join(map(str, etree.LIBXML_VERSION)) + " / "
                 + ".".join(map(str, etree.LIBXSLT_VERSION)), "MIT", "https://gitlab.gnome.org/GNOME/libxml2"))
    return rows


def _linked(name: str, home: str) -> str:
    return f"<a href='{html.escape(home)}'>{html.escape(name)}</a>" if home else html.escape(name)


class AboutDialog(QDialog):
    """Help ▸ About flowedit: what it is, its version, and the licences of what it is built with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About flowedit")
        self.setObjectName("aboutDialog")
        rows = "".join(
            f"<tr><td>{_linked(name, home)}</td><td>{html.escape(version)}</td>"
            f"<td>{html.escape(licence)}</td></tr>" for name, version, licence, home in components())
        text = QLabel(
            f"<h3>flowedit {html.escape(__version__)}</h3>"
            "<p>A desktop editor for Twilio Voice call flows: draw them, check them against Twilio's "
            "rules, simulate calls, and read and write the TwiML itself.</p>"
            "<p>flowedit is free software under the MIT licence. It is built with:</p>"
            f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>Component</th>"
            f"<th align='left'>Version</th><th align='left'>Licence</th></tr>{rows}</table>"
            "<p>Qt and PySide6 are used under the LGPL version 3: you may replace them with versions of "
            "your own (in a bundle, the Qt and PySide6 libraries in its folder).</p>", self)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setOpenExternalLinks(True)
        text.setWordWrap(True)
        text.setObjectName("aboutText")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.text = text
