"""Colours, fonts and metrics of the user interface, in one place.

Colours follow the palette rather than a stylesheet: the Fusion style already paints a light or a dark
palette well, so we only add the few accents Qt has no role for (syntax colours, link kinds), each in a
light and a dark variant picked from the palette's own base colour. Widgets that use them call back in
here on `QEvent.PaletteChange`, so switching the desktop to dark mode needs no restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

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
DOCK_HEIGHT_BOTTOM = 240
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


# -- the canvas --------------------------------------------------------------------------------
_SEVERITY_COLOURS = {"error": ("#d1242f", "#ff7b72"), "warning": ("#bf8700", "#e3b341"),
                     "info": ("#2f6fde", "#7aa7ff")}
# Link roles on the canvas: the call moves (solid), a document runs on another leg (dashed).
_LINK_COLOURS = {
    "control": ("#4b5563", "#aeb8c6"),
    "screening": ("#8250df", "#c39bff"),
    "wait": ("#0b7f9e", "#5ccbe8"),
    "other": ("#8c959f", "#8b949e"),
    "missing": ("#c62828", "#ff8a80"),
}


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """The colour `t` of the way from `a` to `b` (0 = a, 1 = b)."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t, a.alphaF() + (b.alphaF() - a.alphaF()) * t)


def severity_colour(severity: str, palette: QPalette) -> QColor:
    """The colour of a finding's severity: error, warning or info."""
    return _pick(_SEVERITY_COLOURS.get(severity, _SEVERITY_COLOURS["info"]), palette)


def link_colour(role: str, palette: QPalette) -> QColor:
    """The colour of a canvas link: control, screening, wait, other or missing."""
    return _pick(_LINK_COLOURS.get(role, _LINK_COLOURS["other"]), palette)


def canvas_background(palette: QPalette) -> QColor:
    """Behind the frames: a step away from the frames' own fill, darker in both schemes."""
    base = palette.color(QPalette.ColorRole.Base)
    return base.darker(135) if is_dark(palette) else blend(palette.color(QPalette.ColorRole.Window), base, 0.35)


def canvas_grid(palette: QPalette) -> QColor:
    """The dots of the canvas grid: faint against `canvas_background`."""
    return blend(canvas_background(palette), palette.color(QPalette.ColorRole.Text), 0.22)


def frame_fill(palette: QPalette) -> QColor:
    """The body of a document frame."""
    base = palette.color(QPalette.ColorRole.Base)
    return base.lighter(118) if is_dark(palette) else base


def frame_header(palette: QPalette) -> QColor:
    """The title band of a document frame."""
    fill = frame_fill(palette)
    return blend(fill, palette.color(QPalette.ColorRole.Text), 0.07 if is_dark(palette) else 0.045)


def frame_border(palette: QPalette) -> QColor:
    """The outline of frames and cards, and the rules between rows."""
    return blend(frame_fill(palette), palette.color(QPalette.ColorRole.Text), 0.2 if is_dark(palette) else 0.16)


def card_fill(palette: QPalette) -> QColor:
    """The body of a card attached to a verb (a Dial target, a Gather's prompt …)."""
    return blend(frame_fill(palette), palette.color(QPalette.ColorRole.Text), 0.04)


def dark_palette() -> QPalette:
    """A dark Fusion palette (for rendering and tests in dark mode without a dark desktop)."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#2b2d31"), (role.WindowText, "#e6e6e6"), (role.Base, "#1f2124"),
                      (role.AlternateBase, "#2b2d31"), (role.Text, "#e6e6e6"), (role.Button, "#34363b"),
                      (role.ButtonText, "#e6e6e6"), (role.Highlight, "#3d7eff"),
                      (role.HighlightedText, "#ffffff"), (role.PlaceholderText, "#8b929b"),
                      (role.Mid, "#45484e"), (role.Dark, "#151618"), (role.Light, "#4a4d53"),
                      (role.ToolTipBase, "#34363b"), (role.ToolTipText, "#e6e6e6"),
                      (role.Link, "#82aaff"), (role.BrightText, "#ff8a80")):
        p.setColor(r, QColor(colour))
    return p


# -- the call simulator ------------------------------------------------------------------------
# The trace (current step on the canvas, cursor on the timeline) is orange: apart from the selection's
# blue and the severities, so "where the call is" never reads as "what is selected" or "what is wrong".
_TRACE = ("#e8590c", "#ffa94d")
_EVENT_COLOURS = {
    "initiated": ("#6e7781", "#9aa4ae"),
    "ringing": ("#bf8700", "#e3b341"),
    "answered": ("#1a7f37", "#56d364"),
    "in-progress": ("#1a7f37", "#56d364"),
    "completed": ("#1f4fb4", "#82aaff"),
    "busy": ("#cf222e", "#ff7b72"),
    "no-answer": ("#cf222e", "#ff7b72"),
    "failed": ("#cf222e", "#ff7b72"),
    "canceled": ("#8c959f", "#8b949e"),
    "verb": ("#8250df", "#c39bff"),
    "document": ("#0b7f9e", "#5ccbe8"),
    "action": ("#1d7a3a", "#9ccc65"),
    "status-callback": ("#57606a", "#aeb8c6"),
}


def trace_colour(palette: QPalette) -> QColor:
    """The simulator's "the call is here" colour: canvas highlight and timeline cursor."""
    return _pick(_TRACE, palette)


def event_colour(kind: str, palette: QPalette) -> QColor:
    """The colour of a simulated leg event (initiated … canceled) or request kind on the timeline."""
    return _pick(_EVENT_COLOURS.get(kind, _EVENT_COLOURS["status-callback"]), palette)


# -- comparisons ---------------------------------------------------------------------------------
# Added green, removed red, changed gold, moved violet: the colours diff tools use, none of them the
# trace's orange or the selection's blue.
_DIFF_COLOURS = {
    "added": ("#1a7f37", "#3fb950"),
    "removed": ("#cf222e", "#ff7b72"),
    "changed": ("#9a6700", "#d29922"),
    "moved": ("#8250df", "#b48cff"),
}


def diff_colour(kind: str, palette: QPalette) -> QColor:
    """The colour of a difference's kind (added, removed, changed, moved) in lists and on the canvas."""
    return _pick(_DIFF_COLOURS.get(kind, _DIFF_COLOURS["changed"]), palette)


def syntax_formats(palette: QPalette, roles: dict[str, str], bold: str) -> dict[str, QTextCharFormat]:
    """Text formats for a syntax highlighter: each role coloured like the XML role it borrows
    (`roles` maps role → XML role), comments in italics, the `bold` role in demibold."""
    # Imported here, by the first text coloured: PySide6 makes QTextCharFormat's Python enums (~130
    # members) when the class is first touched, and a new window's empty XML pane colours nothing.
    from PySide6.QtGui import QTextCharFormat

    formats = {}
    for role, borrowed in roles.items():
        fmt = QTextCharFormat()
        fmt.setForeground(xml_colour(borrowed, palette))
        if role == "comment":
            fmt.setFontItalic(True)
        if role == bold:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        formats[role] = fmt
    return formats
