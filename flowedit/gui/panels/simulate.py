"""The "Simulate" dock: build or load a scenario, run the flow through it, step through the timeline.

Owns the simulator's user interface; the simulation itself is `flowedit.simulate.simulate`, Qt-free.
Left, the scenario (`simulate_scenario.ScenarioEditor`) with Load… / Save… (the JSON scenario file)
and Run (F5). Right, the result of the last run: its notes (a loop bound hit, a missing document …),
the lanes of `simulate_timeline.TimelineView`, and every request Twilio would send, in order, with
its parameters. Previous / Next (or a click on a mark or a request) choose the current step: the
canvas glows around the verb it runs and, on a child leg, the Dial noun that made the leg
(`FlowScene.highlight`), the view scrolls to it when it is out of sight, and the timeline's cursor
moves there. The scenario and the results are UI state: nothing here edits the flow or is undoable.
Problems (a bad scenario file, an unreadable one, a refused scenario) show in the panel, never as a
traceback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui import style
from flowedit.gui.panels.simulate_results import ResultsView
from flowedit.gui.panels.simulate_scenario import ScenarioEditor, dial_targets, keys_of_dial
from flowedit.gui.session import FlowSession, Ref
from flowedit.model.changes import PositionChanged
from flowedit.simulate import simulate, targets
from flowedit.simulate.model import Scenario, ScenarioError, Simulation, Step

FILTER = "Scenarios (*.json);;All files (*)"
LEFT_WIDTH = 400  # the scenario form: room for a target's key beside its three editors
MIN_SIZE = (60, 140)
SIDE_BY_SIDE = 1100  # narrower than this, the scenario and the results are tabs


class SimulatePanel(QWidget):
    """The scenario, the run and its timeline (see the module docstring)."""

    def __init__(self, session: FlowSession, scene=None, view=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulatePanel")
        self.session, self.scene, self.view = session, scene, view
        self.simulation: Simulation | None = None
        self.current: int | None = None
        self.stale = False  # the flow changed after the last run
        self.last_dir = ""

        self.editor = ScenarioEditor(session)
        self.load_button = QPushButton("Load…", objectName="loadScenario")
        self.save_button = QPushButton("Save…", objectName="saveScenario")
        self.run_button = QPushButton("Run", objectName="runSimulation")
        self.run_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.run_button.setDefault(True)
        self.run_button.setToolTip(f"Run the flow through this scenario "
                                   f"({QKeySequence('F5').toString(QKeySequence.SequenceFormat.NativeText)})")
        self.load_button.setToolTip("Read a scenario file (JSON)")
        self.save_button.setToolTip("Write this scenario to a file (JSON), for `flowedit simulate` too")
        self.error_label = QLabel(objectName="simulateError", wordWrap=True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 4, 6)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.error_label)
        left_layout.addLayout(buttons)

        self.results = ResultsView(self.run, self.previous_step, self.next_step, self.clear_results)
        self.timeline, self.requests = self.results.timeline, self.results.requests
        self.timeline.stepClicked.connect(self.set_step)
        self.requests.requestChosen.connect(self._request_chosen)

        # In a scroll area: a narrow dock scrolls the form rather than widening the window.
        self.scenario_page = QScrollArea(objectName="scenarioPage", widgetResizable=True)
        self.scenario_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scenario_page.setWidget(left)
        self.results_page = self.results
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(objectName="simulateTabs")
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        layout.addWidget(self.tabs)
        self.side_by_side: bool | None = None
        self._arrange(False)

        self.load_button.clicked.connect(self.choose_load)
        self.save_button.clicked.connect(self.choose_save)
        self.run_button.clicked.connect(self.run)
        session.flowReplaced.connect(self._flow_replaced)
        session.documentChanged.connect(self._document_changed)
        session.flowChanged.connect(self._flow_changed)
        session.selectionChanged.connect(self._selection_changed)
        self._selection_changed()  # made later than the selection (a lazy dock): list its targets first
        self._show_results()

    def _arrange(self, wide: bool) -> None:
        """Scenario and results side by side when the panel is wide, else as two tabs (a bottom dock
        under the canvas is rarely wide enough for the form and the lanes both)."""
        if wide == self.side_by_side:
            return
        self.side_by_side = wide
        if wide:
            self.tabs.clear()
            for page in (self.scenario_page, self.results_page):
                self.splitter.addWidget(page)
                page.show()  # the tab widget hid the page that was not current
            self.splitter.setStretchFactor(0, 0)
            self.splitter.setStretchFactor(1, 1)
            self.splitter.setSizes([LEFT_WIDTH, max(LEFT_WIDTH, self.width() - LEFT_WIDTH)])
        else:
            self.tabs.addTab(self.scenario_page, "Scenario")
            self.tabs.addTab(self.results_page, "Results")
            if self.simulation is not None:
                self.tabs.setCurrentIndex(1)
        self.splitter.setVisible(wide)
        self.tabs.setVisible(not wide)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        super().resizeEvent(event)
        self._arrange(self.width() >= SIDE_BY_SIDE)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's virtual
        # Small on purpose: before the window first shows, Qt sums the minimum widths of tabbed
        # bottom docks, so a wide minimum here would widen the window; a small dock clips instead.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), MIN_SIZE[0]), min(hint.height(), MIN_SIZE[1]))

    # -- the scenario ------------------------------------------------------------------------
    def scenario(self) -> Scenario:
        return self.editor.scenario()

    def set_scenario(self, scenario: Scenario) -> None:
        self.editor.set_scenario(scenario)

    def show_error(self, message: str) -> None:
        """Say what went wrong under the scenario ("" hides it)."""
        self.error_label.setText(message)
        self.error_label.setStyleSheet(f"color: {style.severity_colour('error', self.palette()).name()};")
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def load_scenario(self, path: str | Path) -> bool:
        """Read a scenario file into the form; False (the reason shown in the panel) when it cannot be used."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            scenario = Scenario.from_text(text, source=path.name)
        except (OSError, UnicodeDecodeError) as err:
            self.show_error(f"Cannot read {path.name}: {getattr(err, 'strerror', None) or err}")
            return False
        except ScenarioError as err:
            self.show_error(str(err))
            return False
        self.set_scenario(scenario)
        try:  # what the flow lacks is left out of the form; say so rather than drop it silently
            targets.check_scenario(self.session.flow, scenario, path.name)
        except ScenarioError as err:
            self.show_error(f"{err}. Loaded the rest.")
        else:
            self.show_error("")
        return True

    def save_scenario(self, path: str | Path) -> bool:
        """Write the form's scenario as JSON; False (the reason shown in the panel) when it cannot."""
        import json

        path = Path(path)
        try:
            path.write_text(json.dumps(self.scenario().to_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as err:
            self.show_error(f"Cannot write {path.name}: {err.strerror or err}")
            return False
        self.show_error("")
        return True

    def choose_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load Scenario", self.last_dir, FILTER)
        if path:
            self.last_dir = str(Path(path).parent)
            self.load_scenario(path)

    def choose_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save Scenario", self.last_dir or "scenario.json", FILTER)
        if path:
            self.last_dir = str(Path(path).parent)
            self.save_scenario(path)

    # -- running -----------------------------------------------------------------------------
    def run(self) -> Simulation | None:
        """Simulate the flow through the form's scenario, show the timeline and go to its first step."""
        if not self.session.flow.documents:
            self.show_error("Open or create a flow first: there is nothing to simulate.")
            return None
        try:
            simulation = simulate(self.session.flow, self.scenario())
        except ScenarioError as err:
            self.show_error(str(err))
            return None
        self.show_error("")
        self.set_simulation(simulation)
        return simulation

    def set_simulation(self, simulation: Simulation | None) -> None:
        """Show `simulation` (None clears the results and the canvas highlight)."""
        self.simulation = simulation
        self.stale = False
        self.current = None
        if simulation is not None and not self.side_by_side:
            self.tabs.setCurrentIndex(1)
        self.results.set_simulation(simulation)
        self._show_results()
        if simulation is not None and simulation.steps:
            self.set_step(0)
        else:
            self._highlight([])

    def clear_results(self) -> None:
        self.set_simulation(None)

    # -- stepping ----------------------------------------------------------------------------
    def set_step(self, index: int) -> None:
        """Make step `index` current: highlight it on the canvas, move the cursor, mark past requests."""
        sim = self.simulation
        if sim is None or not sim.steps:
            return
        self.current = max(0, min(index, len(sim.steps) - 1))
        step = sim.steps[self.current]
        refs = self.refs_for(step)
        self._highlight(refs)
        if refs and self.view is not None:
            self._reveal(refs[0])
        self._show_results()

    def next_step(self) -> None:
        if self.simulation is not None:
            self.set_step(0 if self.current is None else self.current + 1)

    def previous_step(self) -> None:
        if self.simulation is not None:
            self.set_step(0 if self.current is None else self.current - 1)

    def refs_for(self, step: Step) -> list[Ref]:
        """What the canvas shows for `step`: the verb (or document) it runs, then its leg's Dial noun."""
        documents = self.session.flow.documents
        refs: list[Ref] = []
        doc = documents.get(step.document or "")
        if doc is not None and (step.eid is None or doc.contains(step.eid)):
            refs.append(Ref(doc, step.eid))
        leg = next((c for c in self.simulation.calls if c.sid == step.leg), None) if self.simulation else None
        if leg is not None and leg.parent_sid is not None:
            noun_doc = documents.get(leg.document or "")
            if noun_doc is not None and leg.eid is not None and noun_doc.contains(leg.eid):
                refs.append(Ref(noun_doc, leg.eid))
            elif noun_doc is None and leg.target:  # an engine that names the leg only by its target key
                refs += self._nouns_for(leg.target)
        return refs

    def _nouns_for(self, key: str) -> list[Ref]:
        return next((t.refs[:1] for t in dial_targets(self.session.flow) if key in t.keys), [])

    def _highlight(self, refs: list[Ref]) -> None:
        if self.scene is not None:
            self.scene.highlight(refs)

    def _reveal(self, ref: Ref) -> None:
        """Centre the view on `ref` unless it is already fully in sight (stepping should not jolt)."""
        item = self.scene.item_for(ref) if self.scene is not None else None
        if item is None:
            return
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        if not seen.contains(item.sceneBoundingRect()):
            self.view.centre_on(ref)

    def _request_chosen(self, index: int) -> None:
        """A request picked in the list: step to the last step on its leg at or before it."""
        if self.simulation is None or not self.simulation.steps:
            return
        request = self.simulation.requests[index]
        steps = self.simulation.steps
        candidates = [i for i, s in enumerate(steps) if s.t <= request.t and request.leg in (None, s.leg)]
        candidates = candidates or [i for i, s in enumerate(steps) if s.t <= request.t] or [0]
        if candidates[-1] != self.current:
            self.set_step(candidates[-1])

    def _show_results(self) -> None:
        self.results.show_step(self.current, self.stale)

    # -- following the session ---------------------------------------------------------------
    # The scenario form lists the flow lazily: only when shown, debounced, and after a document
    # change only if that document's Dial targets or Gather changed (`ScenarioEditor.invalidate`).
    def _flow_replaced(self) -> None:
        self.editor.invalidate(entry=self.session.flow.entry, delay=False)
        self.show_error("")
        self.clear_results()

    def _document_changed(self, document, _change) -> None:
        self.editor.document_changed(document)
        self._mark_stale()

    def _flow_changed(self, change) -> None:
        if not isinstance(change, PositionChanged):  # a frame moved: the call runs the same
            self.editor.invalidate()
            self._mark_stale()

    def _mark_stale(self) -> None:
        if self.simulation is not None and not self.stale:
            self.stale = True
            self._show_results()

    def _selection_changed(self) -> None:
        keys: list[str] = []
        for ref in self.session.selection[-1:]:
            doc, eid = ref.document, ref.eid
            while eid is not None and doc.contains(eid) and not (doc.kind(eid) == "element"
                                                                 and doc.tag(eid) == "Dial"):
                eid = doc.parent(eid)
            if eid is not None and doc.contains(eid):
                keys = [key for key, _keys, _eid in keys_of_dial(doc, eid)]
        self.editor.set_focus(keys)
