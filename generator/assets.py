"""Pictures from a pack: logos (PNG, JPG, SVG) and QR codes, ready to draw with ReportLab."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


class LogoError(Exception):
    """Raised when a logo file cannot be read as an image."""


@dataclass(frozen=True)
class Logo:
    """A logo and its natural size in points; draw it with `draw_logo`."""

    path: Path
    width: float
    height: float
    drawing: object | None  # an SVG as a ReportLab Drawing; None for PNG and JPG


@functools.cache
def load_logo(path: Path) -> Logo:
    """Read a logo file; raise LogoError with the reason when it is not a usable image."""
    if path.suffix.lower() == ".svg":
        try:
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
        except Exception as exc:  # svglib raises a variety of XML and parse errors
            raise LogoError(f"not a valid SVG ({exc})") from None
        if drawing is None or not drawing.width or not drawing.height:
            raise LogoError("not a valid SVG (it has no size)")
        return Logo(path, float(drawing.width), float(drawing.height), drawing)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise LogoError(f"not a PNG or JPG image ({exc})") from None
    return Logo(path, float(width), float(height), None)


def draw_logo(
    c, logo: Logo, x: float, y: float, max_w: float, max_h: float, centre: bool = True
) -> tuple[float, float]:
    """Draw the logo scaled to fit max_w x max_h with its lower-left at (x, y) (centred in the box
    when `centre`); return the size it was drawn at."""
    scale = min(max_w / logo.width, max_h / logo.height)
    w, h = logo.width * scale, logo.height * scale
    if centre:
        x, y = x + (max_w - w) / 2, y + (max_h - h) / 2
    if logo.drawing is not None:
        from reportlab.graphics import renderPDF

        c.saveState()
        c.translate(x, y)
        c.scale(scale, scale)
        renderPDF.draw(logo.drawing, c, 0, 0)
        c.restoreState()
    else:
        c.drawImage(str(logo.path), x, y, w, h, mask="auto", preserveAspectRatio=True)
    return w, h


def draw_qr(c, text: str, x: float, y: float, size: float) -> None:
    """Draw `text` as a QR code, `size` points square, lower-left at (x, y)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text, barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)
