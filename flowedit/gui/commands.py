"""Undo commands: every user edit is an `EditCommand` on the session's `QUndoStack`.

A command is built from an *action*: a function that performs the edit through the model's public
edit API and returns the change records it made, each paired with what it applies to (a `Document`
or the `Flow`). The first `redo()` runs the action; later `redo()`s re-apply the recorded changes and
`undo()` applies their inverses in reverse order, so undo restores the model (and the saved bytes)
exactly. Commands with the same `merge_key` that follow each other merge (typing in a field,
dragging a frame), as Qt's `id()`/`mergeWith()` protocol intends. An action that changes nothing
makes its command obsolete, so it never reaches the history.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Union

from PySide6.QtGui import QUndoCommand

from flowedit.model.changes import DocumentChange, FlowChange
from flowedit.model.document import Document
from flowedit.model.flow import Flow

Target = Union[Document, Flow]
Recorded = Sequence[tuple[Target, Union[DocumentChange, FlowChange]]]
Action = Callable[[], Recorded]

MERGE_ID = 0x464C  # one id for every mergeable command; merge keys decide what actually merges


def _no_op(change) -> bool:
    """True for a change that leaves everything as it was (setting a value to what it already is)."""
    old, new = getattr(change, "old", object()), getattr(change, "new", object())
    if hasattr(change, "changes"):
        return all(_no_op(part) for part in change.changes)
    return old == new


class EditCommand(QUndoCommand):
    """One undoable user edit: the change records an action made (see the module docstring).

    The session runs the action *before* pushing (so a refused edit never reaches the stack) and hands
    the records over; the first `redo()`, which `QUndoStack.push` calls, therefore has nothing to do.
    """

    def __init__(self, text: str, changes: Recorded, merge_key: Hashable | None = None, *,
                 burst: Callable[[], AbstractContextManager] = nullcontext) -> None:
        super().__init__(text)
        self.changes: list[tuple[Target, object]] = list(changes)
        self.merge_key = merge_key
        self._applied = True
        self._burst = burst  # the session's: an undo or redo is one burst of changes, as the edit was

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        with self._burst():
            for target, change in self.changes:
                target.apply(change)

    def undo(self) -> None:
        with self._burst():
            for target, change in reversed(self.changes):
                target.apply(change.inverse())

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or self.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.changes.extend(other.changes)
        self.setText(other.text())  # "Set timeout = 20", not the first keystroke's "= 2"
        if _round_trip(self.changes):
            self.setObsolete(True)  # typed and typed back: nothing left to undo
        return True


def is_no_op(changes: Recorded) -> bool:
    """True when every change leaves things as they were (a value set to what it already is)."""
    return all(_no_op(change) for _, change in changes)


def _round_trip(changes: list) -> bool:
    """True when a merged run of changes to one value ends where it started."""
    first, last = changes[0][1], changes[-1][1]
    return type(first) is type(last) and hasattr(first, "old") and first.old == last.new
