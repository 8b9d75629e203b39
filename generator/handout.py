"""A4 handouts: blocks of text flowed with ReportLab platypus, with header, footer, "page x of y",
an outline, and real form fields (tick boxes, text fields) where the template asks for them.

Every handout is a tagged PDF (PDF/UA-1): each block of the document model becomes a structure
element (`tagged.Node`) in reading order, and its drawing is marked as that element's content as
it is drawn; page furniture is marked as artifacts. `tagged.finish` writes the structure tree and
the metadata after ReportLab has saved. The layout is made once: "page x of y" is a form XObject
per page, filled in when the number of pages is known."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak as PageBreak_,
    PageTemplate,
    Paragraph,
    Spacer,
    Table as Table_,
    TableStyle,
)

from . import document, fonts
from .i18n import gettext_for
from .document import Block, Check, Field, FieldTable, Heading, List, PageBreak, QRCode, Space, Table, to_markup
from .layout import MM
from .output import Meta, new_canvas
from .tagged import FieldRef, Node, Tags, begin_artifact, finish, mark_text_colour, tags_of, text_colour

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#BBBBBB")
HEAD_FILL = "#EEF2F4"  # the background of a table's head row


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
    """Write the handout, a tagged PDF, into a binary file; return its number of pages."""
    fonts.register()
    drawn = io.BytesIO()
    tags = Tags()
    pages = _build(drawn, blocks, chrome, tags)
    target.write(finish(drawn.getvalue(), tags, chrome.meta))
    return pages


def _build(target, blocks, chrome: Chrome, tags: Tags) -> int:
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
    logo = tags.root.add("Figure", alt=_logo_alt(chrome)) if chrome.logo else None
    story = [f for b in blocks for f in _flowables(b, sheet, chrome, doc.width, tags.root)]

    def on_page_end(canvas, doc_):  # drawn after the page's text, so that the text reads first
        counter["pages"] += 1
        _chrome(canvas, doc_, chrome, counter["pages"], tags, logo)

    def maker(target, pagesize, **_doc_settings):  # kort's canvas; the document sets its own information
        canvas = new_canvas(target, pagesize, chrome.meta)
        canvas._kort_tags = tags
        save = canvas.save

        def save_with_page_labels():  # now the number of pages is known
            _page_labels(canvas, doc, chrome, counter["pages"])
            save()

        canvas.save = save_with_page_labels
        return canvas

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="normal")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end, pagesize=size)])
    doc.build(story, canvasmaker=maker)
    return counter["pages"]


class _Doc(BaseDocTemplate):
    """Adds an outline entry for every heading (flowables that carry `outline_text`)."""

    def afterFlowable(self, flowable):
        text = getattr(flowable, "outline_text", None)
        if text is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=flowable.outline_level, closed=False)


def _chrome(canvas, doc, chrome: Chrome, page: int, tags: Tags, logo: Node | None) -> None:
    """The running header and footer of a page: artifacts, except the logo on the first page."""
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    canvas.saveState()
    header_x = left
    if chrome.logo:
        from .assets import load_logo

        x, y = left, height - 12.6 * MM
        if page == 1 and logo is not None:
            with tags.marked(canvas, logo):
                w, h = _draw_logo(canvas, load_logo(chrome.logo), x, y, 30 * MM, 8 * MM, centre=False)
            logo.bbox, logo.page = (x, y, x + w, y + h), 0
        else:
            with Tags.artifact(canvas, "Pagination", "Header"):
                w, _h = _draw_logo(canvas, load_logo(chrome.logo), x, y, 30 * MM, 8 * MM, centre=False)
        header_x = left + w + 3 * MM
    with Tags.artifact(canvas, "Pagination", "Header"):
        canvas.setFillColor(colors.HexColor(chrome.colour))
        canvas.rect(left, height - 14 * MM, right - left, 0.8 * MM, stroke=0, fill=1)
        canvas.setFillColor(MUTED)
        _line_pair(canvas, chrome.header, chrome.meta.title, header_x, right, height - 12 * MM)
    with Tags.artifact(canvas, "Pagination", "Footer"):
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, 13 * MM, right, 13 * MM)
        canvas.setFillColor(MUTED)
        who, sep, printed = chrome.footer.rpartition(" · ")  # the date is kept whole; a long name gives way
        _line_pair(canvas, who if sep else chrome.footer, "", left, right - PAGE_LABEL_ROOM, 9 * MM, sep + printed)
        canvas.doForm(_page_label_name(page))  # "Sida 1 av 2", drawn when the pages are counted
    canvas.restoreState()


PAGE_LABEL_ROOM = 28 * MM  # "Side 12 af 12" at 8 pt, and a gap


def _line_pair(canvas, left_text: str, right_text: str, x0: float, x1: float, y: float, tail: str = "") -> None:
    """A running line: one text at the left, one at the right, at 8 pt, or smaller (to 6.5 pt)
    when both do not fit; a left text still too long ends in an ellipsis, so that a long
    organisation name never runs into the title or the page number (the title is in full in H1)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    gap = 6 * MM
    need = sum(stringWidth(t, fonts.REGULAR, 1) for t in (left_text, tail, right_text))
    size = max(6.5, min(8.0, (x1 - x0 - gap) / need)) if need else 8.0
    room = x1 - x0 - gap - stringWidth(right_text + tail, fonts.REGULAR, size)
    if stringWidth(left_text, fonts.REGULAR, size) > room:
        while left_text and stringWidth(left_text + "…", fonts.REGULAR, size) > room:
            left_text = left_text[:-1]
        left_text = left_text.rstrip() + "…"
    canvas.setFont(fonts.REGULAR, size)
    canvas.drawString(x0, y, left_text + tail)
    if right_text:
        canvas.drawRightString(x1, y, right_text)


