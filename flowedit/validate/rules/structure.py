"""Rules about a document's shape: element and attribute names, nesting, required text, placeholders,
and the format of each element's text.

Every rule here reads the vocabulary (`flowedit.twiml`): an element is known when the vocabulary has
its exact (case-sensitive) name, it may stand where its parent lists it among its children, it may
carry the attributes the vocabulary gives it, and its text means what its `Text` spec says. Names the
vocabulary does not know are reported once, as names (`unknown-element`, `unknown-attribute`): the
rules that judge placement and values leave them alone, so one typo never becomes a cascade of
findings. Twilio logs every schema problem as warning 12200 and carries on (twiml-reference §1.4).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence

from lxml import etree

from flowedit import twiml
from flowedit.twiml import Element, Kind, Role
from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule
from flowedit.validate.rules.common import is_placeholder, placeholder_in

# -- helpers shared with `values` ----------------------------------------------------------------


def quote(value: str, limit: int = 60) -> str:
    """`value` in double quotes for a message, shortened in the middle when long."""
    if len(value) > limit:
        value = value[: limit - 21] + "…" + value[-20:]
    return '"' + value + '"'


def close_match(word: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The candidate `word` most probably misspells (case-insensitively), or None."""
    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(candidate.lower(), candidate)
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[found[0]] if found else None


def names(items: Sequence[str], limit: int = 8, bracket: bool = False) -> str:
    """A readable list: "a, b or c" (shortened with "…" after `limit` items)."""
    shown = [f"<{i}>" if bracket else i for i in items[:limit]]
    if not shown:
        return "nothing"
    if len(items) > limit:
        return ", ".join(shown) + ", …"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def spoken_text(ctx: DocContext, eid: int) -> str:
    """All text of the element and its descendant elements (not comments): what <Say> speaks."""
    return spoken(ctx.doc.node(eid))


def spoken(node: etree._Element) -> str:
    """All text of an lxml element and its descendant elements (not comments), stripped."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        out.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            out.append(child.tail or "")

    walk(node)
    return "".join(out).strip()


def narrowed(ctx: DocContext, eid: int, name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(allowed attributes, allowed children) when the element is narrower where it stands (Sip in Refer)."""
    if name not in _NARROWABLE:  # most elements are never narrowed: skip the parent lookup
        return None
    parent = ctx.doc.parent(eid)
    if parent is None:
        return None
    return twilio.NARROWED_CONTENT.get((ctx.doc.tag(parent), name))


_NARROWABLE = frozenset(child for _parent, child in twilio.NARROWED_CONTENT)


_PHONE = re.compile(r"\+?[0-9() .\-]+")
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def phone_problem(value: str) -> tuple[str, str] | None:
    """(what is wrong, hint) when `value` is not a phone number Twilio dials, else None.

    Accepted: E.164 (`+15551234567`) and the unformatted numbers Twilio also takes: digits with
    spaces, dots, dashes and parentheses and an optional leading + (`415-123-4567`, `(415) 555-1212`).
    """
    value = value.strip()
    if _E164.fullmatch(value):
        return None
    digits = sum(c.isdigit() for c in value)
    if _PHONE.fullmatch(value) and 3 <= digits <= 15:
        return None
    if _PHONE.fullmatch(value) and digits > 15:
        return "has more than 15 digits", "an E.164 number has at most 15 digits after the +"
    scheme, colon, rest = value.partition(":")
    if colon and scheme.lower() in ("tel", "whatsapp"):
        return f"starts with {scheme}:", f"write only the number, e.g. {rest.strip()}"
    if colon and scheme.lower() in ("client", "sip", "sips"):
        noun = "Client" if scheme.lower() == "client" else "Sip"
        target = rest.strip() if noun == "Client" else value
        return f"is a {noun.lower()} address, not a number", f"dial it with <{noun}>{target}</{noun}>"
    return "is not a phone number", "write it in E.164 form, e.g. +15551234567"


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(?![0-9])")
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_SIP_HOST = re.compile(rf"(?:{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{{1,5}})?")


