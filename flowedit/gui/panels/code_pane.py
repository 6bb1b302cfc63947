"""The Code dock: the current document, or the selection, as Twilio helper-library code (read-only).

A header names what the code covers, a combo picks Python or Node.js (remembered in the settings),
and Copy puts the text on the clipboard. The text comes from `codegen.code_for`, the same function
behind Edit ▸ Copy as Python/Node.js, so the dock and the menu never disagree. It follows the
session after a short pause (a single-shot timer, so typing in the inspector or dragging does not
regenerate on every step), and only while the dock is showing (`set_shown`, fed by the dock's
`visibilityChanged`, which also tells when its tab goes behind another): a hidden pane notes that
it is out of date and catches up when shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.code_highlighter import CodeHighlighter
from flowedit.gui.codegen import LANGUAGES, code_for
from flowedit.gui.session import FlowSession
from flowedit.gui.timers import coalescing_timer

DELAY_MS = 150
LANGUAGE_KEY = "code/language"


class CodePane(QWidget):
    """Generated helper-library code for the current document or selection (see the module docstring)."""

    def __init__(self, session: FlowSession, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codePane")
        self.session = session
        self.settings = settings
        self._dirty = True
        self.shown = True  # until the dock says otherwise

        self.header = QLabel()
        self.header.setObjectName("codeHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        # A long header (an error, many documents) must not widen the whole bottom dock area.
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.combo = QComboBox()
        self.combo.setObjectName("codeLanguage")
        for key, name in LANGUAGES.items():
            self.combo.addItem(name, key)
        self.combo.setToolTip("The helper library to write the code for")
        saved = settings.value(LANGUAGE_KEY) if settings is not None else None
        if saved in LANGUAGES:
            self.combo.setCurrentIndex(self.combo.findData(saved))
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("codeCopy")
        self.copy_button.setToolTip("Put this code on the clipboard")
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 3, 4, 3)
        bar.addWidget(self.header, 1)
        bar.addWidget(self.combo)
        bar.addWidget(self.copy_button)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("codeText")
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFrameShape(QFrame.Shape.NoFrame)
        self.editor.setFont(style.monospace_font())
        self.editor.document().setDocumentMargin(6)
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.highlighter = CodeHighlighter(self.editor.document(), self.palette(), self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.editor, 1)

        self._timer = coalescing_timer(self, DELAY_MS, self._due)
        session.documentChanged.connect(self._schedule)
        session.flowChanged.connect(self._schedule)
        session.selectionChanged.connect(self._schedule)
        session.flowReplaced.connect(self._schedule)
        self.combo.currentIndexChanged.connect(self._language_changed)
        self.copy_button.clicked.connect(self.copy)
        self.refresh()

    # -- state -------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The exporter's name of the chosen language: "python" or "node"."""
        return self.combo.currentData()

    def set_language(self, language: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(language))

    def text(self) -> str:
        return self.editor.toPlainText()

    # -- following the session ---------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        self._timer.start()

    def _due(self) -> None:
        if self.shown:
            self.refresh()
        else:
            self._dirty = True  # generated when the dock is shown

    def set_shown(self, shown: bool) -> None:
        """Whether the pane can be seen (its dock's `visibilityChanged`: a tab behind another is not)."""
        self.shown = shown
        if shown and self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Generate the code for what is selected (or the current document) now."""
        self._timer.stop()
        self._dirty = False
        code = code_for(self.session, self.language)
        self.header.setText(code.scope or code.error)
        self.header.setToolTip(code.error or code.scope)
        self.editor.setPlaceholderText(code.error or "Open a TwiML file or a flow folder to see its code here.")
        if code.text != self.editor.toPlainText():
            bar = self.editor.verticalScrollBar()
            top = bar.value()
            self.editor.setPlainText(code.text)
            bar.setValue(top)  # a small edit keeps the reader's place
        self.copy_button.setEnabled(bool(code.text))

    def _language_changed(self) -> None:
        self.highlighter.set_language(self.language)
        if self.settings is not None:
            self.settings.setValue(LANGUAGE_KEY, self.language)
        self.refresh()

    def copy(self) -> bool:
        """Put the shown code on the clipboard as text/plain; False when there is none."""
        text = self.text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return bool(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
