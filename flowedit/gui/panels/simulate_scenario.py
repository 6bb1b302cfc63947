"""`ScenarioEditor`: the Simulate panel's form for the world a simulated call meets.

Owned by the Simulate panel. It edits a `flowedit.simulate.Scenario` held here as UI state — never
the flow, never undoable: the entry document, the caller's From/To, a default behaviour, one row per
Dial target of the flow (outcome, ring and talk seconds) and one row per document with a <Gather>
(the digits pressed there). Rows are keyed like the scenario file ("client:joey", "number:…"), so
when the flow changes and the rows are listed again, each target keeps what was chosen for it; a
target left on "default" is not written into the scenario, nor is a target, a digits document or
an entry the flow no longer has (the simulator would refuse them). `dial_targets` lists the keys as
the simulator derives them from the flow's Dial nouns (`flowedit.simulate.targets`); `set_focus`
lists (and tints) the targets of the Dial selected on the canvas first. The targets table holds
plain items, edited through `simulate_targets.TargetDelegate` (thousands of rows of cell widgets
took seconds to build).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.panels import simulate_targets as rows
from flowedit.gui.panels.simulate_targets import OUTCOME_ROLE, SECONDS_ROLE, TargetDelegate
from flowedit.gui.session import FlowSession, Ref
from flowedit.gui.timers import coalescing_timer
from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.simulate import targets
from flowedit.simulate.model import Behaviour, Scenario

REFRESH_DELAY_MS = 200  # flow edits in a burst list the targets again once


@dataclass
class DialTarget:
    """One scenario target key and every Dial noun in the flow that dials it."""

    key: str
    refs: list[Ref] = field(default_factory=list)  # the nouns (or a Dial with a number as its text)
    keys: tuple[str, ...] = ()  # the key and the other spellings the simulator accepts for it


def _is_dial(doc: Document, eid: int) -> bool:
    return doc.kind(eid) == "element" and doc.tag(eid) == "Dial"


def keys_of_dial(doc: Document, dial: int) -> list[tuple[str, tuple[str, ...], int]]:
    """(key, accepted keys, element id of the noun — the Dial itself for a bare number) per target."""
    return [(t.key, t.keys, dial if t.eid is None else t.eid) for t in targets.dial_targets(doc, dial)]


def dial_targets(flow: Flow) -> list[DialTarget]:
    """Every target the flow's Dials ring, by key (as `flowedit.simulate` names them), in flow order."""
    found: dict[str, DialTarget] = {}
    for path in sorted(flow.documents):
        doc = flow.documents[path]
        for dial in (e for e in doc.iter_ids() if _is_dial(doc, e)):
            for key, keys, eid in keys_of_dial(doc, dial):
                found.setdefault(key, DialTarget(key, keys=keys)).refs.append(Ref(doc, eid))
    return list(found.values())


def gather_documents(flow: Flow) -> list[str]:
    """The paths of the documents that have a <Gather> (where the caller may press keys)."""
    return [path for path, doc in flow.documents.items()
            if any(doc.kind(e) == "element" and doc.tag(e) == "Gather" for e in doc.iter_ids())]


def document_signature(doc: Document) -> tuple:
    """What the form lists of `doc`: its Dial targets (key, noun) in order, and whether it has a Gather."""
    dials: list[tuple[str, int]] = []
    gather = False
    for eid in doc.iter_ids():
        if doc.kind(eid) != "element":
            continue
        tag = doc.tag(eid)
        if tag == "Dial":
            dials.extend((key, noun) for key, _keys, noun in keys_of_dial(doc, eid))
        elif tag == "Gather":
            gather = True
    return tuple(dials), gather


# The form's own boxes (the Default row) are the ones the table's delegate makes.
_seconds_box, _outcome_box = rows.seconds_box, rows.outcome_box


