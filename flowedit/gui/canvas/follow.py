"""How the canvas follows the model: `FollowsModel`, the part of `FlowScene` that answers the session's
change signals (`documentChanged`, `flowChanged`, `findingsChanged`, `changesSettled`).

A change of one document rebuilds that document's frame (measured again; its rows redrawn or made
again) and derives its arrows again; a change of the flow adds, removes or re-positions frames and
derives every arrow again. One edit, undo or redo can be thousands of changes: renaming a document
rewrites every link to it, one change per link. So while the session is in a burst of changes
(`session.in_burst`), the document changes are gathered and the arrows are left as they are; when the
burst is over (`changesSettled`), each changed frame is rebuilt once, from all its changes together,
and the arrows are derived again once. Renaming the screening document of a 1,000-document flow (3,000
links) rebuilt frames 3,000 times and walked every arrow each time: ~4 s; now each frame once.

A mixin of `FlowScene` (it uses the scene's frames, arrows, badges and selection), kept apart so that
each of the two stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowedit.model.document import Document


class FollowsModel:
    """`FlowScene`'s answers to the model's changes (see the module docstring)."""

    def _on_document_changed(self, doc: Document, change) -> None:
        if self.session.in_burst:
            self._pending.setdefault(doc, []).append(change)
        else:
            self._documents_changed({doc: [change]})

    def _on_flow_changed(self, change) -> None:
        from flowedit.model.changes import DocumentAdded, DocumentRemoved, PositionChanged
        if isinstance(change, DocumentAdded):
            frame = self._add_frame(change.document)
            if self.session.flow.position(change.path) is None:
                self._place([frame])
        elif isinstance(change, DocumentRemoved):
            frame = self._frames.pop(change.document, None)
            self._auto.pop(change.document, None)
            self._pending.pop(change.document, None)
            if frame is not None:
                self._raised.discard(frame)
                self._touched.discard(frame)
                self._syncing = True
                try:
                    self.removeItem(frame)
                finally:
                    self._syncing = False
        elif isinstance(change, PositionChanged):
            frame = self.frame_for(change.path)
            if frame is not None:
                frame.setPos(self._rest_position(frame))  # its arrows follow through frame_moved
            return
        for frame in self._frames.values():
            frame.update()  # the title: a rename, a new entry
        if self.session.in_burst:
            self._relink = True  # every arrow, once, when the burst is over
            return
        self._flow_followed()

    def _settled(self) -> None:
        """The burst of changes is over: follow what it changed, once."""
        pending, self._pending = self._pending, {}
        relink, self._relink = self._relink, False
        if pending:
            self._documents_changed(pending, arrows=not relink)
        if relink:
            self._flow_followed()

    def _flow_followed(self) -> None:
        self.refresh_links()
        self._content = None
        self._highlights.follow()
        self.update_scene_rect()
        self.overviewChanged.emit()

    def _documents_changed(self, changes: dict[Document, list], *, arrows: bool = True) -> None:
        """Rebuild the frames of the documents `changes` names (each with the changes it had), and
        their arrows unless every arrow is derived again next (`arrows` False)."""
        from flowedit.model.changes import Compound

        frames, resized = [], False
        self._syncing = True
        try:
            for doc, done in changes.items():
                frame = self._frames.get(doc)
                if frame is not None:
                    height = frame.height
                    frame.rebuild(done[0] if len(done) == 1 else Compound(tuple(done)))
                    frames.append(frame)
                    resized = resized or frame.height != height
        finally:
            self._syncing = False
        if not frames:
            return
        damage = self.arrows.refresh(self, [frame.document for frame in frames]) if arrows else None
        self._content = None
        for frame in frames:  # their old findings, on the new items, until the re-check lands
            if self._findings.regroup(frame.document, frame):
                frame.relayout_badges()
        self._pull_selection()
        self._highlights.follow()
        self._damage(damage)
        if resized:
            self.overviewChanged.emit()

    def _on_findings_changed(self, regroup=()) -> None:
        """Re-badge the frames whose findings changed (`regroup`: documents whose frames were built
        again, None: all; see `canvas.badges`). Re-badging every frame costs ~0.2 s on 1,000 documents."""
        for frame in self._findings.update(self.session.findings, self.session.flow.documents, self._frames,
                                           regroup):
            frame.relayout_badges()
