"""SSML markup inside <Say>: the ten lower-case elements Twilio accepts.

This module owns the SSML part of the vocabulary (the shared twiml-reference.md §2.1, ✔ NODE type
unions, ✔ PY docstrings for the prosody and break formats). Each element's children come from one
table, and its parents are derived from the same table, so nesting is stated once. Old spellings
(`say-as` value `character`, attribute `role`) are migrations, kept in `rules`.
"""

from __future__ import annotations

from types import MappingProxyType

from .common import enum, language, string
from .kinds import Attribute, Element, Kind, Role, Text
from .languages import SSML_LANGUAGES

SSML_NAMES: tuple[str, ...] = (
    "break",
    "emphasis",
    "lang",
    "p",
    "phoneme",
    "prosody",
    "s",
    "say-as",
    "sub",
    "w",
)

_INLINE = ("break", "emphasis", "lang", "phoneme", "prosody", "say-as", "sub", "w")

SSML_CHILDREN = MappingProxyType(
    {
        "break": (),
        "emphasis": _INLINE,
        "lang": SSML_NAMES,
        "p": ("break", "emphasis", "lang", "phoneme", "prosody", "s", "say-as", "sub", "w"),
        "phoneme": (),
        "prosody": SSML_NAMES,
        "s": _INLINE,
        "say-as": (),
        "sub": (),
        "w": ("break", "emphasis", "phoneme", "prosody", "say-as", "sub"),
    }
)
"""§2.1 "May contain"; `lang` and `prosody` take all ten."""


def _parents(name: str) -> tuple[str, ...]:
    return ("Say", *(p for p in SSML_NAMES if name in SSML_CHILDREN[p]))


_SRC = "§2.1 ✔ NODE"
_TEXT = Text(Kind.STRING, "Text to speak, mixed with nested SSML.")


def _ssml(name: str, summary: str, attributes: tuple[Attribute, ...] = (), text: Text = _TEXT) -> Element:
    return Element(
        name,
        Role.SSML,
        summary,
        parents=_parents(name),
        children=SSML_CHILDREN[name],
        attributes=attributes,
        text=text,
        category="SSML",
        source=_SRC,
    )


ELEMENTS: tuple[Element, ...] = (
    _ssml(
        "break",
        "A pause in speech.",
        (
            enum(
                "strength",
                ("none", "x-weak", "weak", "medium", "strong", "x-strong"),
                "Pause by strength.",
                source=_SRC,
            ),
            Attribute(
                "time",
                Kind.DURATION,
                "Pause length: <n>s or <n>ms.",
                pattern=r"[0-9]+(?:\.[0-9]+)?m?s",
                source="§2.1 ✔ NODE, PY",
            ),
        ),
        Text(Kind.NONE),
    ),
    _ssml(
        "emphasis",
        "Speak the enclosed text with emphasis.",
        (enum("level", ("strong", "moderate", "reduced"), "Degree of emphasis.", source=_SRC),),
    ),
    _ssml(
        "lang",
        "Speak the enclosed text in another language.",
        (language("xml:lang", "Language of the enclosed text.", values=SSML_LANGUAGES, source=_SRC),),
    ),
    _ssml("p", "A paragraph."),
    _ssml(
        "phoneme",
        "Pronounce the enclosed text with phonetic symbols.",
        (
            enum(
                "alphabet",
                (
                    "ipa",
                    "x-sampa",
                    "x-amazon-jyutping",
                    "x-amazon-pinyin",
                    "x-amazon-pron-kana",
                    "x-amazon-yomigana",
                ),
                "Phonetic alphabet of `ph`.",
                source=_SRC,
            ),
            string("ph", "The phonetic symbols.", source=_SRC),
        ),
        Text(Kind.STRING, "The word whose pronunciation is given.", required=True),
    ),
    _ssml(
        "prosody",
        "Change the volume, rate or pitch of the enclosed text.",
        (
            enum(
                "volume",
                ("default", "silent", "x-soft", "soft", "medium", "loud", "x-loud"),
                "Volume, or a change such as +6dB / -3dB.",
                pattern=r"[+-][0-9]+(?:\.[0-9]+)?dB",
                source="§2.1 ✔ NODE, PY",
            ),
            enum(
                "rate",
                ("x-slow", "slow", "medium", "fast", "x-fast"),
                "Speaking rate, or a percentage such as 80%.",
                pattern=r"[0-9]+(?:\.[0-9]+)?%",
                source="§2.1 ✔ NODE, PY",
            ),
            enum(
                "pitch",
                ("default", "x-low", "low", "medium", "high", "x-high"),
                "Pitch, or a change such as +5% / -10%.",
                pattern=r"[+-][0-9]+(?:\.[0-9]+)?%",
                source="§2.1 ✔ NODE, PY",
            ),
        ),
    ),
    _ssml("s", "A sentence."),
    _ssml(
        "say-as",
        "Say the enclosed text as a date, number, spelled-out word …",
        (
            enum(
                "interpret-as",
                (
                    "characters",
                    "spell-out",
                    "cardinal",
                    "number",
                    "ordinal",
                    "digits",
                    "fraction",
                    "unit",
                    "date",
                    "time",
                    "address",
                    "expletive",
                    "telephone",
                ),
                "How to read the text (`character` was renamed `characters` in 2022-12).",
                source="§2.1 ✔ NODE, PY-CH",
            ),
            enum(
                "format",
                ("mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"),
                "Date format when interpret-as is date (was `role` before 2022-12).",
                source="§2.1 ✔ NODE, PY-CH",
            ),
        ),
        Text(Kind.STRING, "The text to interpret.", required=True),
    ),
    _ssml(
        "sub",
        "Say an alias instead of the enclosed text.",
        (string("alias", "What to say instead.", source=_SRC),),
        Text(Kind.STRING, "The text being replaced (e.g. an acronym).", required=True),
    ),
    _ssml(
        "w",
        "A word, with its part of speech.",
        (string("role", "Part of speech or alternate meaning.", source=_SRC),),
    ),
)

__all__ = ["ELEMENTS", "SSML_NAMES", "SSML_CHILDREN"]
