"""A4 handouts: blocks of text flowed with ReportLab platypus, with header, footer, "page x of y",
an outline, and real form fields (tick boxes, text fields) where the template asks for them."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak as PageBreak_,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table as Table_,
    TableStyle,
)

from . import document, fonts
from .document import Block, Check, Field, FieldTable, Heading, List, PageBreak, QRCode, Space, Table, to_markup
from .layout import MM
from .output import Meta, new_canvas

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


def render_handout(target: BinaryIO, blocks: tuple[Block, ...], chrome: Chrome) -> int:
    """Write the handout into a binary file; return its number of pages."""
    fonts.register()
    first = io.BytesIO()
    pages = _build(first, blocks, chrome, total=0)  # first pass: count the pages for "page x of y"
    _build(target, blocks, chrome, total=pages)
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
    story = [f for b in blocks for f in _flowables(b, sheet, chrome, doc.width)]

    def on_page(canvas, doc_):
        counter["pages"] += 1
        _chrome(canvas, doc_, chrome, counter["pages"], total or counter["pages"])

    def maker(target, pagesize, **_doc_settings):  # kort's canvas; the document sets its own information
        return new_canvas(target, pagesize, chrome.meta)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=maker)
    return counter["pages"]


class _Doc(SimpleDocTemplate):
    """Adds an outline entry for every heading (flowables that carry `outline_text`)."""

    def afterFlowable(self, flowable):
        text = getattr(flowable, "outline_text", None)
        if text is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=flowable.outline_level, closed=False)


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
        "mark": style("mark", 8.5, 10.5, fontName=fonts.BOLD, alignment=1, textColor=colors.white),
    }


_HEADING_STYLES = {1: "title", 2: "h2", 3: "h3"}


@functools.lru_cache(maxsize=256)
def _coloured(style: ParagraphStyle, colour: str) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}{colour}", parent=style, textColor=colors.HexColor(colour))


def _flowables(b: Block, sheet, chrome: Chrome, width: float):
    """The platypus flowables of one document block."""
    if isinstance(b, PageBreak):
        yield PageBreak_()
    elif isinstance(b, Space):
        yield Spacer(1, b.mm * MM)
    elif isinstance(b, Heading):
        style = sheet[_HEADING_STYLES.get(b.level, "h3")]
        if b.colour:
            style = _coloured(style, b.colour)
        para = Paragraph(to_markup(b.text), style)
        para.outline_text, para.outline_level = document.plain(b.text), min(b.level, 3) - 1
        yield para
    elif isinstance(b, document.Paragraph):
        yield Paragraph(to_markup(b.text), sheet[b.role if b.role in sheet else "p"])
    elif isinstance(b, List):
        style = sheet["number" if b.ordered else "bullet"]
        for item in b.items:
            yield Paragraph(to_markup(item.text), style, bulletText=item.label)
    elif isinstance(b, Check):
        yield CheckItem(b.name, b.label, Paragraph(to_markup(b.text), sheet["p"]), indent=18 * b.level)
    elif isinstance(b, QRCode):
        yield ContactQR(b.data, Paragraph(to_markup(b.text), sheet["p"]))
    elif isinstance(b, Field):
        yield TextField(b.name, b.label, sheet["label"], width)
    elif isinstance(b, FieldTable):
        yield _field_rows(b, sheet, width)
    elif isinstance(b, Table):
        yield _table(b, sheet, chrome, width)
    else:
        raise TypeError(f"a handout cannot show {type(b).__name__}")


def _table(t: Table, sheet, chrome: Chrome, width: float) -> Table_:
    """A table; its first rows are the head, a marked cell (a week in an overview) is filled."""
    accent = colors.HexColor(chrome.colour)
    mark = sheet["mark"]
    data, marks = [], []
    for r, row in enumerate(t.rows):
        style = sheet["cellbold"] if r < t.header_rows else sheet["cell"]
        line = []
        for c, cell in enumerate(row):
            if cell.mark:
                marks.append((c, r))
                line.append(Paragraph(f"<b>{to_markup(cell.text)}</b>", mark))
            else:
                line.append(Paragraph(to_markup(cell.text), style))
        data.append(line)
    columns = len(data[0])
    if t.widths:  # shares of the width, e.g. 0.7, 0.3
        widths = [width * f for f in t.widths]
    else:  # a name, narrow columns (weeks) and a wide comment
        narrow = 7.5 * MM
        widths = [40 * MM] + [narrow] * (columns - 2) + [width - 40 * MM - (columns - 2) * narrow]
    table = Table_(data, colWidths=widths, repeatRows=t.header_rows, hAlign="LEFT")
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


def _field_rows(b: FieldTable, sheet, width: float) -> Flowable:
    """A table of empty text fields to fill in, under a row naming the columns."""
    name, headers = b.name, b.columns
    widths = [width * w for w in ((0.3, 0.5, 0.2) if len(headers) == 3 else [1 / len(headers)] * len(headers))]
    data = [[Paragraph(to_markup((document.Span(h),)), sheet["cellbold"]) for h in headers]]
    for r in range(b.rows):
        data.append(
            [FieldCell(f"{name}_{r + 1}_{c + 1}", f"{headers[c]} {r + 1}", w - 4) for c, w in enumerate(widths)]
        )
    table = Table_(data, colWidths=widths)
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

    def __init__(self, name: str, label: str, para: Paragraph, indent: float = 0):
        super().__init__()
        self.name, self.label, self.para, self.indent = name, label, para, indent

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
            tooltip=self.label,
        )
        self.para.drawOn(self.canv, self.text_x, self.height - 3 - self.para.height)


class TextField(Flowable):
    """A label and a one-line text field to fill in on screen (or by hand on paper)."""

    def __init__(self, name: str, label: str, style: ParagraphStyle, width: float):
        super().__init__()
        self.name, self.spoken, self.style, self.field_w = name, label, style, width
        self.label = Paragraph(to_markup((document.Span(label),)), style)

    def wrap(self, avail_w, avail_h):
        _w, self.label_h = self.label.wrap(avail_w, avail_h)
        self.width, self.height = avail_w, self.label_h + FIELD_H + 4
        return self.width, self.height

    def draw(self):
        self.label.drawOn(self.canv, 0, self.height - self.label_h)
        look = dict(borderStyle="underlined", borderColor=INK, borderWidth=0.6)
        _text_field(self.canv, self.name, self.spoken, self.width, 2, 10, **look)


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

    def __init__(self, name: str, label: str, width: float):
        super().__init__()
        self.name, self.label, self.field_w = name, label, width

    def wrap(self, avail_w, avail_h):
        return self.field_w, FIELD_H

    def draw(self):
        _text_field(self.canv, self.name, self.label, self.field_w, 0, 9, borderWidth=0)


FIELD_H = 16  # points: a one-line text field


def _text_field(canv, name: str, label: str, width: float, y: float, font_size: float, **look) -> None:
    """A one-line text field at (0, y) of the flowable, white; `label` is its tooltip (spoken name)."""
    canv.acroForm.textfield(
        name=name,
        x=0,
        y=y,
        width=width,
        height=FIELD_H,
        fillColor=colors.white,
        relative=True,
        fontSize=font_size,
        tooltip=label,
        **look,
    )


__all__ = ["Chrome", "render_handout", "KeepTogether"]