class ScenarioEditor(QWidget):
    """The scenario form (see the module docstring)."""

    edited = Signal()  # the user changed something in the scenario

    def __init__(self, session: FlowSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._chosen: dict[str, Behaviour] = {}  # targets set explicitly, by key (kept across flow edits)
        self._digits: dict[str, str] = {}
        self._caller_extra: dict[str, str] = {}  # caller parameters besides From/To, from a loaded file
        self._focus: list[str] = []
        self._targets: list[DialTarget] = []
        self._filling = False
        # Lazy: the lists are recomputed only when asked for (a refresh pending), and the tables
        # filled only while this form is visible (or when someone reads them).
        self._refresh_pending = False
        self._fill_pending = False
        self._pending_entry: str | None = None
        self._signatures: dict[str, tuple] = {}  # per document: its Dial targets and Gather, last listed
        self._order: dict[str, int] = {}
        self._debounce = coalescing_timer(self, REFRESH_DELAY_MS, self._refresh_if_visible)

        self._entry_w = QComboBox(objectName="entryCombo")
        self._entry_w.setToolTip("The document the call starts at")
        self.from_edit = QLineEdit(objectName="fromEdit", placeholderText="+14155550100")
        self.to_edit = QLineEdit(objectName="toEdit", placeholderText="+14155550199")
        self.from_edit.setToolTip("The caller's number (From)")
        self.to_edit.setToolTip("The number called (To)")
        self.default_outcome = _outcome_box(False)
        self.default_outcome.setObjectName("defaultOutcome")
        self.default_outcome.setToolTip("What every target not set below does")
        self.default_ring, self.default_talk = _seconds_box(5.0), _seconds_box(60.0)
        self.default_ring.setFrame(True)
        self.default_talk.setFrame(True)
        self.default_ring.setToolTip("Seconds from initiated to the outcome")
        self.default_talk.setToolTip("Seconds connected once answered")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel("Entry"), 0, 0)
        grid.addWidget(self._entry_w, 0, 1, 1, 3)
        grid.addWidget(QLabel("From"), 1, 0)
        grid.addWidget(self.from_edit, 1, 1)
        grid.addWidget(QLabel("To"), 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.to_edit, 1, 3)
        grid.addWidget(QLabel("Default"), 2, 0)
        grid.addWidget(self.default_outcome, 2, 1)
        grid.addWidget(self.default_ring, 2, 2)
        grid.addWidget(self.default_talk, 2, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        self._targets_w = QTableWidget(0, 4, objectName="targetsTable")
        self._targets_w.setHorizontalHeaderLabels(["Target", "Outcome", "Ring", "Talk"])
        self._digits_w = QTableWidget(0, 2, objectName="digitsTable")
        self._digits_w.setHorizontalHeaderLabels(["Gather in", "Digits pressed"])
        for table in (self._targets_w, self._digits_w):
            table.verticalHeader().hide()
            table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            table.setAlternatingRowColors(True)
            table.verticalHeader().setDefaultSectionSize(26)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Items, edited through a delegate: a thousand rows of cell widgets took seconds.
        self._targets_w.setItemDelegate(TargetDelegate(self._targets_w, self._row_edited))
        self._targets_w.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self._targets_w.horizontalHeader()
        for column, width in ((1, 108), (2, 70), (3, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self._digits_w.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._digits_w.itemChanged.connect(self._digits_edited)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(grid)
        layout.addWidget(self._targets_w, 3)
        layout.addWidget(self._digits_w, 1)
        for signal in (self._entry_w.currentIndexChanged, self.from_edit.textEdited, self.to_edit.textEdited):
            signal.connect(lambda *_: self._changed())
        for signal in (self.default_outcome.currentIndexChanged, self.default_ring.valueChanged,
                       self.default_talk.valueChanged):
            signal.connect(lambda *_: self._default_edited())
        self.refresh()

    # -- laziness --------------------------------------------------------------------------------
    @property
    def targets_table(self) -> QTableWidget:
        self._ensure()
        return self._targets_w

    @property
    def entry_combo(self) -> QComboBox:
        self._ensure()
        return self._entry_w

    @property
    def digits_table(self) -> QTableWidget:
        self._ensure()
        return self._digits_w

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        super().showEvent(event)
        self._ensure()  # built on first show, brought up to date on every later one

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            self._ensure()

    def _ensure(self, table: bool = True) -> None:
        """Do the pending refresh (the lists) and, with `table`, the pending fill of the tables."""
        if table:
            self._debounce.stop()
        if self._refresh_pending:
            self._refresh_pending = False
            entry, self._pending_entry = self._pending_entry, None
            self._refresh_lists(entry)
            self._fill_pending = True
        if table and self._fill_pending:
            self._fill_pending = False
            self._fill_targets_now()
            self._fill_digits()

    def invalidate(self, entry: str | None = None, *, delay: bool = True) -> None:
        """The flow changed: list it again, when visible after REFRESH_DELAY_MS (else on show)."""
        self._refresh_pending = True
        if entry is not None:
            self._pending_entry = entry
        if self.isVisible():
            if delay:
                self._debounce.start()
            else:
                self._ensure()

    def document_changed(self, doc: Document) -> None:
        """`doc` changed: list the flow again only if its Dial targets or its Gather may have changed."""
        if self._refresh_pending:
            return  # already listed again when next needed
        if self._signatures.get(doc.path) != document_signature(doc):
            self.invalidate()

    # -- the scenario ------------------------------------------------------------------------
    def default(self) -> Behaviour:
        return Behaviour(self.default_outcome.currentData(), self.default_ring.value(), self.default_talk.value())

    def scenario(self) -> Scenario:
        """The scenario as the form shows it (targets left on "default" are not listed)."""
        self._ensure(table=False)
        flow = self.session.flow
        entry = self._entry_w.currentData()
        caller = dict(self._caller_extra)
        for name, edit in (("From", self.from_edit), ("To", self.to_edit)):
            if edit.text().strip():
                caller[name] = edit.text().strip()
        listed = {key for target in self._targets for key in target.keys}
        return Scenario(entry=None if entry == flow.entry or entry not in flow.documents else entry,
                        caller=caller, targets={k: b for k, b in self._chosen.items() if k in listed},
                        digits={p: d for p, d in self._digits.items() if d and p in flow.documents},
                        default=self.default())

    def set_scenario(self, scenario: Scenario) -> None:
        """Show `scenario` (a loaded file); targets and digits the flow lacks wait until it has them."""
        self._filling = True
        try:
            caller = dict(scenario.caller)
            self.from_edit.setText(caller.pop("From", ""))
            self.to_edit.setText(caller.pop("To", ""))
            self._caller_extra = caller
            self._chosen = dict(scenario.targets)
            self._digits = dict(scenario.digits)
            d = scenario.default
            self.default_outcome.setCurrentIndex(max(0, self.default_outcome.findData(d.outcome)))
            self.default_ring.setValue(d.ring)
            self.default_talk.setValue(d.talk)
        finally:
            self._filling = False
        self.refresh(entry=scenario.entry or self.session.flow.entry)
        self._ensure(table=False)
        for target in self._targets:  # another spelling the simulator accepts ("sip:sip:…") → the row's key
            for alias in target.keys[1:]:
                if alias in self._chosen and target.key not in self._chosen:
                    self._chosen[target.key] = self._chosen.pop(alias)
                    self._fill_targets()
        self.edited.emit()

    def set_target(self, key: str, behaviour: Behaviour | None) -> None:
        """Set (or with None, return to the default) what target `key` does, and show it."""
        if behaviour is None:
            self._chosen.pop(key, None)
        else:
            self._chosen[key] = behaviour
        self._fill_targets()
        self._changed()

    # -- listing what the flow has -----------------------------------------------------------
    @property
    def targets(self) -> list[DialTarget]:
        """The rows of the targets table, in the order shown."""
        self._ensure()
        return list(self._targets)

    def target_keys(self) -> list[str]:
        self._ensure()
        return [t.key for t in self._targets]

    def refresh(self, entry: str | None = None) -> None:
        """List the flow's documents, Dial targets and Gather documents again (after any change);
        at once when visible, else when next shown or read."""
        self.invalidate(entry, delay=False)

    def _refresh_lists(self, entry: str | None) -> None:
        flow = self.session.flow
        wanted = entry if entry is not None else self._entry_w.currentData()
        self._filling = True
        try:
            self._entry_w.clear()
            for path in flow.documents:
                self._entry_w.addItem(path + ("  (entry)" if path == flow.entry else ""), path)
            if wanted and self._entry_w.findData(wanted) < 0:
                self._entry_w.addItem(f"{wanted}  (not in the flow)", wanted)
            index = self._entry_w.findData(wanted or flow.entry)
            self._entry_w.setCurrentIndex(max(0, index))
        finally:
            self._filling = False
        self._targets = dial_targets(flow)
        self._order = {t.key: i for i, t in enumerate(self._targets)}
        self._signatures = {path: document_signature(doc) for path, doc in flow.documents.items()}

    def set_focus(self, keys: list[str]) -> None:
        """List these targets (the selected Dial's) first, tinted; [] restores the flow's order."""
        if keys != self._focus:
            self._focus = list(keys)
            self._fill_targets()

    def focused(self) -> list[str]:
        return [k for k in self._focus if k in self.target_keys()]

    def _fill_targets(self) -> None:
        """Fill the targets table now when visible, else when next shown or read."""
        self._fill_pending = True
        if self.isVisible():
            self._ensure()

    def _fill_targets_now(self) -> None:
        focus = [k for k in self._focus if any(t.key == k for t in self._targets)]
        order = self._order
        self._targets.sort(key=lambda t: (focus.index(t.key) if t.key in focus else len(focus), order.get(t.key, 0)))
        table = self._targets_w
        shown = [table.item(r, 0).text() if table.item(r, 0) else None for r in range(table.rowCount())]
        palette = self.palette()
        tint = style.blend(palette.color(QPalette.ColorRole.Base), style.trace_colour(palette), 0.16)
        default = self.default()
        self._filling = True
        try:
            new = shown != self.target_keys()
            if new:  # other rows: new items, made whole before the table holds them (no signal each)
                table.setRowCount(0)
                table.setRowCount(len(self._targets))
            for row, target in enumerate(self._targets):
                cells = rows.new_row(target.key) if new else [table.item(row, c) for c in range(4)]
                item = cells[0]
                places = sorted({ref.path for ref in target.refs})
                tip = f"{target.key}\nDialed in {', '.join(places)}"
                if item.toolTip() != tip:
                    item.setToolTip(tip)
                focused = target.key in focus
                if item.font().bold() != focused:
                    font = QFont(item.font())
                    font.setBold(focused)
                    item.setFont(font)
                background = tint if focused else None
                if item.data(Qt.ItemDataRole.BackgroundRole) != background:
                    item.setData(Qt.ItemDataRole.BackgroundRole, background)
                chosen = self._chosen.get(target.key)
                seconds = chosen or default
                rows.set_row(cells, chosen.outcome if chosen else None, seconds.ring, seconds.talk)
                if new:
                    for column, cell in enumerate(cells):
                        table.setItem(row, column, cell)
        finally:
            self._filling = False

    def _fill_digits(self) -> None:
        paths = gather_documents(self.session.flow)
        table = self._digits_w
        self._filling = True
        try:
            table.setRowCount(len(paths))
            for row, path in enumerate(paths):
                name = QTableWidgetItem(path)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, 0, name)
                digits = QTableWidgetItem(self._digits.get(path, ""))
                digits.setToolTip("What the caller presses at this document's Gather (empty: nothing)")
                table.setItem(row, 1, digits)
        finally:
            self._filling = False
        table.setVisible(bool(paths))

    def row_widgets(self, key: str) -> tuple[QComboBox, QDoubleSpinBox, QDoubleSpinBox]:
        """The outcome, ring and talk editors of target `key`'s row (KeyError when not listed), opened
        on that row and kept open: what is set in them is the scenario's at once."""
        keys = self.target_keys()
        if key not in keys:
            raise KeyError(key)
        row = keys.index(key)
        table = self._targets_w
        editors = []
        for column in (1, 2, 3):
            item = table.item(row, column)
            if not table.isPersistentEditorOpen(item):
                table.openPersistentEditor(item)
            editors.append(table.cellWidget(row, column))
        return tuple(editors)

    # -- edits -------------------------------------------------------------------------------
    def _row_edited(self, row: int) -> None:
        """An editor of `row` wrote its value to its item: make it the target's behaviour."""
        if self._filling:
            return
        table = self._targets_w
        key = table.item(row, 0).text()
        outcome = table.item(row, 1).data(OUTCOME_ROLE)
        if outcome is None:
            self._chosen.pop(key, None)
        else:
            ring, talk = table.item(row, 2).data(SECONDS_ROLE), table.item(row, 3).data(SECONDS_ROLE)
            self._chosen[key] = Behaviour(outcome, float(ring), float(talk))
        self._fill_pending = True
        self._ensure()  # the table exists (it was edited): a row back on "default" shows the default's seconds, greyed
        self._changed()

    def _default_edited(self) -> None:
        if self._filling:
            return
        self._fill_targets()  # rows on "default" show the new default's seconds
        self._changed()

    def _digits_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        path = self._digits_w.item(item.row(), 0).text()
        self._digits[path] = item.text().strip()
        self._changed()

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()