def _page_label_name(page: int) -> str:
    return f"kortPageLabel{page}"


def _page_labels(canvas, doc, chrome: Chrome, pages: int) -> None:
    """Define each page's "page x of y" form, right-aligned where the footer's text ends."""
    width, _height = doc.pagesize
    right = width - doc.rightMargin
    for page in range(1, pages + 1):
        canvas.beginForm(_page_label_name(page))
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawRightString(right, 9 * MM, chrome.page_label.format(page=page, pages=pages))
        canvas.endForm()


def _logo_alt(chrome: Chrome) -> str:
    word = gettext_for(chrome.meta.lang[:2])("Logo")
    return f"{word}: {chrome.header}" if chrome.header else word


@functools.cache
def styles(colour: str) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a handout in the material's colour. Text in that colour is drawn in
    a shade that reads on white (WCAG 2.1 AA: 4.5:1, 3:1 for large text); the colour itself is
    kept for bands, rules and fills."""
    base = dict(fontName=fonts.REGULAR, textColor=INK, alignment=TA_LEFT, hyphenationLang=None)
    mark_ink, _fill = mark_text_colour(colour, _INK_HEX, 8.5, True)

    def style(name, size, leading, **extra):
        return ParagraphStyle(name, fontSize=size, leading=leading, **{**base, **extra})

    def accent(size: float) -> colors.Color:
        return colors.HexColor(text_colour(colour, size, True))

    return {
        "title": style("title", 22, 26, fontName=fonts.BOLD, textColor=accent(22), spaceAfter=3),
        "subtitle": style("subtitle", 13, 17, textColor=MUTED, spaceAfter=8),
        "lead": style("lead", 11, 15.5, spaceAfter=8),
        "h2": style(
            "h2", 14, 18, fontName=fonts.BOLD, textColor=accent(14), spaceBefore=12, spaceAfter=4, keepWithNext=1
        ),
        "h3": style("h3", 11, 14, fontName=fonts.BOLD, spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "summary": style("summary", 10.5, 14.5, fontName=fonts.ITALIC, spaceAfter=4),
        "p": style("p", 10, 14, spaceAfter=5),
        "bullet": style("bullet", 10, 14, leftIndent=14, bulletIndent=3, spaceAfter=2, bulletFontName=fonts.REGULAR),
        "number": style("number", 10, 14, leftIndent=18, bulletIndent=0, spaceAfter=3, bulletFontName=fonts.BOLD),
        "note": style("note", 8.5, 11.5, textColor=MUTED, spaceAfter=4),
        "cell": style("cell", 8.5, 10.5),
        "cellbold": style("cellbold", 8.5, 10.5, fontName=fonts.BOLD),
        "label": style("label", 9, 12, textColor=MUTED),
        "mark": style("mark", 8.5, 10.5, fontName=fonts.BOLD, alignment=1, textColor=colors.HexColor(mark_ink)),
    }


_INK_HEX = "#1A1A1A"
_HEADING_STYLES = {1: "title", 2: "h2", 3: "h3"}
_ROLES = {1: "H1", 2: "H2", 3: "H3"}


@functools.lru_cache(maxsize=256)
def _coloured(style: ParagraphStyle, colour: str) -> ParagraphStyle:
    """The style in a colour of the content's, in a shade that reads at the style's size."""
    bold = style.fontName in (fonts.BOLD, fonts.BOLD_ITALIC)
    shade = text_colour(colour, style.fontSize, bold)
    return ParagraphStyle(f"{style.name}{shade}", parent=style, textColor=colors.HexColor(shade))


def _readable(text: document.Inline, style: ParagraphStyle) -> document.Inline:
    """Inline text whose coloured spans are drawn in shades that read on white at the style's size."""
    if not any(s.colour for s in text):
        return text
    bold_style = style.fontName in (fonts.BOLD, fonts.BOLD_ITALIC)
    return tuple(
        replace(s, colour=text_colour(s.colour, style.fontSize, s.bold or bold_style)) if s.colour else s for s in text
    )


