"""Card pages: fitted faces imposed on paper (sheet), one card a page (single) or front and back
side by side (fold), with cut guides, mirrored backs and PDF boxes."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib import colors

from . import fonts
from .card import draw_back, draw_front
from .fit import Fitted, Geometry
from .i18n import gettext_for
from .imposition import Imposition, Placement, Rect, impose
from .layout import MM, Layout
from .output import Meta, new_canvas
from .pdftext import draw_lines, place_once
from .text import BackFace

CUT_LINE = colors.HexColor("#9A9A9A")
MARK = colors.black
NOTE = colors.HexColor("#555555")


@dataclass(frozen=True)
class SheetStats:
    pages: int
    cards: int


def plan_imposition(layout: Layout) -> Imposition:
    """The grid for the layout's mode: cards, or front-and-back pairs for folding."""
    w, h = layout.card_size()
    unit = (2 * w, h) if layout.mode == "fold" else (w, h)
    return impose(layout.paper_size(), unit, layout.margin, layout.gutter, layout.bleed)


def render_cards(
    path: Path,
    count: int,
    cards: Iterable[Fitted],
    back: BackFace,
    layout: Layout,
    geometry: Geometry,
    lang: str,
    meta: Meta,
) -> SheetStats:
    """Write `count` cards of one deck to `path` in the layout's mode, drawing each as it comes."""
    if layout.mode == "single":
        return _render_single(path, cards, back, layout, geometry, lang, meta)
    imp = plan_imposition(layout)
    c = new_canvas(path, (imp.page_w, imp.page_h), meta)
    sheets = max(1, -(-count // imp.per_page))
    chunks = _chunks(cards, imp.per_page)
    if layout.mode == "fold":
        pages, drawn = _render_fold(c, imp, chunks, sheets, back, layout, geometry, lang, meta)
    else:
        pages, drawn = _render_sheets(c, imp, chunks, sheets, back, layout, geometry, lang, meta)
    c.save()
    return SheetStats(pages, drawn)


def _chunks(cards: Iterable[Fitted], size: int) -> Iterator[list[Fitted]]:
    iterator = iter(cards)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _render_sheets(c, imp, chunks, sheets, back, layout, geometry, lang, meta) -> tuple[int, int]:
    _ = gettext_for(lang)
    pages = drawn = 0
    for sheet, chunk in enumerate(chunks):
        drawn += len(chunk)
        fronts = [imp.front(slot) for slot in range(len(chunk))]
        for fitted, place in zip(chunk, fronts):
            with card_space(c, place, geometry):
                draw_front(c, fitted, geometry, layout.ink_saving)
        rects = [p.rect for p in fronts]
        _cut_guides(c, imp, layout, rects)
        hint = _("Fronts, sheet {sheet} of {sheets}").format(sheet=sheet + 1, sheets=sheets)
        if layout.backs:
            hint += " · " + (
                _("Print double-sided, flip on long edge")
                if layout.duplex == "long-edge"
                else _("Print double-sided, flip on short edge")
            )
        _margin_note(c, imp, layout, rects, f"{meta.title} · {hint}")
        c.showPage()
        pages += 1
        if layout.backs:
            dx, dy = back_correction(layout)
            c.translate(dx, dy)
            back_geometry = replace(geometry, bleed=max(geometry.bleed, _back_spill(imp, layout, rects)))
            first = replace(back, note=_("Read first"))
            for slot, fitted in enumerate(chunk):
                with card_space(c, imp.back(slot, layout.duplex), back_geometry):
                    design = first if fitted.face.kind == "info" and fitted.back is None else back
                    draw_card_back(c, fitted, design, back_geometry, layout)
            c.showPage()
            pages += 1
    return pages, drawn


SPILL_MM = 2.0  # backs run this far past the cut into the gutter: a printer 1-2 mm off leaves no white edge


def _back_spill(imp, layout: Layout, rects) -> float:
    """How far a sheet's back colour may run past the cut line: up to SPILL_MM, no more than half
    the gutter (neighbours never touch) and never into the paper's unprintable margin."""
    room = min(min(r.x, r.y, imp.page_w - r.right, imp.page_h - r.top) for r in rects) - layout.margin * MM
    return max(0.0, min(SPILL_MM * MM, layout.gutter * MM / 2, room))


def back_correction(layout: Layout) -> tuple[float, float]:
    """Turn the offset read on the registration page (as seen from the front) into a shift of the
    back page's own coordinates; the flip mirrors one axis."""
    x, y = layout.back_offset()
    return (x, -y) if layout.duplex == "long-edge" else (-x, y)


def _render_fold(c, imp, chunks, sheets, back, layout, geometry, lang, meta) -> tuple[int, int]:
    """Front and back side by side: folding along the line between them puts the back behind the front."""
    _ = gettext_for(lang)
    pages = drawn = 0
    for sheet, chunk in enumerate(chunks):
        drawn += len(chunk)
        pages += 1
        units = [imp.front(slot) for slot in range(len(chunk))]
        for fitted, unit in zip(chunk, units):
            front, rear = fold_halves(unit, geometry)
            with card_space(c, front, geometry):
                draw_front(c, fitted, geometry, layout.ink_saving)
            with card_space(c, rear, geometry):
                draw_card_back(c, fitted, back, geometry, layout)
            _fold_line(c, unit)
        rects = [u.rect for u in units]
        _cut_guides(c, imp, layout, rects)
        note = _("Sheet {sheet} of {sheets} · Cut out each pair, fold along the dashed line").format(
            sheet=sheet + 1, sheets=sheets
        )
        _margin_note(c, imp, layout, rects, f"{meta.title} · {note}")
        c.showPage()
    return pages, drawn


def fold_halves(unit: Placement, g: Geometry) -> tuple[Placement, Placement]:
    """Split a pair's placement into the front half and the back half (mirrored across the fold)."""
    r = unit.rect
    if unit.rotation == 0:
        return (Placement(Rect(r.x, r.y, g.w, g.h), 0), Placement(Rect(r.x + g.w, r.y, g.w, g.h), 0))
    # Turned pairs stand upright on the page: the front is the lower half, the back the upper one,
    # and the fold runs across; each card keeps the pair's turn, so the back is the front's mirror.
    return (
        Placement(Rect(r.x, r.y, g.h, g.w), unit.rotation),
        Placement(Rect(r.x, r.y + g.w, g.h, g.w), unit.rotation),
    )


def _fold_line(c, unit: Placement) -> None:
    r = unit.rect
    c.saveState()
    c.setStrokeColor(CUT_LINE)
    c.setLineWidth(0.5)
    c.setDash(3, 2)
    if unit.rotation == 0:
        c.line(r.x + r.w / 2, r.y, r.x + r.w / 2, r.top)
    else:
        c.line(r.x, r.y + r.h / 2, r.right, r.y + r.h / 2)
    c.restoreState()


def _render_single(path, cards, back, layout, geometry, lang, meta) -> SheetStats:
    """One card a page at trim size plus bleed, front and back interleaved, TrimBox and BleedBox set."""
    b = geometry.bleed
    size = (geometry.w + 2 * b, geometry.h + 2 * b)
    c = new_canvas(path, size, meta)
    trim = (b, b, b + geometry.w, b + geometry.h)
    pages = drawn = 0
    for fitted in cards:
        drawn += 1
        for side in ("front", "back") if layout.backs else ("front",):
            c.setTrimBox(trim)
            c.setBleedBox((0, 0) + size)
            c.translate(b, b)
            if side == "front":
                draw_front(c, fitted, geometry, layout.ink_saving)
            else:
                draw_card_back(c, fitted, back, geometry, layout)
            c.showPage()
            pages += 1
    c.save()
    return SheetStats(pages, drawn)


def draw_card_back(c, fitted: Fitted, back: BackFace, geometry: Geometry, layout: Layout) -> None:
    """The card's own text back when it has one, else the deck's back design, drawn once into a
    form and placed by reference on every card (smaller files, less work per card)."""
    if fitted.back is not None:
        draw_front(c, fitted.back, geometry, layout.ink_saving)
        return
    key = ("back", back, layout.ink_saving, geometry)
    place_once(c, key, geometry.bleed_box, lambda: draw_back(c, back, geometry, layout.ink_saving))


class card_space:
    """Move the origin to a card's trim corner, turned as the placement says."""

    def __init__(self, c, place: Placement, g: Geometry):
        self.c, self.place, self.g = c, place, g

    def __enter__(self):
        c, r = self.c, self.place.rect
        c.saveState()
        if self.place.rotation == 0:  # the common case: one move, no turn
            c.translate(r.x, r.y)
            return
        c.translate(r.x + r.w / 2, r.y + r.h / 2)
        c.rotate(self.place.rotation)
        c.translate(-self.g.w / 2, -self.g.h / 2)

    def __exit__(self, *exc):
        self.c.restoreState()


def _cut_guides(c, imp: Imposition, layout: Layout, rects) -> None:
    """Cut lines and crop marks around the cards; every full sheet has the same, so they are drawn
    once into a form per arrangement and placed by reference."""
    if layout.cut_guides == "none":
        return
    box = (0, 0, imp.page_w, imp.page_h)
    place_once(c, ("guides", tuple(rects)), box, lambda: _draw_cut_guides(c, imp, layout, rects))


def _draw_cut_guides(c, imp: Imposition, layout: Layout, rects) -> None:
    if layout.cut_guides in ("lines", "both"):
        c.setStrokeColor(CUT_LINE)
        c.setLineWidth(0.3)
        for r in rects:
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=0)
    if layout.cut_guides in ("marks", "both"):
        c.setStrokeColor(MARK)
        c.setLineWidth(layout.crop_marks.width * MM)
        for x1, y1, x2, y2 in imp.crop_marks(rects, layout.crop_marks.length * MM, layout.crop_marks.offset * MM):
            c.line(x1, y1, x2, y2)


def _margin_note(c, imp: Imposition, layout: Layout, rects, note: str) -> None:
    """Print a one-line note under the grid when the bottom margin has room beside the marks."""
    size = 7.0
    lowest = min(r.y for r in rects) - imp.bleed - (layout.crop_marks.offset + layout.crop_marks.length) * MM
    baseline = imp.margin + 1
    if lowest - 1.5 * MM < baseline + size:
        return
    c.setFillColor(NOTE)
    draw_lines(c, fonts.REGULAR, size, [((imp.page_w - c.stringWidth(note, fonts.REGULAR, size)) / 2, baseline, note)])
