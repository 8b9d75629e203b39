"""The document model: what the words stage hands every renderer.

A handout or a card face is a tuple of typed blocks (headings, paragraphs, lists, tables, check
items, form fields, QR codes, page breaks). Text inside a block is a tuple of `Span`s: plain
characters with emphasis and colour as data, never markup. The words stage (`text`) makes these
from Jinja templates; the ReportLab, tagged-PDF and HTML renderers read them and escape the text
for their own format. A user's `@`, `<b>`, `&amp;` or `{{ 7*7 }}` is therefore always printed as
typed: nothing downstream ever parses user text.

`parse` turns a template's output into blocks. Templates write a small XML vocabulary (below);
Jinja's autoescaping makes every value they insert into character data, so user text cannot
become an element.

    <h1>, <h2 colour="#RRGGBB">, <h3>            headings (level 1 is the title)
    <p role="lead|subtitle|summary|note|...">    a paragraph; cards use roles as text styles
    <ul>/<ol start="1" role="..."><li>           lists; <li label="a)"> gives the item's label
    <table widths="0.7,0.3"><tr><th>/<td mark="1">   tables; th is a header cell, mark a marked week
    <check name="point-1" level="0" label="...">  a tick box and its text (label: its spoken name)
    <field name="..." lines="1">label</field>    a text field to fill in, with its label
    <fields name="..." rows="5"><col>Who</col>   a table of text fields to fill in
    <qr data="https://...">text</qr>            a QR code and the line beside it
    <pagebreak/>, <space mm="6"/>
    inline: <b>, <i>, <span colour="#RRGGBB">, <br/>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Span:
    """A run of text with one look. A line break inside a paragraph is a Span of "\\n"."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None


Inline = tuple[Span, ...]


def plain(text: Inline) -> str:
    """The characters of inline text, without emphasis (line breaks become spaces)."""
    return "".join(" " if s.text == "\n" else s.text for s in text).strip()


@dataclass(frozen=True)
class Heading:
    text: Inline
    level: int  # 1 is the document's (or card's) title
    colour: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: Inline
    role: str = "p"  # a style: p, lead, subtitle, summary, note; on cards body, question, small ...


@dataclass(frozen=True)
class ListItem:
    text: Inline
    label: str  # what a reader sees before the item: "•", "3.", "a)"


@dataclass(frozen=True)
class List:
    items: tuple[ListItem, ...]
    ordered: bool
    role: str = ""


@dataclass(frozen=True)
class Cell:
    text: Inline
    header: bool = False
    mark: bool = False  # a marked week in an overview: drawn filled with the accent colour


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # shares of the text width; empty: the renderer's default
    header_rows: int = 1


@dataclass(frozen=True)
class Check:
    """A tick box with its text; `label` is the name a screen reader speaks for the box."""

    name: str
    text: Inline
    label: str
    level: int = 0  # 0 for a point, 1 for a sub-point


@dataclass(frozen=True)
class Field:
    """A text field to fill in, below its label."""

    name: str
    label: str
    lines: int = 1


@dataclass(frozen=True)
class FieldTable:
    """A table of empty text fields: a header row of column names and `rows` rows to fill in."""

    name: str
    columns: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class QRCode:
    data: str  # what the code encodes, exactly as written in the content
    text: Inline  # the line printed beside it


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Space:
    mm: float


Block = Union[Heading, Paragraph, List, Table, Check, Field, FieldTable, QRCode, PageBreak, Space]


class TemplateError(Exception):
    """Raised when a template's output is not the block vocabulary: a bug in kort, not in content."""


_SPACE = re.compile(r"[ \t\r\n]+")  # XML white space; a no-break space is text


def parse(rendered: str) -> tuple[Block, ...]:
    """Turn a template's output into blocks (see the module docstring for the vocabulary)."""
    try:
        root = ET.fromstring(f"<doc>{rendered}</doc>")
    except ET.ParseError as exc:
        raise TemplateError(f"template output is not well-formed: {exc}") from None
    blocks = []
    for el in root:
        block = _block(el)
        if block is not None:
            blocks.append(block)
    return tuple(blocks)


