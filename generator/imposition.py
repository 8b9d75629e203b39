"""Where cards go on a sheet: the grid, its centring, mirrored backs and crop marks.

Pure geometry in points, no drawing. Pages are always portrait, the way paper feeds through an
office printer, so "long-edge flip" means the same thing to every printer; when cards fit better
sideways, the cards are turned instead of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import UsageError
from .layout import MM

Segment = tuple[float, float, float, float]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Placement:
    """A card on a page: its trim box on the page and how far it is turned (degrees, counter-clockwise)."""

    rect: Rect
    rotation: int


@dataclass(frozen=True)
class Imposition:
    page_w: float
    page_h: float
    card_w: float  # the card's own width and height, before any turn
    card_h: float
    rotation: int  # 0, or 90 when cards lie sideways
    cols: int
    rows: int
    gap: float
    bleed: float
    margin: float
    x0: float  # left edge of the first column's trim box
    top: float  # top edge of the first row's trim box

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def slot_w(self) -> float:
        return self.card_h if self.rotation else self.card_w

    @property
    def slot_h(self) -> float:
        return self.card_w if self.rotation else self.card_h

    def front(self, slot: int) -> Placement:
        """Place the card in `slot` (0 is top left, row by row)."""
        row, col = divmod(slot, self.cols)
        x = self.x0 + col * (self.slot_w + self.gap)
        y = self.top - self.slot_h - row * (self.slot_h + self.gap)
        return Placement(Rect(x, y, self.slot_w, self.slot_h), self.rotation)

    def back(self, slot: int, duplex: str) -> Placement:
        """Place the back of the card in `slot` so that it lands behind its front after the flip."""
        front = self.front(slot)
        r = front.rect
        if duplex == "short-edge":
            return Placement(Rect(r.x, self.page_h - r.top, r.w, r.h), (180 - front.rotation) % 360)
        return Placement(Rect(self.page_w - r.right, r.y, r.w, r.h), (-front.rotation) % 360)

    def crop_marks(self, rects: list[Rect], length: float, offset: float) -> list[Segment]:
        """Short lines on the extension of every cut line, in the margins and in gutters wide
        enough for them, kept `offset` clear of every card and its bleed."""
        if not rects:
            return []
        clear = self.bleed + offset
        left = min(r.x for r in rects) - clear
        right = max(r.right for r in rects) + clear
        bottom = min(r.y for r in rects) - clear
        top = max(r.top for r in rects) + clear
        room_top = min(length, self.page_h - self.margin - top)
        room_bottom = min(length, bottom - self.margin)
        room_left = min(length, left - self.margin)
        room_right = min(length, self.page_w - self.margin - right)
        xs = sorted({round(v, 3) for r in rects for v in (r.x, r.right)})
        ys = sorted({round(v, 3) for r in rects for v in (r.y, r.top)})
        shortest = 2 * MM  # a shorter mark is too small to lay a ruler against
        marks: list[Segment] = []
        for x in xs:
            if room_top >= shortest:
                marks.append((x, top, x, top + room_top))
            if room_bottom >= shortest:
                marks.append((x, bottom, x, bottom - room_bottom))
        for y in ys:
            if room_left >= shortest:
                marks.append((left, y, left - room_left, y))
            if room_right >= shortest:
                marks.append((right, y, right + room_right, y))
        inner = self.gap - 2 * clear
        if inner >= 1 * MM:
            # In a gutter, the cut lines of the cards on either side run through it.
            gutter_ys = _gaps(ys, self.gap)
            gutter_xs = _gaps(xs, self.gap)
            for lo, hi in gutter_ys:
                for x in xs:
                    marks.append((x, lo + clear, x, hi - clear))
            for lo, hi in gutter_xs:
                for y in ys:
                    marks.append((lo + clear, y, hi - clear, y))
        return marks


def _gaps(edges: list[float], gap: float) -> list[tuple[float, float]]:
    return [(a, b) for a, b in zip(edges, edges[1:]) if abs((b - a) - gap) < 0.01]


def impose(
    page: tuple[float, float], card: tuple[float, float], margin_mm: float, gutter_mm: float, bleed_mm: float
) -> Imposition:
    """Fit as many cards as possible on a portrait page, turning them sideways if that fits more."""
    page_w, page_h = sorted(page)
    margin, bleed = margin_mm * MM, bleed_mm * MM
    gap = max(gutter_mm * MM, 2 * bleed)
    avail_w = page_w - 2 * margin - 2 * bleed
    avail_h = page_h - 2 * margin - 2 * bleed
    best = None
    for rotation in (0, 90):
        sw, sh = (card[1], card[0]) if rotation else card
        cols = _count(avail_w, sw, gap)
        rows = _count(avail_h, sh, gap)
        if cols * rows and (best is None or cols * rows > best[0] * best[1]):
            best = (cols, rows, rotation, sw, sh)
    if best is None:
        raise UsageError(
            f"a {card[0] / MM:g} x {card[1] / MM:g} mm card does not fit on {page_w / MM:g} x {page_h / MM:g} mm "
            f"paper with {margin_mm:g} mm margins and {bleed_mm:g} mm bleed; choose a larger --paper or a "
            f"smaller --card-size"
        )
    cols, rows, rotation, sw, sh = best
    grid_w = cols * sw + (cols - 1) * gap
    grid_h = rows * sh + (rows - 1) * gap
    x0 = (page_w - grid_w) / 2
    top = page_h - (page_h - grid_h) / 2
    return Imposition(page_w, page_h, card[0], card[1], rotation, cols, rows, gap, bleed, margin, x0, top)


def _count(avail: float, size: float, gap: float) -> int:
    return max(0, math.floor((avail + gap) / (size + gap) + 1e-9))
