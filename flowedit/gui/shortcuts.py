"""Help ▸ Keyboard Shortcuts: a sheet of every menu command and its keys, read from the real QActions.

Generated from the menu bar at the moment it opens, so it can never disagree with the menus: each
menu is a section, each action a row (its `iconText`, which is its name without mnemonics or a
changing "Undo Add <Say>" suffix), with all of its shortcuts in the platform's own notation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

SKIP_PROPERTY = "flowedit-not-a-command"  # set on actions that are data, e.g. recent files


def _label(action: QAction) -> str:
    return (action.iconText() or action.text()).replace("&&", "\0").replace("&", "").replace("\0", "&")


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def _walk(menu: QMenu, section: str, rows: list[tuple[str, str, str]]) -> None:
    for action in menu.actions():
        if action.isSeparator() or action.property(SKIP_PROPERTY):
            continue
        if action.menu() is not None:
            _walk(action.menu(), f"{section} ▸ {_label(action)}", rows)
        elif action.text():
            rows.append((section, _label(action), _keys(action)))


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, shortcuts) for every command of every menu, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for action in menu_bar.actions():
        if action.menu() is not None:
            _walk(action.menu(), _label(action), rows)
    return rows


class ShortcutsDialog(QDialog):
    """The sheet: sections per menu, commands with their keys."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.rows = shortcut_rows(menu_bar)
        groups: dict[str, QTreeWidgetItem] = {}
        for section, command, keys in self.rows:
            group = groups.get(section)
            if group is None:
                group = groups[section] = QTreeWidgetItem([section])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
            group.addChild(QTreeWidgetItem([command, keys]))
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(460, 560)

    def shortcut_for(self, command: str) -> str | None:
        """The keys listed for `command` (its name as shown), None when it is not listed."""
        return next((keys for _section, name, keys in self.rows if name == command), None)
