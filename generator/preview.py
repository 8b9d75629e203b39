"""Render PDF pages to PNG with pypdfium2, so a user sees the result without a PDF viewer.

Only a regular file of at most PREVIEW_MAX_BYTES is read (a named pipe or device is refused, not
waited on), it must be a PDF that ends as a PDF ends (a file cut short in copying is named, not
half drawn), and a picture may have at most PREVIEW_MAX_PIXELS pixels: the message says the
highest resolution that page allows. The PNGs are written through an AtomicBatch: all or none.
"""

from __future__ import annotations

import math
from pathlib import Path

from .errors import UsageError, display_path

PREVIEW_MAX_PIXELS = 50_000_000  # 50 megapixels: an A4 page at 600 dpi is 35
PREVIEW_MAX_BYTES = 512 * 1024 * 1024  # a 10,000-card deck is 4 MB
MIN_DPI = 20  # the lowest --dpi the command line takes


def render_pages(pdf: Path, out_dir: Path, pages: list[int] | None = None, dpi: float = 100) -> list[Path]:
    """Write PNGs of the given 1-based pages (all when None) of `pdf` into `out_dir`."""
    import pypdfium2 as pdfium

    from .assets import FileReadError, read_regular_file
    from .output import AtomicBatch

    shown = display_path(pdf)
    try:
        data = read_regular_file(pdf, PREVIEW_MAX_BYTES)
    except FileReadError as exc:
        raise UsageError(f"{shown} cannot be read: {exc}") from None
    _check_pdf_bytes(data, shown)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UsageError(f"{shown} cannot be read as a PDF ({exc})") from None
    try:
        try:
            doc.init_forms()  # draw tick boxes and text fields the way a viewer shows them
        except pdfium.PdfiumError:
            pass  # a PDF without usable forms is drawn without them
        count = len(doc)
        if count == 0:
            raise UsageError(f"{shown} has no pages")
        wanted = pages or list(range(1, count + 1))
        bad = [p for p in wanted if not 1 <= p <= count]
        if bad:
            raise UsageError(f"{shown} has {count} pages; there is no page {bad[0]}")
        scale = dpi / 72
        for number in wanted:
            _check_pixels(doc[number - 1].get_size(), scale, dpi, shown, number)
        with AtomicBatch() as batch:
            written = []
            for number in wanted:
                # named by language too: sv/mingel.pdf and da/mingel.pdf must not overwrite each other
                lang = f"{pdf.parent.name}-" if pdf.parent.name in ("sv", "da") else ""
                target = out_dir / f"{lang}{pdf.stem}-{number:02d}.png"
                try:
                    image = doc[number - 1].render(scale=scale, may_draw_forms=True).to_pil()
                except pdfium.PdfiumError as exc:
                    raise UsageError(f"{shown}: page {number} cannot be drawn ({exc})") from None
                image.save(batch.add(target), format="PNG")
                written.append(target)
        return written
    finally:
        doc.close()


def _check_pdf_bytes(data: bytes, shown: str) -> None:
    """A PDF starts with %PDF- (near the start) and ends with %%EOF (near the end)."""
    if not data:
        raise UsageError(f"{shown} is empty")
    if b"%PDF-" not in data[:1024]:
        raise UsageError(f"{shown} is not a PDF file")
    if b"%%EOF" not in data[-2048:]:
        raise UsageError(f"{shown} is incomplete: it does not end as a PDF does (was it copied or saved completely?)")


def _check_pixels(size: tuple[float, float], scale: float, dpi: float, shown: str, number: int) -> None:
    width, height = (max(0.0, float(v)) for v in size)
    if not (math.isfinite(width) and math.isfinite(height)) or width * height == 0:
        raise UsageError(f"{shown}: page {number} has no size")
    pixels = width * scale * height * scale
    if pixels > PREVIEW_MAX_PIXELS:
        best = int(72 * math.sqrt(PREVIEW_MAX_PIXELS / (width * height)))
        if best < MIN_DPI:
            mm = f"{width / 72 * 25.4:.0f} x {height / 72 * 25.4:.0f} mm"
            raise UsageError(
                f"{shown}: page {number} is {mm}, too large to preview within "
                f"{PREVIEW_MAX_PIXELS / 1e6:g} megapixels even at {MIN_DPI} dpi"
            )
        raise UsageError(
            f"{shown}: page {number} at {dpi:g} dpi would be {pixels / 1e6:.0f} megapixels; "
            f"kort draws previews of at most {PREVIEW_MAX_PIXELS / 1e6:g} megapixels: use --dpi {best} or less"
        )
