"""The Differences dock: how the open flow differs from another version of it, listed and shown on the canvas.

`compare(other, label)` keeps `other` as side A (old) and the session's flow as side B (new), runs
`flowedit.export.diff.diff_flows(other, flow)` and lists each `Difference`: a kind badge in the
kind's colour (added, removed, changed, moved), the message, and where (document and path).
Clicking (or pressing Enter on) a row selects what it is about and centres it on the canvas: the
element in the open flow (`eid_b`) when it is there, else its document's frame.

On the canvas, added, changed and moved elements (or whole documents) glow in their kind's colour,
on highlight layers of their own (`scene.highlight(refs, style="diff-…")`), so the simulator's trace
is left alone. Removed things exist only in A: they are listed, not drawn.

The comparison stays live: A is kept in memory, and every change of the open flow recomputes the
list (after a short pause) and moves the glows with it, so undoing an edit makes its difference go
away. Opening another flow clears the comparison, as does Clear.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.session import FlowSession, Ref
from flowedit.gui.timers import coalescing_timer
from flowedit.model.flow import Flow

KIND, MESSAGE, WHERE = range(3)
KINDS = ("added", "removed", "changed", "moved")
_GLYPHS = {"added": "+", "removed": "−", "changed": "~", "moved": "↕"}
DELAY_MS = 150
DIFFERENCE_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY_TEXT = "Compare the flow with its saved version, or with another file or folder (File ▸ Compare …)."


def kind_icon(kind: str, colour: QColor, scale: float = 2.0) -> QIcon:
    """A small rounded badge in `colour` with the kind's sign (+, −, ~, ↕) in white."""
    size = 16
    pixmap = QPixmap(int(size * scale), int(size * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.drawRoundedRect(rect, 3.5, 3.5)
    font = QFont()
    font.setPixelSize(12)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect.translated(QPointF(0, -0.5)), Qt.AlignmentFlag.AlignCenter, _GLYPHS.get(kind, "•"))
    painter.end()
    return QIcon(pixmap)


class DifferencesPanel(QWidget):
    """The list of differences between another flow (A) and the open one (B); see the module docstring."""

    differenceActivated = Signal(object)  # noqa: N815 - the Difference the user picked

    def __init__(self, session: FlowSession, scene, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("differencesPanel")
        self.session = session
        self.scene = scene
        self.view = view
        self.other: Flow | None = None  # side A, or None when nothing is compared
        self.label = ""  # what A is, for the header ("the saved version", a path)
        self.differences: list = []
        self.error = ""

        self.header = QLabel(EMPTY_TEXT)
        self.header.setObjectName("differencesHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setObjectName("differencesClear")
        self.clear_button.setToolTip("Forget this comparison and its marks on the canvas")
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 3, 4, 3)
        bar.addWidget(self.header, 1)
        bar.addWidget(self.clear_button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("differencesTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Kind", "Difference", "Where"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setFrameShape(QTreeWidget.Shape.NoFrame)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(WHERE, 260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        self._timer = coalescing_timer(self, DELAY_MS, self.recompute)
        self.clear_button.clicked.connect(self.clear)
        self.tree.itemClicked.connect(self._item_picked)
        self.tree.itemActivated.connect(self._item_picked)
        session.modelChanged.connect(self._schedule)
        session.flowReplaced.connect(self.clear)
        self._update_header()

    # -- comparing -------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.other is not None

    def compare(self, other: Flow, label: str) -> list:
        """Compare `other` (A, old) with the open flow (B, new), list the differences and mark them."""
        self.other, self.label = other, label
        return self.recompute()

    def recompute(self) -> list:
        """Diff A against the open flow as it is now (the list and the glows follow it)."""
        self._timer.stop()
        if self.other is None:
            return []
        try:
            from flowedit.export.diff import diff_flows
        except ImportError as err:
            self.differences, self.error = [], f"Comparison is not available: {err}"
        else:
            self.differences, self.error = list(diff_flows(self.other, self.session.flow)), ""
        self._fill()
        self._mark()
        self._update_header()
        return self.differences

    def clear(self) -> None:
        """Forget the comparison: empty list, no glows."""
        self._timer.stop()
        self.other, self.label, self.differences, self.error = None, "", [], ""
        self.tree.clear()
        self._mark()
        self._update_header()

    def _schedule(self) -> None:
        if self.other is not None:
            self._timer.start()

    # -- showing ---------------------------------------------------------------------------
    def _fill(self) -> None:
        current = self.tree.currentItem()
        keep = current.data(KIND, DIFFERENCE_ROLE) if current is not None else None
        self.tree.clear()
        palette = self.palette()
        icons = {kind: kind_icon(kind, style.diff_colour(kind, palette)) for kind in KINDS}
        items = []
        for difference in self.differences:
            item = QTreeWidgetItem(["", difference.message, self._where(difference)])
            item.setIcon(KIND, icons.get(difference.kind, icons["changed"]))
            item.setText(KIND, difference.kind)
            item.setForeground(KIND, style.diff_colour(difference.kind, palette))
            item.setData(KIND, DIFFERENCE_ROLE, difference)
            item.setToolTip(MESSAGE, self._tooltip(difference))
            item.setToolTip(WHERE, self._where(difference))
            items.append(item)
        self.tree.addTopLevelItems(items)
        for item in items:
            if keep is not None and item.data(KIND, DIFFERENCE_ROLE) == keep:
                self.tree.setCurrentItem(item)

    @staticmethod
    def _where(difference) -> str:
        """Document and element path, with the attribute (or text) that changed: "/menu  /Response/Dial/@timeout"."""
        path = difference.path or ""
        if difference.attribute == "#text":
            path += "/text()"
        elif difference.attribute and f"@{difference.attribute}" not in path:
            path += f"/@{difference.attribute}" if path else f"@{difference.attribute}"
        return f"{difference.document or 'flow'}  {path}".rstrip()

    @staticmethod
    def _tooltip(difference) -> str:
        lines = [difference.message]
        if difference.old is not None or difference.new is not None:
            lines.append(f"was: {difference.old if difference.old is not None else '—'}")
            lines.append(f"now: {difference.new if difference.new is not None else '—'}")
        return "\n".join(lines)

    def _update_header(self) -> None:
        if self.other is None:
            self.header.setText(EMPTY_TEXT)
        elif self.error:
            self.header.setText(self.error)
        else:
            count = len(self.differences)
            counted = {kind: sum(d.kind == kind for d in self.differences) for kind in KINDS}
            parts = ", ".join(f"{n} {kind}" for kind, n in counted.items() if n)
            found = "no differences" if not count else f"{count} difference{'' if count == 1 else 's'} ({parts})"
            self.header.setText(f"This flow compared with {self.label}: {found}")
        self.header.setToolTip(self.header.text())
        self.clear_button.setEnabled(self.other is not None)

    def refs(self, kind: str) -> list[Ref]:
        """What glows on the canvas for `kind`: the open flow's elements (or documents) the differences name."""
        out: dict[Ref, None] = {}  # in order, each once
        for difference in self.differences:
            if difference.kind != kind or kind == "removed":
                continue
            ref = self.ref_for(difference)
            if ref is not None:
                out[ref] = None
        return list(out)

    def _mark(self) -> None:
        for kind in KINDS:
            self.scene.highlight(self.refs(kind), style=f"diff-{kind}")

    # -- going to a difference ---------------------------------------------------------------
    def ref_for(self, difference) -> Ref | None:
        """The open flow's element a difference is about, else its document; None when neither is open."""
        doc = self.session.flow.documents.get(difference.document or "")
        if doc is None:
            return None
        if difference.kind != "removed" and difference.eid_b is not None and doc.contains(difference.eid_b) \
                and difference.eid_b != doc.root_id:
            return Ref(doc, difference.eid_b)
        return Ref(doc)

    def _item_picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.activate(item.data(KIND, DIFFERENCE_ROLE))

    def activate(self, difference) -> bool:
        """Select and centre what `difference` is about; False when it is only in the other flow."""
        self.differenceActivated.emit(difference)
        ref = self.ref_for(difference)
        if ref is None:
            return False
        self.session.select(ref)
        self.view.centre_on(ref)
        return True

    def row_count(self) -> int:
        return self.tree.topLevelItemCount()

    def item(self, row: int) -> QTreeWidgetItem:
        return self.tree.topLevelItem(row)
