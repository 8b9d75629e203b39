"""A4 handouts: blocks of text flowed with ReportLab platypus, with header, footer, "page x of y",
an outline, and real form fields (tick boxes, text fields) where the template asks for them."""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import fonts
from .layout import MM
from .output import Meta, new_canvas
from .text import Block

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#BBBBBB")


@dataclass(frozen=True)
class Chrome:
    """What surrounds the text on every page; the words come from the text stage."""

    meta: Meta
    header: str  # left of the header: the publisher
    footer: str  # left of the footer
    page_label: str  # e.g. "Sida {page} av {pages}"
    colour: str
    landscape: bool = False
    logo: Path | None = None  # the organisation's logo, top left of every page


def render_handout(path: Path, blocks: tuple[Block, ...], chrome: Chrome) -> int:
    """Write the handout to `path`; return its number of pages."""
    fonts.register()
    first = io.BytesIO()
    pages = _build(first, blocks, chrome, total=0)  # first pass: count the pages for "page x of y"
    with open(path, "wb") as fh:
        _build(fh, blocks, chrome, total=pages)
    return pages


def _build(target, blocks, chrome: Chrome, total: int) -> int:
    size = landscape(A4) if chrome.landscape else A4
    counter = {"pages": 0}
    doc = _Doc(
        target,
        pagesize=size,
        leftMargin=20 * MM,
        rightMargin=20 * MM,
        topMargin=24 * MM,
        bottomMargin=20 * MM,
        title=chrome.meta.title,
        author=chrome.meta.author,
        subject=chrome.meta.subject,
        creator="kort",
        invariant=1,
        lang=chrome.meta.lang,
    )
    sheet = styles(chrome.colour)
    story = [f for b in _group(blocks) for f in _flowables(b, sheet, chrome, doc.width)]

    def on_page(canvas, doc_):
        counter["pages"] += 1
        _chrome(canvas, doc_, chrome, counter["pages"], total or counter["pages"])

    def maker(target, pagesize, **_doc_settings):  # kort's canvas; the document sets its own information
        return new_canvas(target, pagesize, chrome.meta)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=maker)
    return counter["pages"]


class _Doc(SimpleDocTemplate):
    """Adds an outline entry for every heading."""

    _levels = {"title": 0, "h2": 1, "h3": 2}

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name in self._levels:
            key = f"h{id(flowable)}"
            text = html.unescape(re.sub(r"<[^>]+>", "", flowable.text))
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=self._levels[flowable.style.name], closed=False)


def _chrome(canvas, doc, chrome: Chrome, page: int, pages: int) -> None:
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(chrome.colour))
    canvas.rect(left, height - 14 * MM, right - left, 0.8 * MM, stroke=0, fill=1)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 8)
    header_x = left
    if chrome.logo:
        from .assets import draw_logo, load_logo

        w, _h = draw_logo(canvas, load_logo(chrome.logo), left, height - 12.6 * MM, 30 * MM, 8 * MM, centre=False)
        header_x = left + w + 3 * MM
    canvas.drawString(header_x, height - 12 * MM, chrome.header)
    canvas.drawRightString(right, height - 12 * MM, chrome.meta.title)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(left, 13 * MM, right, 13 * MM)
    canvas.drawString(left, 9 * MM, chrome.footer)
    canvas.drawRightString(right, 9 * MM, chrome.page_label.format(page=page, pages=pages))
    canvas.restoreState()


