"""The main window: one `FlowSession`, the canvas in the middle and the docks around it.

Docks (each with an objectName, so the layout is saved and restored, and a toggle in View ▸ Panels):
Documents and Palette tabbed on the left, Inspector on the right, XML, Code, Findings, History,
Simulate and Differences tabbed at the bottom. The window itself only wires: commands are built in
`actions` (QActions by name, kept in `window.commands`) and do their work in `file_ops`, `compare`,
`clipboard`, `codegen` and `edit_ops`; panels talk to the session, never to each other (the
Differences panel also marks the canvas, as Simulate does). Documents, Inspector and XML are built
with the window; the docks tabbed behind others are `LazyDock`s, whose panels are built when first
shown or asked for (`window.simulate_panel` …). A big flow opens without its first check, which
runs once the canvas has painted it (`AfterFirstPaint`), in slices between events; the status bar
says "checking…" meanwhile.
The title follows the session ("name[*] — flowedit", modified from the undo stack's clean state),
the status bar shows refused edits and a findings summary. Closing with unsaved changes asks
Save / Discard / Cancel through `_confirm_discard`, which tests replace. The flow's files changed by
other programs are noticed by `window.watcher` (`watch.FlowWatcher`). Unsaved work is autosaved by
`window.autosave` (`autosave.Autosave`) until it is saved or the window closes.

A new window imports only what its empty self shows: the model, reader and writer, the vocabulary
and the canvas items come with the first flow or edit (`session.EmptyFlow`; the modules import them
where used), which `tests/gui/test_start_imports.py` holds to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from flowedit.gui import actions as actions_module
from flowedit.gui import edit_ops, style
from flowedit.gui.autosave import Autosave
from flowedit.gui.canvas.scene import FlowScene
from flowedit.gui.canvas.view import FlowView
from flowedit.gui.file_ops import FileOps
from flowedit.gui.first_paint import AfterFirstPaint
from flowedit.gui.panels.documents import DocumentsPanel
from flowedit.gui.panels.findings_summary import summary
from flowedit.gui.panels.inspector import Inspector
from flowedit.gui.panels.lazy_dock import LazyDock
from flowedit.gui.panels.xml_pane import XmlPane
from flowedit.gui.recent import RecentFiles
from flowedit.gui.session import FlowSession, Ref
from flowedit.gui.watch import FlowWatcher

if TYPE_CHECKING:
    # The event classes only annotate Qt's virtuals: PySide6 makes each class (and its enums) when first
    # touched, and the window needs none of them before such an event comes.
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

    from flowedit.gui.compare import Compare
    from flowedit.gui.panels.code_pane import CodePane
    from flowedit.gui.panels.differences import DifferencesPanel
    from flowedit.gui.panels.findings import FindingsPanel
    from flowedit.gui.panels.simulate import SimulatePanel
    from flowedit.gui.shortcuts import ShortcutsDialog
    from flowedit.model.document import Document
    from flowedit.validate.findings import Finding

# Bump when the set of docks changes, so an old saved layout is ignored rather than half-applied.
STATE_VERSION = 4
SIMULATE_HEIGHT = 380  # the Simulate dock's lanes and requests need more room than the XML pane
GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def attribute_for(doc: Document, finding: Finding) -> str | None:
    """The attribute (or "#text") a finding points at, from its position; None for the element itself."""
    if finding.eid is None or not doc.contains(finding.eid) or doc.kind(finding.eid) != "element":
        return None
    where = (finding.line, finding.column)
    element = doc.locate(finding.eid)
    for name, _value in doc.attributes(finding.eid):
        spot = doc.locate(finding.eid, name)
        if spot == where and spot != element:
            return name
    spot = doc.locate(finding.eid, "#text")
    return "#text" if spot == where and spot != element else None


class MainWindow(QMainWindow):
    """One window editing one flow. `settings` defaults to the application's QSettings."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.recent = RecentFiles(self.settings)
        self.session = FlowSession(self)
        self.file_ops = FileOps(self)
        # The flow's files changed by other programs: reloaded, or asked about (see `watch`).
        self.watcher = FlowWatcher(self)
        self._compare: Compare | None = None
        self.commands: dict[str, QAction] = {}  # every QAction by name (not `actions`: QWidget has that)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AnimatedDocks)
        # Side docks run the full height; the bottom docks sit under the canvas only, as in most IDEs.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.scene, self.view = self._make_canvas()
        self.setCentralWidget(self.view)
        self.documents_panel = DocumentsPanel(self.session)
        self.inspector = self._make_inspector()
        self.xml_pane = XmlPane(self.session)
        self._open_failure: str | None = None  # a path that could not be opened, for Findings
        left, right, bottom = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        # Docks seen at first hold their panels now; the others (tabbed behind) build them when first
        # shown or asked for (`LazyDock`): a quicker start, and no work for panels nobody looks at.
        self.documents_dock = self._dock("Documents", "documentsDock", self.documents_panel, left)
        self.palette_dock = self._lazy_dock("Palette", "paletteDock", self._make_palette, left)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, right)
        self.xml_dock = self._dock("XML", "xmlDock", self.xml_pane, bottom)
        self.code_dock = self._lazy_dock("Code", "codeDock", self._make_code_pane, bottom)
        self.findings_dock = self._lazy_dock("Findings", "findingsDock", self._make_findings_panel, bottom)
        self.history_dock = self._lazy_dock("History", "historyDock", self._make_history, bottom)
        self.simulate_dock = self._lazy_dock("Simulate", "simulateDock", self._make_simulate_panel, bottom)
        self.diff_dock = self._lazy_dock("Differences", "diffDock", self._make_differences_panel, bottom)
        self.tabifyDockWidget(self.documents_dock, self.palette_dock)
        for dock in (self.code_dock, self.findings_dock, self.history_dock, self.simulate_dock, self.diff_dock):
            self.tabifyDockWidget(self.xml_dock, dock)
        self.documents_dock.raise_()
        self.xml_dock.raise_()
        self.docks = [self.documents_dock, self.palette_dock, self.inspector_dock, self.xml_dock, self.code_dock,
                      self.findings_dock, self.history_dock, self.simulate_dock, self.diff_dock]
        self._paint_watch = AfterFirstPaint(self.view.viewport(), self._check_after_paint)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addPermanentWidget(self.summary_label)
        # Unsaved work is kept in the application data folder until it is saved (crash recovery).
        self.autosave = Autosave(self.session, self)
        self.autosave.failed.connect(self.statusBar().showMessage)

        actions_module.build(self)
        # Bound methods, not lambdas: Qt disconnects them when the window goes, before the session does.
        self.session.undo_stack.cleanChanged.connect(self.update_title)
        self.session.flowReplaced.connect(self._flow_replaced)
        self.session.editRefused.connect(self._edit_refused)
        self.session.findingsChanged.connect(self._update_summary)
        self.session.selectionChanged.connect(self._update_actions)
        self.session.modelChanged.connect(self._update_actions)
        self.session.changesSettled.connect(self._update_actions)
        self.documents_panel.documentActivated.connect(self._document_activated)
        self._restore_layout()
        self.update_title()
        self._update_summary()
        self._update_actions()

    # -- building --------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState/restoreState find docks by object name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_canvas(self):
        """The flow scene and its view (the central widget)."""
        scene = FlowScene(self.session)
        view = FlowView(scene)
        view.setObjectName("flowView")
        return scene, view

    def _lazy_dock(self, title: str, name: str, factory, area: Qt.DockWidgetArea) -> LazyDock:
        dock = LazyDock(title, self, factory)
        dock.setObjectName(name)
        self.addDockWidget(area, dock)
        return dock

    # The panels of the lazy docks: made by their dock when first shown or asked for (see `LazyDock`).
    def _make_palette(self) -> QWidget:
        from flowedit.gui.panels.palette import Palette

        return Palette(self.session)

    def _make_inspector(self) -> QWidget:
        return Inspector(self.session)

    def _make_code_pane(self) -> QWidget:
        from flowedit.gui.panels.code_pane import CodePane

        pane = CodePane(self.session, self.settings)
        # A pane made while its tab is behind another must not generate code nobody sees.
        pane.set_shown(self.code_dock.seen is not False)
        self.code_dock.visibilityChanged.connect(pane.set_shown)
        return pane

    def _make_findings_panel(self) -> QWidget:
        from flowedit.gui.panels.findings import FindingsPanel

        panel = FindingsPanel(self.session)
        if self._open_failure:
            panel.set_failure(self._open_failure)
        panel.findingActivated.connect(self.show_finding)
        return panel

    def _make_history(self) -> QWidget:
        from PySide6.QtWidgets import QUndoView

        history = QUndoView(self.session.undo_stack)
        history.setObjectName("historyView")
        history.setEmptyLabel("As opened")
        return history

    def _make_simulate_panel(self) -> QWidget:
        from flowedit.gui.panels.simulate import SimulatePanel

        return SimulatePanel(self.session, self.scene, self.view)

    def _make_differences_panel(self) -> QWidget:
        from flowedit.gui.panels.differences import DifferencesPanel

        return DifferencesPanel(self.session, self.scene, self.view)

    @property
    def compare(self) -> Compare:
        """File ▸ Compare's work (made on first use, with the Differences panel it fills)."""
        if self._compare is None:
            from flowedit.gui.compare import Compare

            self._compare = Compare(self)
        return self._compare

    @property
    def palette_panel(self) -> QWidget:
        return self.palette_dock.panel()

    @property
    def code_pane(self) -> CodePane:
        return self.code_dock.panel()

    @property
    def findings_panel(self) -> FindingsPanel:
        return self.findings_dock.panel()

    @property
    def history(self) -> QWidget:
        return self.history_dock.panel()

    @property
    def simulate_panel(self) -> SimulatePanel:
        return self.simulate_dock.panel()

    @property
    def differences_panel(self) -> DifferencesPanel:
        return self.diff_dock.panel()

    def set_open_failure(self, message: str | None) -> None:
        """Show (or with None clear) a path that could not be opened, in Findings (kept until it is built)."""
        self._open_failure = message
        if self.findings_dock.built or message:
            self.findings_panel.set_failure(message)

    def view_call(self, name: str, *args) -> None:
        """Ask the canvas view to `name(*args)` (zoom_in, fit_all, centre_on …) when it can."""
        getattr(self.view, name)(*args)

    def tidy_up(self) -> None:
        self.scene.tidy_up()

    def run_simulation(self) -> None:
        """Show the Simulate dock (tall enough for its lanes) and run the scenario it holds."""
        self.simulate_dock.show()
        self.simulate_dock.raise_()
        if not self.simulate_dock.isFloating() and self.simulate_dock.height() < SIMULATE_HEIGHT:
            self.resizeDocks([self.simulate_dock], [min(SIMULATE_HEIGHT, self.height() * 9 // 20)],
                             Qt.Orientation.Vertical)
        self.simulate_panel.run()

    def simulate_call(self, name: str) -> None:
        """Forward a Simulate menu command (next_step, previous_step, clear_results …) to the panel."""
        self.simulate_dock.show()
        self.simulate_dock.raise_()
        getattr(self.simulate_panel, name)()

    # -- state shown -----------------------------------------------------------------------
    def _flow_replaced(self) -> None:
        self.update_title()
        self._update_summary()
        # After the scene has rebuilt and the window has its size: a readable first view.
        QTimer.singleShot(0, self.view.show_start)
        if self.session.checking:
            # A big flow's first check waits until the canvas has shown it (see `AfterFirstPaint`).
            self._paint_watch.arm(self.isVisible())

    def _check_after_paint(self) -> None:
        if self.session.checking:
            self.session.check_in_slices()  # the flow is on screen: scrolling need not wait for it

    def _edit_refused(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 8000)

    def _document_activated(self, doc: Document) -> None:
        self.view_call("centre_on", Ref(doc))

    def update_title(self, *_clean) -> None:
        self.setWindowTitle(f"{self.session.title}[*] — flowedit")
        self.setWindowModified(self.session.modified)
        self._update_actions()

    def _update_summary(self) -> None:
        flow = self.session.flow
        found = "checking…" if self.session.checking else summary(self.session.findings)
        self.summary_label.setText(f"{_plural(len(flow.documents), 'document')} · {found}")

    def _update_actions(self) -> None:
        if self.commands and not self.session.in_burst:  # a burst's changes: once, when it is over
            actions_module.update_enabled(self)

    def show_finding(self, finding: Finding) -> None:
        """Select what `finding` is about, show it on the canvas, and focus its attribute in the inspector."""
        doc = self.session.flow.documents.get(finding.document or "")
        if doc is None:
            return
        eid = finding.eid if finding.eid is not None and doc.contains(finding.eid) else None
        ref = Ref(doc, eid)
        self.session.select(ref)
        self.view_call("centre_on", ref)
        attribute = attribute_for(doc, finding)
        if attribute is not None:
            self.inspector_dock.show()
            self.inspector_dock.raise_()
            self.inspector.focus_attribute(attribute)

    # -- commands the window answers itself ------------------------------------------------
    def open_path(self, path: str | os.PathLike[str], *, remember: bool = True) -> bool:
        """Open a TwiML file or flow folder (see `FileOps.open_path`)."""
        return self.file_ops.open_path(path, remember=remember)

    def remember(self, path: Path) -> None:
        self.recent.add(path)
        actions_module.rebuild_recent(self)

    def clear_recent(self) -> None:
        self.recent.clear()
        actions_module.rebuild_recent(self)

    def compare_with(self, path: str | os.PathLike[str]) -> list | None:
        """Compare the open flow (new) with the TwiML file or flow folder at `path` (old), in Differences."""
        return self.compare.with_path(path)

    def move_to_document(self) -> None:
        groups = edit_ops.selected_elements(self.session)
        source = groups[0][0] if len(groups) == 1 else None
        paths = [p for p in self.documents_panel.paths() if source is None or p != source.path]
        target = self._choose_document(paths)
        if target:
            edit_ops.move_to_document(self.session, self.session.flow.documents[target])

    def show_shortcuts(self) -> ShortcutsDialog:
        from flowedit.gui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self):
        from flowedit.gui.help import AboutDialog  # dialogs: imported when first asked for

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_reference(self) -> str:
        """Help ▸ TwiML Reference: Twilio's page of the selected element, in the browser."""
        from flowedit.gui.help import open_reference

        url = open_reference(self.session)
        self.statusBar().showMessage(f"Opened {url}", 8000)
        return url

    # -- questions (methods, so tests can answer them) -------------------------------------
    def _confirm_discard(self) -> str:
        """Ask about unsaved changes: "save", "discard" or "cancel"."""
        from PySide6.QtWidgets import QMessageBox

        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.warning(self, "Unsaved Changes",
                                     f"Save the changes to {self.session.title} before closing it?",
                                     buttons, QMessageBox.StandardButton.Save)
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")

    def _choose_document(self, paths: list[str]) -> str | None:
        if not paths:
            self.statusBar().showMessage("The flow has no other document to move to", 8000)
            return None
        from PySide6.QtWidgets import QInputDialog

        path, ok = QInputDialog.getItem(self, "Move to Document", "Move the selection to the end of:",
                                        paths, 0, False)
        return path if ok else None

    def _show_error(self, title: str, message: str) -> None:
        """Tell about a failed save, import or export: the status bar, and a window-modal box."""
        self.statusBar().showMessage(message, 15000)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): nothing waits on it

    def maybe_save(self) -> bool:
        """True when it is fine to drop the flow: nothing unsaved, saved now, or discarded."""
        if not (self.session.modified or self.xml_pane.edited):
            return True
        answer = self._confirm_discard()
        if answer == "save":
            return self.file_ops.save()
        return answer == "discard"

    # -- layout ----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        width, height = style.WINDOW_SIZE
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None and not screen.isEmpty():  # a first start on a small laptop screen
            width, height = min(width, screen.width() * 9 // 10), min(height, screen.height() * 9 // 10)
        self.resize(width, height)
        self._default_state = self.saveState(STATE_VERSION)
        geometry = self.settings.value(GEOMETRY_KEY)
        state = self.settings.value(STATE_KEY)
        if geometry is not None or state is not None:
            # Settle the dock layout first: its minimum from before the docks were tabbed (every tab side
            # by side) would otherwise clamp a restored window wider than it was. With nothing to
            # restore (a first start) the layout is settled once, when the window shows (~1 ms saved).
            self.layout().activate()
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        restored = isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state, STATE_VERSION)
        # Without a saved layout the docks are sized when the window first shows, at its real size.
        self._dock_sizes_pending = not restored

    def _apply_default_dock_sizes(self) -> None:
        # Preferred sizes, but never so much that the canvas is squeezed out of a small window.
        width, height = self.width(), self.height()
        self.resizeDocks([self.documents_dock, self.inspector_dock],
                         [min(style.DOCK_WIDTH_LEFT, width // 5), min(style.DOCK_WIDTH_RIGHT, width // 4)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.xml_dock], [min(style.DOCK_HEIGHT_BOTTOM, height // 3)], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's virtual
        super().showEvent(event)
        if self._dock_sizes_pending:
            self._dock_sizes_pending = False
            self._apply_default_dock_sizes()

    def reset_layout(self) -> None:
        """Put every dock back where a fresh install has it."""
        for dock in self.docks:
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, STATE_VERSION)
        self.documents_dock.raise_()
        self.xml_dock.raise_()
        self._apply_default_dock_sizes()

    def save_layout(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState(STATE_VERSION))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's virtual
        if not self.maybe_save():
            event.ignore()
            return
        self.autosave.finish()  # saved or discarded: a normal quit leaves no autosave behind
        self.save_layout()
        super().closeEvent(event)

    # -- drag and drop: a file or folder dropped on the window opens it -----------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's virtual
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's virtual
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_path(urls[0].toLocalFile())
