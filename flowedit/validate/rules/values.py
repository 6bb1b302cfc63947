"""Rules about attribute values (and URL texts): kinds, ranges and enumerations, HTTP methods,
callback and document URLs, and status-callback event lists.

Each value is judged by its attribute's description in the vocabulary (`flowedit.twiml`): its
`kind`, `values`, `pattern`, `minimum`/`maximum`, `max_length`, `open_values` and `confidence`. An
attribute the vocabulary does not give the element is `unknown-attribute`'s finding, and a template
placeholder is `template-placeholder`'s, so neither is judged here. Where the fact behind a check is
only recalled (confidence ?) or the value set is open (Twilio adds tokens), a bad value is a warning,
not an error: a value rule must never fail a value a user could legitimately write.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flowedit import twiml
from flowedit.twiml import Attribute, Confidence, Kind, LinkRole
from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule
from flowedit.validate.rules.common import is_placeholder
from flowedit.validate.rules.structure import (
    close_match,
    names,
    narrowed,
    phone_problem,
    quote,
    sid_problem,
)

# Twilio's error or warning code for a bad value of (element, attribute), where the reference names one (§7).
CODES: dict[tuple[str, str], str] = {
    ("Dial", "method"): "13210", ("Dial", "timeout"): "13212", ("Dial", "hangupOnStar"): "13213",
    ("Dial", "timeLimit"): "13216", ("Dial", "record"): "13217", ("Dial", "sequential"): "13218",
    ("Dial", "answerOnBridge"): "13219", ("Dial", "ringTone"): "13220", ("Number", "method"): "13221",
    ("Number", "sendDigits"): "13222", ("Conference", "muted"): "13230",
    ("Conference", "endConferenceOnExit"): "13231", ("Conference", "startConferenceOnEnter"): "13232",
    ("Conference", "waitUrl"): "13233", ("Conference", "waitMethod"): "13234", ("Conference", "beep"): "13235",
    ("Conference", "trim"): "13239", ("Sip", "method"): "13241", ("Dial", "recordingStatusCallback"): "13256",
    ("Record", "transcribeCallback"): "13257", ("Gather", "finishOnKey"): "13310", ("Gather", "method"): "13312",
    ("Gather", "timeout"): "13313", ("Gather", "numDigits"): "13314", ("Gather", "input"): "13326",
    ("Gather", "speechTimeout"): "13327", ("Gather", "maxSpeechTime"): "13328",
    ("Gather", "partialResultCallbackMethod"): "13329", ("Gather", "language"): "13331",
    ("Gather", "bargeIn"): "13332", ("Gather", "profanityFilter"): "13333",
    ("Gather", "actionOnEmptyResult"): "13338", ("Play", "loop"): "13410", ("Play", "digits"): "13430",
    ("Say", "loop"): "13510", ("Say", "voice"): "13511", ("Say", "language"): "13512",
    ("Record", "method"): "13610", ("Record", "timeout"): "13611", ("Record", "maxLength"): "13612",
    ("Record", "finishOnKey"): "13613", ("Record", "transcribe"): "13614", ("Record", "playBeep"): "13616",
    ("Record", "recordingStatusCallbackEvent"): "13621", ("Dial", "recordingStatusCallbackEvent"): "13621",
    ("Record", "trim"): "13699", ("Redirect", "method"): "13710", ("Reject", "reason"): "13810",
    ("Pause", "length"): "13910", ("Enqueue", "method"): "14201", ("Enqueue", "waitUrl"): "14202",
    ("Enqueue", "action"): "14203", ("Enqueue", "waitUrlMethod"): "14206",
}

SAY_LEGACY_LANGUAGES = ("en", "en-gb", "es", "fr", "de", "it")
"""Two-letter `<Say language>` codes of the original man/woman voices, still in Twilio's own snippets
(say-1, the migration guides). Recalled (?), so accepted rather than flagged as unknown."""

PATTERN_FORMS: dict[tuple[str, str], str] = {
    ("Say", "voice"): "a provider voice such as Polly.Joanna-Neural",
    ("Gather", "speechTimeout"): "a positive whole number of seconds",
    ("prosody", "volume"): "a change such as +6dB or -3dB",
    ("prosody", "rate"): "a percentage such as 80%",
    ("prosody", "pitch"): "a change such as +5% or -10%",
}
"""How to say, in a hint, what an enumeration's `pattern` accepts beside its `values`."""