def sip_uri_problem(value: str) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) when `value` is not a usable SIP URI, else None.

    Accepted: `sip:` / `sips:` URIs and the bare `user@host` form, with `;params` and `?headers`
    (twiml-reference §3.8). A missing or malformed host is an error (13243); a URI of 255 characters
    or more is a warning (≈ D-sip-making-calls).
    """
    value = value.strip()
    example = "e.g. sip:alice@example.com"
    if any(c.isspace() for c in value):
        return Severity.ERROR, "contains white space", f"remove the spaces; a SIP URI is one word, {example}"
    rest = value
    match = _SCHEME.match(value)
    if match:
        scheme = match.group(1)
        if scheme.lower() not in ("sip", "sips"):
            return (Severity.ERROR, f"uses the scheme {scheme}:, not sip: or sips:",
                    f"write a SIP URI, {example}")
        rest = value[match.end():]
    base = rest.split("?", 1)[0]
    user, at, hostpart = base.rpartition("@")
    if at and not user:
        return Severity.ERROR, "has nothing before the @", f"put the user before the @, {example}"
    host = hostpart.split(";", 1)[0]
    if not host:
        return Severity.ERROR, "has no host", f"add the host after the @, {example}"
    if not _SIP_HOST.fullmatch(host):
        return (Severity.ERROR, f"has an invalid host {quote(host)}",
                "use a host name of letters, digits, dots and hyphens (or an IP address), " + example)
    if not match and not at:
        return (Severity.WARNING, "is neither a sip: URI nor user@host",
                f"write it as a SIP URI: sip:{value}")
    if len(value) > twilio.SIP_URI_MAX_CHARS:
        return (Severity.WARNING, f"is {len(value)} characters long; Twilio takes SIP URIs under 255",
                "shorten it, e.g. move headers into <Headers>")
    return None


_HEX = re.compile(r"[0-9a-fA-F]+")


def sid_problem(pattern: str, value: str, what: str) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) when `value` does not match a SID `pattern` (prefix + 32 hex).

    The right prefix with hex digits of the wrong count is only a warning: it is the shape of the
    shortened example SIDs in Twilio's own documentation (`AP1234567890abcdef1234567890abcd`)."""
    value = value.strip()
    if re.fullmatch(pattern, value):
        return None
    prefix = pattern[:2]
    hint = f"write {what}: {prefix} followed by 32 hexadecimal digits (34 characters in all)"
    rest = value[len(prefix):]
    if value.startswith(prefix) and _HEX.fullmatch(rest):
        return Severity.WARNING, f"has {len(rest)} hexadecimal digits after {prefix}, not 32", hint
    return Severity.ERROR, f"is not {what}", hint


# -- unknown-element ------------------------------------------------------------------------------

_ELSEWHERE_HINTS = {
    "Message": "<Message> is a Messaging TwiML verb, not Voice: send the SMS from your server with the "
               "Messaging API (the Voice-side <Sms> verb is legacy)",
}


_BY_LOWER = {n.lower(): n for n in twiml.ELEMENTS}


