"""The bare-engine baseline: ReportLab alone drawing the same strings with Paragraph, A7 cards 4-up
on A4 with crop marks and mirrored backs, in the same embedded font. No loading, no validation,
no fitting: what any card tool built on ReportLab pays at least.

    python bench/baseline.py STRINGS.txt OUT.pdf
"""

import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

MM = 72 / 25.4
rl_config.useA85 = 0


def main(strings: Path, out: Path) -> None:
    import generator

    fonts = Path(generator.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("A", str(fonts / "AtkinsonHyperlegible-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("AB", str(fonts / "AtkinsonHyperlegible-Bold.ttf")))
    texts = strings.read_text(encoding="utf-8").splitlines()
    page_w, page_h = 210 * MM, 297 * MM
    card_w, card_h, gap = 74 * MM, 105 * MM, 6 * MM
    x0, top = (page_w - 2 * card_w - gap) / 2, page_h - (page_h - 2 * card_h - gap) / 2
    slots = [(x0 + col * (card_w + gap), top - card_h - row * (card_h + gap)) for row in range(2) for col in range(2)]
    style = ParagraphStyle("q", fontName="A", fontSize=14, leading=17.5, alignment=TA_CENTER)
    c = Canvas(str(out), pagesize=(page_w, page_h), invariant=1, initialFontName="A", pageCompression=1)
    for start in range(0, len(texts), 4):
        chunk = texts[start : start + 4]
        for text, (x, y) in zip(chunk, slots):
            para = Paragraph(text, style)
            _w, h = para.wrap(card_w - 10 * MM, card_h - 20 * MM)
            para.drawOn(c, x + 5 * MM, y + (card_h - h) / 2)
        c.setLineWidth(0.2 * MM)
        for x, y in slots[: len(chunk)]:  # crop marks at the corners, outside the card
            for cx in (x, x + card_w):
                c.line(cx, y + card_h + 2 * MM, cx, y + card_h + 7 * MM)
                c.line(cx, y - 2 * MM, cx, y - 7 * MM)
        c.showPage()
        for x, y in slots[: len(chunk)]:  # mirrored backs
            c.setFillColorRGB(0.12, 0.36, 0.48)
            c.rect(page_w - x - card_w, y, card_w, card_h, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1)
            c.setFont("AB", 14)
            c.drawCentredString(page_w - x - card_w / 2, y + card_h * 0.4, "Bänkmingel")
        c.showPage()
    c.save()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