def _markup(text: document.Inline, style: ParagraphStyle) -> str:
    return to_markup(_readable(text, style))


class _Para(Paragraph):
    """A paragraph whose drawing is the content of a structure element; a list item's label (its
    bullet or number) is the content of the item's Lbl, the rest of its LBody."""

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8", node=None):
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.node: Node | None = node
        self.label_node: Node | None = None

    def split(self, avail_w, avail_h):
        parts = super().split(avail_w, avail_h)
        for part in parts:  # both halves of a paragraph split over two pages are the one element
            part.node, part.label_node = self.node, self.label_node
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        tags = tags_of(canvas)
        if tags is None or self.node is None:
            return super().drawOn(canvas, x, y, _sW)
        if self.label_node is None or not self.bulletText:
            with tags.marked(canvas, self.node):
                return super().drawOn(canvas, x, y, _sW)
        # ReportLab draws the bullet as a text object of its own, then the text: mark each.
        draw_text = canvas.drawText
        owners = iter([self.label_node])

        def marked(text_object):
            with tags.marked(canvas, next(owners, self.node)):
                draw_text(text_object)

        canvas.drawText = marked
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            del canvas.drawText


def _flowables(b: Block, sheet, chrome: Chrome, width: float, parent: Node):
    """The platypus flowables of one document block, with its structure elements under `parent`."""
    if isinstance(b, PageBreak):
        yield PageBreak_()
    elif isinstance(b, Space):
        yield Spacer(1, b.mm * MM)
    elif isinstance(b, Heading):
        style = sheet[_HEADING_STYLES.get(b.level, "h3")]
        if b.colour:
            style = _coloured(style, b.colour)
        node = parent.add(_ROLES.get(b.level, f"H{b.level}"))
        para = _Para(_markup(b.text, style), style, node=node)
        para.outline_text, para.outline_level = document.plain(b.text), min(b.level, 3) - 1
        yield para
    elif isinstance(b, document.Paragraph):
        style = sheet[b.role if b.role in sheet else "p"]
        yield _Para(_markup(b.text, style), style, node=parent.add("P"))
    elif isinstance(b, List):
        style = sheet["number" if b.ordered else "bullet"]
        items = parent.add("L")
        for n, item in enumerate(b.items, 1):
            li = items.add("LI")
            label, body = li.add("Lbl"), li.add("LBody")
            para = _Para(_markup(item.text, style), style, bulletText=item.label, node=body)
            para.label_node = label
            if n == len(b.items) - 1:
                para.keepWithNext = 1  # the last item of a list is never alone at the top of a page
            yield para
    elif isinstance(b, Check):
        node = parent.add("P")
        node.kids.append(Node("Form", kids=[FieldRef(b.name)]))
        style = sheet["p"]
        yield CheckItem(b.name, b.label, Paragraph(_markup(b.text, style), style), indent=18 * b.level, node=node)
    elif isinstance(b, QRCode):
        figure = parent.add("Figure", alt=f"{gettext_for(chrome.meta.lang[:2])('QR code')}: {b.data}")
        style = sheet["p"]
        yield ContactQR(b.data, Paragraph(_markup(b.text, style), style), figure, parent.add("P"))
    elif isinstance(b, Field):
        label = parent.add("P")
        form = parent.add("Form", kids=[FieldRef(b.name)])
        yield TextField(b.name, b.label, sheet["label"], width, b.lines, label, form)
    elif isinstance(b, FieldTable):
        yield _field_rows(b, sheet, width, parent)
    elif isinstance(b, Table):
        yield _table(b, sheet, chrome, width, parent)
    else:
        raise TypeError(f"a handout cannot show {type(b).__name__}")