EVENT_ATTRIBUTES = ("statusCallbackEvent", "recordingStatusCallbackEvent")
"""Event lists judged by the status-callback-event rules rather than attribute-invalid-value."""


def _code(element: str, attribute: str) -> str:
    code = CODES.get((element, attribute))
    return f" (Twilio {code})" if code else ""


def _severity(spec: Attribute, *, drift: bool = False) -> Severity:
    """Error, unless the fact is only recalled or the token is drift of an open value set."""
    return Severity.WARNING if drift or spec.confidence is Confidence.RECALLED else Severity.ERROR


def _attributes(ctx: DocContext, kinds: tuple[Kind, ...] | None = None):
    """(eid, element name, attribute name, value, Attribute) of every described attribute, placeholders
    and the attributes of a narrowed element (Sip in Refer) left out."""
    # Many rules walk the same attributes: compute the list once per check of a document (the
    # context lives for one check of one revision).
    every = ctx.__dict__.get("_described_attributes")
    if every is None:
        every = ctx.__dict__["_described_attributes"] = list(_all_attributes(ctx))
    if kinds is None:
        return iter(every)
    return (item for item in every if item[4].kind in kinds)


def _all_attributes(ctx: DocContext):
    doc = ctx.doc
    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None or narrowed(ctx, eid, name) is not None:
            continue
        for attribute, value in doc.attributes(eid):
            described = spec.attribute(attribute)
            if described is None:
                continue
            if is_placeholder(value):
                continue
            yield eid, name, attribute, value, described


# -- attribute-invalid-value ----------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_BOOL_SYNONYMS = {"1": "true", "yes": "true", "on": "true", "0": "false", "no": "false", "off": "false"}


def _enum_token_problem(element: str, spec: Attribute, token: str) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) for one token of an ENUM / ENUM_LIST value, or None when valid."""
    attribute = spec.name
    if token in spec.values:
        return None
    if token in twilio.LEGACY_VALUE_ALIASES.get((element, attribute), {}):
        return None
    if spec.pattern and re.fullmatch(spec.pattern, token):
        return None
    if (element, attribute, token) in twilio.REMOVED_VALUES:
        return (Severity.ERROR, "is no longer accepted",
                f"use one of {names(spec.values)}")
    renamed = twilio.RENAMED_VALUES.get((element, attribute, token))
    if renamed:
        return _severity(spec), "was renamed", f"write {renamed}"
    for known in spec.values:
        if known.lower() == token.lower():
            return _severity(spec), "has the wrong case", f"values are case-sensitive: write {known}"
    guess = close_match(token, spec.values)
    hint = f"did you mean {guess}?" if guess else f"use one of {names(spec.values, 10)}"
    if not guess and (element, attribute) in PATTERN_FORMS:
        hint += f", or {PATTERN_FORMS[element, attribute]}"
    if spec.open_values:
        return (Severity.WARNING, "is not a value flowedit knows (Twilio may have added it)",
                hint)
    return _severity(spec), "is not an accepted value", hint


_VALUE_PROBLEMS: dict[tuple[str, str, str], tuple[Attribute, object]] = {}


def _value_problem(element: str, spec: Attribute, value: str) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) for `value` of attribute `spec` of `element`, or None when valid.

    Pure, so remembered: a flow repeats its values many times over. Keyed by the attribute's name
    (hashing the `Attribute` description itself, a dataclass of a dozen fields, cost more than the
    check) and checked to be the same description."""
    key = (element, spec.name, value)
    hit = _VALUE_PROBLEMS.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_VALUE_PROBLEMS) > 1 << 16:
        _VALUE_PROBLEMS.clear()
    problem = _judge_value(element, spec, value)
    _VALUE_PROBLEMS[key] = (spec, problem)
    return problem


