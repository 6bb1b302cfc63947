"""The TwiML Voice vocabulary: every element, its place, its attributes and what they mean.

This package is the single source of truth that validation, the inspector, the palette and link
extraction read. It is pure data plus a small lookup API, built once at import; nothing here
imports Qt. Facts come from the project's shared `twiml-reference.md`, whose section and source keys appear
in each description's `source`.

    >>> from flowedit import twiml
    >>> twiml.element("Dial").attribute("action").link
    <LinkRole.DOCUMENT: 'document'>
    >>> "statusCallback" in twiml.element("Dial").attribute_names
    False

Modules: `kinds` (the types), `common` (shared value sets and builders), `verbs`, `dial`, `queues`,
`connect`, `media`, `pay`, `ssml` (the elements), `languages` (known language tags), `rules` (limits and
composition rules as data).
"""

from __future__ import annotations

from types import MappingProxyType

from . import connect, dial, media, pay, queues, rules, ssml, verbs
from .kinds import (
    XML_NS,
    Attribute,
    Confidence,
    Element,
    Kind,
    LinkRole,
    Role,
    Text,
    prefixed_name,
)


def _assemble() -> dict[str, Element]:
    registry: dict[str, Element] = {}
    for module in (verbs, dial, queues, connect, media, pay, ssml):
        for el in module.ELEMENTS:
            if el.name in registry:
                raise RuntimeError(f"TwiML element {el.name!r} is described twice")
            registry[el.name] = el
    return registry


ELEMENTS: MappingProxyType[str, Element] = MappingProxyType(_assemble())
"""Every known element by its exact (case-sensitive) name; read-only."""

VERBS: tuple[str, ...] = tuple(n for n, e in ELEMENTS.items() if e.role is Role.VERB)
NOUNS: tuple[str, ...] = tuple(n for n, e in ELEMENTS.items() if e.role is Role.NOUN)
SSML_ELEMENTS: tuple[str, ...] = ssml.SSML_NAMES
ROOT: str = rules.ROOT_ELEMENT

CATEGORIES: tuple[str, ...] = (
    "Document",
    "Call control",
    "Speech & audio",
    "Input",
    "Dial targets",
    "Queues & conferences",
    "Connect",
    "Media streams",
    "Payments",
    "Parameters",
    "SSML",
    "Legacy",
)
"""Palette groups, in palette order; every element's `category` is one of them."""

_LINK_ATTRIBUTES: MappingProxyType[str, tuple[Attribute, ...]] = MappingProxyType(
    {n: tuple(a for a in e.attributes if a.link is not None) for n, e in ELEMENTS.items()}
)


def element(name: str) -> Element | None:
    """The element called exactly `name`, or None when TwiML Voice has no such element."""
    return ELEMENTS.get(name)


def is_known(name: str) -> bool:
    """True when `name` is a TwiML Voice element (case-sensitive: `say` is not `Say`)."""
    return name in ELEMENTS


def attribute(element_name: str, attribute_name: str) -> Attribute | None:
    """The attribute of an element, accepting `xml:lang` and lxml's `{XML_NS}lang`; None if unknown."""
    el = ELEMENTS.get(element_name)
    return None if el is None else el.attribute(attribute_name)


def link_attributes(name: str) -> tuple[Attribute, ...]:
    """The URL-valued attributes of element `name` (each with its LinkRole); () if unknown."""
    return _LINK_ATTRIBUTES.get(name, ())


def text_link(name: str) -> LinkRole | None:
    """The LinkRole of the element's text when the text is a URL (Redirect, Play); else None."""
    el = ELEMENTS.get(name)
    return None if el is None else el.text.link


def in_category(category: str) -> tuple[Element, ...]:
    """The elements of one palette group, in registry order."""
    return tuple(e for e in ELEMENTS.values() if e.category == category)


__all__ = [
    "Attribute",
    "CATEGORIES",
    "Confidence",
    "ELEMENTS",
    "Element",
    "Kind",
    "LinkRole",
    "NOUNS",
    "ROOT",
    "Role",
    "SSML_ELEMENTS",
    "Text",
    "VERBS",
    "XML_NS",
    "attribute",
    "element",
    "in_category",
    "is_known",
    "link_attributes",
    "prefixed_name",
    "rules",
    "text_link",
]
