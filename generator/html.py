"""The HTML twin of a handout or a deck: the same document model as semantic HTML5.

One self-contained file: `lang`, one h1, real lists and tables (th with scope), form controls for
tick boxes and fields (a checkbox with its label, a textarea with its label or spoken name), the
QR code as inline SVG, the logo as a data URI, and an inline stylesheet for screen and print. No
scripts, no external resources: it can be published as it is, mailed, or printed from a browser.

Text colours of the content (headings, principle names) are drawn in shades that read on white
(WCAG 2.1 AA, 4.5:1); the colours themselves are kept for rules and fills.
"""

from __future__ import annotations

import base64
from html import escape

from . import document
from .document import Block, Check, Field, FieldTable, Heading, List, PageBreak, QRCode, Space, Table
from .tagged import WHITE, mark_text_colour, text_colour

INK = "#1A1A1A"
MUTED = "#5A5A5A"
RULE = "#BBBBBB"
HEAD_FILL = "#EEF2F4"


def words(lang: str) -> dict[str, str]:
    """The few fixed words of an HTML twin, from the gettext catalogs."""
    from .i18n import gettext_for

    _ = gettext_for(lang[:2])
    return {"logo": _("Logo"), "qr": _("QR code"), "questions": _("The questions")}


def render_html(blocks: tuple[Block, ...], chrome) -> str:
    """The HTML page of a handout's blocks; `chrome` is a `handout.Chrome` (meta, header, footer,
    colour, landscape, logo)."""
    meta = chrome.meta
    body = "\n".join(_blocks(blocks, chrome))
    logo = _logo(chrome)
    header = f'<header class="masthead">{logo}<p>{escape(chrome.header)}</p></header>' if chrome.header or logo else ""
    footer = f"<footer><p>{escape(chrome.footer)}</p></footer>" if chrome.footer else ""
    description = f'<meta name="description" content="{escape(meta.subject)}">\n' if meta.subject else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(meta.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(meta.title)}</title>\n"
        f'<meta name="author" content="{escape(meta.author)}">\n{description}'
        '<meta name="generator" content="kort">\n'
        f"<style>\n{_css(chrome)}</style>\n</head>\n<body>\n{header}\n<main>\n{body}\n</main>\n{footer}\n</body>\n</html>\n"
    )


def deck_blocks(deck, lang: str, brand=None) -> tuple[Block, ...]:
    """A deck as one document: its instruction cards' texts, then its questions grouped as the
    deck groups them (by principle, else category), each numbered as its card."""
    from .text import info_faces, question_faces
    from .typography import smarten

    blocks: list[Block] = []
    for face in info_faces(deck, lang, brand):
        blocks.extend(face.blocks)
    if not any(isinstance(b, Heading) and b.level == 1 for b in blocks):
        blocks.insert(0, Heading((document.Span(smarten(deck.title, lang)),), 1))
    # Questions without a principle or category first (the deck's own theme), then one group for
    # each principle in the deck's order, then each category in the order it first appears.
    groups: dict[str, tuple[str, list]] = {"": (deck.colour, [])}
    for principle in deck.approach.principles if deck.approach else ():
        groups[smarten(principle.title, lang)] = (principle.colour or deck.colour, [])
    for face in question_faces(deck, lang):
        groups.setdefault(face.label, (face.colour, []))[1].append(face)
    blocks.append(Heading((document.Span(words(lang)["questions"]),), 2))
    for label, (colour, faces) in groups.items():
        if not faces:
            continue
        if label:
            blocks.append(Heading((document.Span(label),), 3, colour))
        items = tuple(document.ListItem(f.blocks[0].text, f"{f.number}." if f.number else "•") for f in faces)
        blocks.append(List(items, ordered=all(f.number for f in faces), role="questions"))
    return tuple(blocks)


# --------------------------------------------------------------------------------------------
# blocks