@document_rule("unknown-element", Severity.WARNING, "an element that is not TwiML Voice (or has the wrong case)")
def unknown_element(ctx: DocContext):
    """An element TwiML Voice does not have: a misspelling, the wrong case (`<say>`), a Messaging verb
    (`<Message>`) or made-up markup. Twilio logs schema warning 12200 and does not run it (§1.3, §1.4).
    The root is `root-not-response`'s business; children of an unknown element are reported too when
    they are unknown themselves, but their attributes are not."""
    doc = ctx.doc
    by_lower = _BY_LOWER
    for eid, name in ctx.elements:
        if eid == doc.root_id or twiml.is_known(name):
            continue
        local = name.split(":", 1)[-1]
        if name in _ELSEWHERE_HINTS:
            hint = _ELSEWHERE_HINTS[name]
        elif local.lower() in by_lower:
            hint = f"element names are case-sensitive: <{by_lower[local.lower()]}>"
        else:
            parent = doc.parent(eid)
            parent_spec = twiml.element(doc.tag(parent)) if parent is not None else None
            candidates = parent_spec.children if parent_spec and parent_spec.children else twiml.ELEMENTS
            guess = close_match(local, candidates, 0.6) or close_match(local, twiml.ELEMENTS)
            hint = f"did you mean <{guess}>?" if guess else "remove it, or replace it with a TwiML Voice verb"
        yield ctx.finding("unknown-element", eid, f"<{name}> is not a TwiML Voice element "
                          "(Twilio logs schema warning 12200)", hint)


# -- element-misplaced ----------------------------------------------------------------------------

_NESTING_CODES = {"Gather": " (13320)", "Dial": " (13215)"}
_PLACED = frozenset((parent, child) for parent, spec in twiml.ELEMENTS.items() for child in spec.children)


def _placement_hint(spec: Element, parent: str) -> str:
    if spec.name == twilio.ROOT_ELEMENT:
        return "a document has one <Response>, its root: remove the inner <Response> tags and keep its verbs"
    if spec.role is Role.SSML:
        return f"SSML goes inside <Say>: put <{spec.name}> in a <Say> (or in {names(spec.parents[1:], 4, True)})" \
            if len(spec.parents) > 1 else f"SSML goes inside <Say>: put <{spec.name}> in a <Say>"
    if parent == twilio.ROOT_ELEMENT and spec.parents:
        where = spec.parents[0]
        return f"<{spec.name}> is a noun of <{where}>: wrap it, <{where}><{spec.name}>…</{spec.name}></{where}>"
    if spec.parents == (twilio.ROOT_ELEMENT,):
        return f"<{spec.name}> is a verb: move it out of <{parent}>, directly into <Response>"
    return f"move it into {names(spec.parents, 6, True)}"


@document_rule("element-misplaced", Severity.ERROR, "a TwiML element inside a parent that does not allow it")
def element_misplaced(ctx: DocContext):
    """A known element under a known parent that may not hold it: a noun directly in <Response>, a
    <Dial> in a <Gather>, a nested <Response>, SSML outside <Say>. Placement comes from each parent's
    `children` in the vocabulary (§2); <Sip> inside <Refer> holds only text (rules.NARROWED_CONTENT),
    and children the reference cannot confirm (rules.UNCONFIRMED_CHILDREN) are only a warning. Children
    of an unknown element are not judged: the unknown parent is the finding."""
    doc = ctx.doc
    for eid, name in ctx.elements:
        parent = doc.parent(eid)
        spec = twiml.element(name)
        if parent is None or spec is None:
            continue
        parent_name = doc.tag(parent)
        if (parent_name, name) in _PLACED and parent_name not in _NARROWABLE:  # the common case, at once
            continue
        parent_spec = twiml.element(parent_name)
        if parent_spec is None:
            continue
        narrow = narrowed(ctx, parent, parent_name)
        allowed = narrow[1] if narrow is not None else parent_spec.children
        if name in allowed:
            continue
        if name in twilio.UNCONFIRMED_CHILDREN.get(parent_name, ()):
            yield ctx.finding("element-misplaced", eid, f"<{name}> inside <{parent_name}> is not confirmed: the "
                              "changelog mentions it but the helper libraries do not generate it",
                              f"check that Twilio honours it, or move it out of <{parent_name}>",
                              severity=Severity.WARNING)
            continue
        if narrow is not None:
            grand = doc.tag(doc.parent(parent))
            yield ctx.finding("element-misplaced", eid, f"<{parent_name}> inside <{grand}> holds only the "
                              f"SIP URI as text, not <{name}>",
                              f"write the URI as the text, e.g. <{parent_name}>sip:alice@example.com</{parent_name}>")
            continue
        if name == twilio.ROOT_ELEMENT:
            message = f"a <Response> inside <{parent_name}>: <Response> may only be the document's root"
        else:
            message = f"<{name}> is not allowed inside <{parent_name}>{_NESTING_CODES.get(parent_name, '')}"
            if parent_spec.children:
                message += f"; <{parent_name}> holds only {names(parent_spec.children, 6, True)}"
            else:
                message += f"; <{parent_name}> holds no elements"
        yield ctx.finding("element-misplaced", eid, message, _placement_hint(spec, parent_name))


