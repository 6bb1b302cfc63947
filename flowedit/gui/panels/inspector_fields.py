"""The inspector's value editors, one class per kind of value the vocabulary describes.

A field shows one value (an attribute, or an element's text) and reports what the user made of it
through `committed(value)`: a string, or None for "absent" (the attribute removed). It never writes
the model and keeps nothing but what it displays: the form above it commits, and calls `set_value`
with the model's value after every change. `set_value` leaves a field alone when it already shows
that value, so the field being typed in keeps its cursor. `run` counts typing runs (it steps when
the field loses focus): the form puts it into the undo merge key, so one run of typing is one step.
`show_problem` marks the editor red (error) or amber (warning) and puts the reason under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.twiml import Attribute, Kind

if TYPE_CHECKING:  # severities are told apart by value: the checker is not imported to show a form
    from flowedit.validate.findings import Severity

# (light, dark) accent colours of a flagged field
_ERROR = ("#c62828", "#ff6b6b")
_WARNING = ("#b26a00", "#e5b567")


def problem_colour(severity: Severity, palette: QPalette) -> QColor:
    """Red for errors, amber for warnings, in the palette's light or dark variant."""
    pair = _ERROR if severity.value == "error" else _WARNING
    return QColor(pair[1] if style.is_dark(palette) else pair[0])


def placeholder_for(spec: Attribute | None) -> str:
    """What an empty field says: Twilio's default (and range) when the vocabulary knows them."""
    if spec is None:
        return ""
    parts = []
    if spec.default is not None:
        parts.append(f"default: {spec.default}" if spec.default else "default: empty")
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else f"{spec.minimum}"
        high = "" if spec.maximum is None else f"{spec.maximum:,}"
        parts.append(f"{low}–{high}" if low and high else (f"≥ {low}" if low else f"≤ {high}"))
    if not parts and spec.link is not None:
        parts.append("URL or /document path")
    return " · ".join(parts)


class Field(QWidget):
    """Base of every editor: an editor row and a message line under it."""

    committed = Signal(object)  # str, or None when the value should be absent

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.run = 0
        self.setObjectName(f"field:{name}")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.message = QLabel(self)
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self._problem: tuple[Severity, str, str] | None = None
        self._marked: tuple = (None, "")  # (problem, shown value) as the editor and message show it

    def _finish(self, editor: QWidget) -> None:
        self._layout.addWidget(editor)
        self._layout.addWidget(self.message)
        editor.installEventFilter(self)

    def editor(self) -> QWidget:
        """The widget that takes the keyboard focus."""
        return self

    def set_value(self, value: str | None) -> None:  # pragma: no cover - every field overrides it
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.FocusOut:
            self.run += 1  # the next keystroke starts a new undo step
        return False

    def show_problem(self, problem: tuple[Severity, str, str] | None) -> None:
        """Flag the editor and explain under it; None clears both."""
        self._problem = problem
        marked = (problem, self.shown_value() if problem is not None else "")
        if marked == self._marked:
            return  # as shown already: a style sheet set again re-polishes and repaints the field
        self._marked = marked
        target = self._styled()
        if problem is None:
            self.message.hide()
            if target is not None:
                target.setStyleSheet("")
            return
        severity, what, hint = problem
        colour = problem_colour(severity, self.palette()).name()
        shown = self.shown_value()
        subject = f"“{shown if len(shown) <= 20 else shown[:19] + '…'}”" if shown else "The value"
        self.message.setText(f"{subject} {what}" + (f" — {hint}" if hint else ""))
        self.message.setStyleSheet(f"color: {colour};")
        self.message.show()
        if target is not None:
            target.setStyleSheet(f"{type(target).__name__} {{ border: 1px solid {colour}; border-radius: 3px;"
                                 " padding: 1px 2px; }")

    def shown_value(self) -> str:
        """The value as the editor shows it (for the message under it)."""
        return ""

    def problem(self) -> tuple[Severity, str, str] | None:
        return self._problem

    def _styled(self) -> QWidget | None:
        """The widget that gets the coloured border (None: only the message shows)."""
        return None