def _blocks(blocks: tuple[Block, ...], chrome):
    lang = chrome.meta.lang
    checks: list[Check] = []
    for b in blocks:
        if isinstance(b, Check):
            checks.append(b)
            continue
        if checks:
            yield _checks(checks)
            checks = []
        if isinstance(b, Heading):
            level = min(max(b.level, 1), 6)
            style = f' style="color:{_shade(b.colour, level)}"' if b.colour else ""
            yield f"<h{level}{style}>{_inline(b.text)}</h{level}>"
        elif isinstance(b, document.Paragraph):
            role = _PARAGRAPH_CLASS.get(b.role, "")
            cls = f' class="{role}"' if role else ""
            yield f"<p{cls}>{_inline(b.text)}</p>"
        elif isinstance(b, List):
            yield _list(b)
        elif isinstance(b, Table):
            yield _table(b)
        elif isinstance(b, Field):
            yield _field(b)
        elif isinstance(b, FieldTable):
            yield _field_table(b)
        elif isinstance(b, QRCode):
            yield _qr(b, lang)
        elif isinstance(b, (PageBreak, Space)):
            continue
        else:
            raise TypeError(f"an HTML page cannot show {type(b).__name__}")
    if checks:
        yield _checks(checks)


_PARAGRAPH_CLASS = {
    "subtitle": "subtitle",
    "lead": "lead",
    "summary": "summary",
    "note": "note",
    "small": "note",
    "closing": "closing",
}


def _shade(colour: str, level: int = 0) -> str:
    """A content colour as text on white; level 1 headings are large text, the rest are held to
    4.5:1 (a browser's 14 pt bold sits on the edge of WCAG's large text)."""
    return text_colour(colour, 22 if level == 1 else 0, True)


def _inline(text: document.Inline, link: str | None = None) -> str:
    def piece(s: document.Span) -> str:
        if link and link in s.text:
            before, _, after = s.text.partition(link)
            anchor = f'<a href="{escape(link)}">{escape(link, quote=False)}</a>'
            return f"{escape(before, quote=False)}{anchor}{escape(after, quote=False)}"
        return escape(s.text, quote=False)

    return document.format_inline(text, piece, lambda c: (f'<span style="color:{_shade(c)}">', "</span>"), "<br>")


def _list(b: List) -> str:
    labels = [item.label for item in b.items]
    cls = f' class="{escape(b.role)}"' if b.role else ""
    if not b.ordered:
        return f"<ul{cls}>" + "".join(f"<li>{_inline(i.text)}</li>" for i in b.items) + "</ul>"
    numbers = [label[:-1] for label in labels if label.endswith(".") and label[:-1].isdigit()]
    if len(numbers) == len(labels):
        values = [int(n) for n in numbers]
        if values == list(range(values[0], values[0] + len(values))):
            start = f' start="{values[0]}"' if values[0] != 1 else ""
            return f"<ol{cls}{start}>" + "".join(f"<li>{_inline(i.text)}</li>" for i in b.items) + "</ol>"
        items = "".join(f'<li value="{v}">{_inline(i.text)}</li>' for v, i in zip(values, b.items))
        return f"<ol{cls}>{items}</ol>"
    items = "".join(f'<li><span class="label">{escape(i.label)}</span> {_inline(i.text)}</li>' for i in b.items)
    return f'<ol class="labelled">{items}</ol>'


def _table(t: Table) -> str:
    head, body = t.rows[: t.header_rows], t.rows[t.header_rows :]
    rows = []
    if head:
        rows.append("<thead>")
        for row in head:
            rows.append("<tr>" + "".join(f'<th scope="col">{_inline(c.text)}</th>' for c in row) + "</tr>")
        rows.append("</thead>")
    rows.append("<tbody>")
    for row in body:
        cells = []
        for c in row:
            if c.header:
                cells.append(f'<th scope="row">{_inline(c.text)}</th>')
            elif c.mark:
                cells.append(f'<td class="mark">{_inline(c.text)}</td>')
            else:
                cells.append(f"<td>{_inline(c.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody>")
    columns = max(len(row) for row in t.rows)
    if t.widths:  # shares of the width, as on paper
        cols = "".join(f'<col style="width:{w * 100:g}%">' for w in t.widths)
        return f"<table><colgroup>{cols}</colgroup>" + "".join(rows) + "</table>"
    # an overview: a name, narrow columns (weeks) of one width, and a wide comment
    cols = '<col class="name">' + '<col class="week">' * (columns - 2) + "<col>"
    return f'<table class="weeks"><colgroup>{cols}</colgroup>' + "".join(rows) + "</table>"


