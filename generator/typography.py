"""Typographic clean-up of user text: curly quotes, proper dashes and no-break spaces.

`smarten` is applied to every text a user gives before it is measured, checked for glyphs or
printed. Text is pasted from Word, web pages and PDFs, so it first cleans what would print wrong
or not at all with the embedded font (Atkinson Hyperlegible, which has no zero-width characters,
no narrow or figure spaces and no non-breaking hyphen), character by character:

- Unicode NFC: a letter typed as a base letter and a combining mark (a + U+030A RING ABOVE, as
  macOS and some PDFs give it) becomes the one precomposed letter (å), which the font draws
  with the mark in its place.
- Removed, because kort decides itself where lines break and they have no width or no meaning
  in Swedish and Danish print: the soft hyphen U+00AD (Word's optional hyphen; kort hyphenates
  itself, and a soft hyphen would otherwise print as a visible hyphen mid-line), zero-width space
  U+200B, non-joiner and joiner U+200C/U+200D, word joiner U+2060, the byte order mark U+FEFF,
  the direction marks U+200E/U+200F and U+061C, the embeddings and overrides U+202A-U+202E, the
  isolates U+2066-U+2069, the Mongolian vowel separator U+180E, the combining grapheme joiner
  U+034F, variation selectors U+FE00-U+FE0F, and the object replacement U+FFFC (where Word had
  a picture).
- Turned into a space: a tab, the line and paragraph separators U+2028/U+2029 and NEL U+0085
  (a card's text is one paragraph: kort breaks its lines), and the spaces of other widths
  U+1680, U+2000-U+2006, U+2008-U+200A, U+205F and U+3000.
- Turned into the no-break space U+00A0 (which the font has): the narrow no-break space U+202F
  (CLDR and French typography) and the figure space U+2007, both of which also do not break.
- Turned into what the font has: the hyphen U+2010 and the non-breaking hyphen U+2011 into "-",
  the figure dash U+2012 into the en dash, the horizontal bar U+2015 into the em dash, and the
  ligatures U+FB00-U+FB06 (ﬁ, ﬂ, from PDFs) into their letters.

Anything else the font cannot draw (an emoji, U+FFFD where an encoding went wrong) is left as
it is, so that the glyph check names it with its place in the file.
"""

from __future__ import annotations

import re
import unicodedata

# Swedish prints ”citat” with the same mark on both sides; Danish print uses »citat«.
_QUOTES = {"sv": ("\u201d", "\u201d"), "da": ("\u00bb", "\u00ab")}
_DOUBLE = re.compile(r'"([^"\n]*)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SINGLE = re.compile(r"'([^'\n]*)'")
_SPACED_HYPHEN = re.compile(r"(?<=\s)--?(?=\s)")
_RANGE = re.compile(r"(?<=\d)-(?=\d)")

_REMOVED = (
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u180e\u034f\ufffc" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
_SPACES = "\t\u2028\u2029\u0085\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
_TABLE = str.maketrans(
    {
        **dict.fromkeys(map(ord, _REMOVED), None),
        **dict.fromkeys(map(ord, _SPACES), " "),
        0x202F: "\u00a0",
        0x2007: "\u00a0",
        0x2010: "-",
        0x2011: "-",
        0x2012: "\u2013",
        0x2015: "\u2014",
        **{c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)},
    }
)
_NEEDS_CLEANING = re.compile("[" + re.escape(_REMOVED + _SPACES) + "\u202f\u2007\u2010-\u2012\u2015\ufb00-\ufb06]")


_INVISIBLE = re.compile("[" + re.escape(_REMOVED) + "]")


def strip_invisible(text: str) -> str:
    """`text` in NFC without the characters `clean` removes (zero-width, direction marks, soft
    hyphens...): what yamlsrc applies to every key and value, so that `title\u200b:` is the key
    `title` and an id or colour pasted with a direction mark is the id or colour it looks like."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def clean(text: str) -> str:
    """`text` in NFC with the invisible, direction and odd space characters removed or replaced as
    the module's docstring lists; text that needs none of it is returned as it is (the usual case,
    checked with one search)."""
    if text.isascii():
        return text.replace("\t", " ") if "\t" in text else text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_CLEANING.search(text):
        text = text.translate(_TABLE)
    return text


# No line break between a paragraph sign and its number (§ 50, §§ 68-69), nor between a number
# and its unit (48 timmar, 12 uger, 3 mm): a no-break space, as Swedish and Danish print it.
_SECTION = re.compile(r"(§+) +(?=\d)")
_UNIT = re.compile(
    r"(?<=\d) +(?=(?:timmar|timme|timer|time|dagar|dag|dage|døgn|dygn|veckor|vecka|uger|uge|månader|månad|"
    r"måneder|måned|år|minuter|minutter|min|mm|cm|km|kg|procent|%|kr|kronor|kroner)\b|%)",
    re.IGNORECASE,
)


def _keep_together(text: str) -> str:
    if "§" in text:
        text = _SECTION.sub("\\1\u00a0", text)
    if any(c.isdigit() for c in text):
        text = _UNIT.sub("\u00a0", text)
    return text


def smarten(text: str, lang: str) -> str:
    """Return `text` cleaned (see `clean`) with straight quotes, spaced hyphens and number ranges
    typeset for `lang`."""
    text = clean(text)
    text = _keep_together(text)
    if not any(c in text for c in "\"'-"):
        return text
    open_q, close_q = _QUOTES.get(lang, ("\u201d", "\u201d"))
    text = _DOUBLE.sub(lambda m: f"{open_q}{m.group(1)}{close_q}", text)
    text = _APOSTROPHE.sub("\u2019", text)
    text = _SINGLE.sub(lambda m: f"\u2019{m.group(1)}\u2019", text)
    text = _SPACED_HYPHEN.sub("\u2013", text)
    return _RANGE.sub("\u2013", text)
