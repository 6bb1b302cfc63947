"""Element icons: a rounded square in the element's category colour with a short glyph, drawn in code.

Nothing is read from disk. A QIconEngine draws each icon with QPainter at exactly the size and device
pixel ratio Qt asks for, so it is crisp in a list, a header and on a high-DPI screen alike. Colours
come in a light and a dark variant picked from the palette, like `style`; callers ask again on
`QEvent.PaletteChange`. The glyph is short: the capitals of a camel-case name (`ApplicationSid` → AS),
else the first two letters (`Dial` → Di), with a few hand-picked ones where a category would
otherwise show the same letters twice; SSML elements keep their lower case.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QIconEngine, QPainter, QPalette, QPixmap

from flowedit.gui.style import is_dark

# (light, dark) fill per palette category; the dark fills are a little lighter and less saturated.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "Document": ("#57606a", "#8b949e"),
    "Call control": ("#cf222e", "#e5534b"),
    "Speech & audio": ("#1f6feb", "#4c8ef7"),
    "Input": ("#8250df", "#a371f7"),
    "Dial targets": ("#1a7f37", "#3fb950"),
    "Queues & conferences": ("#bc4c00", "#e07b39"),
    "Connect": ("#0a7e8c", "#39c5cf"),
    "Media streams": ("#9a6700", "#d29922"),
    "Payments": ("#6639ba", "#8e6fd8"),
    "Parameters": ("#6e7781", "#8b949e"),
    "SSML": ("#3b5bab", "#7d9ee8"),
    "Legacy": ("#8c959f", "#6e7681"),
}
_UNKNOWN = ("#8c959f", "#6e7681")


def category_colour(category: str, palette: QPalette) -> QColor:
    """The fill colour of a palette category (grey for an unknown one)."""
    light, dark = CATEGORY_COLOURS.get(category, _UNKNOWN)
    return QColor(dark if is_dark(palette) else light)


def element_colour(tag: str, palette: QPalette) -> QColor:
    """The colour of element `tag`: its category's (grey for elements TwiML does not have)."""
    return category_colour(_category(tag), palette)


@lru_cache(maxsize=None)
def _category(tag: str) -> str:
    # The vocabulary is imported by the first icon drawn, not with this module: the canvas imports
    # it, and an empty window (no element to draw) starts without the vocabulary.
    from flowedit import twiml

    spec = twiml.element(tag)
    return spec.category if spec else ""


# Where the rule below would give two elements of one category the same letters.
_GLYPHS = {
    "Response": "R", "Redirect": "Rd", "Reject": "Rj", "Refer": "Rf", "Record": "Rc", "Recording": "Rc",
    "Pay": "$", "Parameter": "=", "Config": "Cf", "Conference": "Cf", "Connect": "Cn", "Conversation": "Cv",
    "Start": "St", "Stop": "Sp", "Stream": "Sr", "Sim": "Sm", "Sms": "Sm", "Header": "H", "Headers": "Hs",
}


def glyph(tag: str) -> str:
    """The one or two letters drawn on `tag`'s icon."""
    if tag in _GLYPHS:
        return _GLYPHS[tag]
    capitals = [c for c in tag if c.isupper()]
    if len(capitals) >= 2:
        return capitals[0] + capitals[1]
    if "-" in tag:  # say-as
        first, second = tag.split("-", 1)
        return first[:1] + second[:1]
    return tag[:2]


def element_icon(tag: str, palette: QPalette) -> QIcon:
    """The icon of element `tag` in the palette's light or dark variant."""
    return QIcon(_BadgeEngine(tag, element_colour(tag, palette), is_dark(palette)))


def paint_badge(painter: QPainter, rect: QRectF, tag: str, fill: QColor, dark: bool) -> None:
    """Draw `tag`'s badge (rounded square and glyph) into `rect`, e.g. on the canvas."""
    side = min(rect.width(), rect.height())
    square = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    radius = side * 0.22
    painter.drawRoundedRect(square.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    text = glyph(tag)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(6, round(side * (0.5 if len(text) > 1 else 0.58))))
    painter.setFont(font)
    painter.setPen(_glyph_colour(fill))
    painter.drawText(square, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _luminance(colour: QColor) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def _glyph_colour(fill: QColor) -> QColor:
    """White or near-black, whichever contrasts more with `fill` (WCAG contrast ratio)."""
    lum = _luminance(fill)
    white = 1.05 / (lum + 0.05)
    black = (lum + 0.05) / (0.008 + 0.05)
    return QColor("white") if white >= black * 0.8 else QColor("#111418")  # lean to white: it reads bolder


class _BadgeEngine(QIconEngine):
    """Draws the badge at whatever size and device pixel ratio Qt asks for (so never blurred)."""

    def __init__(self, tag: str, fill: QColor, dark: bool) -> None:
        super().__init__()
        self._tag, self._fill, self._dark = tag, QColor(fill), dark
        self._cache: dict[tuple[int, int, float], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        paint_badge(painter, QRectF(rect), self._tag, self._faded(mode), self._dark)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        key = (size.width(), size.height(), scale, mode == QIcon.Mode.Disabled)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = QPixmap(round(size.width() * scale), round(size.height() * scale))
            pixmap.setDevicePixelRatio(scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            paint_badge(painter, QRectF(0, 0, size.width(), size.height()), self._tag, self._faded(mode),
                        self._dark)
            painter.end()
            self._cache[key] = pixmap
        return pixmap

    def _faded(self, mode: QIcon.Mode) -> QColor:
        if mode != QIcon.Mode.Disabled:
            return self._fill
        faded = QColor(self._fill)
        faded.setAlphaF(0.4)
        return faded

    def clone(self) -> QIconEngine:
        return _BadgeEngine(self._tag, self._fill, self._dark)
