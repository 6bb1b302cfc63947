"""The inspector's Parameters table: the <Parameter name value> children of one element.

Shown for every element whose vocabulary children include Parameter (Client, Application, Stream,
Hangup, Reject, Pay …). Each row is one <Parameter>, read from the model every time the table is
refreshed; the row remembers only its element id. Every operation is one undoable edit through the
session: adding a row inserts `<Parameter name="…" value=""/>` after the last parameter, removing a
row removes the node, Up/Down move it past its neighbouring parameter, and editing a cell sets (or,
emptied, removes) that attribute.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui.session import FlowSession
from flowedit.model.document import Document

NAME, VALUE = 0, 1
ATTRIBUTES = ("name", "value")
EID_ROLE = Qt.ItemDataRole.UserRole


class ParametersTable(QWidget):
    """Name/value table of an element's <Parameter> children (see the module docstring)."""

    rowsChanged = Signal(int)  # noqa: N815 - the number of parameters after a refresh

    def __init__(self, session: FlowSession, doc: Document, eid: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parametersTable")
        self.session, self.doc, self.eid = session, doc, eid
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Name", "Value"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.itemChanged.connect(self._cell_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = self._button("Add a parameter", None, "+",
                                       self.add_row)
        self.remove_button = self._button("Remove the selected parameter", None, "−", self.remove_row)
        self.up_button = self._button("Move up", QStyle.StandardPixmap.SP_ArrowUp, None, lambda: self.move_row(-1))
        self.down_button = self._button("Move down", QStyle.StandardPixmap.SP_ArrowDown, None,
                                        lambda: self.move_row(1))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._filling = False
        self.refresh()

    def _button(self, tip: str, icon, text: str | None, slot) -> QToolButton:
        button = QToolButton(self)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        if text is not None:
            button.setText(text)
            font = button.font()
            font.setBold(True)
            button.setFont(font)
        else:
            button.setIcon(self.style().standardIcon(icon))
        button.clicked.connect(slot)
        return button

    # -- reading the model -----------------------------------------------------------------------
    def parameters(self) -> list[int]:
        """Ids of the element's <Parameter> children, in document order."""
        doc = self.doc
        return [c for c in doc.child_elements(self.eid) if doc.tag(c) == "Parameter"]

    def refresh(self) -> None:
        """Show the model's parameters again, keeping the selected row where it can."""
        if not self.doc.contains(self.eid):
            return
        params = self.parameters()
        current = self.table.currentRow()
        self._filling = True
        try:
            self.table.setRowCount(len(params))
            for row, pid in enumerate(params):
                for column, name in enumerate(ATTRIBUTES):
                    text = self.doc.get(pid, name) or ""
                    item = self.table.item(row, column)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(row, column, item)
                    if item.text() != text:
                        item.setText(text)
                    item.setData(EID_ROLE, pid)
        finally:
            self._filling = False
        rows = sum(self.table.rowHeight(r) for r in range(len(params)))
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
                                  + (rows or self.table.verticalHeader().defaultSectionSize()))
        if 0 <= current < len(params) and self.table.currentRow() != current:
            self.table.setCurrentCell(current, self.table.currentColumn())
        self._update_buttons()
        self.rowsChanged.emit(len(params))

    def _update_buttons(self) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        selected = 0 <= row < count and bool(self.table.selectedItems())
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < count - 1)

    # -- edits -----------------------------------------------------------------------------------
    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        doc, pid = self.doc, item.data(EID_ROLE)
        name = ATTRIBUTES[item.column()]
        value = item.text()
        if pid is None or not doc.contains(pid) or (doc.get(pid, name) or "") == value:
            return
        if value == "" and doc.get(pid, name) is not None and name == "value":
            self.session.edit(f"Remove parameter {doc.get(pid, 'name') or ''} value".replace("  ", " "),
                              lambda: [(doc, doc.remove_attribute(pid, name))])
        else:
            label = value if name == "name" else f"{doc.get(pid, 'name') or '?'} = {value}"
            self.session.edit(f"Set parameter {label}", lambda: [(doc, doc.set_attribute(pid, name, value))])
        self.refresh()

    def add_row(self) -> int | None:
        """Add a parameter after the last one (a free name like param1, empty value) and edit its name."""
        doc, eid = self.doc, self.eid
        params = self.parameters()
        index = doc.index(params[-1]) + 1 if params else len(doc.children(eid))
        taken = {doc.get(p, "name") for p in params}
        name = next(f"param{n}" for n in range(1, len(params) + 2) if f"param{n}" not in taken)
        inserted: list[int] = []

        def action():
            change = doc.insert_element(eid, index, "Parameter", [("name", name), ("value", "")])
            inserted.append(change.eid)
            return [(doc, change)]

        if not self.session.edit(f"Add parameter {name} to <{doc.tag(eid)}>", action):
            return None
        self.refresh()
        row = self.parameters().index(inserted[0])
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))
        return inserted[0]

    def remove_row(self) -> None:
        """Remove the parameter of the selected row."""
        row = self.table.currentRow()
        params = self.parameters()
        if not 0 <= row < len(params):
            return
        doc, pid = self.doc, params[row]
        self.session.edit(f"Remove parameter {doc.get(pid, 'name') or ''}".rstrip(),
                          lambda: [(doc, doc.remove_node(pid))])
        self.refresh()
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), NAME)

    def move_row(self, step: int) -> None:
        """Move the selected parameter one place up (-1) or down (+1) among the parameters."""
        row = self.table.currentRow()
        params = self.parameters()
        if not (0 <= row < len(params) and 0 <= row + step < len(params)):
            return
        doc, pid, neighbour = self.doc, params[row], params[row + step]
        # move_node counts the index after taking the node out: the neighbour's own index either way
        index = doc.index(neighbour)
        self.session.edit(f"Move parameter {doc.get(pid, 'name') or ''} {'up' if step < 0 else 'down'}",
                          lambda: [(doc, doc.move_node(pid, self.eid, index))])
        self.refresh()
        self.table.setCurrentCell(row + step, self.table.currentColumn() if self.table.currentColumn() >= 0 else 0)
