"""Which findings each canvas item shows as its badge: the live findings grouped by drawn node.

`FindingsByItem` owns the grouping `FlowScene` answers `findings_at` / `findings_for` from: each
finding goes to the node drawing its element (or the nearest drawn ancestor: an Identity's finding
shows on its Client), or to the document's frame. After every edit the re-check announces all the
flow's findings again, and the checker hands back the very same objects for the documents it did
not re-check; so only documents whose findings changed, or whose frame was built again (its drawn
nodes may differ), are grouped again, and only their frames are re-badged. Mapping a finding to its
drawn node costs ~3 µs: regrouping a thousand findings twice per edit cost ~6 ms.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowedit.gui.canvas.items.frame import FrameItem
    from flowedit.model.document import Document

_DOCUMENT = attrgetter("document")


class FindingsByItem:
    """The findings by document and drawn element (None: the document's frame itself)."""

    def __init__(self) -> None:
        self._grouped: dict[Document, dict[int | None, list]] = {}
        self._lists: dict[Document, list] = {}  # each document's findings as last grouped

    def get(self, document: Document, eid: int | None) -> list:
        return self._grouped.get(document, {}).get(eid, [])

    def update(self, findings: Iterable, documents: dict[str, Document], frames: dict[Document, FrameItem],
               regroup: Collection[Document] | None = ()) -> list[FrameItem]:
        """Take the flow's `findings` (documents by path, their `frames`); the frames whose badges
        changed. `regroup`: documents grouped again even with the same findings (None: every one)."""
        lists: dict[Document, list] = {}
        # The checker sorts them by file, so a document's findings come in one run: grouped in C.
        for path, run in groupby(findings, key=_DOCUMENT):
            doc = documents.get(path or "")
            if doc in frames:
                lists.setdefault(doc, []).extend(run)
        previous, self._lists = self._lists, lists
        changed = []
        for doc in lists.keys() | previous.keys():
            new = lists.get(doc, [])
            # (list equality compares by identity first, in C: the unchanged documents cost next to nothing)
            if regroup is not None and doc not in regroup and new == previous.get(doc):
                continue
            if self._group(doc, new, frames.get(doc)):
                changed.append(frames[doc])
        return changed

    def regroup(self, doc: Document, frame: FrameItem) -> bool:
        """Group `doc`'s findings as last taken again, on its `frame` built again (its drawn nodes
        may differ); True when its badges changed. Only that document's findings are looked at."""
        return self._group(doc, self._lists.get(doc, []), frame)

    def _group(self, doc: Document, findings: list, frame: FrameItem | None) -> bool:
        grouped: dict[int | None, list] = {}
        for finding in findings:
            eid = None if finding.eid is None or finding.eid == doc.root_id else frame.drawn_eid(finding.eid)
            grouped.setdefault(eid, []).append(finding)
        if grouped == self._grouped.get(doc, {}):
            return False
        if grouped:
            self._grouped[doc] = grouped
        else:
            self._grouped.pop(doc, None)
        return frame is not None
