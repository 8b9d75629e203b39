"""The registration test page: printed double-sided and held against the light, it shows how far
the printer puts the back side from the front, so that `--offset-back` can correct it.

Limits, each refused with a message that says it: the page needs paper at least MIN_PAPER_MM
wide and high (five targets 35 mm from the edges and the instructions between them), and an
offset may be at most MAX_OFFSET_MM either way (the scales read 5 mm; a printer that is further
off needs its paper guides set, and a larger offset moves the crosses, and card backs, off the
paper). `offset_problem` is the check, for whoever parses the offset. ReportLab is imported
only when the page is drawn.
"""

from __future__ import annotations

import math
from pathlib import Path

from .errors import UsageError
from .layout import MM, Layout

SCALE_MM = 5  # each scale reads from -5 to +5 mm
INSET_MM = 35  # distance of the corner targets from the paper's edges
MAX_OFFSET_MM = 10.0  # twice what the scales read
MIN_PAPER_MM = 120.0  # A5 (148 x 210 mm) is the smallest common paper that holds the page
_TEXT_SIZES = (9, 8, 7, 6)  # points; the first the instructions fit at is used


def offset_problem(x_mm: float, y_mm: float) -> str:
    """Why a back offset of (x, y) mm cannot be used, or "" when it can."""
    if not (math.isfinite(x_mm) and math.isfinite(y_mm)):
        return "the offset must be two numbers in mm, e.g. 0.5,-1"
    if max(abs(x_mm), abs(y_mm)) > MAX_OFFSET_MM:
        return (
            f"an offset of {x_mm:g},{y_mm:g} mm is more than the {MAX_OFFSET_MM:g} mm a back can be "
            f"moved (the test page reads up to {SCALE_MM} mm); check the printer's paper guides, "
            "print the test page again and read it"
        )
    return ""


def targets(page_w: float, page_h: float) -> list[tuple[float, float]]:
    """Centres of the five targets: the middle of the page and near its four corners."""
    d = INSET_MM * MM
    return [(page_w / 2, page_h / 2), (d, d), (page_w - d, d), (d, page_h - d), (page_w - d, page_h - d)]


def mirror(point: tuple[float, float], page_w: float, page_h: float, duplex: str) -> tuple[float, float]:
    x, y = point
    return (x, page_h - y) if duplex == "short-edge" else (page_w - x, y)


def render_registration(path: Path, layout: Layout, lang: str) -> int:
    """Write the two-page test to `path`; return the number of pages. UsageError when the paper is
    too small for it or the offset too large (see the module's docstring)."""
    from reportlab.lib import colors

    from . import fonts
    from .i18n import TAGS, gettext_for
    from .output import Meta, new_canvas
    from .sheet import back_correction

    _ = gettext_for(lang)
    page_w, page_h = sorted(layout.paper_size())
    if min(page_w, page_h) < MIN_PAPER_MM * MM:
        raise UsageError(
            f"the registration test page needs paper at least {MIN_PAPER_MM:g} mm wide and high; "
            f"{page_w / MM:.0f} x {page_h / MM:.0f} mm is too small: "
            "use A5 (--paper 148x210) or larger with --test-page"
        )
    x_mm, y_mm = (v / MM for v in layout.back_offset())
    problem = offset_problem(x_mm, y_mm)
    if problem:
        raise UsageError(f"--offset-back: {problem}")
    fonts.register()
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
    para, bottom = _instructions(text, page_w, page_h)
    c = new_canvas(path, (page_w, page_h), Meta(_("Registration test"), "kort", "", TAGS[lang]))
    para.drawOn(c, INSET_MM * MM, bottom)
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


def _instructions(text: str, page_w: float, page_h: float):
    """The instructions as a paragraph, and where its bottom goes: 25 mm above the middle target
    when it fits there (A4 and larger), else as low as the middle target's scale allows, at the
    largest of _TEXT_SIZES that keeps it clear of the top targets."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from . import fonts

    width = page_w - 2 * INSET_MM * MM
    top = page_h - INSET_MM * MM - (SCALE_MM + 4) * MM  # below the top targets' scales and labels
    for size in _TEXT_SIZES:
        para = Paragraph(text, ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=size, leading=size * 4 / 3))
        _w, h = para.wrap(width, page_h)
        for bottom in (page_h / 2 + 25 * MM, page_h / 2 + (SCALE_MM + 4) * MM):
            if bottom + h <= top:
                return para, bottom
    raise UsageError(
        f"the registration test page does not fit on {page_w / MM:.0f} x {page_h / MM:.0f} mm paper; "
        "use --paper a4 with --test-page"
    )


def _scale(c, x: float, y: float) -> None:
    """A horizontal and a vertical ruler crossing at (x, y), ticks every millimetre."""
    from reportlab.lib import colors

    from . import fonts

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
            # beyond the end of the horizontal ruler, so no label meets one of the other scale
            c.drawString(x + (SCALE_MM + 0.8) * MM, y + i * MM - 1.5, str(i))
