"""The rows of the scenario form's targets table: plain items, edited through a delegate.

A flow of 1,000 documents dials ~3,400 targets. One combo box and two spin boxes per row as cell
widgets took seconds to build (and to lay out); items cost microseconds. So each row is four items
— the key, the outcome ("default" or what the target does), ring and talk seconds — and
`TargetDelegate` opens a combo box or a spin box only on the cell being edited (or, through
`ScenarioEditor.row_widgets`, as persistent editors on one row). Seconds are greyed (not enabled)
while the target is on "default": they show the default's seconds then. Every edit made in an
editor is written to its item at once and reported to `on_commit(row)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QWidget,
)

from flowedit.simulate.model import OUTCOMES

KEY, OUTCOME, RING, TALK = range(4)
OUTCOME_ROLE = Qt.ItemDataRole.UserRole  # on the outcome item: the outcome, or None for "default"
SECONDS_ROLE = Qt.ItemDataRole.UserRole  # on the ring and talk items: the seconds (float)
DEFAULT_LABEL = "default"
TIPS = {OUTCOME: "What this target does (default: the Default row's outcome)",
        RING: "Seconds from initiated to the outcome", TALK: "Seconds connected once answered"}
_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable


def seconds_box(value: float, parent: QWidget | None = None) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0.0, 14400.0)
    box.setDecimals(1)
    box.setSuffix(" s")
    box.setValue(value)
    box.setFrame(False)
    return box


def outcome_box(with_default: bool, parent: QWidget | None = None) -> QComboBox:
    box = QComboBox(parent)
    if with_default:
        box.addItem(DEFAULT_LABEL, None)
    for outcome in OUTCOMES:
        box.addItem(outcome, outcome)
    return box


def seconds_text(value: float) -> str:
    return f"{value:.1f} s"


def new_row(key: str) -> list[QTableWidgetItem]:
    """The four items of target `key`'s row, before `set_row` gives them their values."""
    name = QTableWidgetItem(key)
    name.setFlags(Qt.ItemFlag.ItemIsEnabled)
    cells = [name]
    for column in (OUTCOME, RING, TALK):
        item = QTableWidgetItem()
        item.setToolTip(TIPS[column])
        cells.append(item)
    return cells


def set_row(items: list[QTableWidgetItem], outcome: str | None, ring: float, talk: float) -> None:
    """Show a target's outcome (None: "default") and its seconds; only a chosen target's seconds edit."""
    _, out, ring_item, talk_item = items
    _set(out, OUTCOME_ROLE, outcome)
    _set(out, Qt.ItemDataRole.DisplayRole, outcome or DEFAULT_LABEL)
    if out.flags() != _EDITABLE:
        out.setFlags(_EDITABLE)
    flags = _EDITABLE if outcome is not None else Qt.ItemFlag.ItemIsEditable  # not enabled: greyed
    for item, value in ((ring_item, ring), (talk_item, talk)):
        _set(item, SECONDS_ROLE, float(value))
        _set(item, Qt.ItemDataRole.DisplayRole, seconds_text(value))
        if item.flags() != flags:
            item.setFlags(flags)


def _set(item: QTableWidgetItem, role: Qt.ItemDataRole, value) -> None:
    # Only real changes: each one in a table repaints and updates an open editor.
    if item.data(role) != value:
        item.setData(role, value)


class TargetDelegate(QStyledItemDelegate):
    """Edits the outcome and seconds cells (see the module docstring)."""

    def __init__(self, parent: QWidget, on_commit: Callable[[int], None]) -> None:
        super().__init__(parent)
        self._on_commit = on_commit

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt's virtual
                     index: QModelIndex) -> QWidget | None:
        column = index.column()
        if column == OUTCOME:
            editor = outcome_box(True, parent)
            editor.currentIndexChanged.connect(lambda _i: self.commitData.emit(editor))
        elif column in (RING, TALK):
            editor = seconds_box(0.0, parent)
            editor.valueChanged.connect(lambda _v: self.commitData.emit(editor))
        else:
            return None
        editor.setToolTip(TIPS[column])
        editor.setAutoFillBackground(True)  # a persistent editor hides the item's text under it
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt's virtual
        editor.blockSignals(True)  # showing the model's value is not an edit
        try:
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(index.data(OUTCOME_ROLE))))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(index.data(SECONDS_ROLE) or 0.0)
        finally:
            editor.blockSignals(False)
        editor.setEnabled(bool(index.flags() & Qt.ItemFlag.ItemIsEnabled))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt's virtual
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value, current = editor.currentData(), index.data(OUTCOME_ROLE)
            role = OUTCOME_ROLE
        elif isinstance(editor, QDoubleSpinBox):
            value, current = editor.value(), index.data(SECONDS_ROLE)
            role = SECONDS_ROLE
        else:
            return
        if value != current:
            model.setData(index, value, role)
            self._on_commit(index.row())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex) -> None:
        editor.setGeometry(option.rect)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if index.column() == OUTCOME:  # a small arrow says "pick one here", as the combo box did
            widget = option.widget
            if widget is None:
                return
            arrow = QStyleOption()
            arrow.initFrom(widget)
            size = min(option.rect.height() - 8, 10)
            arrow.rect = QRect(option.rect.right() - size - 6, option.rect.center().y() - size // 2 + 1, size, size)
            arrow.palette = option.palette
            widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, arrow, painter, widget)
