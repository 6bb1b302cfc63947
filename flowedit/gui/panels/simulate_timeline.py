"""`TimelineView`: a simulated call drawn as lanes, one per leg, on a shared axis of seconds.

Owned by the Simulate panel; it only shows a `Simulation` and reports clicks, never runs anything.
The parent call is the first lane, each child leg (a Dial target) a lane below it, labelled with its
target and final status. On a lane a leg's life is a bar (thin while ringing, full once connected);
each `Step` is a mark (leg events by shape and colour: initiated ○, ringing ◇, answered ●,
completed ■, busy / no-answer / failed ✕, canceled ⊘; a verb run is a small tick) and each `Request`
a small marker under it (status callback ·, document ▪, action ▴). Marks that would overlap are
nudged apart (the shapes are drawn by `simulate_marks`); hovering one shows its details, clicking it
emits `stepClicked` / `requestClicked`.
The current step is an orange cursor. Every colour comes from the palette through `style`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from flowedit.gui import style
from flowedit.gui.panels.simulate_marks import FAILED, LEGEND, MARK, paint_request, paint_step, polygon
from flowedit.simulate.model import Leg, Simulation

LABEL_WIDTH = 190
AXIS_HEIGHT = 24
LANE_HEIGHT = 36
RIGHT_PAD = 28
DODGE = 11.0  # marks closer than this on one lane are nudged apart
TICK_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)



@dataclass
class Mark:
    """Where one step or request was drawn, for hover and clicks."""

    kind: str  # "step" or "request"
    index: int
    centre: QPointF

    def hit(self, pos: QPointF) -> bool:
        return abs(pos.x() - self.centre.x()) <= MARK + 2 and abs(pos.y() - self.centre.y()) <= MARK + 2


def lanes_of(simulation: Simulation) -> list[Leg]:
    """The legs in lane order: parent calls first, each followed by its children in dialing order."""
    parents = [leg for leg in simulation.calls if leg.parent_sid is None]
    ordered: list[Leg] = []
    for parent in parents:
        ordered.append(parent)
        ordered += [leg for leg in simulation.calls if leg.parent_sid == parent.sid]
    ordered += [leg for leg in simulation.calls if leg not in ordered]  # orphans: still shown
    return ordered


def lane_label(leg: Leg) -> str:
    return leg.target or ("Caller" if leg.parent_sid is None else leg.sid)


def tick_step(span: float, pixels: float) -> float:
    """A round number of seconds between axis ticks, at least ~70 pixels apart."""
    for step in TICK_STEPS:
        if span / step * 70 <= pixels:
            return step
    return TICK_STEPS[-1]


def _seconds(t: float) -> str:
    return f"{t:g} s" if t < 120 else f"{int(t // 60)}:{int(t % 60):02d}"


class TimelineView(QWidget):
    """The lanes of one simulation (see the module docstring)."""

    stepClicked = Signal(int)  # noqa: N815 - index into simulation.steps
    requestClicked = Signal(int)  # noqa: N815 - index into simulation.requests

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulationTimeline")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.simulation: Simulation | None = None
        self.current: int | None = None  # index of the current step
        self.legs: list[Leg] = []
        self.marks: list[Mark] = []
        self._hover: Mark | None = None

    # -- content -----------------------------------------------------------------------------
    def set_simulation(self, simulation: Simulation | None) -> None:
        self.simulation = simulation
        self.legs = lanes_of(simulation) if simulation is not None else []
        self.current = None
        self._hover = None
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.marks = self._layout_marks()
        self.update()

    def set_current(self, index: int | None) -> None:
        self.current = index
        self.update()

    def lane_of(self, sid: str | None) -> int:
        for i, leg in enumerate(self.legs):
            if leg.sid == sid:
                return i
        return 0

    @property
    def span(self) -> float:
        sim = self.simulation
        if sim is None:
            return 1.0
        times = [s.t for s in sim.steps] + [r.t for r in sim.requests]
        return max([1.0, *times])

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's virtual
        lanes = max(1, len(self.legs))
        return QSize(LABEL_WIDTH + 360, AXIS_HEIGHT + lanes * LANE_HEIGHT + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's virtual
        return QSize(LABEL_WIDTH + 120, self.sizeHint().height())

    # -- geometry ----------------------------------------------------------------------------
    def x_of(self, t: float) -> float:
        left, right = LABEL_WIDTH + 12, self.width() - RIGHT_PAD
        return left + (right - left) * t / self.span

    def lane_rect(self, lane: int) -> QRectF:
        return QRectF(0, AXIS_HEIGHT + lane * LANE_HEIGHT, self.width(), LANE_HEIGHT)

    def _layout_marks(self) -> list[Mark]:
        """Place every step on its lane's line and every request just under it, nudging overlaps apart."""
        sim = self.simulation
        marks: list[Mark] = []
        if sim is None:
            return marks
        last: dict[tuple[int, str], float] = {}
        items = [("step", i, s.t, s.leg) for i, s in enumerate(sim.steps)]
        items += [("request", i, r.t, r.leg) for i, r in enumerate(sim.requests)]
        for kind, index, t, sid in items:
            lane = self.lane_of(sid)
            rect = self.lane_rect(lane)
            y = rect.top() + (14 if kind == "step" else 27)
            x = self.x_of(t)
            previous = last.get((lane, kind))
            if previous is not None and x - previous < DODGE:
                x = previous + DODGE
            last[(lane, kind)] = x
            marks.append(Mark(kind, index, QPointF(x, y)))
        return marks

    def shape_of(self, index: int) -> str | None:
        """The event a step's mark shows: its own, except that a leg's end shows how the leg ended."""
        step = self.simulation.steps[index]
        if step.event == "completed":
            leg = self.legs[self.lane_of(step.leg)] if self.legs else None
            if leg is not None and leg.status in (*FAILED, "canceled"):
                return leg.status
        return step.event

    def mark_at(self, pos: QPointF) -> Mark | None:
        hits = [m for m in self.marks if m.hit(pos)]
        return min(hits, key=lambda m: abs(m.centre.x() - pos.x())) if hits else None

    def step_centre(self, index: int) -> QPointF | None:
        for mark in self.marks:
            if mark.kind == "step" and mark.index == index:
                return mark.centre
        return None

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self.simulation is None:
            painter.setPen(style.muted(palette))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "Run the scenario (F5) to see the call's legs and requests here")
            return
        self._paint_lanes(painter, palette)
        self._paint_axis(painter, palette)
        self._paint_cursor(painter, palette)
        sim = self.simulation
        for mark in self.marks:
            if mark.kind == "request":
                paint_request(painter, palette, sim.requests[mark.index].kind, mark.centre)
        for mark in self.marks:
            if mark.kind == "step":
                paint_step(painter, palette, self.shape_of(mark.index), mark.centre, mark.index == self.current)

    def _paint_axis(self, painter: QPainter, palette: QPalette) -> None:
        muted = style.muted(palette)
        rule = style.frame_border(palette)
        painter.setFont(self._font(-1))
        step = tick_step(self.span, self.x_of(self.span) - self.x_of(0))
        t = 0.0
        while t <= self.span + 1e-9:
            x = self.x_of(t)
            painter.setPen(QPen(rule, 1.0))
            painter.drawLine(QPointF(x, AXIS_HEIGHT - 5), QPointF(x, AXIS_HEIGHT))
            painter.setPen(QPen(style.blend(palette.color(QPalette.ColorRole.Base), rule, 0.45), 1.0,
                                Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, AXIS_HEIGHT), QPointF(x, self.height()))
            painter.setPen(muted)
            painter.drawText(QRectF(x - 40, 2, 80, AXIS_HEIGHT - 8), Qt.AlignmentFlag.AlignCenter, _seconds(t))
            t += step
        painter.setPen(QPen(rule, 1.0))
        painter.drawLine(QPointF(0, AXIS_HEIGHT), QPointF(self.width(), AXIS_HEIGHT))
        painter.setPen(muted)
        painter.drawText(QRectF(10, 2, LABEL_WIDTH - 10, AXIS_HEIGHT - 8),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "leg")

    def _paint_lanes(self, painter: QPainter, palette: QPalette) -> None:
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        rule = style.frame_border(palette)
        current_leg = self._current_leg()
        for lane, leg in enumerate(self.legs):
            rect = self.lane_rect(lane)
            fill = style.blend(base, text, 0.035) if lane % 2 else base
            if leg.sid == current_leg:
                fill = style.blend(fill, style.trace_colour(palette), 0.10)
            painter.fillRect(rect, fill)
            painter.setPen(QPen(rule, 0.8))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            self._paint_label(painter, palette, leg, rect, leg.sid == current_leg)
            self._paint_life(painter, palette, leg, rect)
        painter.setPen(QPen(rule, 1.0))
        painter.drawLine(QPointF(LABEL_WIDTH, AXIS_HEIGHT), QPointF(LABEL_WIDTH, self.height()))

    def _paint_label(self, painter: QPainter, palette: QPalette, leg: Leg, rect: QRectF, current: bool) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        x, width = 10 + (10 if leg.parent_sid else 0), LABEL_WIDTH - 20 - (10 if leg.parent_sid else 0)
        if leg.parent_sid:  # a child leg hangs from its parent, like the cards under a Dial
            painter.setPen(QPen(style.frame_border(palette), 1.2))
            painter.drawLine(QPointF(10, rect.top()), QPointF(10, rect.top() + 14))
            painter.drawLine(QPointF(10, rect.top() + 14), QPointF(16, rect.top() + 14))
        font = self._font(0, QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(style.trace_colour(palette) if current else text)
        name = QFontMetrics(font).elidedText(lane_label(leg), Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(QRectF(x, rect.top() + 3, width, 17), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(self._font(-1))
        status = leg.status + (f" · {leg.duration} s" if leg.duration else "")
        painter.setPen(style.event_colour(leg.status, palette) if leg.status in FAILED else style.muted(palette))
        painter.drawText(QRectF(x, rect.top() + 19, width, 15), Qt.AlignmentFlag.AlignVCenter, status)

    def _paint_life(self, painter: QPainter, palette: QPalette, leg: Leg, rect: QRectF) -> None:
        """The leg's bar: thin from its first event while it rings, thick once answered, to its end."""
        sim = self.simulation
        times = [s.t for s in sim.steps if s.leg == leg.sid] + [r.t for r in sim.requests if r.leg == leg.sid]
        if not times:
            return
        start, end = min(times), max(times)
        answered = next((s.t for s in sim.steps if s.leg == leg.sid and s.event in ("answered", "in-progress")),
                        None)
        if answered is None and leg.parent_sid is None:
            answered = start  # the caller's own call is connected from its first request
        y = rect.top() + 14
        colour = style.event_colour(leg.status if leg.status in FAILED + ("canceled",) else "answered", palette)
        painter.setPen(Qt.PenStyle.NoPen)
        faint = QColor(colour)
        faint.setAlpha(70)
        painter.setBrush(faint)
        painter.drawRoundedRect(QRectF(self.x_of(start), y - 1.5, max(self.x_of(end) - self.x_of(start), 3), 3),
                                1.5, 1.5)
        if answered is not None:
            solid = QColor(colour)
            solid.setAlpha(150)
            painter.setBrush(solid)
            painter.drawRoundedRect(QRectF(self.x_of(answered), y - 3, max(self.x_of(end) - self.x_of(answered), 6),
                                           6), 3, 3)

    def _paint_cursor(self, painter: QPainter, palette: QPalette) -> None:
        if self.current is None or self.simulation is None or not (0 <= self.current < len(self.simulation.steps)):
            return
        centre = self.step_centre(self.current)
        x = centre.x() if centre is not None else self.x_of(self.simulation.steps[self.current].t)
        colour = style.trace_colour(palette)
        painter.setPen(QPen(colour, 1.6))
        painter.drawLine(QPointF(x, AXIS_HEIGHT - 6), QPointF(x, self.height()))
        painter.setBrush(colour)
        painter.drawPolygon(polygon(QPointF(x, AXIS_HEIGHT), [(-5, -9), (5, -9), (0, -2)]))

    def _current_leg(self) -> str | None:
        sim = self.simulation
        if sim is None or self.current is None or not (0 <= self.current < len(sim.steps)):
            return None
        return sim.steps[self.current].leg

    def _font(self, delta: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() + delta)
        font.setWeight(weight)
        return font

    # -- interaction -------------------------------------------------------------------------
    def tooltip_at(self, pos: QPointF) -> str:
        """The details of the mark under `pos` ("" when none): what happened, when, and the parameters."""
        mark = self.mark_at(pos)
        sim = self.simulation
        if sim is None:
            return ""
        if mark is None and pos.y() < AXIS_HEIGHT:
            return LEGEND
        lane = int((pos.y() - AXIS_HEIGHT) // LANE_HEIGHT)
        if mark is None and pos.x() < LABEL_WIDTH and 0 <= lane < len(self.legs):
            leg = self.legs[lane]
            parent = "the caller's call" if leg.parent_sid is None else f"dialed from {leg.parent_sid}"
            return f"{lane_label(leg)} — {leg.sid}, {parent}\nended {leg.status}, {leg.duration} s connected"
        if mark is None:
            return ""
        if mark.kind == "step":
            step = sim.steps[mark.index]
            leg = self.legs[self.lane_of(step.leg)] if self.legs else None
            where = f"\n{step.document}" if step.document else ""
            return f"{_seconds(step.t)} — {step.text}\n{lane_label(leg) if leg else step.leg}{where}"
        request = sim.requests[mark.index]
        lines = [f"{_seconds(request.t)} — {request.kind}: {request.method} {request.url}"]
        if request.target:
            lines.append(f"about {request.target}")
        lines += [f"  {name} = {value}" for name, value in request.params.items()]
        return "\n".join(lines)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() == QEvent.Type.PaletteChange:
            self.update()
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        super().resizeEvent(event)
        self.marks = self._layout_marks()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        mark = self.mark_at(event.position())
        if mark is not self._hover:
            self._hover = mark
            self.setCursor(Qt.CursorShape.PointingHandCursor if mark else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's virtual
        mark = self.mark_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if mark is None:
            super().mousePressEvent(event)
            return
        event.accept()
        (self.stepClicked if mark.kind == "step" else self.requestClicked).emit(mark.index)
