"""Rules about client identities (the text of <Client> or of its <Identity>) and about <Parameter>
name/value pairs, under whichever element they stand (twiml-reference §3.7, §4.2).

An identity is compared as the importer reads it: surrounding whitespace is formatting and is
trimmed; only the characters inside count. An empty identity is `missing-required-text` (structure
rules) and a template placeholder is `template-placeholder`; neither is reported again here.
"""

from __future__ import annotations

import re

from flowedit.twiml import rules as twilio
from flowedit.validate.context import DocContext
from flowedit.validate.findings import Severity
from flowedit.validate.registry import document_rule
from flowedit.validate.rules.common import is_placeholder

_CHARACTER_NAMES = {" ": "space", "\t": "tab", "\n": "line feed", "\r": "carriage return", "\x7f": "delete"}


def character_name(char: str) -> str:
    """A character as a message shows it: `space`, `tab`, `U+0001`, or quoted like `'#'`."""
    if char in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[char]
    if ord(char) < 0x20:
        return f"U+{ord(char):04X}"
    return repr(char)


def _listed(chars) -> str:
    names = [character_name(c) for c in chars]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _suggestion(identity: str) -> str:
    """The identity with every character outside [A-Za-z0-9_] made an underscore."""
    return re.sub(r"[^A-Za-z0-9_]", "_", identity)[: twilio.CLIENT_ID_MAX_LENGTH]


def _identities(ctx: DocContext):
    """(element id, identity) of every non-empty, non-placeholder <Client> text and <Identity> text."""
    for eid in ctx.doc.named("Client", "Identity"):
        identity = ctx.text(eid)
        if identity and not is_placeholder(identity):
            yield eid, identity


def _shown(identity: str) -> str:
    return repr(identity if len(identity) <= 60 else identity[:40] + "…")


@document_rule("client-identity-too-long", Severity.ERROR, "a client identity over 256 characters")
def client_identity_too_long(ctx: DocContext):
    """Client identities are 1 to 256 characters; a longer one is Twilio error 31105 (§4.2, ✔ D-client)."""
    limit = twilio.CLIENT_ID_MAX_LENGTH
    for eid, identity in _identities(ctx):
        if len(identity) > limit:
            yield ctx.finding(
                "client-identity-too-long", eid,
                f"the client identity {_shown(identity)} is {len(identity)} characters long; Twilio accepts at "
                f"most {limit} (error 31105, invalid client name)",
                f"shorten it to {limit} characters or fewer, and register the client under the same identity",
                part="#text")


@document_rule("client-identity-invalid-char", Severity.ERROR,
               "a client identity with a control character, a space or a character URIs exclude")
def client_identity_invalid_char(ctx: DocContext):
    """Client identities must not contain control characters, spaces, or the RFC 2396 delimiters and
    unwise characters `< > # % " { } | \\ ^ [ ] `` ` (§4.2, ✔ D-client); Twilio error 31105."""
    for eid, identity in _identities(ctx):
        forbidden = twilio.client_id_forbidden_characters(identity)
        if forbidden:
            yield ctx.finding(
                "client-identity-invalid-char", eid,
                f"the client identity {_shown(identity)} contains {_listed(forbidden)}, which Twilio refuses "
                "in a client name (error 31105)",
                f"use only letters, digits and underscores, e.g. {_suggestion(identity)!r}, and register the "
                "client under the same identity", part="#text")


@document_rule("client-identity-not-mobile-safe", Severity.WARNING,
               "a client identity the mobile Voice SDKs cannot use (characters other than A-Z a-z 0-9 _)")
