"""What a rule sees: the document or the flow it checks, and helpers that make located findings.

`DocContext` wraps one document (its elements in order, cached once per check) and `FlowContext` the
whole flow with its graph. Both build findings through `finding`, which fills in the file, the exact
line and column (of the element, its text or one attribute) and the element's path, and takes the
rule's default severity from the registry unless the rule says otherwise (e.g. a warning where the
fact behind the rule is unconfirmed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.validate.findings import Finding, Severity
from flowedit.validate.registry import RULES


def make_finding(doc: Document, rule: str, eid: int | None, message: str, hint: str = "", *,
                 part: str | None = None, severity: Severity | None = None) -> Finding:
    """A finding of `rule` about node `eid` of `doc` (None: the document as a whole).

    `part` locates it more exactly: an attribute name, or "#text" for the element's text.
    """
    if eid is None:
        line, column, path = 1, 1, ""
    else:
        (line, column), path = doc.locate(eid, part), doc.xpath(eid)
    return Finding(rule, severity or RULES[rule].severity, message, doc.filename, line, column, path,
                   hint, doc.path, eid)


@dataclass
class DocContext:
    """One document under check, within its flow."""

    doc: Document
    flow: Flow
    single_file: bool = False
    measure: Callable[[Document], int] | None = None  # bytes the document saves to (io's writer)

    def size(self) -> int:
        """The document's size in bytes as it would be saved (estimated by lxml when not measured)."""
        if self.measure is not None:
            return self.measure(self.doc)
        return len(self.doc.prolog.encode()) + len(etree.tostring(self.doc.root)) + len(self.doc.epilog.encode())

    @cached_property
    def elements(self) -> list[tuple[int, str]]:
        """(id, name) of every element in document order (comments and PIs left out)."""
        doc = self.doc
        return [(eid, doc.tag(eid)) for eid in doc.iter_ids() if doc.kind(eid) == "element"]

    def text(self, eid: int) -> str:
        """The element's own text, stripped: its leading text and the text after each child node
        (`<Number><!-- note -->+15551234567</Number>` holds the number in the comment's tail)."""
        node = self.doc.node(eid)
        return "".join([node.text or ""] + [child.tail or "" for child in node]).strip()

    def finding(self, rule: str, eid: int | None, message: str, hint: str = "", *,
                part: str | None = None, severity: Severity | None = None) -> Finding:
        return make_finding(self.doc, rule, eid, message, hint, part=part, severity=severity)


@dataclass
class FlowContext:
    """The whole flow under check, with its graph (see `flowedit.validate.graph`)."""

    flow: Flow
    graph: object  # FlowGraph; typed loosely to keep this module free of the graph's imports
    single_file: bool = False
    extra: dict = field(default_factory=dict)

    def finding(self, doc: Document, rule: str, eid: int | None, message: str, hint: str = "", *,
                part: str | None = None, severity: Severity | None = None) -> Finding:
        return make_finding(doc, rule, eid, message, hint, part=part, severity=severity)
