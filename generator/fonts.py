"""The embedded font: registration with ReportLab and checks that every character can be drawn."""

from __future__ import annotations

import functools

from .resources import package_path

FAMILY = "Atkinson"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (f"{FAMILY}", f"{FAMILY}-Bold", f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic")
_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
}
# Characters that never reach the page as glyphs: line breaks and the soft hyphen's invisible form.
_INVISIBLE = {"\n", "\r", "\t", "\u00ad"}


@functools.cache
def register() -> str:
    """Register the family with ReportLab once; return the regular face's name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(package_path("fonts", filename))))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return REGULAR


@functools.cache
def _charset() -> frozenset[int]:
    """Code points that every face of the family can draw, read from the TTF cmaps (of the faces
    registered for drawing: each file is parsed once)."""
    from reportlab.pdfbase import pdfmetrics

    register()
    sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*sets))


def missing_glyphs(text: str) -> list[str]:
    """Return the distinct characters of `text` that the embedded font cannot draw, in order."""
    charset = _charset()
    if all(ord(ch) in charset for ch in set(text)):  # nearly always: one look-up per distinct character
        return []
    missing: list[str] = []
    for ch in text:
        if ord(ch) not in charset and ch not in _INVISIBLE and ch not in missing:
            missing.append(ch)
    return missing


def all_drawable(texts) -> bool:
    """True when every character of every text can be drawn: one pass over their union."""
    charset = _charset()
    used = set().union(*map(set, texts)) - _INVISIBLE
    return all(ord(ch) in charset for ch in used)


def describe(ch: str) -> str:
    """Name a character for an error message: 'the character "✓" (U+2713 CHECK MARK)'."""
    import unicodedata

    name = unicodedata.name(ch, "unnamed")
    return f'the character "{ch}" (U+{ord(ch):04X} {name})'
