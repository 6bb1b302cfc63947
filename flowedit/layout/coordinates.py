"""Coordinates for a `Layering`: frames pulled toward their neighbours, never overlapping.

Coordinates are in layout axes: `along` runs with the layers (x for "LR", y for "TB"), `across`
runs within a layer. Each layer is one band along the axis, as thick as its thickest frame; frames
start at the band's start. Across, each layer keeps its order and its gaps, and within those
constraints sits as close as possible (least squares) to the weighted mean of its neighbours in the
layer just placed: a pool-adjacent-violators pass, so one layer costs linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowedit.layout.ordering import Item, Layering, is_dummy

PASSES = ("down", "up", "down")


@dataclass(frozen=True)
class Box:
    """A laid-out component: frame top-left corners in layout axes, and the extent of them all."""

    corners: dict[str, tuple[float, float]]  # path -> (along, across) of the frame's start corner
    along: float  # extent along the layers
    across: float  # extent within the layers


def place(layering: Layering, sizes: dict[str, tuple[float, float]], layer_gap: float, gap: float) -> Box:
    """Place the frames of `layering`; `sizes` are (along, across) extents; gaps separate frames."""

    def extent(item: Item) -> float:
        return 0.0 if is_dummy(item) else sizes[item][1]

    centre: dict[Item, float] = {}
    for layer in layering.layers:
        centre.update(zip(layer, _pack([extent(i) for i in layer], _gaps(layer, gap))))
    for direction in PASSES:
        downward = direction == "down"
        neighbours = layering.up if downward else layering.down
        order = layering.layers[1:] if downward else layering.layers[-2::-1]
        for layer in order:
            targets = []
            for item in layer:
                near = neighbours.get(item, [])
                total = sum(w for _, w in near)
                targets.append(sum(centre[x] * w for x, w in near) / total if total else centre[item])
            weights = [0.25 if is_dummy(i) else 1.0 for i in layer]
            centre.update(zip(layer, _fit(targets, weights, [extent(i) for i in layer], _gaps(layer, gap))))
    low = min((centre[i] - extent(i) / 2 for layer in layering.layers for i in layer), default=0.0)
    corners: dict[str, tuple[float, float]] = {}
    start, across = 0.0, 0.0
    for layer in layering.layers:
        thickness = max((sizes[i][0] for i in layer if not is_dummy(i)), default=0.0)
        for item in layer:
            if not is_dummy(item):
                corners[item] = (start, centre[item] - extent(item) / 2 - low)
                across = max(across, centre[item] + extent(item) / 2 - low)
        start += thickness + layer_gap
    return Box(corners, max(start - layer_gap, 0.0), across)


def _gaps(layer: list[Item], gap: float) -> list[float]:
    """The gap after each item but the last: half as wide next to a dummy (an edge passing by)."""
    return [gap / 2 if is_dummy(a) or is_dummy(b) else gap for a, b in zip(layer, layer[1:])]


def _pack(extents: list[float], gaps: list[float]) -> list[float]:
    """Centres of items packed tight from 0."""
    out, end = [], 0.0
    for i, size in enumerate(extents):
        start = end + (gaps[i - 1] if i else 0.0)
        out.append(start + size / 2)
        end = start + size
    return out


def _fit(targets: list[float], weights: list[float], extents: list[float], gaps: list[float]) -> list[float]:
    """Centres in the given order, each at least its minimum distance after the previous one,
    minimising the weighted squared distance to `targets` (isotonic regression, PAVA)."""
    offsets = [0.0]
    for i in range(1, len(extents)):
        offsets.append(offsets[-1] + (extents[i - 1] + extents[i]) / 2 + gaps[i - 1])
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for t, w, o in zip(targets, weights, offsets):
        blocks.append([(t - o) * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, wt, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += wt
            blocks[-1][2] += c
    out: list[float] = []
    for s, wt, c in blocks:
        out.extend([s / wt] * int(c))
    return [y + o for y, o in zip(out, offsets)]
