"""Sizes, fonts and small drawing helpers shared by the canvas items.

Everything is in scene units (one unit is one device-independent pixel at 100 % zoom); fonts are set
in pixels so that zooming scales text and boxes together. Colours are not here: they come from the
palette through `flowedit.gui.style` at paint time, so a palette change needs no rebuild.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QPicture
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from flowedit.gui import icons, style

FRAME_WIDTH = 320.0
TITLE_HEIGHT = 38.0
RADIUS = 9.0
ROW_PAD_X = 12.0
ROW_PAD_Y = 7.0
CHIP = 20.0  # the square letter chip
TEXT_X = ROW_PAD_X + CHIP + 9.0  # where a row's text starts
HEAD_HEIGHT = 20.0  # the name line
LINE_HEIGHT = 16.0  # a detail or table line
CARD_GAP = 6.0
CARD_RADIUS = 6.0
CARD_PAD = 8.0
CARD_CHIP = 16.0
NEST_INDENT = 14.0
HANDLE_RADIUS = 5.5
BADGE_HEIGHT = 16.0
LOD_TEXT = 0.4  # below this level of detail frames show their outline and title only
MAX_DETAIL_LINES = 3
SEGMENT_GAP = 12.0


@lru_cache(maxsize=None)
def font(kind: str) -> QFont:
    """The canvas fonts: "title", "name", "body", "label", "chip", "small"."""
    f = QFont(QApplication.font())
    size, weight, italic = {
        "title": (13, QFont.Weight.Bold, False),
        "name": (12, QFont.Weight.DemiBold, False),
        "body": (12, QFont.Weight.Normal, False),
        "quote": (12, QFont.Weight.Normal, True),
        "label": (11, QFont.Weight.Normal, False),
        "chip": (10, QFont.Weight.Bold, False),
        "small": (9, QFont.Weight.Bold, False),
    }[kind]
    f.setPixelSize(size)
    f.setWeight(weight)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same shapes at every zoom
    return f


@lru_cache(maxsize=None)
def metrics(kind: str) -> QFontMetricsF:
    return QFontMetricsF(font(kind))


@lru_cache(maxsize=65536)
def advance(kind: str, text: str) -> float:
    """The width of `text` in the canvas font `kind`. Memoised: laying out 1,000 documents measures the
    same labels and values ("voice", "Polly.Joanna", "POST" …) tens of thousands of times."""
    return metrics(kind).horizontalAdvance(text)


def elide(kind: str, text: str, width: float) -> str:
    return metrics(kind).elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


def level_of_detail(painter: QPainter) -> float:
    """How many device pixels one scene unit covers (the "40000 Chips" trick)."""
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def replay(painter: QPainter, item, key: tuple, draw) -> None:
    """Draw with `draw(painter)` through a recording kept on `item` while `key` stays the same.

    Frames and nodes repaint whenever the zoom changes and wherever a pan uncovers part of them
    (Qt's device cache keeps only what was in view): replaying a QPicture is C++, running the
    drawing again is Python. The key must hold everything the drawing depends on."""
    key = (*key, painter.renderHints().value)
    cached = getattr(item, "_recording", None)
    if cached is None or cached[0] != key:
        picture = QPicture()
        recorder = QPainter(picture)
        # A recording replays state as absolute values (a restore included): start from the target's.
        recorder.setRenderHints(painter.renderHints())
        recorder.setFont(painter.font())
        draw(recorder)
        recorder.end()
        cached = (key, picture)
        item._recording = cached
    painter.drawPicture(0, 0, cached[1])


def palette_of(item) -> QPalette:
    scene = item.scene()
    return scene.palette() if scene is not None else QApplication.palette()


def draw_chip(painter: QPainter, rect: QRectF, tag: str, palette: QPalette, muted: bool = False) -> None:
    """The element's badge, exactly as the palette shows it (`flowedit.gui.icons`)."""
    fill = icons.element_colour(tag, palette)
    if muted:
        fill = style.blend(style.frame_fill(palette), fill, 0.55)
    icons.paint_badge(painter, rect, tag, fill, style.is_dark(palette))


def pack(pairs: list[tuple[str, str]], width: float, max_lines: int = MAX_DETAIL_LINES) -> list[list[tuple]]:
    """Lay (label, value) pairs out in lines no wider than `width`: [[(x, label, value), …], …].

    Pairs flow left to right; a pair wider than a whole line gets a line of its own (its value is
    elided when painted). Lines past `max_lines` are dropped, the last one ending in "…".
    """
    lines: list[list[tuple]] = []
    current: list[tuple] = []
    x = 0.0
    for label, value in pairs:
        w = advance("label", label + " ") + advance("body", value)
        if current and x + w > width:
            lines.append(current)
            current, x = [], 0.0
        current.append((x, label, value))
        x += w + SEGMENT_GAP
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + [(-1.0, "", "…")]
    return lines


def draw_pairs(painter: QPainter, lines: list[list[tuple]], left: float, top: float, width: float,
               palette: QPalette, enabled: bool = True) -> None:
    """Paint the output of `pack`: muted labels, normal values, elided at the right edge."""
    text = palette.color(QPalette.ColorRole.Text)
    if not enabled:
        text = style.muted(palette)
    for row, line in enumerate(lines):
        baseline = top + row * LINE_HEIGHT + LINE_HEIGHT - 4.5
        for x, label, value in line:
            if x < 0:  # the "more" mark
                painter.setPen(style.muted(palette))
                painter.setFont(font("body"))
                painter.drawText(left + width - metrics("body").horizontalAdvance("…"), baseline, "…")
                continue
            painter.setFont(font("label"))
            painter.setPen(style.muted(palette))
            painter.drawText(left + x, baseline, label)
            lw = metrics("label").horizontalAdvance(label + " ")
            painter.setFont(font("body"))
            painter.setPen(text)
            painter.drawText(left + x + lw, baseline, elide("body", value, width - x - lw))