# -- unknown-attribute ----------------------------------------------------------------------------


def _attribute_hint(spec: Element, attribute: str, value: str) -> str:
    name = spec.name
    renamed = twilio.RENAMED_ATTRIBUTES.get((name, attribute))
    if renamed:
        return f"{attribute} was renamed {renamed}: write {renamed}={quote(value)}"
    misspelled = twilio.MISSPELLED_ATTRIBUTES.get(attribute)
    if misspelled and spec.attribute(misspelled):
        return f"did you mean {misspelled}?"
    for known in spec.attribute_names:
        if known.lower() == attribute.lower():
            return f"attribute names are case-sensitive: write {known}"
    if attribute == "xml:lang" and spec.attribute("language"):
        return f"use <{name} language=…> instead"
    holders = [c for c in spec.children if (child := twiml.element(c)) and child.attribute(attribute)]
    if holders:
        hint = f"{attribute} belongs on the elements inside <{name}>: {names(holders, 5, True)}"
        if name == "Dial" and attribute.startswith("statusCallback"):
            hint += '; for call-progress events of the Dial itself use events="call-progress-event"'
        return hint
    guess = close_match(attribute, spec.attribute_names)
    if guess:
        return f"did you mean {guess}?"
    if not spec.attributes:
        return f"remove it: <{name}> takes no attributes"
    return f"remove it; <{name}> takes {names(spec.attribute_names, 8)}"


@document_rule("unknown-attribute", Severity.WARNING, "an attribute the element does not have")
def unknown_attribute(ctx: DocContext):
    """An attribute TwiML does not define on that element: a typo (`statusCallbackEvents`), the wrong
    case, an attribute of the nouns written on their verb (`statusCallback` on <Dial>, the very example
    of Twilio's "Attribute … is not allowed to appear in element 'Dial'" warning 12200), or a renamed
    one (`whisper` → `coach`). <Sip> inside <Refer> takes none. Attributes of unknown elements are not
    judged."""
    doc = ctx.doc
    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None:
            continue
        narrow = narrowed(ctx, eid, name)
        for attribute, value in doc.attributes(eid):
            if narrow is not None:
                if attribute in narrow[0]:
                    continue
                parent = doc.tag(doc.parent(eid))
                yield ctx.finding("unknown-attribute", eid, f"attribute {attribute!r} is not allowed on <{name}> "
                                  f"inside <{parent}>, which holds only the SIP URI as text",
                                  "remove it; put SIP headers in the URI, e.g. sip:bob@example.com?X-Key=value",
                                  part=attribute)
            elif spec.attribute(attribute) is None:
                yield ctx.finding("unknown-attribute", eid, f"attribute {attribute!r} is not allowed on <{name}> "
                                  "(Twilio logs schema warning 12200)",
                                  _attribute_hint(spec, attribute, value), part=attribute)


# -- missing-required-text ------------------------------------------------------------------------

