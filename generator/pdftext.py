"""Writing into the page below ReportLab's drawing calls: lines of text, and drawings made once.

Lines of text are written the way ReportLab documents for its TrueType (subset) fonts: the text
is split into subset codes and shown with `Tf`/`Tm`/`Tj`.

ReportLab's text objects do the same one character at a time in Python, for every line of every
card; here the characters a document has already used are kept in a translation table, so a line
made only of those is encoded by one `str.translate`. A character the document has not used yet
goes through ReportLab's own `splitString`, which gives it its code, and the table follows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont


class _Encoder:
    """A font's subset-0 codes in one document, as a `str.translate` table."""

    def __init__(self, font, doc):
        self.font, self.doc = font, doc
        self.known = -1
        self.chars: frozenset[str] = frozenset()
        self.table: dict[int, int] = {}

    def split(self, text: str) -> list[tuple[int, bytes]]:
        state = self.font.state.get(self.doc)
        if state is not None and len(state.assignments) != self.known:
            self._refresh(state.assignments)
        if self.chars.issuperset(text):
            return [(0, text.translate(self.table).encode("latin-1"))]
        return self.font.splitString(text, self.doc)

    def _refresh(self, assignments: dict[int, int]) -> None:
        table = {code: n for code, n in assignments.items() if n < 256}
        if 32 in table:
            table[0xA0] = table[32]  # ReportLab sets a no-break space as a space
        self.table, self.chars, self.known = table, frozenset(map(chr, table)), len(assignments)


def _encoder(c, font_name: str) -> _Encoder:
    encoders = c.__dict__.setdefault("_kort_encoders", {})
    enc = encoders.get(font_name)
    if enc is None:
        enc = encoders[font_name] = _Encoder(getFont(font_name), c._doc)
    return enc


def draw_lines(c, font_name: str, size: float, lines: Iterable[tuple[float, float, str]]) -> None:
    """Show each (x, y, text) with its baseline starting at (x, y), in the current fill colour."""
    enc = _encoder(c, font_name)
    font, doc = enc.font, enc.doc
    ops = ["BT"]
    current = None
    for x, y, text in lines:
        ops.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
        for subset, chunk in enc.split(text):
            if subset != current:
                ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
                current = subset
            ops.append(f"({escapePDF(chunk)}) Tj")
    ops.append("ET")
    c.addLiteral(" ".join(ops))


def place_once(c, key: Hashable, box: tuple[float, float, float, float], draw: Callable[[], None]) -> None:
    """Place the drawing `key` stands for at the current origin. The first time, `draw` draws it
    into a PDF form (`box`: its lower-left and upper-right corners); every later use refers to that
    form, so a design shared by many cards or sheets is in the file once."""
    forms = c.__dict__.setdefault("_kort_forms", {})
    name = forms.get(key)
    if name is None:  # numbered in order of first use: the same input gives the same bytes
        name = forms[key] = f"kortform{len(forms)}"
        c.beginForm(name, *box)
        draw()
        c.endForm()
    c.doForm(name)