class _TableTags:
    """Marks a table as it is drawn (ReportLab's table render callback): each cell's text as the
    content of its TH or TD; backgrounds, grid lines and a head repeated on a later page as
    artifacts."""

    def __init__(self) -> None:
        self.cells: dict[int, Node] = {}  # id of a cell's flowable -> its TH/TD, for cells with text
        self._open: list[bool] = []

    def __call__(self, table, cmd, *args):
        canvas = table.canv
        tags = tags_of(canvas)
        if tags is None:
            return
        if cmd in ("startBG", "startLines"):
            canvas._code.append(begin_artifact())
        elif cmd in ("endBG", "endLines"):
            canvas._code.append("EMC")
        elif cmd == "startCell":
            content = args[2]
            if isinstance(content, (tuple, list)):  # ReportLab hands a cell's flowables as a tuple
                content = content[0] if content else None
            node = self.cells.get(id(content))
            if node is None:
                self._open.append(False)
                return
            if any(isinstance(k, tuple) for k in node.kids):  # a head row repeated on a later page
                canvas._code.append(begin_artifact("Pagination"))
            else:
                tags.begin(canvas, node)
            self._open.append(True)
        elif cmd == "endCell":
            if self._open.pop():
                canvas._code.append("EMC")


def _table(t: Table, sheet, chrome: Chrome, width: float, parent: Node) -> Table_:
    """A table; its first rows are the head, a marked cell (a week in an overview) is filled."""
    _ink, fill = mark_text_colour(chrome.colour, _INK_HEX, 8.5, True)
    accent = colors.HexColor(fill)
    mark = sheet["mark"]
    tagging = _TableTags()
    node = parent.add("Table")
    data, marks = [], []
    for r, row in enumerate(t.rows):
        head = r < t.header_rows
        style = sheet["cellbold"] if head else sheet["cell"]
        tr = node.add("TR")
        line = []
        for c, cell in enumerate(row):
            role = "TH" if head or cell.header else "TD"
            cell_node = tr.add(role, scope=("Column" if head else "Row") if role == "TH" else None)
            if cell.mark:
                marks.append((c, r))
                para = Paragraph(f"<b>{_markup(cell.text, mark)}</b>", mark)
            else:
                para = Paragraph(_markup(cell.text, style), style)
            if cell.text:
                tagging.cells[id(para)] = cell_node
            line.append(para)
        data.append(line)
    columns = len(data[0])
    if t.widths:  # shares of the width, e.g. 0.7, 0.3
        widths = [width * f for f in t.widths]
    else:  # a name, narrow columns (weeks) and a wide comment
        narrow = 7.5 * MM
        widths = [40 * MM] + [narrow] * (columns - 2) + [width - 40 * MM - (columns - 2) * narrow]
    table = Table_(data, colWidths=widths, repeatRows=t.header_rows, hAlign="LEFT", renderCB=tagging)
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR),  # else ReportLab sets (unembedded) Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_FILL)),
        ("LEFTPADDING", (1, 0), (-2, -1), 1),
        ("RIGHTPADDING", (1, 0), (-2, -1), 1),
    ]
    commands += [("BACKGROUND", cell, cell, accent) for cell in marks]
    table.setStyle(TableStyle(commands))
    return table