_NEEDS = {
    "Say": ("the text to speak", "<Say>Hello!</Say>"),
    "Redirect": ("the URL of the next TwiML document", "<Redirect>/next</Redirect>"),
    "Sms": ("the message body", "<Sms>Your code is 1234</Sms>"),
    "Number": ("the phone number to call", "<Number>+15551234567</Number>"),
    "Client": ("the client identity to call", "<Client>alice</Client>"),
    "Identity": ("the client identity", "<Identity>alice</Identity>"),
    "Sip": ("the SIP URI to call", "<Sip>sip:alice@example.com</Sip>"),
    "Uri": ("the SIP URI", "<Uri>sip:alice@example.com</Uri>"),
    "Sim": ("the SIM SID (DE followed by 32 hex digits)", "<Sim>DE…</Sim>"),
    "Application": ("the TwiML App SID (AP…)", "<Application>AP…</Application>"),
    "ApplicationSid": ("the TwiML App SID (AP…)", "<ApplicationSid>AP…</ApplicationSid>"),
    "WhatsApp": ("the WhatsApp user's phone number", "<WhatsApp>+15551234567</WhatsApp>"),
    "Task": ("a JSON object of task attributes (error 14221 otherwise)", '<Task>{"team": "support"}</Task>'),
    "Queue": ("the queue name (error 14212 otherwise)", "<Queue>support</Queue>"),
    "Conference": ("the conference room name", "<Conference>room-1</Conference>"),
    "Room": ("the video room name", "<Room>DailyStandup</Room>"),
    "Autopilot": ("the assistant SID or unique name", "<Autopilot>UA…</Autopilot>"),
}


@document_rule("missing-required-text", Severity.ERROR, "an element that means nothing without its text is empty")
def missing_required_text(ctx: DocContext):
    """An element whose text is what it does, left empty: a <Number> with no number, a <Redirect>
    with no URL, a <Say> with nothing to say. The vocabulary's `Text.required` says which; a child named
    in `Text.alternative` replaces the text (<Client><Identity>, <Sip><Uri>, <Application>
    <ApplicationSid>, SSML in <Say>). <Play> may be empty when `digits` is set and <Enqueue> when
    `workflowSid` is, so neither requires text (§3.2, §3.10)."""
    doc = ctx.doc
    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None or not spec.text.required or ctx.text(eid):
            continue
        narrow = narrowed(ctx, eid, name)
        alternatives = tuple(a for a in spec.text.alternative if narrow is None or a in narrow[1])
        if any(doc.tag(child) in alternatives for child in doc.child_elements(eid)):
            continue
        what, example = _NEEDS.get(name, (f"its text ({spec.text.doc.rstrip('.')})", f"<{name}>…</{name}>"))
        hint = f"write it between the tags, e.g. {example}"
        if alternatives:
            hint += f", or add {names(alternatives, 3, True)} inside"
        yield ctx.finding("missing-required-text", eid, f"<{name}> is empty: it needs {what}", hint)


# -- template-placeholder -------------------------------------------------------------------------


@document_rule("template-placeholder", Severity.WARNING, "a template placeholder left in a value")
def template_placeholder(ctx: DocContext):
    """A value that is a template still to be filled in (`{{To}}`, `${number}`, `YOUR_WSS_URL`, a
    redacted `+*-***-***-****`): Twilio would use it literally. Reported once per value; the value rules
    skip placeholders so the user sees this one clear finding instead of an "invalid value" error."""
    doc = ctx.doc
    hint = "fill it in before deploying, or serve this document from a template engine"
    for eid, name in ctx.elements:
        for attribute, value in doc.attributes(eid):
            found = placeholder_in(value)
            if found:
                yield ctx.finding("template-placeholder", eid, f"attribute {attribute} of <{name}> holds the "
                                  f"template placeholder {quote(found)}", hint, part=attribute)
        found = placeholder_in(ctx.text(eid))
        if found:
            yield ctx.finding("template-placeholder", eid, f"the text of <{name}> holds the template placeholder "
                              f"{quote(found)}", hint, part="#text")


# -- text-invalid-value ---------------------------------------------------------------------------

