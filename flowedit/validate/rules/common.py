"""Helpers the rules share: template placeholders, and the vocabulary lookups rules keep needing.

A value such as `{{To}}`, `${number}`, `YOUR_WSS_URL` or a redacted `+*-***-***-****` is a template
to be filled in by the user's server, not a value: the `template-placeholder` rule reports it once,
clearly, and every value rule skips it (`is_placeholder`) so that it does not also get a confusing
"invalid value" error.
"""

from __future__ import annotations

import re
from functools import lru_cache

PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}"  # {{ number }}, {{To}} (Jinja, Handlebars, Liquid)
    r"|\{%.*?%\}"  # {% if … %}
    r"|\$\{[^}]*\}"  # ${number} (JavaScript template literals, shell)
    r"|<%.*?%>"  # <%= number %> (ERB, EJS) — only reachable in attribute values written as &lt;%
    r"|\b(?:YOUR|MY)_[A-Z0-9_]+\b"  # YOUR_WSS_URL, MY_PHONE_NUMBER
    r"|\+?\*[-*]*\*"  # +*-***-***-**** (a redacted number)
    ,
    re.S,
)


def placeholder_in(value: str | None) -> str | None:
    """The first template placeholder in `value`, or None."""
    if not value:
        return None
    return _placeholder(value)


@lru_cache(maxsize=1 << 14)
def _placeholder(value: str) -> str | None:
    # Cached: every rule that reads a value asks, and a flow repeats its values many times over.
    if "_" not in value and "{" not in value and "$" not in value and "<" not in value and "*" not in value:
        return None  # every placeholder shape holds one of these: a few scans instead of the search
    match = PLACEHOLDER.search(value)
    return match.group(0) if match else None


def is_placeholder(value: str | None) -> bool:
    """True when `value` holds a template placeholder: value rules leave it to `template-placeholder`."""
    return placeholder_in(value) is not None
