"""Rules about what one <Dial> calls: that it calls something, how many targets, which nouns may be
mixed, and the same target twice (twiml-reference §3.5–§3.9, §4.1).

The nouns counted here are the Dial nouns of the vocabulary (`twiml.element("Dial").children`); an
unknown child such as a misspelled `<number>` is the structure rules' business and is not a target.
The text of a Dial (or of a target) is read as Twilio's parser sees it: the element's own text pieces
joined, so a comment inside `<Dial>` does not hide the number after it.
"""

from __future__ import annotations

import re
from collections import Counter

from flowedit import twiml
from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule
from flowedit.validate.rules.common import is_placeholder

DIAL_NOUNS: tuple[str, ...] = twiml.element("Dial").children


def _dials(ctx: DocContext):
    """(Dial id, its Dial-noun children, its bare text) for every <Dial> of the document."""
    doc = ctx.doc
    for eid in doc.named("Dial"):
        nouns = [c for c in doc.child_elements(eid) if doc.tag(c) in DIAL_NOUNS]
        yield eid, nouns, ctx.text(eid)


def _line(ctx: DocContext, eid: int) -> int:
    return ctx.doc.locate(eid)[0]


def _tally(ctx: DocContext, eids: list[int]) -> str:
    """"2 <Number>, 1 <Client>" in order of first appearance."""
    counts = Counter(ctx.doc.tag(e) for e in eids)
    return ", ".join(f"{n} <{name}>" for name, n in counts.items())


@document_rule("dial-no-target", Severity.ERROR, "a <Dial> with nothing to call")
def dial_no_target(ctx: DocContext):
    """A <Dial> needs a noun (<Number>, <Client>, <Sip> …) or a phone number as its text; without
    one there is nobody to connect the caller to."""
    doc = ctx.doc
    for eid, nouns, text in _dials(ctx):
        if nouns or text:
            continue
        others = sorted({doc.tag(c) for c in doc.child_elements(eid)})
        if others:
            listed = ", ".join(f"<{o}>" for o in others)
            message = (f"<Dial> has nothing to call: {listed} {'is' if len(others) == 1 else 'are'} not a "
                       "Dial target and it has no phone number as text")
        else:
            message = "<Dial> has nothing to call: no <Number>, <Client>, <Sip> or other target, and no phone number as text"
        yield ctx.finding("dial-no-target", eid, message,
                          "add a target inside it, e.g. <Number>+14155550100</Number> or <Client>alice</Client>")


@document_rule("dial-too-many-targets", Severity.ERROR,
               "more than ten <Number> and <Client> nouns in one <Dial>")
def dial_too_many_targets(ctx: DocContext):
    """Twilio rings at most ten <Number> and <Client> nouns in total per <Dial> (§4.1, ✔ D-client);
    the finding stands at the first target over the limit."""
    limit = twilio.MAX_DIAL_TARGETS
    counted_names = " and ".join(f"<{n}>" for n in twilio.DIAL_COUNTED_TARGETS)
    for eid, nouns, _ in _dials(ctx):
        counted = [n for n in nouns if ctx.doc.tag(n) in twilio.DIAL_COUNTED_TARGETS]
        if len(counted) <= limit:
            continue
        over = counted[limit]
        yield ctx.finding(
            "dial-too-many-targets", over,
            f"<Dial> on line {_line(ctx, eid)} has {len(counted)} {counted_names} targets ({_tally(ctx, counted)}); "
            f"Twilio allows at most {limit} in total in one <Dial>, and this <{ctx.doc.tag(over)}> is number "
            f"{limit + 1}",
            f"remove {len(counted) - limit} of them, or ring the others from a second <Dial> (e.g. in the "
            "document this <Dial>'s action requests)")


_EXCLUSIVE_WHY = {
    "Conference": "a conference cannot be mixed with other targets (Twilio warning 13000)",
    "Queue": "a queue should be the only target",
    "Application": "<Application> does not support simultaneous dialing",
}


@document_rule("dial-exclusive-noun", Severity.ERROR,
               "<Conference>, <Queue> or <Application> together with another target in one <Dial>")
def dial_exclusive_noun(ctx: DocContext):
    """<Conference>, <Queue> and <Application> must be the only target of their <Dial> (§4.1): no other
    noun, no second one of them, no number as the Dial's text. Queue's rule is recalled (?), so it is a
    warning there; one finding stands at each such noun that is not alone."""
    doc = ctx.doc
    for eid, nouns, text in _dials(ctx):
        for noun in nouns:
            name = doc.tag(noun)
            if name not in twilio.EXCLUSIVE_DIAL_NOUNS:
                continue
            others = [n for n in nouns if n != noun]
            if not others and not text:
                continue
            parts = []
            if others:
                lines = ", ".join(str(_line(ctx, o)) for o in others)
                parts.append(f"{_tally(ctx, others)} (line{'s' if len(others) > 1 else ''} {lines})")
            if text:
                parts.append(f"the number {text!r} as its text")
            yield ctx.finding(
                "dial-exclusive-noun", noun,
                f"<{name}> must be the only target of its <Dial>, but this <Dial> also has {' and '.join(parts)}: "
                f"{_EXCLUSIVE_WHY.get(name, 'it must be alone')}",
                f"give the <{name}> a <Dial> of its own, and move the other targets to another <Dial>")


_PLAIN_NUMBER = re.compile(r"\+?[0-9]+")


