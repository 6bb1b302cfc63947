"""Crash recovery at start: the autosaves of editors that did not shut down, offered to the user.

`offer_recovery(window)` runs once the window shows (see `app.main`). When crashed sessions' autosaves
exist (`autosave.find_crashed`), `RecoveryDialog` lists each — flow, original location, when it was
autosaved, how many documents — and offers, for the selected one:

- **Open Recovered Version**: the flow replaces the window's flow (asking about its unsaved changes
  first) as a modified flow tied to its original location, so Save writes there and nothing is saved
  on its own; the undo history starts empty. Text that was typed in the XML pane and not applied
  comes back there, typed and not applied. The window's own autosave takes a copy at once, and only
  then is the crashed entry deleted, so the work is never in no autosave at all.
- **Discard**: the entry is deleted.
- **Keep for Later** (or closing the dialog): every entry left stays for the next start.

A damaged entry is listed with what is wrong and where its files are; it cannot be opened, only
discarded or kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flowedit.gui.autosave import AutosaveError, CrashedEntry, find_crashed

if TYPE_CHECKING:
    from flowedit.gui.main_window import MainWindow

COLUMNS = ("Flow", "Location", "Autosaved", "Documents")


def _when(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return "unknown time"
    local = moment.astimezone()
    now = now or datetime.now().astimezone()
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%a %d %b %Y %H:%M}"


def _where(entry: CrashedEntry) -> str:
    return str(entry.location) if entry.location is not None else "never saved (untitled)"


class RecoveryDialog(QDialog):
    """The list of crashed sessions' autosaves and what to do with each (see the module docstring).

    `opener(entry)` opens one: True when it did, False when the user thought better of it (the dialog
    stays); an `AutosaveError` it raises is shown in the list as the entry's problem.
    """

    def __init__(self, entries: list[CrashedEntry], opener: Callable[[CrashedEntry], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle("Recover Unsaved Work")
        self.entries = list(entries)
        self.opened: CrashedEntry | None = None
        self._opener = opener

        heading = QLabel(self._heading())
        heading.setWordWrap(True)
        heading.setObjectName("recoveryHeading")
        self.list = QTreeWidget()
        self.list.setObjectName("recoveryList")
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAllColumnsShowFocus(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        for entry in self.entries:
            self.list.addTopLevelItem(self._item(entry))
        self.details = QLabel()
        self.details.setObjectName("recoveryDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open Recovered Version", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton("Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button = buttons.addButton("Keep for Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.keep_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._show_selected)
        self.list.itemDoubleClicked.connect(self.open_selected)
        self.finished.connect(self._release_all)
        self.list.setCurrentItem(self.list.topLevelItem(0))
        self.resize(760, 300 + 22 * min(len(self.entries), 8))

    def _heading(self) -> str:
        sessions = "a session" if len(self.entries) == 1 else f"{len(self.entries)} sessions"
        return (f"<b>flowedit did not shut down properly.</b> Unsaved work from {sessions} was autosaved. "
                "A recovered version opens unsaved: Save writes it to its original place.")

    def _item(self, entry: CrashedEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, Qt.ItemDataRole.UserRole, entry)
        self._fill(item, entry)
        return item

    def _fill(self, item: QTreeWidgetItem, entry: CrashedEntry) -> None:
        documents = entry.documents
        texts = (entry.title, _where(entry), _when(entry.time),
                 "damaged" if entry.problem else "?" if documents is None else str(documents))
        for column, text in enumerate(texts):
            item.setText(column, text)
            item.setToolTip(column, entry.problem or text)
        item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if entry.problem:
            item.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))

    # -- the selected entry ------------------------------------------------------------------------
    def selected_entry(self) -> CrashedEntry | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_selected(self, *_items) -> None:
        entry = self.selected_entry()
        self.open_button.setEnabled(entry is not None and entry.problem is None)
        self.discard_button.setEnabled(entry is not None)
        if entry is None:
            self.details.setText("")
        elif entry.problem:
            self.details.setText(f"This autosave cannot be opened: {entry.problem}. Its files are in "
                                 f"{entry.folder}; Discard deletes them.")
        else:
            count = entry.documents or 0
            version = entry.record.get("version", "?")
            belongs = (f"It belongs to {entry.location}." if entry.location is not None
                       else "It was never saved: Save will ask where.")
            typed = (f" It also holds text typed into the XML of {entry.draft[0]} and not applied."
                     if entry.draft is not None else "")
            self.details.setText(f"{entry.title}: {count} document{'' if count == 1 else 's'}, autosaved "
                                 f"{_when(entry.time)} by flowedit {version}. {belongs}{typed}")

    def open_selected(self, *_args) -> bool:
        """Open the selected entry's flow in the window and close the dialog (see the module docstring)."""
        entry = self.selected_entry()
        if entry is None or entry.problem:
            return False
        try:
            opened = self._opener(entry)
        except AutosaveError as err:
            entry.problem = str(err)
            self._fill(self.list.currentItem(), entry)
            self._show_selected()
            return False
        if opened:
            self.opened = entry
            self.entries.remove(entry)
            self.accept()
        return opened

    def discard_selected(self) -> None:
        """Delete the selected entry's autosave; the dialog closes when none is left."""
        entry = self.selected_entry()
        if entry is None:
            return
        entry.discard()
        self.entries.remove(entry)
        self.list.takeTopLevelItem(self.list.indexOfTopLevelItem(self.list.currentItem()))
        if not self.entries:
            self.accept()
            return
        self._show_selected()

    def _release_all(self, _result: int) -> None:
        for entry in self.entries:  # kept for the next start: let another editor find them then
            entry.release()


def open_recovered(window: MainWindow, entry: CrashedEntry) -> bool:
    """Make `entry`'s flow the window's flow, unsaved; AutosaveError when it cannot be read."""
    recovered = entry.restore()
    if not window.maybe_save():
        return False
    window.session.recover(recovered.loaded, untitled=recovered.untitled, files=recovered.files)
    window.set_open_failure(None)
    # Text typed in the XML pane and never applied comes back as it was left: typed, not applied.
    drafted = recovered.draft is not None and window.xml_pane.show_draft(*recovered.draft)
    if drafted:
        window.xml_dock.raise_()
    # The window's own autosave holds the work before the crashed entry goes.
    if window.autosave.write():
        entry.discard()
    else:
        entry.release()  # kept for the next start; the status bar said why the autosave failed
    where = "Save asks where" if recovered.untitled else f"Save writes to {recovered.loaded.location}"
    typed = f"; the XML pane holds the text typed into {recovered.draft[0]}, not applied" if drafted else ""
    window.statusBar().showMessage(f"Recovered {window.session.title} as autosaved {_when(entry.time)}, "
                                   f"not saved yet: {where}{typed}", 20000)
    return True


def recovery_dialog(window: MainWindow) -> RecoveryDialog | None:
    """The dialog for the crashed sessions' autosaves, or None when there are none."""
    entries = find_crashed(window.autosave.root, own=window.autosave.folder)
    if not entries:
        return None
    return RecoveryDialog(entries, lambda entry: open_recovered(window, entry), window)


def offer_recovery(window: MainWindow) -> CrashedEntry | None:
    """Ask about crashed sessions' autosaves (if any); the entry opened, if one was."""
    dialog = recovery_dialog(window)
    if dialog is None:
        return None
    try:
        dialog.exec()
        return dialog.opened
    finally:
        dialog.deleteLater()