def _judge_value(element: str, spec: Attribute, value: str) -> tuple[Severity, str, str] | None:
    kind = spec.kind
    trimmed = value.strip()
    if not trimmed and kind not in (Kind.STRING, Kind.DIGITS):
        return _severity(spec), "is empty", "remove the attribute to get Twilio's default, or give it a value"
    if kind is Kind.BOOL:
        if trimmed in ("true", "false"):
            return None
        lowered = trimmed.lower()
        fixed = lowered if lowered in ("true", "false") else _BOOL_SYNONYMS.get(lowered)
        hint = f"write lower-case {fixed}" if fixed else "write true or false (lower-case)"
        return Severity.ERROR, "is not true or false", hint  # the kind is certain even where a default is not
    if kind is Kind.INTEGER:
        if not _INTEGER.fullmatch(trimmed):
            return Severity.ERROR, "is not a whole number", "write digits only, e.g. " + (spec.default or "10")
        number = int(trimmed)
        if spec.minimum is not None and number < spec.minimum:
            # "a positive integer" is the firm part (13212, 13216); a recalled range above 1 is not.
            severity = Severity.ERROR if number < 1 <= spec.minimum else _severity(spec)
            return severity, f"is below the minimum {spec.minimum}", _range_hint(spec)
        if spec.maximum is not None and number > spec.maximum:
            return _severity(spec), f"is above the maximum {spec.maximum:,}", _range_hint(spec)
        return None
    if kind is Kind.INTEGER_LIST:
        bad = [t for t in trimmed.split() if not _INTEGER.fullmatch(t)]
        if bad:
            return (_severity(spec), f"holds {quote(bad[0])}, not a whole number",
                    "separate whole numbers with spaces, e.g. 1 2")
        return None
    if kind is Kind.DECIMAL:
        ok = re.fullmatch(spec.pattern, trimmed) if spec.pattern else _DECIMAL.fullmatch(trimmed)
        if ok:
            return None
        return _severity(spec), "is not a decimal number", "write it like 10.50 (a dot, no currency sign)"
    if kind is Kind.ENUM:
        return _enum_token_problem(element, spec, trimmed)
    if kind is Kind.ENUM_LIST:
        if re.search(r"[,;|]", trimmed):
            return _severity(spec), "is not a space-separated list", "separate the values with spaces: " + \
                " ".join(t for t in re.split(r"[\s,;|]+", trimmed) if t)
        for token in trimmed.split():
            problem = _enum_token_problem(element, spec, token)
            if problem:
                return problem[0], f"holds {quote(token)}, which {problem[1]}", problem[2]
        return None
    if kind in (Kind.SID, Kind.DIGITS, Kind.DURATION, Kind.STRING):
        return _pattern_problem(spec, value if kind is Kind.STRING else trimmed)
    if kind is Kind.LANGUAGE:
        if any(trimmed.lower() == v.lower() for v in spec.values):
            return None
        if not spec.values and trimmed == "multi":
            return None  # ConversationRelay's multilingual recognition
        if element == "Say" and spec.name == "language" and trimmed.lower() in SAY_LEGACY_LANGUAGES:
            return None
        if spec.pattern and not re.fullmatch(spec.pattern, trimmed):
            return Severity.WARNING, "does not look like a language tag", "write a tag such as en-US"
        if spec.values:
            guess = close_match(trimmed, spec.values, cutoff=0.6)
            return (Severity.WARNING, "is not a language flowedit knows for this attribute (Twilio may support "
                    "it)", f"did you mean {guess}?" if guess else "check Twilio's list of supported languages")
        return None
    if kind is Kind.PHONE:
        problem = phone_problem(trimmed)
        return (Severity.WARNING, problem[0], problem[1]) if problem else None
    return None


def _range_hint(spec: Attribute) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return f"use a whole number from {spec.minimum} to {spec.maximum:,}"
    if spec.minimum is not None:
        return f"use a whole number of at least {spec.minimum}"
    return f"use a whole number of at most {spec.maximum:,}"


def _digits_problem(spec: Attribute, value: str) -> tuple[Severity, str, str]:
    """What is wrong with a DTMF value, whose pattern is one character class with a quantifier."""
    match = re.fullmatch(r"\[(.*)\]([+*?]?)", spec.pattern or "")
    inside, quantifier = (match.group(1), match.group(2)) if match else ("0-9#*", "+")
    keys = ", ".join(re.findall(r".-.|.", inside))
    single = quantifier == "?"
    hint = f"use {'one key' if single else 'only the keys'} {keys}" + (", or leave it empty" if single else "")
    if not value:
        return _severity(spec), "is empty", hint
    bad = sorted({c for c in value if not re.fullmatch(f"[{inside}]", c)})
    if bad:
        return _severity(spec), f"holds {', '.join(quote(c) for c in bad)}", hint
    return _severity(spec), "is more than one key", hint


