"""Tagged PDF: the logical structure recorded while ReportLab draws, written with pikepdf after it saves.

ReportLab stays the one layout engine. While a handout is drawn, every piece of real content is
wrapped in a marked-content sequence with an MCID (`/P <</MCID 3>> BDC ... EMC`) and recorded as a
content item of a structure element (`Node`) that the renderer made from the document model, in
reading order; page furniture (running header, footer, rules, table backgrounds and grid lines,
repeated table heads) is wrapped as `/Artifact`. `Tags` records this.

After ReportLab has saved, `finish` turns the record into a structure tree (/StructTreeRoot,
/ParentTree, /StructParents, /OBJR for form fields), and sets what PDF/UA-1 asks of the document:
/MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle, XMP metadata with dc:title, dc:language and
pdfuaid:part, /Tabs /S on pages with fields, and form fields whose default appearance uses an
embedded font (Atkinson Hyperlegible) instead of ReportLab's unembedded Helvetica.

`describe` is the small pass for print objects that are not tagged (the card sheets): title shown
by the viewer, language and XMP metadata.

`contrast`, `text_colour` and `mark_text_colour` are the WCAG 2.1 contrast maths the renderers use
for text colours. (They belong in `generator/colour.py` once that module exists.)
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import colour as col

# --------------------------------------------------------------------------------------------
# contrast (WCAG 2.1, 1.4.3)

WHITE = "#FFFFFF"
NORMAL, LARGE = 4.5, 3.0  # the least contrast of normal text, and of large text
contrast = col.contrast_ratio  # the WCAG contrast ratio of two colours, 1 to 21


def is_large(size: float, bold: bool) -> bool:
    """WCAG's large text: 18 pt and larger, or 14 pt and larger in bold."""
    return size >= 18 or (bold and size >= 14)


def text_colour(colour: str, size: float, bold: bool, background: str = WHITE) -> str:
    """`colour`, or the lightest darker shade of it (same hue) that reads on `background`: at
    least 4.5:1, or 3:1 for large text. Brand colours stay as they are for bands and rules; this is
    for the text drawn in them."""
    need = LARGE if is_large(size, bold) else NORMAL
    return col.passing_shade(colour, background, need) or col.BLACK


def mark_text_colour(fill: str, ink: str, size: float, bold: bool) -> tuple[str, str]:
    """Text colour and fill for text drawn on a filled cell: white when it reads on the fill,
    else the ink colour, else white on a darker shade of the fill."""
    need = LARGE if is_large(size, bold) else NORMAL
    if contrast(WHITE, fill) >= need:
        return WHITE, fill
    if contrast(ink, fill) >= need:
        return ink, fill
    return WHITE, text_colour(fill, size, bold, WHITE)


# --------------------------------------------------------------------------------------------
# recording while drawing


@dataclass(eq=False)
class Node:
    """A structure element: a standard role (H1, P, L, LI, Lbl, LBody, Table, TR, TH, TD, Figure,
    Form, Document), its kids in reading order (nodes, content items (page, mcid), or a form
    field's name), and the attributes PDF/UA asks for."""

    role: str
    kids: list = field(default_factory=list)
    alt: str | None = None  # Figure: the alternative text
    scope: str | None = None  # TH: Column or Row
    bbox: tuple[float, float, float, float] | None = None  # Figure: where it is on its page
    page: int | None = None  # Figure: the page of bbox (0 is the first)

    def add(self, role: str, **attributes) -> "Node":
        kid = Node(role, **attributes)
        self.kids.append(kid)
        return kid


@dataclass(frozen=True)
class FieldRef:
    """A form field's widget annotation, found by the field's name (/T) after saving."""

    name: str


class Tags:
    """The structure of one PDF, recorded as ReportLab draws it."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.owners: dict[int, list[Node]] = {}  # page (0 first) -> the node of each MCID

    def begin(self, canvas, node: Node) -> None:
        """Start a marked-content sequence of `node` on the canvas's current page."""
        page = canvas.getPageNumber() - 1
        owners = self.owners.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.kids.append((page, mcid))
        canvas._code.append(f"/{node.role} <</MCID {mcid}>> BDC")

    @staticmethod
    def end(canvas) -> None:
        canvas._code.append("EMC")

    @contextmanager
    def marked(self, canvas, node: Node | None):
        """Draw inside a marked-content sequence of `node` (nothing is marked for None)."""
        if node is None:
            yield
            return
        self.begin(canvas, node)
        try:
            yield
        finally:
            self.end(canvas)

    @staticmethod
    @contextmanager
    def artifact(canvas, kind: str | None = None, subtype: str | None = None):
        """Draw page furniture: /Artifact, of /Pagination (with /Header or /Footer) or /Layout."""
        canvas._code.append(begin_artifact(kind, subtype))
        try:
            yield
        finally:
            canvas._code.append("EMC")


