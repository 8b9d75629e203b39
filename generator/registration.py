"""The registration test page: printed double-sided and held against the light, it shows how far
the printer puts the back side from the front, so that `--offset-back` can correct it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from . import fonts
from .i18n import TAGS, gettext_for
from .layout import MM, Layout
from .output import Meta, new_canvas
from .sheet import back_correction

SCALE_MM = 5  # each scale reads from -5 to +5 mm
INSET_MM = 35  # distance of the corner targets from the paper's edges


def targets(page_w: float, page_h: float) -> list[tuple[float, float]]:
    """Centres of the five targets: the middle of the page and near its four corners."""
    d = INSET_MM * MM
    return [(page_w / 2, page_h / 2), (d, d), (page_w - d, d), (d, page_h - d), (page_w - d, page_h - d)]


def mirror(point: tuple[float, float], page_w: float, page_h: float, duplex: str) -> tuple[float, float]:
    x, y = point
    return (x, page_h - y) if duplex == "short-edge" else (page_w - x, y)


def render_registration(path: Path, layout: Layout, lang: str) -> int:
    """Write the two-page test to `path`; return the number of pages."""
    _ = gettext_for(lang)
    page_w, page_h = sorted(layout.paper_size())
    c = new_canvas(path, (page_w, page_h), Meta(_("Registration test"), "kort", "", TAGS[lang]))
    style = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=9, leading=12)
    text = "<br/>".join(
        [
            f"<b>{_('Registration test')}</b>",
            _("Print this sheet double-sided with the same printer and settings as the cards, at 100 %."),
            _("Hold it against the light: each cross on the back shows through next to a scale on the front."),
            _("Read where the cross sits, in mm: right and up are positive."),
            _(
                "If it is not at 0,0, build the cards with --offset-back X,Y using what you read, e.g. "
                "--offset-back 1,-0.5."
            ),
        ]
    )
    para = Paragraph(text, style)
    _w, h = para.wrap(page_w - 2 * INSET_MM * MM, page_h)
    para.drawOn(c, INSET_MM * MM, page_h / 2 + 25 * MM)
    for x, y in targets(page_w, page_h):
        _scale(c, x, y)
    c.showPage()
    dx, dy = back_correction(layout)
    c.translate(dx, dy)
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.6)
    for point in targets(page_w, page_h):
        x, y = mirror(point, page_w, page_h, layout.duplex)
        c.line(x - 4 * MM, y, x + 4 * MM, y)
        c.line(x, y - 4 * MM, x, y + 4 * MM)
    c.showPage()
    c.save()
    return 2


def _scale(c, x: float, y: float) -> None:
    """A horizontal and a vertical ruler crossing at (x, y), ticks every millimetre."""
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.25)
    span = SCALE_MM * MM
    c.line(x - span, y, x + span, y)
    c.line(x, y - span, x, y + span)
    c.setFont(fonts.REGULAR, 4.5)
    for i in range(-SCALE_MM, SCALE_MM + 1):
        tick = (1.6 if i % 5 == 0 else 0.9) * MM
        c.line(x + i * MM, y - tick, x + i * MM, y + tick)
        c.line(x - tick, y + i * MM, x + tick, y + i * MM)
        if i and i % 2 == 0:
            c.drawCentredString(x + i * MM, y - 3.6 * MM, str(i))
            c.drawString(x + 2.2 * MM, y + i * MM - 1.5, str(i))