class _LineEdit(QLineEdit):
    """A line edit whose Up/Down keys step a whole number (for INTEGER fields)."""

    def __init__(self, parent: QWidget, spec: Attribute | None) -> None:
        super().__init__(parent)
        self._spec = spec

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt virtual
        spec = self._spec
        if spec is not None and spec.kind is Kind.INTEGER and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            text = self.text().strip() or spec.default or str(spec.minimum or 0)
            try:
                number = int(text) + (1 if event.key() == Qt.Key.Key_Up else -1)
            except ValueError:
                return
            if spec.minimum is not None:
                number = max(spec.minimum, number)
            if spec.maximum is not None:
                number = min(spec.maximum, number)
            self.setText(str(number))
            return
        super().keyPressEvent(event)


class LineField(Field):
    """Free text, numbers, SIDs, URLs: one line, empty means absent. URL fields offer the flow's paths."""

    def __init__(self, name: str, spec: Attribute | None = None, placeholder: str = "",
                 completions: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.line = _LineEdit(self, spec)
        self.line.setClearButtonEnabled(True)
        self.line.setPlaceholderText(placeholder or placeholder_for(spec))
        self._setting = False
        # textChanged, not textEdited: the line edit's own undo (Ctrl+Z while focused) commits too
        self.line.textChanged.connect(self._changed)
        self.completions: QStringListModel | None = None
        self._offered: list[str] | None = None  # what `completions` holds
        if completions is not None:
            self.completions = QStringListModel(completions, self)
            self._offered = list(completions)
            completer = QCompleter(self.completions, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.line.setCompleter(completer)
            row = QWidget(self)
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(self.line)
            more = QToolButton(row)
            more.setObjectName("showDocuments")
            more.setArrowType(Qt.ArrowType.DownArrow)
            more.setToolTip("Documents of this flow")
            more.setAutoRaise(True)
            more.clicked.connect(self._show_all)
            box.addWidget(more)
            self._finish(row)
            self.line.installEventFilter(self)
        else:
            self._finish(self.line)

    def _changed(self, text: str) -> None:
        if not self._setting:
            self.committed.emit(text or None)

    def _show_all(self) -> None:
        completer = self.line.completer()
        completer.setCompletionPrefix("")
        completer.complete()

    def set_completions(self, paths: list[str]) -> None:
        # compared with the list last given, kept here: reading a thousand paths back out of the
        # model on every refresh cost more than the rest of the field
        if self.completions is not None and paths != self._offered:
            self.completions.setStringList(paths)
            self._offered = list(paths)

    def editor(self) -> QWidget:
        return self.line

    def shown_value(self) -> str:
        return self.line.text()

    def set_value(self, value: str | None) -> None:
        if self.line.text() != (value or ""):
            self._setting = True
            try:
                self.line.setText(value or "")
                if not self.line.hasFocus():
                    self.line.setCursorPosition(0)  # show a long URL from its start
            finally:
                self._setting = False

    def _styled(self) -> QWidget | None:
        return self.line


class TextBlockField(Field):
    """Several lines of text (what <Say> speaks); empty means no text."""

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.edit.textChanged.connect(self._changed)
        self._setting = False
        self._finish(self.edit)

    def _changed(self) -> None:
        if not self._setting:
            self.committed.emit(self.edit.toPlainText() or None)

    def editor(self) -> QWidget:
        return self.edit

    def shown_value(self) -> str:
        return self.edit.toPlainText().split("\n", 1)[0]

    def set_value(self, value: str | None) -> None:
        if self.edit.toPlainText() != (value or ""):
            self._setting = True
            try:
                self.edit.setPlainText(value or "")
            finally:
                self._setting = False

    def _styled(self) -> QWidget | None:
        return self.edit


class ChoiceField(Field):
    """ENUM, METHOD and LANGUAGE values: an editable combo box of the known values; empty is absent."""

    def __init__(self, name: str, spec: Attribute, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(16)
        self.combo.addItems(list(spec.values))
        self.combo.setCurrentIndex(-1)
        self.combo.lineEdit().setPlaceholderText(placeholder_for(spec))
        self.combo.lineEdit().setClearButtonEnabled(True)
        self.combo.completer().setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._setting = False
        self.combo.lineEdit().textChanged.connect(self._changed)
        self.combo.lineEdit().installEventFilter(self)
        self._finish(self.combo)

    def _changed(self, text: str) -> None:
        if not self._setting:
            self.committed.emit(text or None)

    def editor(self) -> QWidget:
        return self.combo

    def shown_value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: str | None) -> None:
        if self.combo.currentText() != (value or ""):
            self._setting = True
            try:
                self.combo.lineEdit().setText(value or "")
            finally:
                self._setting = False

    def _styled(self) -> QWidget | None:
        return self.combo


class BoolField(Field):
    """A tri-state check box: unset (absent: Twilio's default applies), true, false."""

    _STATES = {None: Qt.CheckState.PartiallyChecked, "true": Qt.CheckState.Checked,
               "false": Qt.CheckState.Unchecked}

    def __init__(self, name: str, spec: Attribute, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.default = spec.default
        self.box = QCheckBox(self)
        self.box.setTristate(True)
        self.box.clicked.connect(self._clicked)
        self._finish(self.box)
        self._raw: str | None = None

    def _clicked(self) -> None:
        # Qt cycles unchecked → partial → checked; ours reads unset → true → false → unset.
        following = {None: "true", "true": "false", "false": None}
        self.committed.emit(following.get(self._raw, None))

    def editor(self) -> QWidget:
        return self.box

    def set_value(self, value: str | None) -> None:
        self._raw = value
        self.box.setCheckState(self._STATES.get(value, Qt.CheckState.PartiallyChecked))
        if value is None:
            shown = f"unset (default: {self.default})" if self.default else "unset"
        else:
            shown = value
        self.box.setText(shown)


class ChecklistField(Field):
    """ENUM_LIST values: a check box per token, written space-separated in the vocabulary's order.

    Tokens in the document that the vocabulary does not list are kept (after the known ones) and
    named under the boxes, so ticking a box never silently drops what the user wrote by hand.
    """

    def __init__(self, name: str, spec: Attribute, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.values = spec.values
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(0)
        columns = 2 if max(len(v) for v in spec.values) > 10 else 3
        self.boxes: dict[str, QCheckBox] = {}
        for index, token in enumerate(spec.values):
            box = QCheckBox(token, grid_host)
            box.clicked.connect(self._clicked)
            grid.addWidget(box, index // columns, index % columns)
            self.boxes[token] = box
        self.default = spec.default
        self.extra = QLabel(self)
        self.extra.hide()
        self._tokens: list[str] = []
        self._finish(grid_host)
        self._layout.insertWidget(1, self.extra)
        grid_host.setToolTip(f"Default: {spec.default}" if spec.default else "")

    def _clicked(self) -> None:
        known = [t for t in self.values if self.boxes[t].isChecked()]
        others = [t for t in self._tokens if t not in self.values]
        tokens = known + others
        self.committed.emit(" ".join(tokens) if tokens else None)

    def editor(self) -> QWidget:
        return next(iter(self.boxes.values()))

    def set_value(self, value: str | None) -> None:
        self._tokens = (value or "").split()
        for token, box in self.boxes.items():
            box.setChecked(token in self._tokens)
        others = [t for t in self._tokens if t not in self.values]
        self.extra.setText("Also listed: " + " ".join(others))
        self.extra.setVisible(bool(others))


def field_for(name: str, spec: Attribute | None, completions: list[str]) -> Field:
    """The right editor for attribute `name` (`spec` None: an attribute the vocabulary does not know)."""
    if spec is None:
        return LineField(name, None, "unknown to flowedit: written as is")
    if spec.kind is Kind.BOOL:
        return BoolField(name, spec)
    if spec.kind is Kind.ENUM_LIST and spec.values:
        return ChecklistField(name, spec)
    if spec.kind in (Kind.ENUM, Kind.METHOD, Kind.LANGUAGE) and spec.values:
        return ChoiceField(name, spec)
    if spec.kind is Kind.URL:
        return LineField(name, spec, completions=completions)
    return LineField(name, spec)