def _field_rows(b: FieldTable, sheet, width: float, parent: Node) -> Flowable:
    """A table of empty text fields to fill in, under a row naming the columns."""
    name, headers = b.name, b.columns
    widths = [width * w for w in ((0.3, 0.5, 0.2) if len(headers) == 3 else [1 / len(headers)] * len(headers))]
    tagging = _TableTags()
    node = parent.add("Table")
    head = node.add("TR")
    data = [[]]
    for h in headers:
        para = Paragraph(to_markup((document.Span(h),)), sheet["cellbold"])
        tagging.cells[id(para)] = head.add("TH", scope="Column")
        data[0].append(para)
    for r in range(b.rows):
        tr = node.add("TR")
        line = []
        for c, w in enumerate(widths):
            field_name = f"{name}_{r + 1}_{c + 1}"
            tr.add("TD").add("Form", kids=[FieldRef(field_name)])
            line.append(FieldCell(field_name, f"{headers[c]} {r + 1}", w - 4))
        data.append(line)
    table = Table_(data, colWidths=widths, renderCB=tagging)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR),
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
    """A tick box (a real PDF check box) followed by its text; `label` is the box's spoken name."""

    BOX = 10.0

    def __init__(self, name: str, label: str, para: Paragraph, indent: float = 0, node: Node | None = None):
        super().__init__()
        self.name, self.label, self.para, self.indent, self.node = name, label, para, indent, node

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
        tags = tags_of(self.canv)
        with tags.marked(self.canv, self.node) if tags else _nothing():
            self.para.drawOn(self.canv, self.text_x, self.height - 3 - self.para.height)


class TextField(Flowable):
    """A label and a text field to fill in on screen (or by hand on paper), `lines` lines high."""

    def __init__(
        self,
        name: str,
        label: str,
        style: ParagraphStyle,
        width: float,
        lines: int = 1,
        label_node: Node | None = None,
        node: Node | None = None,
    ):
        super().__init__()
        self.name, self.spoken, self.style, self.field_w, self.lines = name, label, style, width, max(1, lines)
        self.label = Paragraph(to_markup((document.Span(label),)), style)
        self.label_node, self.node = label_node, node

    def wrap(self, avail_w, avail_h):
        _w, self.label_h = self.label.wrap(avail_w, avail_h)
        self.field_h = FIELD_H + (self.lines - 1) * LINE_H
        self.width, self.height = avail_w, self.label_h + self.field_h + 4
        return self.width, self.height

    def draw(self):
        tags = tags_of(self.canv)
        with tags.marked(self.canv, self.label_node) if tags else _nothing():
            self.label.drawOn(self.canv, 0, self.height - self.label_h)
        # The line to write on is page content (an artifact), not the field's border: a viewer
        # that redraws the field when text is typed (Chrome) would drop a border of style
        # "underlined". The field itself has no border and no background.
        with Tags.artifact(self.canv):
            self.canv.setStrokeColor(INK)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, 2.3, self.width, 2.3)
        _text_field(self.canv, self.name, self.spoken, self.width, 2, self.field_h, borderWidth=0, fillColor=None)