def _checks(checks: list[Check]) -> str:
    """Tick boxes as a list of checkboxes with labels; sub-points as a list inside their point."""
    out = ['<ul class="checks">']
    open_sub = False
    for i, c in enumerate(checks):
        box = (
            f'<input type="checkbox" id="{_id(c.name)}" name="{escape(c.name)}"'
            f'{_aria_label(c)}><label for="{_id(c.name)}">{_inline(c.text)}</label>'
        )
        if c.level > 0:
            if not open_sub:
                if i == 0:
                    out.append("<li>")
                out.append('<ul class="checks">')
                open_sub = True
            out.append(f"<li>{box}</li>")
            continue
        if open_sub:
            out.append("</ul>")
            open_sub = False
        if i > 0:
            out.append("</li>")
        out.append(f"<li>{box}")
    if open_sub:
        out.append("</ul>")
    out.append("</li></ul>")
    return "".join(out)


def _aria_label(c: Check) -> str:
    """The box's spoken name, when it differs from the text of its label."""
    return f' aria-label="{escape(c.label)}"' if c.label != document.plain(c.text) else ""


def _id(name: str) -> str:
    return "f-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)


def _field(f: Field) -> str:
    rows = max(2, f.lines)
    return (
        f'<div class="field"><label for="{_id(f.name)}">{escape(f.label)}</label>'
        f'<textarea id="{_id(f.name)}" name="{escape(f.name)}" rows="{rows}"></textarea></div>'
    )