_TOO_LONG = {  # element → (severity, Twilio code)
    "Say": (Severity.WARNING, "warning 13521"),  # ≈ ERRTAB, ✔ AI
    "Enqueue": (Severity.ERROR, "error 14205"),  # ✔ D-enqueue
    "Queue": (Severity.ERROR, "error 14213"),  # ✔ D-enqueue (64), ≈ ERRTAB (code)
}
_SID_NAMES = {"DE": "a SIM SID", "AP": "a TwiML App SID"}


def text_problem(name: str, spec: Element, value: str, measured: str):
    """(severity, message, hint) for the text `value` of element `name`, or None. `measured` is the
    text whose length counts: what a <Say> speaks (its SSML included), else `value` itself."""
    text = spec.text
    kind = text.kind
    if text.max_length is not None and kind in (Kind.STRING, Kind.SID, Kind.JSON):
        if len(measured) > text.max_length:
            severity, code = _TOO_LONG.get(name, (Severity.WARNING, ""))
            return (severity, f"the text of <{name}> is {len(measured):,} characters; Twilio takes at most "
                    f"{text.max_length:,}" + (f" ({code})" if code else ""),
                    f"shorten it to {text.max_length:,} characters" + (" or split it over several <Say>s"
                                                                        if name == "Say" else ""))
    if kind is Kind.SID and text.pattern:
        problem = sid_problem(text.pattern, value, _SID_NAMES.get(text.pattern[:2], f"a {text.pattern[:2]} SID"))
        if problem:
            return problem[0], f"the text of <{name}>, {quote(value)}, {problem[1]}", problem[2]
    if kind is Kind.STRING and text.pattern and not re.fullmatch(text.pattern, value):
        return Severity.ERROR, f"the text of <{name}>, {quote(value)}, has the wrong form", text.doc
    if kind is Kind.JSON:
        try:
            parsed = json.loads(value)
        except ValueError as err:
            return (Severity.ERROR, f"the text of <{name}> is not valid JSON ({err.msg} at character "
                    f"{err.pos + 1}) (error 14221)", 'write a JSON object, e.g. {"selected_product": "support"}')
        if not isinstance(parsed, dict):
            return (Severity.ERROR, f"the text of <{name}> is JSON but not an object (error 14221)",
                    'wrap the attributes in { }, e.g. {"selected_product": "support"}')
    if kind is Kind.PHONE:
        problem = phone_problem(value)
        if problem:
            return (Severity.WARNING, f"the text of <{name}>, {quote(value)}, {problem[0]} "
                    "(Twilio warning 13223: invalid phone number format)", problem[1])
    if kind is Kind.SIP_URI:
        problem = sip_uri_problem(value)
        if problem:
            severity, what, hint = problem
            code = " (13243)" if severity is Severity.ERROR else ""
            return severity, f"the SIP URI in <{name}>, {quote(value)}, {what}{code}", hint
    return None


@document_rule("text-invalid-value", Severity.ERROR, "an element's text is not in the form Twilio expects")
def text_invalid_value(ctx: DocContext):
    """An element's text checked against the vocabulary's `Text` spec: length limits (<Say> 4,096
    characters, a warning 13521; queue names 64, error 14205/14213), SIDs (<Sim> DE…, <Application>
    AP…), the JSON object of <Task> (14221), phone numbers (E.164 or an unformatted number Twilio
    accepts, else warning 13223) and SIP URIs (13243). Client identities are the `client` rules'
    business, URLs `callback-url-invalid`'s; empty text is `missing-required-text`'s and placeholders
    `template-placeholder`'s."""
    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None or spec.text.kind in (Kind.NONE, Kind.URL, Kind.CLIENT_ID):
            continue
        value = ctx.text(eid)
        if not value and name != "Say" or is_placeholder(value):
            continue
        problem = text_problem(name, spec, value, spoken_text(ctx, eid) if name == "Say" else value)
        if problem:
            severity, message, hint = problem
            yield ctx.finding("text-invalid-value", eid, message, hint, part="#text", severity=severity)