def client_identity_not_mobile_safe(ctx: DocContext):
    """The iOS and Android Voice SDKs accept only `[A-Za-z0-9_]` in identities (§4.2, ✔ D-client). An
    identity that already breaks the hard rule is left to client-identity-invalid-char."""
    for eid, identity in _identities(ctx):
        if twilio.client_id_forbidden_characters(identity):
            continue
        others = tuple(dict.fromkeys(c for c in identity if not twilio.CLIENT_ID_MOBILE_SAFE.fullmatch(c)))
        if others:
            yield ctx.finding(
                "client-identity-not-mobile-safe", eid,
                f"the client identity {_shown(identity)} contains {_listed(others)}; the Twilio mobile (iOS and "
                "Android) Voice SDKs accept only letters, digits and underscores (browser clients are fine)",
                f"if this client can sign in from a mobile app, use e.g. {_suggestion(identity)!r}",
                part="#text")


@document_rule("client-identity-ambiguous", Severity.WARNING, "a <Client> with both an identity as text and <Identity>")
def client_identity_ambiguous(ctx: DocContext):
    """A <Client> names its identity either as its text or in an <Identity> child; with both, which one
    Twilio calls is undocumented."""
    doc = ctx.doc
    for eid in doc.named("Client"):
        identities = [c for c in doc.child_elements(eid) if doc.tag(c) == "Identity"]
        text = ctx.text(eid)
        if identities and text:
            given = ctx.text(identities[0])
            yield ctx.finding(
                "client-identity-ambiguous", eid,
                f"<Client> has both the identity {_shown(text)} as its text and <Identity>{given}</Identity> on "
                f"line {doc.locate(identities[0])[0]}; Twilio does not document which one it calls",
                "keep one: with <Parameter>s use <Identity> and remove the text, otherwise remove the <Identity>",
                part="#text")


def _parameters(ctx: DocContext):
    yield from ctx.doc.named("Parameter")


@document_rule("parameter-missing-name", Severity.ERROR, "a <Parameter> without a name")
def parameter_missing_name(ctx: DocContext):
    """A <Parameter> hands a name/value pair on; without a name there is nothing to hand on."""
    doc = ctx.doc
    for eid in _parameters(ctx):
        name = doc.get(eid, "name")
        if name is None:
            yield ctx.finding("parameter-missing-name", eid, "<Parameter> has no name attribute",
                              'add name="…": the name the receiving side reads the value under')
        elif not name.strip():
            yield ctx.finding("parameter-missing-name", eid, f"<Parameter> has an empty name ({name!r})",
                              'fill in name="…": the name the receiving side reads the value under',
                              part="name")


@document_rule("parameter-missing-value", Severity.WARNING, "a <Parameter> without a value attribute")
def parameter_missing_value(ctx: DocContext):
    """A <Parameter> without `value` hands on a name with nothing under it; usually the value was
    forgotten. (An explicit `value=""` is taken as meant.)"""
    doc = ctx.doc
    for eid in _parameters(ctx):
        if doc.get(eid, "value") is None:
            name = doc.get(eid, "name")
            what = f"<Parameter name={name!r}>" if name else "<Parameter>"
            yield ctx.finding("parameter-missing-value", eid, f"{what} has no value attribute",
                              'add value="…" with the value to hand on')


@document_rule("parameter-duplicate-name", Severity.WARNING, "two <Parameter>s with the same name under one element")
def parameter_duplicate_name(ctx: DocContext):
    """Two <Parameter>s of one element with the same name: the receiving side sees one value or the
    other, not both (which one is undocumented). The finding stands at the second."""
    doc = ctx.doc
    holders = dict.fromkeys(doc.parent(p) for p in doc.named("Parameter"))  # in document order
    for eid in (h for h in holders if h is not None):
        seen: dict[str, int] = {}
        for child in doc.child_elements(eid):
            if doc.tag(child) != "Parameter":
                continue
            name = (doc.get(child, "name") or "").strip()
            if not name or is_placeholder(name):
                continue
            if name in seen:
                parent = doc.tag(eid)
                yield ctx.finding(
                    "parameter-duplicate-name", child,
                    f"<{parent}> has two <Parameter>s named {name!r} (the first on line "
                    f"{doc.locate(seen[name])[0]}); only one of the values can arrive",
                    "rename one of them, or remove the one you do not need", part="name")
            else:
                seen[name] = child
