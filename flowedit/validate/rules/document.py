"""Rules about a document as a whole: its root, its size, and text that stands where nothing is read."""

from __future__ import annotations

from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule


@document_rule("root-not-response", Severity.ERROR, "the root element is not <Response>")
def root_not_response(ctx: DocContext):
    """Twilio fails the call when the root is anything but <Response> (error 12102)."""
    root = ctx.doc.root_id
    name = ctx.doc.tag(root)
    if name != twilio.ROOT_ELEMENT:
        hint = ("element names are case-sensitive: write <Response>" if name.lower() == "response"
                else "put the verbs inside <Response>…</Response>")
        yield ctx.finding("root-not-response", root, f"the root element is <{name}>, not <Response> "
                          "(Twilio error 12102)", hint)


@document_rule("document-too-large", Severity.WARNING, "over Twilio's 64 kB response limit")
def document_too_large(ctx: DocContext):
    """Twilio refuses a TwiML response body over 64 kB (error 11750)."""
    size = ctx.size()
    if size > twilio.MAX_RESPONSE_BYTES:
        yield ctx.finding("document-too-large", None, f"the document is {size:,} bytes; Twilio accepts at "
                          f"most {twilio.MAX_RESPONSE_BYTES:,} (error 11750)",
                          "split it: move part of it into another document and <Redirect> to it")


@document_rule("stray-text", Severity.WARNING, "text inside an element whose text Twilio ignores")
def stray_text(ctx: DocContext):
    """Words directly inside <Response> (or another element without text content) mean nothing to
    Twilio; they are usually a verb whose tags were lost."""
    from flowedit import twiml

    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None or spec.text.kind.value != "none" or name in twiml.SSML_ELEMENTS:
            continue
        if ctx.text(eid):
            yield ctx.finding("stray-text", eid, f"<{name}> holds text ({ctx.text(eid)[:40]!r}), which Twilio "
                              "ignores", "remove it, or wrap it in the verb it was meant for, e.g. <Say>",
                              part="#text")
