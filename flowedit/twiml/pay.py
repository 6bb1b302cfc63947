"""<Pay> and its <Prompt>: PCI-compliant card and ACH payment capture.

This module owns the payments part of the vocabulary (the shared twiml-reference.md §2, §3.16).
Prompt's errorType is open: SNIP full-example-ach already uses a token the library enum lacks
(`invalid-bank-routing-number`), so unknown tokens are drift, not errors.
"""

from __future__ import annotations

from .common import (
    CARD_TYPES,
    RECALLED,
    boolean,
    callback_url,
    document_url,
    enum,
    enum_list,
    integer,
    language,
    method,
    string,
)
from .kinds import Attribute, Element, Kind, Role
from .languages import PAY_LANGUAGES

_CAT = "Payments"
_SRC = "§3.16 ✔ PY, NODE"

PAY = Element(
    "Pay",
    Role.VERB,
    "Collect a card or bank payment (or a token) from the caller by keypad.",
    parents=("Response",),
    children=("Prompt", "Parameter"),
    attributes=(
        enum("input", ("dtmf",), "Input type.", default="dtmf", source="§3.16 ✔ NODE"),
        document_url("action", "TwiML requested with the payment result.", source="§3.16 ✔ PY"),
        enum(
            "bankAccountType",
            ("consumer-checking", "consumer-savings", "commercial-checking", "commercial-savings"),
            "ACH account type; needs paymentMethod=ach-debit.",
            default="consumer-checking",
            source="§3.16 ✔ PY, NODE",
        ),
        callback_url(
            "statusCallback",
            "URL told of each step of the capture (HTTPS for PCI, 13337).",
            source="§3.16 ✔ NODE",
        ),
        method(
            "statusCallbackMethod", "HTTP method for statusCallback.", default=None, source="§3.16 ✔ NODE"
        ),
        integer(
            "timeout",
            "Seconds to wait for input.",
            default="5",
            confidence=RECALLED,
            source="§3.16 ✔ PY; default ?",
        ),
        integer("maxAttempts", "Attempts allowed per input.", source="§3.16 ✔ PY"),
        boolean("securityCode", "Ask for the card security code.", source="§3.16 ✔ NODE"),
        string("postalCode", "`true`/`false`, or a default postal code to use.", source="§3.16 ✔ PY"),
        integer("minPostalCodeLength", "Shortest accepted postal code.", source="§3.16 ✔ PY"),
        string("paymentConnector", "Unique name of the payment connector.", source="§3.16 ✔ PY"),
        enum(
            "paymentMethod",
            ("credit-card", "ach-debit"),
            "Card or bank-account payment.",
            default="credit-card",
            source="§3.16 ✔ PY",
        ),
        enum(
            "tokenType",
            ("one-time", "reusable", "payment-method"),
            "Kind of token to create.",
            source="§3.16 ✔ NODE, PY-CH",
        ),
        Attribute(
            "chargeAmount",
            Kind.DECIMAL,
            "Amount to charge; 0 or absent creates a token only.",
            pattern=r"[0-9]+(?:\.[0-9]+)?",
            source="§3.16 ✔ PY, SNIP pay-tokenize",
        ),
        string("currency", "Currency of chargeAmount.", source="§3.16 ✔ PY"),
        string("description", "Description of the payment.", source="§3.16 ✔ PY"),
        enum_list(
            "validCardTypes", CARD_TYPES, "Space-separated card types to accept.", source="§3.16 ✔ NODE, SNIP"
        ),
        language(
            "language", "Language of the built-in prompts.", values=PAY_LANGUAGES, source="§3.16 ✔ NODE"
        ),
    ),
    category=_CAT,
    notes=("Control goes to `action` (?).",),
    source=_SRC,
)

PROMPT = Element(
    "Prompt",
    Role.NOUN,
    "Replace Pay's built-in prompt for one step, error or attempt.",
    parents=("Pay",),
    children=("Say", "Play", "Pause"),
    attributes=(
        enum(
            "for",
            (
                "payment-card-number",
                "expiration-date",
                "security-code",
                "postal-code",
                "payment-processing",
                "bank-account-number",
                "bank-routing-number",
            ),
            "The step this prompt replaces.",
            source="§3.16 ✔ NODE",
        ),
        enum_list(
            "errorType",
            (
                "timeout",
                "invalid-card-number",
                "invalid-card-type",
                "invalid-date",
                "invalid-security-code",
                "internal-error",
                "input-matching-failed",
            ),
            "Space-separated errors after which this prompt plays.",
            open_values=True,
            source="§3.16 ✔ NODE; drift ✔ SNIP full-example-ach",
        ),
        enum_list(
            "cardType", CARD_TYPES, "Space-separated card types this prompt is for.", source="§3.16 ✔ NODE"
        ),
        Attribute(
            "attempt",
            Kind.INTEGER_LIST,
            "Space-separated attempt numbers, e.g. `2 3`.",
            source="§3.16 ✔ NODE, SNIP pay-9",
        ),
        boolean(
            "requireMatchingInputs",
            "Ask twice and require both inputs to match.",
            source="§3.16 ✔ NODE, PY-CH",
        ),
    ),
    category=_CAT,
    notes=("Only inside <Pay>; the libraries also offer it on <Response>, a generator quirk.",),
    source="§2, §3.16 ✔ NODE",
)

ELEMENTS: tuple[Element, ...] = (PAY, PROMPT)

__all__ = ["ELEMENTS"]
