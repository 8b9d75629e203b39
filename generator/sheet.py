"""Card sheets: impose fitted card faces on pages, fronts then their mirrored backs, with cut guides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfgen import canvas as rl_canvas

from . import fonts
from .card import Fitted, Geometry, draw_back, draw_front
from .i18n import gettext_for
from .imposition import Imposition, Placement
from .layout import MM, Layout
from .text import BackFace

CUT_LINE = colors.HexColor("#9A9A9A")
MARK = colors.black


@dataclass(frozen=True)
class Meta:
    """PDF metadata: title, author (the publisher), subject and language tag."""

    title: str
    author: str
    subject: str
    lang: str  # BCP 47, e.g. sv-SE


@dataclass(frozen=True)
class SheetStats:
    pages: int
    cards: int


def render_sheets(path: Path, cards: list[Fitted], back: BackFace, imp: Imposition, layout: Layout,
                  geometry: Geometry, lang: str, meta: Meta) -> SheetStats:
    """Write the card sheets of one deck to `path`."""
    fonts.register()
    c = rl_canvas.Canvas(str(path), pagesize=(imp.page_w, imp.page_h), invariant=1, pageCompression=1,
                         initialFontName=fonts.REGULAR, lang=meta.lang)
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setCreator("kort")
    _ = gettext_for(lang)
    sheets = max(1, -(-len(cards) // imp.per_page))
    pages = 0
    for sheet in range(sheets):
        chunk = cards[sheet * imp.per_page:(sheet + 1) * imp.per_page]
        placements = [imp.front(slot) for slot in range(len(chunk))]
        for fitted, place in zip(chunk, placements):
            with _card_space(c, place, geometry):
                draw_front(c, fitted, geometry, layout.text, lang)
        _cut_guides(c, imp, layout, [p.rect for p in placements])
        hint = _("Fronts, sheet {sheet} of {sheets}").format(sheet=sheet + 1, sheets=sheets)
        if layout.backs:
            hint += " · " + (_("Print double-sided, flip on long edge") if layout.duplex == "long-edge"
                             else _("Print double-sided, flip on short edge"))
        _margin_note(c, imp, layout, [p.rect for p in placements], f"{meta.title} · {hint}")
        c.showPage()
        pages += 1
        if layout.backs:
            backs = [imp.back(slot, layout.duplex) for slot in range(len(chunk))]
            for place in backs:
                with _card_space(c, place, geometry):
                    draw_back(c, back, geometry)
            c.showPage()
            pages += 1
    c.save()
    return SheetStats(pages, len(cards))


class _card_space:
    """Move the origin to a card's trim corner, turned as the placement says."""

    def __init__(self, c, place: Placement, g: Geometry):
        self.c, self.place, self.g = c, place, g

    def __enter__(self):
        c, r = self.c, self.place.rect
        c.saveState()
        c.translate(r.x + r.w / 2, r.y + r.h / 2)
        c.rotate(self.place.rotation)
        c.translate(-self.g.w / 2, -self.g.h / 2)

    def __exit__(self, *exc):
        self.c.restoreState()


def _cut_guides(c, imp: Imposition, layout: Layout, rects) -> None:
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
    c.setFillColor(colors.HexColor("#555555"))
    c.setFont(fonts.REGULAR, size)
    c.drawCentredString(imp.page_w / 2, baseline, note)