def _pattern_problem(spec: Attribute, value: str) -> tuple[Severity, str, str] | None:
    if spec.max_length is not None and len(value) > spec.max_length:
        return (_severity(spec), f"is {len(value)} characters long; Twilio takes at most {spec.max_length}",
                f"shorten it to {spec.max_length} characters")
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        if spec.kind is Kind.SID:
            severity, what, hint = sid_problem(spec.pattern, value, f"a {spec.pattern[:2]} SID")
            return severity if severity is Severity.WARNING else _severity(spec), what, hint
        if spec.kind is Kind.DIGITS:
            return _digits_problem(spec, value)
        if spec.kind is Kind.DURATION:
            return _severity(spec), "is not a duration", "write it like 500ms or 2s"
        return _severity(spec), "has the wrong form", spec.doc or "check the attribute's documentation"
    return None


@document_rule("attribute-invalid-value", Severity.ERROR, "an attribute value Twilio does not accept")
def attribute_invalid_value(ctx: DocContext):
    """An attribute value that does not fit its kind: booleans other than lower-case true/false
    (13213, 13219, 13616 …), whole numbers out of range (13212, 13216 …), enumeration values Twilio does
    not have (a renamed one gets the new name as the fix, a removed one is an error), SIDs, DTMF keys
    (sendDigits 0-9 * # w, 13222), length limits (callReason ≤ 50, customerId ≤ 256) and language tags
    (unknown ones are warnings: the lists are open). Methods, URLs and event lists have their own rules."""
    skipped = (Kind.METHOD, Kind.URL)
    for eid, name, attribute, value, spec in _attributes(ctx):
        if spec.kind in skipped or attribute in EVENT_ATTRIBUTES:
            continue
        problem = _value_problem(name, spec, value)
        if problem:
            severity, what, hint = problem
            yield ctx.finding("attribute-invalid-value", eid, f"{attribute}={quote(value)} on <{name}> {what}"
                              f"{_code(name, attribute)}", hint, part=attribute, severity=severity)


# -- method-invalid -------------------------------------------------------------------------------


@document_rule("method-invalid", Severity.ERROR, "an HTTP method other than GET or POST")
def method_invalid(ctx: DocContext):
    """Every `*Method` attribute takes exactly GET or POST (13210, 13221, 13312, 13710, 14206 …, §4.5).
    The right word in the wrong case (`post`) is an error too, with its own fix: Twilio documents only
    the capitals, and whether it accepts lower-case is unconfirmed (§4.5)."""
    for eid, name, attribute, value, spec in _attributes(ctx, (Kind.METHOD,)):
        if value in twilio.METHODS:
            continue
        code = _code(name, attribute)
        if value.strip().upper() in twilio.METHODS:
            yield ctx.finding("method-invalid", eid, f"{attribute}={quote(value)} on <{name}> is not in capitals; "
                              f"Twilio documents only GET and POST{code}",
                              f"write it in capitals: {value.strip().upper()}", part=attribute)
        else:
            yield ctx.finding("method-invalid", eid, f"{attribute}={quote(value)} on <{name}> is not an HTTP "
                              f"method Twilio uses{code}", "use GET or POST", part=attribute)


# -- callback-url-invalid -------------------------------------------------------------------------