def _block(el: ET.Element) -> Block | None:
    tag, a = el.tag, el.attrib
    if tag in ("h1", "h2", "h3", "h4"):
        text = inline(el)
        return Heading(text, int(tag[1]), a.get("colour") or None) if text else None
    if tag == "p":
        text = inline(el)
        return Paragraph(text, a.get("role", "p")) if text else None
    if tag in ("ul", "ol"):
        start = int(a.get("start", 1))
        items = []
        for i, li in enumerate(el.findall("li")):
            text = inline(li)
            if text:
                label = li.get("label") or (f"{start + i}." if tag == "ol" else "•")
                items.append(ListItem(text, label))
        return List(tuple(items), tag == "ol", a.get("role", "")) if items else None
    if tag == "table":
        rows = tuple(
            tuple(Cell(inline(c), c.tag == "th", c.get("mark") == "1") for c in tr if c.tag in ("th", "td"))
            for tr in el.findall("tr")
        )
        widths = tuple(float(w) for w in a["widths"].split(",")) if a.get("widths") else ()
        return Table(rows, widths, int(a.get("header_rows", 1))) if rows else None
    if tag == "check":
        text = inline(el)
        return Check(a["name"], text, a.get("label") or plain(text), int(a.get("level", 0)))
    if tag == "field":
        return Field(a["name"], plain(inline(el)), int(a.get("lines", 1)))
    if tag == "fields":
        columns = tuple(plain(inline(c)) for c in el.findall("col"))
        return FieldTable(a["name"], columns, int(a.get("rows", 3)))
    if tag == "qr":
        return QRCode(a["data"], inline(el))
    if tag == "pagebreak":
        return PageBreak()
    if tag == "space":
        return Space(float(a.get("mm", 6)))
    raise TemplateError(f"unknown block <{tag}> in template output")


def inline(el: ET.Element) -> Inline:
    """The spans of an element's content, white space collapsed as in HTML."""
    spans: list[Span] = []
    _walk(el, False, False, None, spans)
    merged: list[Span] = []
    for s in spans:
        if merged and s.text != "\n" and merged[-1].text != "\n" and _look(merged[-1]) == _look(s):
            merged[-1] = Span(merged[-1].text + s.text, s.bold, s.italic, s.colour)
        else:
            merged.append(s)
    # collapse white space across span boundaries, then trim the ends
    out: list[Span] = []
    after_space = True
    for s in merged:
        if s.text == "\n":
            if out and out[-1].text != "\n":
                out[-1] = Span(out[-1].text.rstrip(" "), out[-1].bold, out[-1].italic, out[-1].colour)
            out.append(s)
            after_space = True
            continue
        text = _SPACE.sub(" ", s.text)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        after_space = text.endswith(" ")
        out.append(Span(text, s.bold, s.italic, s.colour))
    while out and (out[-1].text == "\n" or not out[-1].text.strip(" ")):
        out.pop()
    if out:
        last = out[-1]
        out[-1] = Span(last.text.rstrip(" "), last.bold, last.italic, last.colour)
    while out and out[0].text == "\n":
        out.pop(0)
    return tuple(out)


def _look(s: Span) -> tuple:
    return s.bold, s.italic, s.colour


def _walk(el: ET.Element, bold: bool, italic: bool, colour: str | None, spans: list[Span]) -> None:
    if el.text:
        spans.append(Span(el.text, bold, italic, colour))
    for child in el:
        if child.tag == "br":
            spans.append(Span("\n"))
        elif child.tag in ("b", "i", "span"):
            _walk(
                child,
                bold or child.tag == "b",
                italic or child.tag == "i",
                child.get("colour", colour) if child.tag == "span" else colour,
                spans,
            )
        else:
            raise TemplateError(f"unknown inline element <{child.tag}> in template output")
        if child.tail:
            spans.append(Span(child.tail, bold, italic, colour))


def to_markup(text: Inline) -> str:
    """Inline text as ReportLab paragraph markup, every character of the text escaped."""
    from xml.sax.saxutils import escape

    return format_inline(text, lambda s: escape(s.text), lambda c: (f'<font color="{c}">', "</font>"), "<br/>")


def format_inline(text: Inline, piece, colour, line_break: str) -> str:
    """Inline text in a markup: `piece(span)` gives a span's escaped text, `colour(c)` the tags
    around a coloured span; emphasis is <b> and <i> (ReportLab's markup and HTML agree there)."""
    parts = []
    for s in text:
        if s.text == "\n":
            parts.append(line_break)
            continue
        out = piece(s)
        if s.bold:
            out = f"<b>{out}</b>"
        if s.italic:
            out = f"<i>{out}</i>"
        if s.colour:
            start, end = colour(s.colour)
            out = f"{start}{out}{end}"
        parts.append(out)
    return "".join(parts)


def texts(blocks: tuple[Block, ...]):
    """Every inline text of a tuple of blocks, in reading order (for checks and outlines)."""
    for b in blocks:
        if isinstance(b, (Heading, Paragraph, Check, QRCode)):
            yield b.text
        elif isinstance(b, List):
            yield from (item.text for item in b.items)
        elif isinstance(b, Table):
            yield from (cell.text for row in b.rows for cell in row)