def begin_artifact(kind: str | None = None, subtype: str | None = None) -> str:
    if kind is None:
        return "/Artifact BMC"
    extra = f" /Subtype /{subtype}" if subtype else ""
    return f"/Artifact <</Type /{kind}{extra}>> BDC"


def tags_of(canvas) -> Tags | None:
    """The Tags a canvas records into (None for a canvas that is not tagged)."""
    return getattr(canvas, "_kort_tags", None)


# --------------------------------------------------------------------------------------------
# writing the structure after ReportLab has saved

FORM_FONT = "KortAtkinson"  # the name of the embedded form font in /DR


def finish(data: bytes, tags: Tags, meta) -> bytes:
    """The tagged PDF: ReportLab's output with its structure tree, metadata and form fonts."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    _structure(pdf, tags)
    _catalog(pdf, meta)
    _form_fonts(pdf)
    _xmp(pdf, meta, pdfua=True)
    return _save(pdf)


def describe(data: bytes, meta) -> bytes:
    """For a PDF that is not tagged (card sheets): the viewer shows the title, the language is
    set, and the XMP metadata carries title, author, subject and language."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    _catalog(pdf, meta, marked=False)
    _xmp(pdf, meta, pdfua=False)
    return _save(pdf)


def _save(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, min_version="1.7", compress_streams=True)
    return out.getvalue()


def _catalog(pdf, meta, marked: bool = True) -> None:
    from pikepdf import Dictionary, String

    root = pdf.Root
    root.Lang = String(meta.lang)
    prefs = root.get("/ViewerPreferences") or Dictionary()
    prefs.DisplayDocTitle = True
    root.ViewerPreferences = prefs
    if marked:
        root.MarkInfo = Dictionary(Marked=True)


def _xmp(pdf, meta, pdfua: bool) -> None:
    import warnings

    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        with warnings.catch_warnings():  # /Trapped has no XMP equivalent before PDF/A-2; it stays in /Info
            warnings.simplefilter("ignore", UserWarning)
            xmp.load_from_docinfo(pdf.docinfo)
        xmp["dc:title"] = meta.title
        xmp["dc:language"] = {meta.lang}
        if meta.author:
            xmp["dc:creator"] = [meta.author]
        if meta.subject:
            xmp["dc:description"] = meta.subject
        if pdfua:
            xmp["pdfuaid:part"] = "1"


def _structure(pdf, tags: Tags) -> None:
    from pikepdf import Array, Dictionary, Name, String

    pages = [p.obj for p in pdf.pages]
    widgets: dict[str, tuple[object, int]] = {}  # field name -> (widget annotation, page)
    for number, page in enumerate(pages):
        for annot in page.get("/Annots") or ():
            if annot.get("/Subtype") == Name.Widget and "/T" in annot:
                widgets[str(annot.T)] = (annot, number)

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    mcid_parents: dict[int, list] = {page: [None] * len(owners) for page, owners in tags.owners.items()}
    annot_parents: list = []
    made: dict[int, object] = {}  # id(node) -> its structure element

    def element(node: Node, parent) -> object:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        made[id(node)] = elem
        first_page = next((k[0] for k in node.kids if isinstance(k, tuple)), None)
        if first_page is not None:
            elem.Pg = pages[first_page]
        kids = Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(element(kid, elem))
            elif isinstance(kid, FieldRef):
                annot, page = widgets[kid.name]
                annot.StructParent = len(pages) + len(annot_parents)
                annot_parents.append(elem)
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[page]))
            else:
                page, mcid = kid
                mcid_parents[page][mcid] = elem
                kids.append(mcid if page == first_page else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
        if len(kids) == 1:
            elem.K = kids[0]
        elif len(kids):
            elem.K = kids
        if node.alt is not None:
            elem.Alt = String(node.alt)
        attributes = []
        if node.scope:
            attributes.append(Dictionary(O=Name.Table, Scope=Name("/" + node.scope)))
        if node.bbox:
            attributes.append(Dictionary(O=Name.Layout, BBox=Array([round(v, 2) for v in node.bbox])))
            if node.page is not None:
                elem.Pg = pages[node.page]
        if attributes:
            elem.A = attributes[0] if len(attributes) == 1 else Array(attributes)
        return elem

    document = element(tags.root, root)
    root.K = document
    nums = Array()
    for number, page in enumerate(pages):
        if number in mcid_parents:
            page.StructParents = number
            nums.extend([number, pdf.make_indirect(Array(mcid_parents[number]))])
    for i, elem in enumerate(annot_parents):
        nums.extend([len(pages) + i, elem])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages) + len(annot_parents)
    for page in pages:
        if page.get("/Annots"):
            page.Tabs = Name.S
    pdf.Root.StructTreeRoot = root