@functools.cache
def styles(colour: str) -> dict[str, ParagraphStyle]:
    accent = colors.HexColor(colour)
    base = dict(fontName=fonts.REGULAR, textColor=INK, alignment=TA_LEFT, hyphenationLang=None)

    def style(name, size, leading, **extra):
        return ParagraphStyle(name, fontSize=size, leading=leading, **{**base, **extra})

    return {
        "title": style("title", 22, 26, fontName=fonts.BOLD, textColor=accent, spaceAfter=3),
        "subtitle": style("subtitle", 13, 17, textColor=MUTED, spaceAfter=8),
        "lead": style("lead", 11, 15.5, spaceAfter=8),
        "h2": style("h2", 14, 18, fontName=fonts.BOLD, textColor=accent, spaceBefore=12, spaceAfter=4, keepWithNext=1),
        "h3": style("h3", 11, 14, fontName=fonts.BOLD, spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "summary": style("summary", 10.5, 14.5, fontName=fonts.ITALIC, spaceAfter=4),
        "p": style("p", 10, 14, spaceAfter=5),
        "bullet": style("bullet", 10, 14, leftIndent=14, bulletIndent=3, spaceAfter=2, bulletFontName=fonts.REGULAR),
        "number": style("number", 10, 14, leftIndent=18, bulletIndent=0, spaceAfter=3, bulletFontName=fonts.BOLD),
        "note": style("note", 8.5, 11.5, textColor=MUTED, spaceAfter=4),
        "cell": style("cell", 8.5, 10.5),
        "cellbold": style("cellbold", 8.5, 10.5, fontName=fonts.BOLD),
        "label": style("label", 9, 12, textColor=MUTED),
    }


def _group(blocks):
    """Gather consecutive table rows into one table block."""
    rows: list[Block] = []
    for b in blocks:
        if b.style in ("table-head", "table-row"):
            rows.append(b)
            continue
        if rows:
            yield ("table", rows)
            rows = []
        yield ("block", b)
    if rows:
        yield ("table", rows)


def _flowables(item, sheet, chrome: Chrome, width: float):
    kind, value = item
    if kind == "table":
        yield _table(value, sheet, chrome, width)
        return
    b: Block = value
    if b.style == "pagebreak":
        yield PageBreak()
    elif b.style == "space":
        yield Spacer(1, float(b.arg or 6) * MM)
    elif b.style in ("check", "subcheck"):
        yield CheckItem(b.arg, Paragraph(b.markup, sheet["p"]), indent=(0 if b.style == "check" else 18))
    elif b.style == "qr":
        yield ContactQR(b.arg, Paragraph(b.markup, sheet["p"]))
    elif b.style == "field":
        yield TextField(b.arg, b.markup, sheet["label"], width)
    elif b.style == "rows":
        yield _field_rows(b, sheet, width)
    elif b.style == "bullet":
        yield Paragraph(b.markup, sheet["bullet"], bulletText="•")
    elif b.style == "number":
        yield Paragraph(b.markup, sheet["number"], bulletText=f"{b.arg}.")
    elif b.style == "h2" and b.arg:
        style = ParagraphStyle(f"h2{b.arg}", parent=sheet["h2"], textColor=colors.HexColor(b.arg))
        style.name = "h2"
        yield Paragraph(b.markup, style)
    else:
        yield Paragraph(b.markup, sheet[b.style])


def _table(rows: list[Block], sheet, chrome: Chrome, width: float) -> Table:
    """A table whose cells are separated by '|'; a cell holding just 'x' is a marked week."""
    accent = colors.HexColor(chrome.colour)
    mark = ParagraphStyle("mark", parent=sheet["cellbold"], alignment=1, textColor=colors.white)
    data, marks = [], []
    for r, row in enumerate(rows):
        cells = [c.strip() for c in row.markup.split("|")]
        style = sheet["cellbold"] if row.style == "table-head" else sheet["cell"]
        line = []
        for c, cell in enumerate(cells):
            if cell == "x" and row.style == "table-row":
                marks.append((c, r))
                line.append(Paragraph("<b>x</b>", mark))
            else:
                line.append(Paragraph(cell, style))
        data.append(line)
    columns = len(data[0])
    if rows[0].arg:  # the head names the columns' shares of the width, e.g. "0.7,0.3"
        widths = [width * float(f) for f in rows[0].arg.split(",")]
    else:  # a name, narrow columns (weeks) and a wide comment
        narrow = 7.5 * MM
        widths = [40 * MM] + [narrow] * (columns - 2) + [width - 40 * MM - (columns - 2) * narrow]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F4")),
        ("LEFTPADDING", (1, 0), (-2, -1), 1),
        ("RIGHTPADDING", (1, 0), (-2, -1), 1),
    ]
    commands += [("BACKGROUND", cell, cell, accent) for cell in marks]
    table.setStyle(TableStyle(commands))
    return table