def _field_table(b: FieldTable) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in b.columns)
    rows = []
    for r in range(b.rows):
        cells = []
        for c, column in enumerate(b.columns):
            name = f"{b.name}_{r + 1}_{c + 1}"
            spoken = escape(f"{column} {r + 1}")  # "Vem 1": the column's name and the row
            cells.append(f'<td><textarea name="{escape(name)}" rows="2" aria-label="{spoken}"></textarea></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    shares = (30, 50, 20) if len(b.columns) == 3 else [100 / len(b.columns)] * len(b.columns)
    cols = "".join(f'<col style="width:{w:g}%">' for w in shares)
    body = "".join(rows)
    return (
        f'<table class="fields"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _qr(b: QRCode, lang: str) -> str:
    link = b.data if b.data.startswith(("http://", "https://", "mailto:", "tel:")) else None
    label = f"{words(lang)['qr']}: {b.data}"
    return f'<div class="contact">{qr_svg(b.data, label)}<p>{_inline(b.text, link)}</p></div>'


def qr_svg(data: str, label: str) -> str:
    """A QR code as inline SVG (one path of dark modules), with its spoken name."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(data, barBorder=0)
    widget.qr.make()
    path = []
    for r, row in enumerate(widget.qr.modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.append(f"M{start} {r}h{c - start}v1h-{c - start}z")
            else:
                c += 1
    n = widget.qr.getModuleCount()
    return (
        f'<svg class="qr" role="img" aria-label="{escape(label)}" viewBox="-2 -2 {n + 4} {n + 4}" '
        f'xmlns="http://www.w3.org/2000/svg"><rect x="-2" y="-2" width="{n + 4}" height="{n + 4}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(path)}"/></svg>'
    )


def _logo(chrome) -> str:
    if not chrome.logo:
        return ""
    path = chrome.logo
    kind = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}.get(
        path.suffix.lower(), "image/png"
    )
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    alt = f"{words(chrome.meta.lang)['logo']}: {chrome.header}" if chrome.header else words(chrome.meta.lang)["logo"]
    return f'<img class="logo" src="data:{kind};base64,{data}" alt="{escape(alt)}">'


def _css(chrome) -> str:
    accent = chrome.colour
    mark_ink, mark_fill = mark_text_colour(accent, INK, 0, True)
    width = "72rem" if chrome.landscape else "46rem"
    page = "A4 landscape" if chrome.landscape else "A4"
    return f"""\
:root {{ color-scheme: light; --ink: {INK}; --muted: {MUTED}; --rule: {RULE}; --band: {accent};
  --h1: {_shade(accent, 1)}; --h2: {_shade(accent)}; --link: {_shade(accent)}; }}
html {{ font-family: "Atkinson Hyperlegible", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); background: {WHITE}; line-height: 1.45; }}
body {{ max-width: {width}; margin: 0 auto; padding: 1rem 1.25rem 2.5rem; }}
.masthead {{ display: flex; align-items: center; gap: .75rem; border-bottom: .25rem solid var(--band);
  color: var(--muted); font-size: .875rem; margin-bottom: 1.5rem; }}
.masthead p {{ margin: .4rem 0; }}
.logo {{ max-height: 2.5rem; max-width: 10rem; }}
h1 {{ color: var(--h1); font-size: 2rem; line-height: 1.2; margin: 1rem 0 .25rem; }}
h2 {{ color: var(--h2); font-size: 1.35rem; margin: 1.75rem 0 .4rem; }}
h3 {{ font-size: 1.1rem; margin: 1.25rem 0 .25rem; }}
a {{ color: var(--link); }}
.subtitle {{ color: var(--muted); font-size: 1.2rem; margin-top: 0; }}
.lead {{ font-size: 1.1rem; }}
.summary {{ font-style: italic; }}
.note {{ color: var(--muted); font-size: .9rem; }}
li {{ margin: .2rem 0; }}
ol.labelled {{ list-style: none; padding-left: 1.5rem; }}
ol.labelled .label {{ font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .9rem; }}
th, td {{ border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }}
thead th {{ background: {HEAD_FILL}; }}
table.weeks {{ table-layout: fixed; }}
table.weeks col.name {{ width: 13rem; }}
table.weeks col.week {{ width: 2rem; }}
table.weeks td, table.weeks th {{ vertical-align: middle; }}
table.weeks td, table.weeks thead th {{ padding: .3rem .2rem; }}
table.weeks tbody th, table.weeks td:last-child, table.weeks thead th:first-child,
table.weeks thead th:last-child {{ padding: .3rem .45rem; }}
td.mark {{ background: {mark_fill}; color: {mark_ink}; font-weight: bold; text-align: center;
  print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
ul.checks {{ list-style: none; padding-left: 0; }}
ul.checks ul.checks {{ padding-left: 1.75rem; }}
ul.checks li {{ display: block; margin: .35rem 0; }}
ul.checks input {{ width: 1.05rem; height: 1.05rem; margin: .15rem .55rem 0 0; vertical-align: top;
  accent-color: var(--ink); }}
ul.checks label {{ display: inline-block; max-width: calc(100% - 2rem); }}
.field {{ margin: .75rem 0; }}
.field label {{ display: block; color: var(--muted); font-size: .9rem; }}
textarea {{ box-sizing: border-box; width: 100%; font: inherit; color: var(--ink); background: {WHITE};
  border: 1px solid var(--muted); border-radius: 2px; padding: .25rem .35rem; resize: vertical;
  field-sizing: content; min-height: 2.2rem; }}
table.fields textarea {{ border: 0; min-height: 2rem; }}
table.fields td {{ padding: 0; }}
.contact {{ display: flex; align-items: center; gap: 1rem; margin-top: 2rem; }}
.qr {{ width: 6rem; height: 6rem; flex: none; }}
footer {{ border-top: 1px solid var(--rule); margin-top: 2.5rem; color: var(--muted); font-size: .875rem; }}
@media print {{
  @page {{ size: {page}; margin: 18mm 20mm 18mm 20mm; }}
  html {{ font-size: 10pt; }}
  body {{ max-width: none; padding: 0; }}
  .masthead, td.mark, thead th {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
  h1, h2, h3 {{ break-after: avoid; }}
  tr, li, .field, .contact {{ break-inside: avoid; }}
  textarea {{ border: 0; border-bottom: .6pt solid var(--ink); border-radius: 0; resize: none; overflow: visible; }}
  table.fields textarea {{ border: 0; }}
}}
"""


__all__ = ["render_html", "deck_blocks", "qr_svg"]