_HOST_LABEL = re.compile(r"[^\W_](?:[^\W_]|-)*", re.UNICODE)  # letters (any script), digits, inner hyphens
_SPACE = re.compile(r"\s")
# A relative path, or an http(s) URL whose host is dot-separated labels of ASCII letters and digits with
# inner hyphens, without port, made only of unreserved characters and "/": fine by every check of
# url_problem (a test compares this shortcut with the full checks on many URLs).
_FINE_URL = re.compile(r"(?:https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*"
                       r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?(?=/|$)|(?![A-Za-z][A-Za-z0-9+.-]*:|//))"
                       r"[A-Za-z0-9._~/-]*")


_URL_PROBLEMS: dict[tuple[str, int], object] = {}


def url_problem(value: str, role: LinkRole) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) for a URL Twilio requests (or connects to), or None when valid.
    Pure, so remembered (keyed by the role's identity: an Enum's hash is a Python call)."""
    key = (value, id(role))
    problem = _URL_PROBLEMS.get(key, _UNKNOWN)
    if problem is _UNKNOWN:
        if len(_URL_PROBLEMS) > 1 << 16:
            _URL_PROBLEMS.clear()
        problem = _URL_PROBLEMS[key] = _judge_url(value, role)
    return problem


_UNKNOWN = object()


def _judge_url(value: str, role: LinkRole) -> tuple[Severity, str, str] | None:
    """url_problem, not remembered.

    Document, callback and media URLs: absolute http(s) with a valid host name, or any relative
    reference (resolved against the document's own URL, §3). WebSocket URLs: absolute wss:// (ws:// is
    a warning: unencrypted)."""
    url = value.strip()
    websocket = role is LinkRole.WEBSOCKET
    if not websocket and _FINE_URL.fullmatch(url) and not url.lower().startswith("www."):
        return None  # the shape of nearly every URL in a flow, which every check below passes
    if not url:
        return (Severity.ERROR, "is empty", "give the wss:// URL of your WebSocket server") if websocket else None
    if _SPACE.search(url):
        return Severity.ERROR, "contains white space", "encode spaces as %20 and remove line breaks"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError as err:
        return Severity.ERROR, f"cannot be parsed as a URL ({err})", "check the host and port"
    scheme = parts.scheme.lower()
    if websocket:
        if not scheme:
            return (Severity.ERROR, "is not an absolute wss:// URL", "write the full address, e.g. "
                    "wss://example.com/stream")
        if scheme == "ws":
            return (Severity.WARNING, "uses unencrypted ws://", "use wss://" + url.split("://", 1)[-1])
        if scheme != "wss":
            return (Severity.ERROR, f"uses {scheme}:, not wss:", "a WebSocket URL starts with wss://, e.g. "
                    "wss://example.com/stream")
    elif scheme and scheme not in ("http", "https"):
        return (Severity.ERROR, f"uses {scheme}:, which Twilio does not request",
                "use an http(s) URL or a relative one such as /next")
    if not scheme and not url.startswith("//"):
        if url.lower().startswith("www."):
            return (Severity.WARNING, "is a relative URL that looks like a host name",
                    f"add the scheme: https://{url}")
        return None  # a relative reference: resolved against the document's URL
    host = parts.hostname
    if not host:
        return Severity.ERROR, "has no host name", "write it like https://example.com/path"
    if ":" in host and re.fullmatch(r"[0-9a-fA-F:.]+", host):
        return None  # an IPv6 literal
    labels = host.rstrip(".").split(".")
    if "_" in host:
        return (Severity.ERROR, f"has an underscore in its host name {quote(host)}, which Twilio refuses "
                "(11210 bad host name)", "use a hostname without underscores, e.g. " +
                host.replace("_", "-"))
    if not all(_HOST_LABEL.fullmatch(label) and not label.endswith("-") for label in labels):
        return (Severity.ERROR, f"has an invalid host name {quote(host)}",
                "use letters, digits, hyphens and dots, e.g. my-app.example.com")
    return None


def _url_values(ctx: DocContext):
    """(eid, element, part, value, role) of every URL attribute and URL text (placeholders left out)."""
    for eid, name, attribute, value, spec in _attributes(ctx, (Kind.URL,)):
        yield eid, name, attribute, value, spec.link or LinkRole.DOCUMENT
    for eid, name in ctx.elements:
        spec = twiml.element(name)
        if spec is None or spec.text.kind is not Kind.URL:
            continue
        value = ctx.text(eid)
        if value and not is_placeholder(value):
            yield eid, name, "#text", value, spec.text.link or LinkRole.DOCUMENT


@document_rule("callback-url-invalid", Severity.ERROR, "a URL Twilio cannot request")
def callback_url_invalid(ctx: DocContext):
    """A URL-valued attribute (action, url, waitUrl, statusCallback …) or URL text (<Redirect>,
    <Play>) that Twilio cannot request: another scheme than http(s), no host, an invalid host name,
    white space. Relative URLs are fine (they resolve against the document's URL) and `waitUrl=""` is
    meaningful (silence). An underscore in the host name is a warning: Twilio refuses it for callbacks
    (§4.5, 11210) and it is applied by analogy elsewhere. <Stream> and <ConversationRelay> take wss://
    URLs."""
    for eid, name, part, value, role in _url_values(ctx):
        problem = url_problem(value, role)
        if problem:
            severity, what, hint = problem
            where = f"the URL in <{name}>" if part == "#text" else f"{part} on <{name}>"
            code = _code(name, part) if part != "#text" else ""
            yield ctx.finding("callback-url-invalid", eid, f"{where}, {quote(value)}, {what}{code}", hint,
                              part=part, severity=severity)


# -- status-callback-event-invalid ----------------------------------------------------------------


def _event_holders(attribute: str, token: str) -> list[str]:
    """The elements whose `attribute` accepts `token` (to say where a misplaced event belongs)."""
    return [n for n, e in twiml.ELEMENTS.items() if (a := e.attribute(attribute)) and token in a.values]


@document_rule("status-callback-event-invalid", Severity.ERROR,
               "a status callback event list with events the element does not report, or not space-separated")
def status_callback_event_invalid(ctx: DocContext):
    """statusCallbackEvent (and recordingStatusCallbackEvent) is a space-separated list of the events
    that element reports (§4.3): initiated ringing answered completed on the Dial nouns, start end join
    leave mute hold modify speaker announcement on <Conference>, call-* on <Conversation> (whose
    call-in-progress became call-answered), in-progress completed absent for recordings (13621). A list
    written with commas — for instance a Python list the helper library wrote as text — is an error;
    a repeated event a warning. An event attribute on an element without one is `unknown-attribute`'s."""
    for eid, name, attribute, value, spec in _attributes(ctx, (Kind.ENUM_LIST,)):
        if attribute not in EVENT_ATTRIBUTES:
            continue
        where = f"{attribute}={quote(value)} on <{name}>"
        code = _code(name, attribute)
        if not value.strip():
            yield ctx.finding("status-callback-event-invalid", eid, f"{where} lists no events", "remove it, "
                              f"or list events such as {' '.join(spec.values[:2])}", part=attribute,
                              severity=Severity.WARNING)
            continue
        if re.search(r"[^\w\s-]", value):
            tokens = [t for t in re.split(r"[^\w-]+", value) if t]
            yield ctx.finding("status-callback-event-invalid", eid, f"{where} is not a space-separated list{code}",
                              f"separate events with spaces: {attribute}=\"{' '.join(tokens)}\"", part=attribute,
                              severity=_severity(spec))
            continue
        tokens = value.split()
        for token in tokens:
            if token in spec.values:
                continue
            renamed = twilio.RENAMED_VALUES.get((name, attribute, token))
            lowered = next((v for v in spec.values if v.lower() == token.lower()), None)
            holders = [h for h in _event_holders(attribute, token) if h != name]
            if renamed:
                what, hint = "was renamed", f"write {renamed}"
            elif lowered:
                what, hint = "has the wrong case", f"events are lower-case: {lowered}"
            elif holders:
                what, hint = (f"is an event of {names(holders, 3, True)}, not of <{name}>",
                              f"<{name}> reports {names(spec.values, 10)}")
            else:
                guess = close_match(token, spec.values)
                what = "is not an event Twilio reports here"
                hint = f"did you mean {guess}?" if guess else f"<{name}> reports {names(spec.values, 10)}"
            yield ctx.finding("status-callback-event-invalid", eid, f"the event {quote(token)} in {attribute} of "
                              f"<{name}> {what}{code}", hint, part=attribute,
                              severity=_severity(spec, drift=spec.open_values))
        repeated = sorted({t for t in tokens if tokens.count(t) > 1})
        if repeated:
            yield ctx.finding("status-callback-event-invalid", eid, f"{where} lists {names(repeated)} more than "
                              "once", f"list each event once: {' '.join(dict.fromkeys(tokens))}",
                              part=attribute, severity=Severity.WARNING)
        elif re.search(r"\s\s|[^\S ]", value.strip()):
            yield ctx.finding("status-callback-event-invalid", eid, f"{where} is not separated by single spaces",
                              f"write {attribute}=\"{' '.join(tokens)}\"", part=attribute,
                              severity=Severity.WARNING)


# -- status-callback-event-without-url ------------------------------------------------------------


def callback_for(element: str, event_attribute: str) -> str | None:
    """The URL attribute that receives `event_attribute`'s events on `element` (statusCallback,
    recordingStatusCallback, or a …Url spelling such as Transcription's statusCallbackUrl)."""
    spec = twiml.element(element)
    if spec is None or not event_attribute.endswith("Event"):
        return None
    base = event_attribute[: -len("Event")]
    for candidate in (base, base + "Url"):
        described = spec.attribute(candidate)
        if described is not None and described.kind is Kind.URL:
            return candidate
    return None


@document_rule("status-callback-event-without-url", Severity.WARNING,
               "status callback events are listed but no callback URL receives them")
def status_callback_event_without_url(ctx: DocContext):
    """statusCallbackEvent (or recordingStatusCallbackEvent) asks for events, but the element has no
    statusCallback (recordingStatusCallback) to send them to, so nothing is sent: the callback was
    probably forgotten, or written on the wrong element."""
    doc = ctx.doc
    for eid, name, attribute, value, spec in _attributes(ctx, (Kind.ENUM_LIST,)):
        if attribute not in EVENT_ATTRIBUTES or not value.strip():
            continue
        callback = callback_for(name, attribute)
        if callback is None or (doc.get(eid, callback) or "").strip():
            continue
        yield ctx.finding("status-callback-event-without-url", eid, f"<{name}> lists {attribute} but has no "
                          f"{callback}, so the events are sent nowhere",
                          f"add {callback}=\"https://…\" to <{name}>, or remove {attribute}", part=attribute)


# -- one value, as the inspector judges it while the user types -----------------------------------


def value_problem(element: str, attribute: str, value: str) -> tuple[Severity, str, str] | None:
    """(severity, what is wrong, hint) for `value` of `attribute` on `<element>`, or None when valid.

    The same judgement the document rules above pass on a value already in a document
    (attribute-invalid-value, method-invalid, callback-url-invalid, status-callback-event-invalid), for
    one value on its own, so the inspector can flag a field while the user types. `attribute` "#text"
    judges the element's text content. Unknown elements and attributes, and placeholders, pass.
    """
    spec = twiml.element(element)
    if spec is None or is_placeholder(value):
        return None
    if attribute == "#text":
        text = spec.text
        if text.kind is Kind.URL:
            return url_problem(value, text.link or LinkRole.DOCUMENT) if value.strip() else None
        if text.kind is Kind.PHONE:
            problem = phone_problem(value.strip()) if value.strip() else None
            return (Severity.WARNING, problem[0], problem[1]) if problem else None
        if text.kind in (Kind.NONE, Kind.JSON):
            return None
        hint = ("leave out spaces, control characters and < > # % \" { } | \\ ^ [ ] `"
                if text.kind is Kind.CLIENT_ID else text.doc)
        return _pattern_problem(Attribute("#text", Kind.STRING, hint, max_length=text.max_length,
                                          pattern=text.pattern), value) if value else None
    described = spec.attribute(attribute)
    if described is None:
        return None
    if described.kind is Kind.METHOD:
        if value in twilio.METHODS:
            return None
        if value.strip().upper() in twilio.METHODS:
            return (Severity.ERROR, "is not in capitals; Twilio documents only GET and POST",
                    f"write it in capitals: {value.strip().upper()}")
        return Severity.ERROR, "is not an HTTP method Twilio uses", "use GET or POST"
    if described.kind is Kind.URL:
        return url_problem(value, described.link or LinkRole.DOCUMENT)
    if attribute in EVENT_ATTRIBUTES:
        if not value.strip():
            return (Severity.WARNING, "lists no events",
                    f"remove it, or list events such as {' '.join(described.values[:2])}")
        tokens = value.split()
        repeated = sorted({t for t in tokens if tokens.count(t) > 1})
        problem = _value_problem(element, described, value)
        if problem is None and repeated:
            return (Severity.WARNING, f"lists {names(repeated)} more than once",
                    f"list each event once: {' '.join(dict.fromkeys(tokens))}")
        return problem
    return _value_problem(element, described, value)