def _field_rows(b: Block, sheet, width: float) -> Flowable:
    """A table of empty text fields to fill in: the markup names the columns, the arg the row count."""
    name, _, count = b.arg.partition(" ")
    headers = [h.strip() for h in b.markup.split("|")]
    widths = [width * w for w in ((0.3, 0.5, 0.2) if len(headers) == 3 else [1 / len(headers)] * len(headers))]
    data = [[Paragraph(h, sheet["cellbold"]) for h in headers]]
    for r in range(int(count or 3)):
        data.append([FieldCell(f"{name}_{r + 1}_{c + 1}", w - 4) for c, w in enumerate(widths)])
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 1), (-1, -1), 2),
                ("RIGHTPADDING", (0, 1), (-1, -1), 2),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
            ]
        )
    )
    return table


class CheckItem(Flowable):
    """A tick box (a real PDF check box) followed by its text."""

    BOX = 10.0

    def __init__(self, name: str, para: Paragraph, indent: float = 0):
        super().__init__()
        self.name, self.para, self.indent = name, para, indent

    def wrap(self, avail_w, avail_h):
        self.text_x = self.indent + self.BOX + 6
        _w, h = self.para.wrap(avail_w - self.text_x, avail_h)
        self.height = max(h, self.BOX + 2) + 3
        self.width = avail_w
        return avail_w, self.height

    def split(self, avail_w, avail_h):
        return []

    def draw(self):
        box_y = self.height - 3 - self.BOX - 1.5
        self.canv.acroForm.checkbox(
            name=self.name,
            x=self.indent,
            y=box_y,
            size=self.BOX,
            buttonStyle="check",
            borderWidth=0.8,
            borderColor=INK,
            fillColor=colors.white,
            textColor=INK,
            fieldFlags="",
            relative=True,
            tooltip=self.name,
        )
        self.para.drawOn(self.canv, self.text_x, self.height - 3 - self.para.height)


class TextField(Flowable):
    """A label and a one-line text field to fill in on screen (or by hand on paper)."""

    def __init__(self, name: str, label: str, style: ParagraphStyle, width: float):
        super().__init__()
        self.name, self.label, self.style, self.field_w = name, Paragraph(label, style), style, width

    def wrap(self, avail_w, avail_h):
        _w, self.label_h = self.label.wrap(avail_w, avail_h)
        self.width, self.height = avail_w, self.label_h + FIELD_H + 4
        return self.width, self.height

    def draw(self):
        self.label.drawOn(self.canv, 0, self.height - self.label_h)
        _text_field(self.canv, self.name, self.width, 2, 10, borderStyle="underlined", borderColor=INK, borderWidth=0.6)


class ContactQR(Flowable):
    """A QR code of a contact link with a line of text beside it."""

    SIZE = 22 * MM

    def __init__(self, link: str, para: Paragraph):
        super().__init__()
        self.link, self.para = link, para

    def wrap(self, avail_w, avail_h):
        self.para.wrap(avail_w - self.SIZE - 6 * MM, avail_h)
        self.width, self.height = avail_w, self.SIZE + 6 * MM
        return self.width, self.height

    def draw(self):
        from .assets import draw_qr

        draw_qr(self.canv, self.link, 0, 0, self.SIZE)
        self.para.drawOn(self.canv, self.SIZE + 6 * MM, (self.SIZE - self.para.height) / 2)


class FieldCell(Flowable):
    """An empty text field that fills a table cell."""

    def __init__(self, name: str, width: float):
        super().__init__()
        self.name, self.field_w = name, width

    def wrap(self, avail_w, avail_h):
        return self.field_w, FIELD_H

    def draw(self):
        _text_field(self.canv, self.name, self.field_w, 0, 9, borderWidth=0)


FIELD_H = 16  # points: a one-line text field


def _text_field(canv, name: str, width: float, y: float, font_size: float, **look) -> None:
    """A one-line text field at (0, y) of the flowable, white, its name also its tooltip."""
    canv.acroForm.textfield(
        name=name,
        x=0,
        y=y,
        width=width,
        height=FIELD_H,
        fillColor=colors.white,
        relative=True,
        fontSize=font_size,
        tooltip=name,
        **look,
    )


__all__ = ["Chrome", "render_handout", "KeepTogether"]
