"""Draw one card, front or back, into its own coordinate system (0,0 = trim corner, in points).

`fit` has already fitted the text (sizes, lines, hyphenation); this module only draws it.
Colours from the content fill the band and the back; backgrounds run into the bleed.
"""

from __future__ import annotations

from reportlab.lib import colors

from . import fonts
from .fit import (
    LEADING,
    QR_MM,
    TITLE_MIN,
    Fitted,
    Geometry,
    band_label,
    fit_line,
    line_width,
    publisher_lines,
    title_width,
)
from .layout import MM


from .pdftext import draw_lines, place_once
from .text import BackFace, Face

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#6B6B6B")
WHITE = colors.white


def draw_front(c, fitted: Fitted, g: Geometry, ink_saving: bool) -> None:
    """Draw a card front with its lower-left trim corner at the current origin. The background,
    band and label are the same on every card of a principle: drawn once into a form, reused."""
    face = fitted.face
    key = ("front", face.colour, face.label, ink_saving, g)
    place_once(c, key, g.bleed_box, lambda: _draw_front_chrome(c, face, g, ink_saving))
    _draw_front_text(c, fitted, g)


def _draw_front_chrome(c, face: Face, g: Geometry, ink_saving: bool) -> None:
    b = g.bleed
    colour = colors.HexColor(face.colour)
    c.setFillColor(WHITE)
    c.rect(-b, -b, g.w + 2 * b, g.h + 2 * b, stroke=0, fill=1)
    if ink_saving:  # a thin rule instead of a solid band; the label carries the colour
        c.setFillColor(colour)
        c.rect(-b, g.h - 1.2 * MM, g.w + 2 * b, 1.2 * MM + b, stroke=0, fill=1)
    else:
        c.setFillColor(colour)
        c.rect(-b, g.h - g.band_h, g.w + 2 * b, g.band_h + b, stroke=0, fill=1)
    if face.label:
        size, lines = band_label(face.label, g)
        c.setFillColor(colour if ink_saving else WHITE)
        c.setFont(fonts.BOLD, size)
        leading = size * 1.1
        first = g.h - g.band_h / 2 - size * 0.35 + leading * (len(lines) - 1) / 2
        for i, line in enumerate(lines):
            c.drawString(g.pad, first - i * leading, line)


def _draw_front_text(c, fitted: Fitted, g: Geometry) -> None:
    """The card's own words, as fitted: its lines, or its wrapped paragraphs."""
    face = fitted.face
    if face.number:
        c.setFillColor(MUTED)
        x = g.w - g.pad - line_width(face.number) * g.smallest
        draw_lines(c, fonts.REGULAR, g.smallest, [(x, g.footer_h * 0.45, face.number)])
    x, y, width, height = g.body_for(face)
    if face.qr:
        from .assets import draw_qr

        draw_qr(c, face.qr, g.w - g.pad - QR_MM * MM, g.footer_h, QR_MM * MM)
    if fitted.lines:  # a plain question, broken into lines while fitting: centred, line by line
        leading = fitted.size * LEADING["question"]
        top = y + height - (height - leading * len(fitted.lines)) / 2
        size = fitted.size
        c.setFillColor(INK)
        draw_lines(
            c,
            fonts.REGULAR,
            size,
            [
                (x + (width - line_width(line) * size) / 2, top - size - i * leading, line)
                for i, line in enumerate(fitted.lines)
            ],
        )
        return
    paras = fitted.paras
    total = sum(p.height for p in paras) + sum(p.style.spaceBefore for p in paras[1:])
    top = y + height - (height - total) / 2 if face.kind == "question" else y + height
    for i, p in enumerate(paras):
        if i:
            top -= p.style.spaceBefore
        top -= p.height
        p.drawOn(c, x, top)


def draw_back(c, back: BackFace, g: Geometry, ink_saving: bool = False) -> None:
    """Draw a card back: the deck's colour, a frame, a conversation motif and the deck's name."""
    b = g.bleed
    colour = colors.HexColor(back.colour)
    ink = colour if ink_saving else WHITE
    c.setFillColor(WHITE if ink_saving else colour)
    c.rect(-b, -b, g.w + 2 * b, g.h + 2 * b, stroke=0, fill=1)
    inset = min(g.w, g.h) * 0.06
    c.setStrokeColor(colors.HexColor(back.frame) if back.frame else ink)
    c.setLineWidth(0.8 if not back.frame else 1.6)
    c.roundRect(inset, inset, g.w - 2 * inset, g.h - 2 * inset, inset * 0.8, stroke=1, fill=0)
    if back.logo:  # the organisation's logo on a white plate, where the motif would be
        from .assets import draw_logo, load_logo

        plate_w, plate_h = g.w * 0.56, g.h * 0.26
        px, py = (g.w - plate_w) / 2, g.h * 0.5
        c.setFillColor(WHITE)
        c.roundRect(px, py, plate_w, plate_h, 2 * MM, stroke=0, fill=1)
        draw_logo(c, load_logo(back.logo), px + 2 * MM, py + 2 * MM, plate_w - 4 * MM, plate_h - 4 * MM)
    else:
        _bubbles(c, g.w / 2, g.h * 0.62, min(g.w, g.h) * 0.16, ink)
    width = title_width(g)
    if back.note:  # the instruction cards: a plate saying "read first", so they are not dealt out
        note = fit_line(back.note, fonts.BOLD, min(14.0, g.w / 16), TITLE_MIN, width)
        plate_w, plate_h = min(width, line_width_bold(back.note) * note + 6 * MM), note * 1.9
        px, py = (g.w - plate_w) / 2, g.h * 0.83 - plate_h / 2
        c.setFillColor(colour if ink_saving else WHITE)
        c.roundRect(px, py, plate_w, plate_h, plate_h / 2, stroke=0, fill=1)
        c.setFillColor(WHITE if ink_saving else colour)
        c.setFont(fonts.BOLD, note)
        c.drawCentredString(g.w / 2, py + plate_h / 2 - note * 0.35, back.note)
    size = fit_line(back.title, fonts.BOLD, min(20.0, g.w / 14), TITLE_MIN, width)
    c.setFillColor(ink)
    c.setFont(fonts.BOLD, size)
    c.drawCentredString(g.w / 2, g.h * 0.38, back.title)
    if back.publisher:
        small, lines = publisher_lines(back.publisher, g)
        c.setFont(fonts.REGULAR, small)
        for i, line in enumerate(reversed(lines)):
            c.drawCentredString(g.w / 2, inset * 2.2 + i * small * 1.2, line)


def _bubbles(c, cx: float, cy: float, r: float, ink) -> None:
    """Two overlapping speech bubbles: the conversation the cards start."""
    c.setLineWidth(max(0.8, r * 0.07))
    c.setStrokeColor(ink)
    for dx, dy, scale, tail in ((-0.45, 0.12, 1.0, -1), (0.5, -0.22, 0.82, 1)):
        x, y, rr = cx + dx * r, cy + dy * r, r * scale
        path = c.beginPath()
        path.ellipse(x - rr, y - rr * 0.72, 2 * rr, 1.44 * rr)
        c.drawPath(path, stroke=1, fill=0)
        tip = c.beginPath()
        tip.moveTo(x + tail * rr * 0.35, y - rr * 0.62)
        tip.lineTo(x + tail * rr * 0.75, y - rr * 1.05)
        tip.lineTo(x + tail * rr * 0.05, y - rr * 0.70)
        c.drawPath(tip, stroke=1, fill=0)


def line_width_bold(text: str) -> float:
    """Width of a line of bold text at size 1."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, fonts.BOLD, 1.0)
