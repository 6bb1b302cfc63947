"""The rule catalog: one small function per rule, each yielding `Finding`s for one document.

Each rule is documented with the Twilio behaviour it guards (and the error or warning code Twilio
gives), so that the message a user sees can say what is wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flowedit.model.document import Document
from flowedit.model.flow import Flow
from flowedit.validate.findings import Finding, Severity

Rule = Callable[[Flow, Document], Iterator[Finding]]


def _locate(doc: Document, eid: int) -> tuple[int, int]:
    return doc.sourceline(eid) or 1, 1


def root_element(flow: Flow, doc: Document) -> Iterator[Finding]:
    """The root element must be `<Response>`; Twilio fails the call otherwise (error 12102)."""
    eid = doc.root_id
    if doc.tag(eid) != "Response":
        line, column = _locate(doc, eid)
        yield Finding(doc.filename, line, column, Severity.ERROR, "root-element",
                      f"the root element is <{doc.tag(eid)}>, not <Response>",
                      "put the verbs inside <Response>…</Response>", 12102, doc.path, eid)


RULES: tuple[Rule, ...] = (root_element,)
