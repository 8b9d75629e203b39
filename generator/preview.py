"""Render PDF pages to PNG with pypdfium2, so a user sees the result without a PDF viewer."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError, display_path


def render_pages(pdf: Path, out_dir: Path, pages: list[int] | None = None, dpi: float = 100) -> list[Path]:
    """Write PNGs of the given 1-based pages (all when None) of `pdf` into `out_dir`."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise UsageError(f"{display_path(pdf)} cannot be read as a PDF ({exc})") from None
    try:
        doc.init_forms()  # draw tick boxes and text fields the way a viewer shows them
        count = len(doc)
        wanted = pages or list(range(1, count + 1))
        bad = [p for p in wanted if not 1 <= p <= count]
        if bad:
            raise UsageError(f"{display_path(pdf)} has {count} pages; there is no page {bad[0]}")
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for number in wanted:
            image = doc[number - 1].render(scale=dpi / 72, may_draw_forms=True).to_pil()
            target = out_dir / f"{pdf.stem}-{number:02d}.png"
            image.save(target)
            written.append(target)
        return written
    finally:
        doc.close()
