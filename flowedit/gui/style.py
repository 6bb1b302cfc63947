"""Colours, fonts and metrics of the user interface, in one place.

Colours follow the palette rather than a stylesheet: the Fusion style already paints a light or a dark
palette well, so we only add the few accents Qt has no role for (syntax colours, link kinds), each in a
light and a dark variant picked from the palette's own base colour. Widgets that use them call back in
here on `QEvent.PaletteChange`, so switching the desktop to dark mode needs no restart.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette

# (light, dark) pairs; the dark ones are lighter and less saturated so they read on a dark base.
_XML_COLOURS = {
    "tag": ("#1f4fb4", "#82aaff"),
    "attribute": ("#8a4b08", "#e5b567"),
    "value": ("#1d7a3a", "#9ccc65"),
    "comment": ("#6e7781", "#8b949e"),
    "meta": ("#8250df", "#c39bff"),  # <?xml …?>, <![CDATA[, <!DOCTYPE
    "entity": ("#b42318", "#ff8a80"),
}
_KIND_COLOURS = {
    "internal": ("#1d7a3a", "#9ccc65"),
    "external": ("#57606a", "#9aa4ae"),
    "missing": ("#c62828", "#ff8a80"),
}
_BADGE = ("#dbe7fb", "#2c3e5c")  # the "entry" tag behind the document name
_BADGE_TEXT = ("#1f4fb4", "#b5ccff")

DOCK_WIDTH_LEFT = 250
DOCK_WIDTH_RIGHT = 330
DOCK_HEIGHT_BOTTOM = 200
WINDOW_SIZE = (1280, 800)


def is_dark(palette: QPalette) -> bool:
    """True when the palette paints light text on a dark base (dark mode, or a dark theme)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def _pick(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def xml_colour(role: str, palette: QPalette) -> QColor:
    """The colour of one XML syntax role: tag, attribute, value, comment, meta or entity."""
    return _pick(_XML_COLOURS[role], palette)


def kind_colour(kind: str, palette: QPalette) -> QColor:
    """The colour of a link kind: internal, external or missing."""
    return _pick(_KIND_COLOURS[kind], palette)


def badge_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) of a small tag such as "entry"."""
    return _pick(_BADGE, palette), _pick(_BADGE_TEXT, palette)


def muted(palette: QPalette) -> QColor:
    """Secondary text: placeholder-text grey, which every palette defines for its own background."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def monospace_font() -> QFont:
    """The desktop's fixed-pitch font at the desktop's size, for XML."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font
