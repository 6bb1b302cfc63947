"""The Simulate panel's results page: step controls, notes, the lanes and the list of requests.

Owned by the Simulate panel, which decides what the current step is; this page only shows it.
`ResultsView.show_run(simulation, current, stale)` fills the header ("Step 8 of 13 · 4 s · client:joey
answered"), the notes (the engine's, and a reminder when the flow changed since the run), the
`TimelineView` lanes and the `RequestsTree`. `RequestsTree` has one row per `Request` (time, kind,
method, URL, the leg's target) with its parameters as child rows; requests sent after the current
step are greyed, so what has been sent so far stands out. Its `requestChosen(index)` reports a row
the user picked (a parameter row counts as its request).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.panels.simulate_timeline import TimelineView, lane_label
from flowedit.simulate.model import Request, Simulation

STALE = "The flow has changed since this run: run it again (F5)."
MIN_REQUESTS_HEIGHT = 90

INDEX_ROLE = Qt.ItemDataRole.UserRole  # on request rows: the index in the simulation's requests
T, KIND, METHOD, URL, ABOUT = range(5)


class RequestsTree(QTreeWidget):
    """The requests of one run (see the module docstring)."""

    requestChosen = Signal(int)  # noqa: N815 - index into simulation.requests

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsTree")
        self.setHeaderLabels(["t", "Request", "Method", "URL", "About"])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        header = self.header()
        header.setStretchLastSection(False)
        for column in (T, KIND, METHOD, ABOUT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(URL, QHeaderView.ResizeMode.Stretch)
        self.requests: list[Request] = []
        self._now: float | None = None
        self.currentItemChanged.connect(self._current_changed)

    def set_requests(self, requests: list[Request]) -> None:
        self.blockSignals(True)
        self.clear()
        self.requests = list(requests)
        for index, request in enumerate(self.requests):
            row = QTreeWidgetItem([f"{request.t:g} s", request.kind, request.method, request.url,
                                   request.target or ""])
            row.setData(T, INDEX_ROLE, index)
            row.setTextAlignment(T, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.setToolTip(URL, request.url)
            for name, value in request.params.items():
                child = QTreeWidgetItem(["", name, "", value])
                child.setToolTip(URL, value)
                row.addChild(child)
            self.addTopLevelItem(row)
        self.blockSignals(False)
        self._now = None
        self._paint_rows()

    def select_request(self, index: int) -> None:
        item = self.topLevelItem(index)
        if item is not None:
            self.setCurrentItem(item)
            self.scrollToItem(item)

    def set_now(self, t: float | None) -> None:
        """Grey the requests sent after `t` (None: none greyed)."""
        self._now = t
        self._paint_rows()

    def _paint_rows(self) -> None:
        muted = QBrush(style.muted(self.palette()))
        normal = QBrush(self.palette().color(QPalette.ColorRole.Text))
        for i in range(self.topLevelItemCount()):
            row = self.topLevelItem(i)
            future = self._now is not None and self.requests[i].t > self._now + 1e-9
            for column in range(self.columnCount()):
                row.setForeground(column, muted if future else normal)

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is not None:
            self.requestChosen.emit(item.data(T, INDEX_ROLE))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_rows()


def tool_button(name: str, icon: QStyle.StandardPixmap | None, tip: str, slot, owner: QWidget) -> QToolButton:
    button = QToolButton(owner, objectName=name)
    if icon is not None:
        button.setIcon(owner.style().standardIcon(icon))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class ResultsView(QWidget):
    """The results page (see the module docstring); `run`, `previous`, `next` and `clear` are the
    panel's slots for the header's buttons."""

    def __init__(self, run, previous, next_, clear, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rerun_button = tool_button("rerunSimulation", QStyle.StandardPixmap.SP_MediaPlay,
                                        "Run the scenario again (F5)", run, self)
        self.previous_button = tool_button("previousStep", QStyle.StandardPixmap.SP_MediaSeekBackward,
                                           "Previous step (Shift+F6)", previous, self)
        self.next_button = tool_button("nextStep", QStyle.StandardPixmap.SP_MediaSeekForward,
                                       "Next step (F6)", next_, self)
        self.clear_button = tool_button("clearSimulation", None, "Clear the results and the highlight", clear, self)
        self.clear_button.setText("Clear")
        self.step_label = QLabel(objectName="stepLabel")
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        # A long step text is cut at the panel's edge (whole in the tooltip), never widening the window.
        self.step_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notes_label = QLabel(objectName="simulateNotes", wordWrap=True)
        self.notes_label.hide()
        header = QHBoxLayout()
        header.setSpacing(2)
        for widget, space in ((self.rerun_button, 4), (self.previous_button, 0), (self.next_button, 6)):
            header.addWidget(widget)
            header.addSpacing(space)
        header.addWidget(self.step_label, 1)
        header.addWidget(self.clear_button)

        self.timeline = TimelineView()
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.timeline)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.requests = RequestsTree()
        self.timeline.requestClicked.connect(self.requests.select_request)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(scroll)
        self.split.addWidget(self.requests)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.split, 1)
        self.simulation: Simulation | None = None

    def set_simulation(self, simulation: Simulation | None) -> None:
        """A new run (or None): lanes and requests from scratch, every lane in view when there is room."""
        self.simulation = simulation
        self.timeline.set_simulation(simulation)
        self.requests.set_requests(simulation.requests if simulation is not None else [])
        if simulation is not None:
            self.fit_lanes()
            QTimer.singleShot(0, self.fit_lanes)  # again once a hidden tab has been laid out

    def fit_lanes(self) -> None:
        total = sum(self.split.sizes())
        if total > 0:
            lanes = self.timeline.sizeHint().height() + 2
            self.split.setSizes([min(lanes, max(total - MIN_REQUESTS_HEIGHT, total // 2)),
                                 max(MIN_REQUESTS_HEIGHT, total - lanes)])

    def show_step(self, current: int | None, stale: bool) -> None:
        """The header, notes, cursor and greyed requests for step `current` of the run shown."""
        sim = self.simulation
        count = len(sim.steps) if sim is not None else 0
        self.timeline.set_current(current)
        self.previous_button.setEnabled(count > 0 and (current or 0) > 0)
        self.next_button.setEnabled(count > 0 and (current is None or current < count - 1))
        self.clear_button.setEnabled(sim is not None)
        notes = ([STALE] if stale else []) + (list(sim.notes) if sim is not None else [])
        self.notes_label.setText("\n".join(f"⚠ {n}" for n in notes))
        self.notes_label.setStyleSheet(f"color: {style.severity_colour('warning', self.palette()).name()};")
        self.notes_label.setVisible(bool(notes))
        if sim is None:
            text = "No run yet"
        elif not count:
            text = "The run has no steps"
        elif current is None:
            text = f"{count} steps"
        else:
            step = sim.steps[current]
            leg = next((c for c in sim.calls if c.sid == step.leg), None)
            where = lane_label(leg) if leg is not None else step.leg
            what = step.text if step.text.startswith(where) else f"{where}: {step.text}"
            text = f"Step {current + 1} of {count} · {step.t:g} s · {what}"
        self.step_label.setText(text)
        self.step_label.setToolTip(text)
        self.requests.set_now(sim.steps[current].t if sim is not None and current is not None else None)
