"""Fit the words of a card face onto its card: line breaking, hyphenation choices and shrinking.

Nothing here draws. A face's document blocks become styled paragraphs (ReportLab markup made by
escaping the blocks' text); the largest size between the layout's maximum and minimum at which
every line fits the card is found, or `Overflow` names the card. `card` draws what was fitted.

The rules both fitting paths share are written once: `LEADING` (line height of a question),
`HYPHENATE_GAIN` (hyphenate only when it lets the text be set this much larger) and the
half-point ladder of sizes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_LEFT

from . import document, fonts, hyphen
from .document import Heading, List, Paragraph
from .layout import MM, CardText
from .text import BackFace, Face

INK_HEX = "#1A1A1A"
LEADING = {"question": 1.25}  # line height as a multiple of the size; other styles 1.22
INFO_LEADING = 1.22
HYPHENATE_GAIN = 2.0  # points: hyphenate only when the text can then be set this much larger
SMALLEST = 7.0  # points: no text on an A7 (or larger) card is smaller; smaller cards scale it down
A7_AREA = 74 * MM * 105 * MM


def _size_at(scale: float, base: float) -> float:
    """A font size: `base` times `scale`, to the nearest half point."""
    return round(base * scale * 2) / 2


# Base sizes (points) of the instruction cards' styles on an A7 card; they scale with the card.
_INFO = {
    "title": (15.0, True, TA_CENTER, 4.0),
    "heading": (11.0, True, TA_LEFT, 0.0),
    "body": (8.5, False, TA_LEFT, 3.0),
    "principle": (8.0, False, TA_LEFT, 3.0),
    "step": (8.0, False, TA_LEFT, 1.8),
    "closing": (10.0, True, TA_CENTER, 5.0),
    "small": (7.0, False, TA_LEFT, 4.0),
}
QR_MM = 15.0  # a QR code this size scans from a phone at arm's length


@dataclass(frozen=True)
class Geometry:
    """Sizes on one card, derived from its trim size and the layout's text settings."""

    w: float
    h: float
    bleed: float
    pad: float
    band_h: float
    footer_h: float
    text: CardText  # sizes for this card: the layout's A7 sizes scaled to the card's area
    scale: float  # the card's size relative to an A7 card (square root of the area ratio)

    @classmethod
    def of(cls, w: float, h: float, bleed: float, text: CardText) -> "Geometry":
        fonts.register()  # every measurement below needs the font's metrics
        band = min(max(0.085 * h, 6 * MM), 10 * MM)
        scale = (w * h / A7_AREA) ** 0.5
        # The layout's max_size is for an A7 card; bigger cards get bigger text, smaller ones
        # smaller, but never below min_size, which stays what the layout says.
        largest = max(text.min_size, _size_at(scale, text.max_size))
        return cls(w, h, bleed, text.padding * MM, band, 4.5 * MM, replace(text, max_size=largest), scale)

    @property
    def smallest(self) -> float:
        """The smallest size any text on this card may be set at."""
        return SMALLEST * min(1.0, self.scale)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        """The card with its bleed, around the trim corner at the origin: x0, y0, x1, y1."""
        return -self.bleed, -self.bleed, self.w + self.bleed, self.h + self.bleed

    @property
    def body(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text area."""
        x, y = self.pad, self.footer_h + 1 * MM
        return x, y, self.w - 2 * self.pad, self.h - self.band_h - self.pad * 0.8 - y

    def body_for(self, face: Face) -> tuple[float, float, float, float]:
        """The text area of a face: above the QR code when the face carries one."""
        x, y, w, h = self.body
        if face.qr:
            lift = QR_MM * MM + 2 * MM
            return x, y + lift, w, h - lift
        return x, y, w, h


@dataclass(frozen=True)
class Block:
    """A paragraph as the card renderer sets it: a style of `_INFO` (or "question") and its
    ReportLab markup, made from a document block's text with every character escaped."""

    style: str
    markup: str
    text: str = ""  # the characters printed, for measuring words


_CARD_STYLES = {1: "title", 2: "heading"}


@functools.lru_cache(maxsize=4096)
def styled(blocks: tuple) -> tuple[Block, ...]:
    """A face's document blocks as the paragraphs the card renderer sets."""
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(Block(_CARD_STYLES.get(b.level, "heading"), document.to_markup(b.text), document.plain(b.text)))
        elif isinstance(b, Paragraph):
            out.append(Block(b.role if b.role in _INFO or b.role == "question" else "body", document.to_markup(b.text)))
        elif isinstance(b, List):
            style = b.role if b.role in _INFO else "step"
            for item in b.items:
                label = document.to_markup((document.Span(item.label),))
                out.append(Block(style, f"<bullet>{label}</bullet>{document.to_markup(item.text)}"))
        else:
            raise TypeError(f"a card cannot show {type(b).__name__}")  # a template bug, not content
    return tuple(out)


@dataclass(frozen=True)
class Fitted:
    """A face whose text was fitted: the scale to draw at and the (possibly widow-fixed) paragraphs."""

    face: Face
    scale: float
    blocks: tuple[Block, ...]
    hyphenate: bool = True
    back: "Fitted | None" = None  # a card whose back carries text of its own
    paras: tuple = ()  # the paragraphs as wrapped while fitting, drawn as they are
    lines: tuple[str, ...] = ()  # or, for a plain question, its lines as broken while fitting
    size: float = 0.0  # the font size of `lines`


class Overflow(Exception):
    """Raised by fit_face when a text cannot fit at the smallest allowed size."""


@functools.cache
def _style(name: str, size: float, lang: str | None):
    from reportlab.lib.styles import ParagraphStyle  # platypus only for cards that need paragraphs

    if name == "question":
        bold, align, space = False, TA_CENTER, 0.0
    else:
        _, bold, align, space = _INFO[name]
        space *= size / _INFO[name][0]
    step = name == "step"
    return ParagraphStyle(
        f"{name}-{size}",
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=size * LEADING.get(name, INFO_LEADING),
        alignment=align,
        textColor=INK_HEX,
        spaceBefore=space,
        hyphenationLang=lang,
        splitLongWords=0,
        allowWidows=0,
        leftIndent=size * 1.5 if step else 0,
        bulletIndent=0,
        bulletFontName=fonts.BOLD,
        bulletFontSize=size,
        hyphenationMinWordLength=hyphen.FROM,
        spaceShrinkage=0,
    )


def _base_size(block: Block, g: Geometry) -> float:
    if block.style == "question":
        return g.text.max_size
    return _INFO[block.style][0] * g.scale


def _build(blocks, scale, g: Geometry, lang, width=None, hyphenate=True):
    from reportlab.platypus import Paragraph

    lang = lang if hyphenate else None
    paras = []
    for b in blocks:
        size = _size_at(scale, _base_size(b, g))
        if width and b.style in _HEADINGS:
            size = min(size, _widest_word_size(b.text, width, g.smallest))
        # kort's own break points (long words only, four letters either side), as soft hyphens:
        # ReportLab breaks there and nowhere else, as kort's line breaker does for questions.
        markup = soft_hyphens(b.markup, lang) if lang else b.markup
        paras.append(Paragraph(markup, _style(b.style, size, None)))
    return paras


_TAG = re.compile(r"(<[^>]*>)")
_LONG_WORD = re.compile(rf"\w{{{hyphen.FROM},}}")


@functools.lru_cache(maxsize=4096)
def soft_hyphens(markup: str, lang: str) -> str:
    """The markup with a soft hyphen at each of kort's break points of its long words."""

    def mark(m: re.Match) -> str:
        word = m.group()
        cuts = hyphen.points(word, lang)
        return "".join(word[a:b] + "\u00ad" for a, b in zip((0, *cuts), cuts)) + word[cuts[-1] :] if cuts else word

    return "".join(part if part.startswith("<") else _LONG_WORD.sub(mark, part) for part in _TAG.split(markup))


_HEADINGS = {"title", "heading"}


@functools.lru_cache(maxsize=1024)
def _widest_word_size(text: str, width: float, smallest: float) -> float:
    """The largest bold size (in half points) at which the longest word of a heading fits `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = text.split()
    widest = max((stringWidth(w, fonts.BOLD, 1.0) for w in words), default=1.0)
    return max(smallest, int(width / widest * 2) / 2)


def _layout(paras, width, height) -> float | None:
    """Wrap paragraphs; return the total height, or None when a line is too wide or it is too tall."""
    total = 0.0
    for i, p in enumerate(paras):
        _, h = p.wrap(width, height)
        if any(_extra(line) < -0.01 for line in p.blPara.lines):
            return None
        total += h + (p.style.spaceBefore if i else 0)
        if total > height + 0.01:
            return None
    return total


def _extra(line) -> float:
    return line[0] if isinstance(line, tuple) else line.extraSpace


def last_line_words(para) -> list[str]:
    """The words of a wrapped paragraph's last line as printed (two words joined by a no-break
    space count as two); ReportLab keeps plain lines as words and styled lines as fragments."""
    last = para.blPara.lines[-1]
    if isinstance(last, tuple):
        return " ".join(str(w) for w in last[1]).split()
    return "".join(getattr(f, "text", "") for f in getattr(last, "words", [])).split()


def _single_word_last_line(para) -> bool:
    return len(para.blPara.lines) > 1 and len(last_line_words(para)) == 1


SET_STEPS = 2  # the cards of one set (a deck's questions, meeting fronts) differ by at most 2 half points


def fit_face(
    face: Face, geometry: Geometry, lang: str, blocks: tuple[Block, ...] | None = None, limit: float | None = None
) -> Fitted:
    """Find the largest size at which the face's text (or the part of it in `blocks`) fits its card,
    at a scale no larger than `limit` when given."""
    blocks = styled(face.blocks) if blocks is None else blocks
    if not blocks:  # e.g. the back of a meeting that gives only its name and why
        return Fitted(face, 1.0, ())
    scales = _scales(face, blocks, geometry)
    if limit is not None:
        scales = [s for s in scales if s <= limit + 1e-9] or scales[-1:]
    predicted = _predicted_fit(face, scales, geometry, lang)
    if predicted:
        index, size, lines, hyphenated = predicted
        return Fitted(face, scales[index], blocks, hyphenated, lines=lines, size=size)
    if _plain_question(face):
        raise Overflow(face.id)  # kort's own breaker measured every size, with and without hyphens
    top = _base_size(blocks[0], geometry) if blocks else 1.0
    plain = _largest_fit(blocks, scales, geometry, lang, hyphenate=False, face=face)
    best, hyphenate = plain, False
    if plain is None or _gains(scales[0] * top, scales[plain[0]] * top):
        hyphenated = _largest_fit(blocks, scales, geometry, lang, hyphenate=True, face=face)
        if hyphenated is None and plain is None:
            raise Overflow(face.id)
        if plain is None or (hyphenated is not None and _gains(scales[hyphenated[0]] * top, scales[plain[0]] * top)):
            best, hyphenate = hyphenated, True
    index, paras = best
    return _fitted(face, blocks, scales[index], paras, hyphenate, geometry, lang)


def _gains(larger: float, smaller: float) -> bool:
    """True when a size is larger than another by the gain that makes hyphenation worth it."""
    return larger >= smaller + HYPHENATE_GAIN


def _fitted(face: Face, blocks, scale: float, paras, hyphenate: bool, geometry: Geometry, lang: str) -> Fitted:
    """A fitted face drawn with paragraphs; its last two words are kept together when it would
    otherwise end on a lone word (and that still fits)."""
    if _single_word_last_line(paras[-1]):  # no card ends on a lone word
        fixed = _avoid_widow(blocks, scale, geometry, lang if hyphenate else None, face)
        if fixed:
            blocks, paras = fixed
    return Fitted(face, scale, blocks, hyphenate, paras=tuple(paras))


def fit_or_split(face: Face, geometry: Geometry, lang: str) -> list[Fitted]:
    """Fit an instruction face on one card, or continue it on as many cards as it needs.

    A question never splits: it either fits its card or is an error naming it.
    """
    blocks = styled(face.blocks)
    try:
        return [fit_face(face, geometry, lang, blocks)]
    except Overflow:
        if face.kind == "question" or len(blocks) < 2:
            raise
    groups: list[list[Block]] = [[]]
    for block in blocks:
        trial = tuple(groups[-1] + [block])
        if groups[-1] and _largest_fit(trial, _scales(face, trial, geometry), geometry, lang, True, face) is None:
            groups.append([block])
        else:
            groups[-1].append(block)
    if len(groups) == 1:
        raise Overflow(face.id)
    return [
        fit_face(replace(face, id=f"{face.id} part {i}"), geometry, lang, tuple(group))
        for i, group in enumerate(groups, 1)
    ]


def _predicted_fit(face: Face, scales, geometry, lang):
    """Fit a plain one-paragraph question with kort's own line breaker: the largest size at which
    its lines fit, unhyphenated unless hyphenation gains at least two points, never ending on a
    lone word (or a hyphenated word's tail) where a size within the layout's range avoids it.
    Every word and every hyphenated part is measured, so no line can be wider than the card.
    Returns (index, size, lines, hyphenated), or None when the face is not a plain question (it
    then goes through Paragraph) or nothing fits."""
    if not _plain_question(face):
        return None
    x, y, width, height = geometry.body_for(face)
    words = [w for w in document.plain(face.blocks[0].text).split(" ") if w]  # a no-break space binds
    base = geometry.text.max_size
    can_hyphenate = any(len(w.strip(hyphen.PUNCTUATION)) >= hyphen.FROM for w in words)

    def fit(hyphen_lang):
        # the largest size whose lines do not end on a lone word (or a hyphenated word's tail);
        # only when no size gives that, the largest size at which the text fits at all
        for strict in (True, False):
            for index, scale in enumerate(scales):
                size = _size_at(scale, base)
                lines = _break(words, size, width, height, hyphen_lang)
                if lines is not None and (not strict or not _ends_alone(lines, words)):
                    return index, size, lines
        return None

    plain = fit(None)
    if can_hyphenate and (plain is None or _gains(_size_at(scales[0], base), _size_at(scales[plain[0]], base))):
        hyphenated = fit(lang)
        if hyphenated and (plain is None or _gains(hyphenated[1], plain[1])):
            return (*hyphenated, True)
    return (*plain, False) if plain else None


def _plain_question(face: Face) -> bool:
    """A question of one paragraph of plain text: kort's own line breaker sets it."""
    if face.kind != "question" or len(face.blocks) != 1 or not isinstance(face.blocks[0], Paragraph):
        return False
    return all(not (s.bold or s.italic or s.colour or s.text == "\n") for s in face.blocks[0].text)


def _break(words: list[str], size: float, width: float, height: float, lang: str | None):
    """Break words into lines at `size` (hyphenating long words for `lang` when given); the lines,
    or None when they do not fit the height or a part is wider than the line. The last two words
    are kept together when the text would otherwise end on a lone word and that still fits."""
    lines = _greedy(words, size, width, lang)
    leading = size * LEADING["question"]
    if lines is None or len(lines) * leading > height + 0.01:
        return None
    if len(lines) > 1 and " " not in lines[-1] and len(words) > 1 and not lines[-2].endswith("-"):
        kept = _greedy(words[:-2] + [f"{words[-2]}\u00a0{words[-1]}"], size, width, lang)
        if kept is not None and len(kept) * leading <= height + 0.01:
            return kept
    return lines


def _ends_alone(lines: tuple[str, ...], words: list[str]) -> bool:
    """True when broken lines end on a lone word, or on the tail of a word broken by a hyphen."""
    if len(lines) < 2 or len(words) < 2:
        return False
    last = lines[-1].replace("\u00a0", " ")
    return " " not in last or lines[-2].endswith("-") and last.count(" ") == 0


def _greedy(words: list[str], size: float, width: float, lang: str | None) -> tuple[str, ...] | None:
    """Greedy line breaking, as ReportLab breaks a paragraph, measured on cached word widths; with
    `lang`, a word that does not fit is split at its last hyphenation point that does."""
    limit = width / size + 1e-9
    space = _word_width(" ")
    lines: list[str] = []
    current: list[str] = []
    used = -space
    queue = list(reversed(words))
    while queue:
        word = queue.pop()
        w = _word_width(word)
        if used + space + w <= limit:
            current.append(word)
            used += space + w
            continue
        room = limit - (used + space) if current else limit
        split = _split(word, room, lang) if lang else None
        if split:
            head, tail = split
            lines.append(" ".join(current + [head]))
            current, used = [], -space
            queue.append(tail)
            continue
        if not current or w > limit:
            return None  # a word (or the rest of one) is wider than the whole line
        lines.append(" ".join(current))
        current, used = [word], w
    lines.append(" ".join(current))
    return tuple(lines)


def _split(word: str, room: float, lang: str) -> tuple[str, str] | None:
    """The longest head of `word`, ending in a hyphen, that fits `room`, and the rest; or None."""
    if "\u00a0" in word:
        return None
    for pos in reversed(hyphen.points(word, lang)):
        head = word[:pos] + "-"
        if _word_width(head) <= room:
            return head, word[pos:]
    return None


def line_width(line: str) -> float:
    """Width of a line at size 1, from the cached widths of its words (as the line was broken)."""
    words = line.split(" ")
    return sum(_word_width(w) for w in words) + _word_width(" ") * (len(words) - 1)


@functools.lru_cache(maxsize=65536)
def _word_width(word: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(word, fonts.REGULAR, 1.0)


def _largest_fit(blocks, scales, geometry, lang, hyphenate, face):
    """The index of the largest scale (scales run largest first) at which the blocks fit, with
    the paragraphs wrapped at it; None when none fits."""
    _, _, width, height = geometry.body_for(face)
    paras = _build(blocks, scales[0], geometry, lang, width, hyphenate)
    if _layout(paras, width, height) is not None:
        return 0, paras  # most cards fit at the largest size: one wrap, no search
    lo, hi, best = 1, len(scales) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        paras = _build(blocks, scales[mid], geometry, lang, width, hyphenate)
        if _layout(paras, width, height) is not None:
            best, hi = (mid, paras), mid - 1
        else:
            lo = mid + 1
    return best


def _avoid_widow(blocks, scale, geometry, lang, face):
    """Keep the last two words together when the face would end on a lone word; return the
    new blocks and their wrapped paragraphs, or None when that does not fit."""
    _, _, width, height = geometry.body_for(face)
    last = blocks[-1]
    at = _last_text_space(last.markup)
    if at < 0:
        return None
    fixed = blocks[:-1] + (Block(last.style, f"{last.markup[:at]}\u00a0{last.markup[at + 1 :]}", last.text),)
    paras = _build(fixed, scale, geometry, lang, width, lang is not None)
    if _layout(paras, width, height) is None:
        return None
    return fixed, paras


def _last_text_space(markup: str) -> int:
    """The index of the last space of the text in ReportLab markup (not one inside a tag), or -1."""
    inside = False
    for i in range(len(markup) - 1, -1, -1):
        ch = markup[i]
        if ch == ">":
            inside = True
        elif ch == "<":
            inside = False
        elif ch == " " and not inside:
            return i
    return -1


def smallest_text(fitted: Fitted, g: Geometry) -> tuple[float, float]:
    """The size of the smallest text of a fitted face, and the smallest that text may be."""
    if fitted.lines:
        return fitted.size, g.text.min_size
    sizes = [_size_at(fitted.scale, _base_size(b, g)) for b in fitted.blocks]
    return min(sizes), g.smallest


def set_limit(fitted: list[Fitted], geometry: Geometry) -> float | None:
    """The largest scale any card of a set may be set at: the scale its most crowded card needed,
    plus SET_STEPS half-point steps, so that one set reads as one size."""
    texts = [f for f in fitted if f.blocks]
    if not texts:
        return None
    smallest = min(texts, key=lambda f: f.scale)
    base = (
        geometry.text.max_size
        if smallest.face.kind == "question"
        else min(_base_size(b, geometry) for b in smallest.blocks)
    )
    return smallest.scale + SET_STEPS * 0.5 / base


def _scales(face: Face, blocks: tuple[Block, ...], g: Geometry) -> list[float]:
    if face.kind == "question":
        top, bottom = g.text.max_size, g.text.min_size
    else:
        # Instruction text may grow to fill a roomy card, and shrink down to a readable minimum.
        smallest = min(_base_size(b, g) for b in blocks)
        top = max(smallest * 1.6, g.smallest)
        return _ladder(smallest, top, g.smallest)
    return _ladder(top, top, bottom)


def _ladder(base: float, top: float, bottom: float) -> list[float]:
    """Scales from top/base down to bottom/base, in steps of half a point of the base size."""
    steps = max(1, int(round((top - bottom) / 0.5)))
    return [(top - i * (top - bottom) / steps) / base for i in range(steps + 1)]


TITLE_MIN = 7.0  # points: the deck's name on the backs is never smaller


def title_width(g: Geometry) -> float:
    """The line the deck's name (and publisher) may fill on a back: inside the frame."""
    return g.w * 0.76


def back_title_fits(back: BackFace, g: Geometry) -> bool:
    """True when the deck's name fits its line on the back at the smallest allowed size."""
    return line_fits(back.title, fonts.BOLD, TITLE_MIN, title_width(g))


PUBLISHER_MAX = 7.5


@functools.lru_cache(maxsize=256)
def publisher_lines(publisher: str, g: Geometry) -> tuple[float, tuple[str, ...]]:
    """Size and lines of the publisher on a back: one line, or two at the smallest size."""
    from reportlab.lib.utils import simpleSplit

    width = title_width(g) * 0.92
    size = fit_line(publisher, fonts.REGULAR, PUBLISHER_MAX * min(1.0, g.scale), g.smallest, width)
    if line_fits(publisher, fonts.REGULAR, size, width):
        return size, (publisher,)
    lines = simpleSplit(publisher, fonts.REGULAR, g.smallest, width)
    if len(lines) <= 2 and all(line_fits(x, fonts.REGULAR, g.smallest, width) for x in lines):
        return g.smallest, tuple(lines)
    raise Overflow(publisher)


LABEL_MAX = 8.0


@functools.lru_cache(maxsize=256)
def band_label(label: str, g: Geometry) -> tuple[float, tuple[str, ...]]:
    """Size and lines of a band label: one line if it fits at a readable size, else two."""
    from reportlab.lib.utils import simpleSplit

    width = g.w - 2 * g.pad
    size = fit_line(label, fonts.BOLD, LABEL_MAX, g.smallest, width)
    if line_fits(label, fonts.BOLD, size, width):
        return size, (label,)
    for half in range(int(LABEL_MAX * 2), int(g.smallest * 2) - 1, -1):
        lines = simpleSplit(label, fonts.BOLD, half / 2, width)
        if (
            len(lines) <= 2
            and half / 2 * 2.2 <= g.band_h
            and all(line_fits(x, fonts.BOLD, half / 2, width) for x in lines)
        ):
            return half / 2, tuple(lines)
    raise Overflow(label)


def fit_line(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    natural = stringWidth(text, font, 1.0)
    if natural <= 0:
        return largest
    return max(smallest, min(largest, width / natural))


def line_fits(text: str, font: str, size: float, width: float) -> bool:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size) <= width + 0.01