def _form_fonts(pdf) -> None:
    """Point every form field's default appearance at an embedded Atkinson Hyperlegible (a
    WinAnsi TrueType font with the whole font program, so that what a user types — letters
    of Swedish and Danish, dashes, quotes — prints in it), drop ReportLab's Helvetica and
    ZapfDingbats from /DR and from the fields' appearance streams, and let long answers in:
    no /MaxLen."""
    import re

    from pikepdf import Dictionary, Name, String

    form = pdf.Root.get("/AcroForm")
    if form is None:
        return
    font = _embedded_form_font(pdf)
    form.DR = Dictionary(Font=Dictionary({"/" + FORM_FONT: font}))
    form.DA = String(f"/{FORM_FONT} 0 Tf 0 g")
    for widget in form.Fields:
        if "/MaxLen" in widget:
            del widget["/MaxLen"]
        da = widget.get("/DA")
        if widget.get("/FT") == Name.Tx:
            size = re.search(rb"([\d.]+)\s+Tf", bytes(da)) if da is not None else None
            colour = re.search(rb"Tf\s+(.*)$", bytes(da)) if da is not None else None
            widget.DA = String(
                f"/{FORM_FONT} {size.group(1).decode() if size else '0'} Tf "
                f"{colour.group(1).decode() if colour else '0 g'}"
            )
        elif da is not None:
            del widget["/DA"]  # a tick box draws its own appearance; it needs no font
        ap = widget.get("/AP")
        for key in ("/N", "/D", "/R"):
            states = ap.get(key) if ap is not None else None
            if states is None:
                continue
            streams = [states] if hasattr(states, "read_bytes") else list(states.values())
            for stream in streams:
                resources = stream.get("/Resources")
                if resources is not None and "/Font" in resources:
                    resources.Font = Dictionary({"/" + FORM_FONT: font})


def _embedded_form_font(pdf):
    """Atkinson Hyperlegible Regular as a simple TrueType font, WinAnsiEncoding, whole font
    program embedded, widths from the font."""
    from pikepdf import Array, Dictionary, Name, Stream

    from . import fonts
    from .resources import package_path

    fonts.register()
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.REGULAR).face
    program = package_path("fonts", "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    widths = []
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            widths.append(0)
            continue
        glyph_known = ord(char) in face.charToGlyph
        widths.append(round(face.charWidths.get(ord(char), face.defaultWidth)) if glyph_known else 0)
    file = Stream(pdf, program)
    file.Length1 = len(program)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/AtkinsonHyperlegible-Regular"),
        Flags=32,  # nonsymbolic: the codes are WinAnsi characters
        FontBBox=Array(list(face.bbox)),
        ItalicAngle=face.italicAngle,
        Ascent=face.ascent,
        Descent=face.descent,
        CapHeight=face.capHeight,
        StemV=face.stemV,
        MissingWidth=face.defaultWidth,
        FontFile2=pdf.make_indirect(file),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/AtkinsonHyperlegible-Regular"),
            FirstChar=32,
            LastChar=255,
            Widths=Array(widths),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


__all__ = [
    "Node",
    "FieldRef",
    "Tags",
    "finish",
    "describe",
    "contrast",
    "text_colour",
    "mark_text_colour",
    "tags_of",
]
