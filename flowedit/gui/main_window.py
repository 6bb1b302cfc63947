"""The main window: the XML pane in the middle, the Documents, Outline and Problems docks around it,
the menus, the status bar, and opening flows.

It reads the model and never changes it (editing arrives with the canvas). Loading goes through
`flowedit.io.folder.load_flow`: files that cannot be read become rows in Problems, and a path that
cannot be opened at all becomes a status-bar message and a Problems row, never a dialog or a
traceback, so that a test (or a user opening a stale recent file) is never blocked.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from flowedit import __version__
from flowedit.gui import style
from flowedit.gui.panels.documents import DocumentsPanel
from flowedit.gui.panels.outline import OutlinePanel
from flowedit.gui.panels.problems import ProblemsPanel
from flowedit.gui.panels.xml_pane import XmlPane
from flowedit.gui.recent import RecentFiles
from flowedit.io.folder import LoadedFlow, load_flow
from flowedit.io.writer import document_bytes, document_text
from flowedit.model.document import Document
from flowedit.model.links import Link, LinkKind
from flowedit.validate import Finding, Severity, Validator
from flowedit.model.paths import SUFFIXES

# Bump when the set of docks changes, so an old saved layout is ignored rather than half-applied.
STATE_VERSION = 1
GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"
_FILE_FILTER = f"TwiML files ({' '.join('*' + s for s in SUFFIXES)});;All files (*)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class MainWindow(QMainWindow):
    """One window showing one flow. `settings` defaults to the application's QSettings."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.recent = RecentFiles(self.settings)
        self.loaded: LoadedFlow | None = None
        self.links: list[Link] = []
        self.validator: Validator | None = None
        self.findings: list[Finding] = []
        self.failure: str | None = None
        self._built = False  # palette changes arrive while the constructor still runs
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AnimatedDocks)
        # Side docks run the full height; Problems sits under the XML pane only, as in most IDEs.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.xml_pane = XmlPane(self)
        self.setCentralWidget(self.xml_pane)
        self.documents_panel = DocumentsPanel()
        self.outline_panel = OutlinePanel()
        self.problems_panel = ProblemsPanel()
        self.documents_dock = self._dock("Documents", "documentsDock", self.documents_panel,
                                         Qt.DockWidgetArea.LeftDockWidgetArea)
        self.outline_dock = self._dock("Outline", "outlineDock", self.outline_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.problems_dock = self._dock("Problems", "problemsDock", self.problems_panel,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addPermanentWidget(self.summary_label)

        self.documents_panel.documentSelected.connect(self._show_document)
        self.outline_panel.lineActivated.connect(self.xml_pane.mark_line)
        self.problems_panel.locationActivated.connect(self.go_to)
        self._build_menus()
        self._restore_layout()
        self._built = True
        self._refresh()

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState/restoreState find docks by object name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- menus -----------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, role=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if role is not None:
            action.setMenuRole(role)  # macOS moves Quit/About into the application menu
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_file_action = self._action("&Open File…", self.choose_file, QKeySequence.StandardKey.Open)
        self.open_folder_action = self._action("Open &Folder…", self.choose_folder, "Ctrl+Shift+O")
        file_menu.addAction(self.open_file_action)
        file_menu.addAction(self.open_folder_action)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.reload_action = self._action("Re&load", self.reload, QKeySequence.StandardKey.Refresh)
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit,
                                        QAction.MenuRole.QuitRole)
        if not self.quit_action.shortcuts():  # no platform binding (e.g. some Linux desktops)
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for dock, key in ((self.documents_dock, "Alt+1"), (self.outline_dock, "Alt+2"),
                          (self.problems_dock, "Alt+3")):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        view_menu.addAction(self._action("&Reset Layout", self.reset_layout))

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About flowedit", self.about, role=QAction.MenuRole.AboutRole))
        help_menu.addAction(self._action("About &Qt", lambda: QMessageBox.aboutQt(self, "About Qt"),
                                         role=QAction.MenuRole.AboutQtRole))
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        home = os.path.expanduser("~")
        for number, path in enumerate(paths, 1):
            shown = "~" + path[len(home):] if home != "~" and path.startswith(home + os.sep) else path
            label = f"&{number % 10} {shown.replace('&', '&&')}" if number <= 10 else shown.replace("&", "&&")
            action = self.recent_menu.addAction(label)
            action.setData(path)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if paths:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("&Clear Menu", self.clear_recent)
        self.recent_menu.setEnabled(bool(paths))

    def clear_recent(self) -> None:
        self.recent.clear()
        self._rebuild_recent_menu()

    # -- opening ---------------------------------------------------------------------------
    def _dialog_folder(self) -> str:
        if self.loaded is None:
            return os.path.expanduser("~")
        location = self.loaded.location
        return str(location if location.is_dir() else location.parent)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open TwiML File", self._dialog_folder(), _FILE_FILTER)
        if path:
            self.open_path(path)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open Flow Folder", self._dialog_folder())
        if path:
            self.open_path(path)

    def open_path(self, path: str | os.PathLike[str], *, remember: bool = True) -> bool:
        """Open a TwiML file or a flow folder; False (with a message) when it cannot be read at all.

        A flow that opens with unreadable files still opens: those files are listed in Problems.
        `remember` adds the path to Open Recent (the bundled example is not remembered).
        """
        path = Path(path)
        try:
            loaded = load_flow(path)
        except OSError as err:
            reason = err.strerror or str(err)
            self.failure = f"Cannot open {path}: {reason}"
            self.statusBar().showMessage(self.failure, 15000)
            self._refresh(keep_document=True)
            self.problems_dock.show()
            return False
        self.failure = None
        self.loaded = loaded
        self.links = loaded.flow.links()
        # The live checker: the editor re-runs `check()` after each edit; only touched documents are redone.
        self.validator = Validator(loaded.flow, single_file=loaded.single_file,
                                   measure=lambda doc: len(document_bytes(doc)))
        self.findings = self.validator.check()
        if remember:
            self.recent.add(path)
            self._rebuild_recent_menu()
        self._refresh()
        count = len(loaded.flow.documents)
        message = f"Opened {loaded.location.name}: {_plural(count, 'document')}"
        if loaded.errors:
            message += f"; {_plural(len(loaded.errors), 'file')} could not be read (see Problems)"
            self.problems_dock.show()
        self.statusBar().showMessage(message, 8000)
        return True

    def reload(self) -> None:
        if self.loaded is not None:
            self.open_path(self.loaded.location, remember=False)

    # -- showing ---------------------------------------------------------------------------
    @property
    def current_document(self) -> Document | None:
        if self.loaded is None:
            return None
        return self.loaded.flow.documents.get(self.documents_panel.current_path())

    def select_document(self, path: str) -> None:
        self.documents_panel.select(path)

    def go_to(self, path: str, line: int) -> None:
        """Show document `path` with `line` marked (from a Problems row)."""
        self.documents_panel.select(path)
        self.xml_pane.mark_line(line or None)

    def _refresh(self, *, keep_document: bool = False) -> None:
        flow = self.loaded.flow if self.loaded is not None else None
        errors = self.loaded.errors if self.loaded is not None else []
        location = self.loaded.location if self.loaded is not None else None
        self.problems_panel.show_problems(flow, self.links, errors, location, self.failure, self.findings)
        if not keep_document:
            self.documents_panel.show_flow(flow, self.links)
        name = location.name if location is not None else ""
        self.setWindowTitle(f"{name}[*] — flowedit" if name else "flowedit")
        self.setWindowModified(False)  # nothing can be edited yet
        self.reload_action.setEnabled(self.loaded is not None)
        if flow is None:
            self.summary_label.setText("No flow open")
            return
        missing = sum(link.kind is LinkKind.MISSING for link in self.links)
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        self.summary_label.setText(f"{_plural(len(flow.documents), 'document')}, "
                                   f"{_plural(len(self.links), 'link')} ({missing} missing) · "
                                   f"{_plural(errors, 'error')}, {_plural(len(self.findings) - errors, 'warning')}")

    def _show_document(self, path: str) -> None:
        doc = self.loaded.flow.documents.get(path) if self.loaded is not None and path else None
        if doc is None:
            self.xml_pane.show_text("")
            self.outline_panel.show_document(None, [])
            return
        self.xml_pane.show_text(document_text(doc))
        self.outline_panel.show_document(doc, [link for link in self.links if link.source == path])

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
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        restored = isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state, STATE_VERSION)
        # Without a saved layout the docks are sized when the window first shows, at its real size.
        self._dock_sizes_pending = not restored

    def _apply_default_dock_sizes(self) -> None:
        # Preferred sizes, but never so much that the XML pane is squeezed out of a small window.
        width, height = self.width(), self.height()
        self.resizeDocks([self.documents_dock, self.outline_dock],
                         [min(style.DOCK_WIDTH_LEFT, width // 5), min(style.DOCK_WIDTH_RIGHT, width // 4)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [min(style.DOCK_HEIGHT_BOTTOM, height // 4)],
                         Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's virtual
        super().showEvent(event)
        if self._dock_sizes_pending:
            self._dock_sizes_pending = False
            self._apply_default_dock_sizes()

    def reset_layout(self) -> None:
        """Put every dock back where a fresh install has it."""
        for dock in (self.documents_dock, self.outline_dock, self.problems_dock):
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, STATE_VERSION)
        self._apply_default_dock_sizes()

    def save_layout(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState(STATE_VERSION))
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's virtual
        super().changeEvent(event)
        # The panels colour their rows when they fill them: refill in the new (light or dark) colours,
        # once the children have the new palette too (Qt tells the parent before its children).
        if event.type() == QEvent.Type.PaletteChange and self._built:
            QTimer.singleShot(0, self, self._refresh)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's virtual
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

    # -- help ------------------------------------------------------------------------------
    def about(self) -> None:
        QMessageBox.about(self, "About flowedit",
                          f"<h3>flowedit {__version__}</h3>"
                          "<p>A desktop editor for Twilio Voice call flows: TwiML documents and the "
                          "links between them.</p>")