class ContactQR(Flowable):
    """A QR code of a contact link (a figure) with a line of text beside it."""

    SIZE = 22 * MM

    def __init__(self, link: str, para: Paragraph, figure: Node | None = None, node: Node | None = None):
        super().__init__()
        self.link, self.para, self.figure, self.node = link, para, figure, node

    def wrap(self, avail_w, avail_h):
        self.para.wrap(avail_w - self.SIZE - 6 * MM, avail_h)
        self.width, self.height = avail_w, self.SIZE + 6 * MM
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        if self.figure is not None:  # where the code is on the page, for the figure's BBox
            x0 = self._hAlignAdjust(x, _sW)
            self.figure.bbox = (x0, y, x0 + self.SIZE, y + self.SIZE)
            self.figure.page = canvas.getPageNumber() - 1
        super().drawOn(canvas, x, y, _sW)

    def draw(self):
        tags = tags_of(self.canv)
        with tags.marked(self.canv, self.figure) if tags else _nothing():
            _draw_qr(self.canv, self.link, 0, 0, self.SIZE)
        with tags.marked(self.canv, self.node) if tags else _nothing():
            self.para.drawOn(self.canv, self.SIZE + 6 * MM, (self.SIZE - self.para.height) / 2)


def _draw_qr(c, text: str, x: float, y: float, size: float) -> None:
    """`assets.draw_qr`, with the drawing's initial font the embedded one: ReportLab's graphics
    otherwise start every drawing by setting (unembedded) Helvetica, used or not."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text, barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = fonts.REGULAR
    renderPDF.draw(drawing, c, x, y)


def _draw_logo(canvas, logo, *args, **kwargs):
    """`assets.draw_logo`, an SVG logo drawn with the embedded font as its initial font (see
    `_draw_qr`); the cached drawing is left as it was."""
    from .assets import draw_logo

    drawing = logo.drawing
    if drawing is None:
        return draw_logo(canvas, logo, *args, **kwargs)
    had = "initialFontName" in drawing.__dict__
    before = drawing.__dict__.get("initialFontName")
    drawing.initialFontName = fonts.REGULAR
    try:
        return draw_logo(canvas, logo, *args, **kwargs)
    finally:
        if had:
            drawing.initialFontName = before
        else:
            del drawing.initialFontName


class FieldCell(Flowable):
    """An empty text field that fills a table cell; `label` is its spoken name ("Vem 1")."""

    def __init__(self, name: str, label: str, width: float):
        super().__init__()
        self.name, self.label, self.field_w = name, label, width

    def wrap(self, avail_w, avail_h):
        return self.field_w, FIELD_H

    def draw(self):
        _text_field(self.canv, self.name, self.label, self.field_w, 0, FIELD_H, borderWidth=0)


FIELD_H = 16  # points: a one-line text field
LINE_H = 14  # points: each further line of a taller field


def _text_field(canv, name: str, label: str, width: float, y: float, height: float, **look) -> None:
    """A text field at (0, y) of the flowable, white unless `look` says otherwise; `label` is its
    tooltip (spoken name).

    Answers may be sentences: the field takes several lines and any length (no /MaxLen), and its
    text is sized to fit ("0 Tf", auto) in the embedded font that `tagged.finish` puts in /DA."""
    canv.acroForm.textfield(
        name=name,
        x=0,
        y=y,
        width=width,
        height=height,
        relative=True,
        fontSize=0,
        fieldFlags="multiline",
        maxlen=None,
        tooltip=label,
        **{"fillColor": colors.white, **look},
    )


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


__all__ = ["Chrome", "render_handout", "styles", "KeepTogether"]