def _number_key(value: str) -> str:
    """Digits only, keeping a leading +: `+1 (415) 555-0100` and `+14155550100` are one number."""
    if _PLAIN_NUMBER.fullmatch(value):  # the usual spelling: the number is its own key
        return value
    digits = "".join(c for c in value if c.isdigit())
    if not digits:
        return ""
    return ("+" if value.startswith("+") else "") + digits


def _sip_key(value: str) -> str:
    """A SIP URI with its scheme made explicit and lower-case (`alice@host` is `sip:alice@host`)."""
    scheme, colon, rest = value.partition(":")
    if colon and scheme.lower() in ("sip", "sips"):
        return scheme.lower() + ":" + rest
    return "sip:" + value


def target_key(name: str, value: str, send_digits: str | None) -> tuple | None:
    """How a Dial noun `name` with text `value` is compared for repeats, or None when it is not
    (no value, a placeholder, an unknown kind of target). `send_digits` is a <Number>'s attribute."""
    if not value or is_placeholder(value):
        return None
    if name == "Client":
        return ("client", value)
    if name == "Number":
        number = _number_key(value)
        # The same number with other digits to send after answering is another extension, not a repeat.
        return ("number", number, (send_digits or "").strip()) if number else None
    if name == "WhatsApp":
        number = _number_key(value)
        return ("whatsapp", number) if number else None
    if name == "Sip":
        return ("sip", _sip_key(value))
    return None


def _target(ctx: DocContext, noun: int) -> tuple[tuple, int, str | None, str] | None:
    """(comparison key, where it is written, `part` there, the value as written) of one Dial noun, or
    None when it cannot be compared (no value, a template placeholder, <Sip> given as <Uri> children)."""
    doc = ctx.doc
    name = doc.tag(noun)
    where, part = noun, "#text"
    if name == "Client":
        identities = [c for c in doc.child_elements(noun) if doc.tag(c) == "Identity"]
        if identities:  # the form the helper libraries write when there are <Parameter>s
            where = identities[0]
    value = ctx.text(where)
    key = target_key(name, value, doc.get(noun, "sendDigits") if name == "Number" else None)
    return None if key is None else (key, where, part, value)


@document_rule("dial-duplicate-target", Severity.WARNING, "the same number, client or SIP URI twice in one <Dial>")
def dial_duplicate_target(ctx: DocContext):
    """Calling the same party twice from one <Dial> rings it twice at once (or twice in a row with
    `sequential`), which is never what was meant. Numbers compare by their digits (and a leading +),
    client identities and SIP URIs as written (trimmed)."""
    doc = ctx.doc
    for _, nouns, _ in _dials(ctx):
        seen: dict[tuple, tuple[int, str]] = {}
        for noun in nouns:
            target = _target(ctx, noun)
            if target is None:
                continue
            key, where, part, value = target
            first = seen.get(key)
            if first is None:
                seen[key] = (noun, value)
                continue
            first_noun, first_value = first
            name = doc.tag(noun)
            same = f"{value!r}" if value == first_value else f"{value!r}, the same as {first_value!r},"
            yield ctx.finding(
                "dial-duplicate-target", where,
                f"<{name}> {same} is already dialed by the <{doc.tag(first_noun)}> on line "
                f"{_line(ctx, first_noun)} of this <Dial>; Twilio would call it twice",
                f"remove this <{name}>", part=part)


@document_rule("dial-text-and-nouns", Severity.WARNING, "a <Dial> with both a number as text and target nouns")
def dial_text_and_nouns(ctx: DocContext):
    """A <Dial> takes either one number as its text or target nouns; with both, which of them Twilio
    calls is undocumented (§4.1, NODE-T). Left to dial-exclusive-noun when a Conference, Queue or
    Application is among the nouns."""
    if not twilio.DIAL_TEXT_WITH_NOUNS_WARNING:
        return
    doc = ctx.doc
    for eid, nouns, text in _dials(ctx):
        if not text or not nouns or any(doc.tag(n) in twilio.EXCLUSIVE_DIAL_NOUNS for n in nouns):
            continue
        yield ctx.finding(
            "dial-text-and-nouns", eid,
            f"<Dial> has both the number {text!r} as its text and {_tally(ctx, nouns)} inside; Twilio does not "
            "document what it dials then",
            f"move the number into a noun of its own: <Number>{text}</Number>", part="#text")


@document_rule("dial-too-many-sip", Severity.WARNING, "more than ten <Sip> nouns in one <Dial> (cap unconfirmed)")
def dial_too_many_sip(ctx: DocContext):
    """Twilio's cap on <Sip> nouns per <Dial> is not documented; more than ten (the cap for Number and
    Client) is probably refused (§4.1, ?). The finding stands at the first <Sip> over the limit."""
    limit = twilio.MAX_SIP_TARGETS_WARNING
    for eid, nouns, _ in _dials(ctx):
        sips = [n for n in nouns if ctx.doc.tag(n) == "Sip"]
        if len(sips) <= limit:
            continue
        yield ctx.finding(
            "dial-too-many-sip", sips[limit],
            f"<Dial> on line {_line(ctx, eid)} has {len(sips)} <Sip> targets; Twilio documents no cap for "
            f"<Sip>, but it allows only {limit} <Number> and <Client> targets, and more than {limit} <Sip> "
            "may be refused",
            f"keep at most {limit} <Sip> in one <Dial>, e.g. by ringing the rest from a second <Dial>")
