"""Rules about the order of verbs inside one document: verbs that can never run, and a <Reject> that
comes too late to refuse the call (twiml-reference §3.11, §4.6).

What can follow what is the vocabulary's `rules.ends_fall_through` (the same test the flow graph's
"next" edges use): nothing runs after a <Redirect>, <Hangup> or <Reject>, nor after a <Dial>,
<Enqueue>, <Connect> or <Pay> with an `action`; a <Gather> or <Record> falls through on no input or an
empty recording, so the verbs after them stay reachable.
"""

from __future__ import annotations

from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule


def _verbs(ctx: DocContext) -> list[int]:
    """The verbs of a <Response> document in order ([] when the root is something else)."""
    doc = ctx.doc
    if doc.tag(doc.root_id) != twilio.ROOT_ELEMENT:
        return []
    return doc.child_elements(doc.root_id)


def _first_end(ctx: DocContext, verbs: list[int]) -> int | None:
    """Index of the first verb after which nothing in the document runs, or None."""
    doc = ctx.doc
    for index, verb in enumerate(verbs):
        if twilio.ends_fall_through(doc.tag(verb), dict(doc.attributes(verb))):
            return index
    return None


def _why(ctx: DocContext, verb: int) -> tuple[str, str]:
    """(what the verb that ends the document does, how to fix what follows it)."""
    doc = ctx.doc
    name = doc.tag(verb)
    line = doc.locate(verb)[0]
    where = f"<{name}> on line {line}"
    if name == "Redirect":
        target = (doc.text(verb) or "").strip()
        return (f"the {where} moves the call to {target!r}" if target else f"the {where} moves the call away",
                "move it before the <Redirect>, or into the document the <Redirect> requests")
    if name in ("Hangup", "Reject"):
        return f"the {where} ends the call", f"move it before the <{name}>, or remove it"
    action = (doc.get(verb, "action") or "").strip()
    if name == "Gather":
        return (f"the {where} has actionOnEmptyResult=\"true\", so the call always moves to "
                f"{repr(action) if action else 'this document again'}",
                "move it into the document the <Gather> action requests, or remove actionOnEmptyResult")
    return (f"the {where} has action={action!r}, so when it ends the call moves there",
            f"move it into the document {action!r} (it runs after the <{name}>), or remove the action so "
            "the call falls through")


@document_rule("unreachable-verb", Severity.WARNING, "a verb that can never run, after one that ends the document")
def unreachable_verb(ctx: DocContext):
    """Every verb after a <Redirect>, <Hangup>, <Reject>, or a <Dial>/<Enqueue>/<Connect>/<Pay> with an
    `action`, is dead: control never falls through to it (§4.6). Each dead verb gets the finding, so the
    editor can mark every one; the first of them also says how many there are."""
    verbs = _verbs(ctx)
    end = _first_end(ctx, verbs)
    if end is None or end == len(verbs) - 1:
        return
    why, hint = _why(ctx, verbs[end])
    dead = verbs[end + 1:]
    for number, verb in enumerate(dead):
        name = ctx.doc.tag(verb)
        more = len(dead) - 1
        also = (f" ({more} more verb{'s' if more > 1 else ''} after it never run{'' if more > 1 else 's'} either)"
                if number == 0 and more else "")
        yield ctx.finding("unreachable-verb", verb,
                          f"<{name}> never runs: {why}, and nothing after it in this document runs{also}",
                          hint)


@document_rule("reject-not-first", Severity.WARNING, "a <Reject> that is not the first verb")
def reject_not_first(ctx: DocContext):
    """<Reject> refuses a call unanswered and unbilled only as the first verb; anywhere else the verbs
    before it have already answered the call, so it just hangs up a billed call (§3.11, ✔ D-reject).
    A <Reject> that can never run is left to unreachable-verb."""
    if not twilio.REJECT_MUST_BE_FIRST:
        return
    doc = ctx.doc
    verbs = _verbs(ctx)
    end = _first_end(ctx, verbs)
    reachable = verbs if end is None else verbs[:end + 1]
    for index, verb in enumerate(reachable):
        if index == 0 or doc.tag(verb) != "Reject":
            continue
        first = verbs[0]
        yield ctx.finding(
            "reject-not-first", verb,
            f"<Reject> is verb {index + 1} of this document: the verbs before it (from the <{doc.tag(first)}> on "
            f"line {doc.locate(first)[0]}) have already answered the call, so it is billed and <Reject> only "
            "hangs up",
            "move <Reject> to the top of the document to refuse the call unbilled, or use <Hangup> to end "
            "an answered call")
