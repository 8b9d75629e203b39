"""Author checks: advice about content that is valid but may print badly or read hard.

Nothing here stops a build. Each check is a pure function of the typed models (and, for logos, the
image file) that returns `Advice`: where, what, how to fix it, and a stable `code` that a pack can
silence. `author_warnings(materials, settings)` runs them all over loaded content.

- readability: LIX of each question, card text and handout section (`lix`, `readability`)
- duplicates: questions of a deck (with the deck it extends) that say nearly the same (`duplicates`)
- colours: white text on brand and principle colours (WCAG 2.1), card colours that look alike,
  also with colour-vision deficiencies or in grayscale (`colour_uses`, `contrast`, `distinct_colours`)
- logos: raster logos below 300 pixels per inch where printed, and transparency (`logo`)

See docs/author-checks.md for every warning, its threshold and how to silence an intended one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import colour as col
from .errors import Location
from .model import (  # noqa: F401  (CODES, LIX_* and Checks are part of this module's interface)
    CODES,
    LIX_BANDS,
    LIX_QUESTION,
    LIX_TEXT,
    Branding,
    Checks,
    Checklist,
    Deck,
    Guide,
    Handout,
    MeetingSeries,
    Principle,
    PrincipleSet,
    Question,
    doc,
)


@dataclass(frozen=True)
class Advice:
    """One warning about content that is valid but could be better: where, what, how to fix it,
    a stable `code`, and for a pair (two questions, two colours) the other place in `also`."""

    where: Location
    message: str
    hint: str = ""
    code: str = ""
    also: Location | None = None

    def __str__(self) -> str:
        text = f"{self.where}: warning: {self.message}"
        if self.code:
            text += f" [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


DEFAULT = Checks()


# --- readability (LIX) ----------------------------------------------------------------------------

# The LIX bands each language's readers know (Björnsson's Swedish scale; the Danish scale is
# published about five points lower). Used to name a score in words.
MIN_WORDS = 8  # below this a text is not judged: one word moves its LIX by 12 points or more
SHORT_WORDS = 20  # below this (a question, a short card text) one long word moves LIX by 5 or more ...
VERY_LONG = 10  # ... so it is judged only when it also has two words of at least this many letters
LONG = 6  # a long word has more than this many letters

# Abbreviations whose dots end no sentence. `_ENDING` ones may close one: "barn, föräldrar osv. Sedan".
_ABBREVIATIONS = {
    "sv": "t.ex. bl.a. m.fl. s.k. dvs. d.v.s. osv. o.s.v. ca. kl. nr. t.o.m. fr.o.m. m.m. p.g.a. pga. "
    "resp. inkl. exkl. jfr. ev. enl. f.d. mfl. etc. st. tel. e.d. o.d. o.likn. bl.a dvs t.ex".split(),
    "da": "f.eks. fx. bl.a. m.fl. dvs. d.v.s. osv. o.s.v. ca. kl. nr. jf. jvf. evt. iht. mht. pga. p.g.a. "
    "vedr. inkl. ekskl. ift. ifm. vha. m.m. o.l. el.lign. ang. mv. stk. pkt. hhv. pr. f.x. etc. tlf. "
    "bl.a f.eks".split(),
}
_ENDING = {"osv.", "o.s.v.", "m.fl.", "mfl.", "m.m.", "etc.", "mv.", "o.l.", "el.lign.", "e.d.", "o.d."}
_LETTER = r"[^\W\d_]"
_WORD = rf"{_LETTER}+(?:[-'’:]{_LETTER}+)*"  # barn-och, BBU's, FN:s
_NUMBER = r"\d+(?:[.,:/-]\d+)*"  # 2024, 12.30, 1,5, 0-20, § 68
_URL = r"(?:https?://|www\.)\S+|\S+@\S+\.\w+"


@functools.cache
def _tokens(lang: str) -> re.Pattern:
    known = _ABBREVIATIONS.get(lang) or _ABBREVIATIONS["sv"] + _ABBREVIATIONS["da"]
    abbreviations = sorted(set(known), key=len, reverse=True)
    alternatives = "|".join(re.escape(a) for a in abbreviations)
    return re.compile(
        rf"(?P<url>{_URL})|(?<!\w)(?P<abbr>{alternatives})(?!\w)|(?P<num>{_NUMBER})|(?P<word>{_WORD})"
        rf"|(?P<end>[.!?…]+|:(?=\s+(?-i:[A-ZÅÄÖÆØÉ])))",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Lix:
    """A text's LIX (words per sentence + per cent long words) and what it was counted from."""

    score: float
    words: int
    sentences: int
    long_count: int  # words of more than 6 letters, counted with repeats
    long_words: tuple[str, ...]  # the long words, each once, longest first

    def very_long(self) -> tuple[str, ...]:
        """The long words of at least VERY_LONG letters: the compounds that make a short text hard."""
        return tuple(w for w in self.long_words if _letters(w) >= VERY_LONG)

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_share(self) -> float:
        """Per cent of the words that are long (counted with repeats)."""
        return 100 * self.long_count / self.words if self.words else 0.0


def lix(text: str | Sequence[str], lang: str = "sv") -> Lix:
    """LIX of a text, or of several (a heading, a paragraph, list items), each at least a sentence.

    Words are runs of letters (hyphenated and "FN:s" are one word), numbers and known
    abbreviations (t.ex., f.eks.); only words of letters count as long (more than 6 letters).
    Sentences end at . ! ? … and at a colon before a capital letter, not at the dots of an
    abbreviation, a number (12.30) or a Danish ordinal ("3. klasse"); a text or list item without
    a full stop is one sentence.
    """
    units = [text] if isinstance(text, str) else list(text)
    words = sentences = long_count = 0
    long_words: dict[str, int] = {}
    pattern = _tokens(lang)
    for unit in units:
        tokens = [(m.lastgroup, m.group()) for m in pattern.finditer(unit)]
        open_sentence = False
        for i, (kind, value) in enumerate(tokens):
            if kind == "end":
                if open_sentence and not _ordinal(tokens, i):
                    sentences += 1
                    open_sentence = False
                continue
            words += 1
            open_sentence = True
            if kind == "word" and _letters(value) > LONG:
                long_count += 1
                long_words.setdefault(value.casefold(), len(value))
            elif kind == "abbr" and value.casefold() in _ENDING and _next_is_capital(tokens, i):
                sentences += 1
                open_sentence = False
        if open_sentence:
            sentences += 1
    if not words:
        return Lix(0.0, 0, 0, 0, ())
    sentences = max(1, sentences)
    score = words / sentences + 100 * long_count / words
    ranked = sorted(long_words, key=lambda w: (-long_words[w], w))
    return Lix(round(score, 1), words, sentences, long_count, tuple(ranked))


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def judged(result: Lix) -> bool:
    """Whether a text is long enough for its LIX to mean something (see MIN_WORDS, SHORT_WORDS)."""
    if result.words < MIN_WORDS:
        return False
    return result.words >= SHORT_WORDS or len(result.very_long()) >= 2


def _ordinal(tokens, i: int) -> bool:
    """A dot after a number, before a lower-case word: "3. klasse", "den 14. marts"."""
    kind, value = tokens[i]
    if value != "." or i == 0 or tokens[i - 1][0] != "num" or i + 1 >= len(tokens):
        return False
    nxt_kind, nxt = tokens[i + 1]
    return nxt_kind in ("word", "num") and not nxt[0].isupper()


def _next_is_capital(tokens, i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1][0] == "word" and tokens[i + 1][1][0].isupper()


def band(score: float, lang: str) -> str:
    """The name of a LIX score's band in the language's scale ("easy", "hard"...)."""
    return next(name for top, name in LIX_BANDS.get(lang, LIX_BANDS["sv"]) if score < top)


@dataclass(frozen=True)
class Text:
    """One text the readability check judges: what it is called, where, its parts, and whether
    it is a question (a stricter limit) or a card text or handout section."""

    what: str  # e.g. "question 'tillit-barnet'", "the section 'Organisation'"
    where: Location | None
    parts: tuple[str, ...]
    kind: str = "text"  # "question" or "text"
    names: tuple[str, ...] = ()  # ids and titles `allow_hard` may name


def texts_to_read(model) -> list[Text]:
    """Every question, card text and handout section of a material, as the readability check sees them."""
    found: list[Text] = []

    def add(what, where, parts, kind="text", names=()):
        parts = tuple(p for p in parts if p and p.strip())
        if parts:
            found.append(Text(what, where, parts, kind, tuple(n for n in names if n)))

    def principle(p: Principle, where):
        parts = [p.title, p.summary, p.text, p.points_intro]
        for pt in p.points:
            parts += [pt.title, pt.text]
        add(f"the principle '{p.title}'", p.where or where, parts, names=(p.id, p.title))

    top = getattr(model, "where", None)
    if isinstance(model, Deck):
        for q in model.questions:
            add(f"question '{q.id}'", q.where or top, (q.text,), "question", (q.id,))
        add("the deck's intro (first instruction card)", top, (model.intro,), names=("intro",))
        if model.approach:
            a = model.approach
            add("the approach (instruction card)", a.where or top, (a.title, a.intro), names=("approach", a.title))
            for p in a.principles:
                principle(p, a.where or top)
        if model.steps:
            s = model.steps
            add("the steps (instruction card)", s.where or top, (s.title, *s.items, s.closing), names=("steps",))
    elif isinstance(model, PrincipleSet):
        add("the intro", top, (model.intro,), names=("intro",))
        for p in model.principles:
            principle(p, top)
        add("the closing text", top, (model.closing,), names=("closing",))
    elif isinstance(model, Checklist):
        add("the intro", top, (model.intro,), names=("intro",))
        add("the guiding principles", top, (model.principles_title, *model.principles), names=("principles",))
        for s in model.sections:
            parts = [s.title]
            for pt in s.points:
                parts += [pt.text, *pt.items]
            add(f"the section '{s.title}'", s.where or top, parts, names=(s.title,))
    elif isinstance(model, Handout):
        add("the intro", top, (model.subtitle, model.intro), names=("intro",))
        for s in model.sections:
            add(f"the section '{s.title}'", s.where or top, (s.title, s.text, *s.items), names=(s.title,))
    elif isinstance(model, Guide):
        add("the purpose", top, (model.purpose,), names=("purpose",))
        add("the tips", top, model.tips, names=("tips",))
    elif isinstance(model, MeetingSeries):
        add("the intro", top, (model.intro,), names=("intro",))
        for m in model.meetings:
            parts = (m.name, m.why, m.when, m.who, m.combine, m.tip)
            add(f"the meeting '{m.name}'", m.where or top, parts, names=(m.id, m.name))
    return found


def readability(model, lang: str, settings: Checks = DEFAULT) -> list[Advice]:
    """Questions, card texts and handout sections above the pack's LIX limit, with their long words."""
    advice = []
    for t in texts_to_read(model):
        if t.where is None or settings.allows_hard(*t.names):
            continue
        result = lix(t.parts, lang)
        limit = settings.lix_limit(lang, t.kind)
        if result.score <= limit or not judged(result):
            continue
        shown = ", ".join(result.long_words[:6]) + (", ..." if len(result.long_words) > 6 else "")
        why = [f"{result.words_per_sentence:.0f} words a sentence", f"{result.long_share:.0f} % long words"]
        message = (
            f"{t.what} is {band(result.score, lang)} to read: LIX {result.score:.0f}, above {limit:g} "
            f"({'; '.join(why)}" + (f": {shown})" if shown else ")")
        )
        fixes = []
        if result.words_per_sentence > 15:
            fixes.append("split long sentences")
        if result.long_words:
            fixes.append("use shorter, everyday words for the long ones where you can")
        name = t.names[0] if t.names else t.what
        hint = (
            " and ".join(fixes) or "use shorter sentences and words"
        ) + f"; or, if it must stay, add '{name}' to `checks: allow_hard:`"
        advice.append(Advice(t.where, message, hint, "lix-hard"))
    return advice


# --- duplicates -----------------------------------------------------------------------------------

# Words of opposite meaning: two questions that differ in one of these pairs ask different things
# however alike they look ("gick bra" / "gick dåligt").
_OPPOSITES = [
    (
        {"bra", "god", "gott", "goda", "bättre", "bäst", "godt", "gode", "bedre", "bedst"},
        {"dålig", "dåligt", "dåliga", "sämre", "sämst", "dårlig", "dårligt", "dårlige", "skidt", "værre", "værst"},
    ),
    (
        {"lätt", "lätta", "lättare", "let", "lette", "lettere"},
        {"svår", "svårt", "svåra", "svårare", "svær", "svært", "svære", "sværere"},
    ),
    ({"positiv", "positiva", "positivt", "positive"}, {"negativ", "negativa", "negativt", "negative"}),
    ({"styrka", "styrkor", "styrkorna", "styrke", "styrker"}, {"svaghet", "svagheter", "svaghed", "svagheder"}),
    ({"mer", "mest", "mere", "flest", "fler", "flere"}, {"mindre", "minst", "færre", "færrest", "färre", "färst"}),
    ({"före", "innan", "før", "inden"}, {"efter", "efteråt", "bagefter"}),
    ({"alltid", "altid", "ofta", "ofte"}, {"aldrig", "sällan", "sjældent"}),
    ({"glad", "glade", "gladare", "stolt", "stolta"}, {"ledsen", "ledsna", "ked", "arg", "besviken"}),
    ({"ja"}, {"nej"}),
]
_NEGATIONS = {"inte", "ej", "icke", "ikke", "aldrig", "ingen", "inget", "inga", "intet"}
_NEGATING_PREFIXES = ("miss", "mis", "icke", "o", "u", "van")


def normalise(text: str) -> str:
    """A question as the duplicate check compares it: case folded, punctuation and extra spaces removed."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _opposite(removed: list[str], added: list[str]) -> bool:
    """True when the words that differ between two texts reverse the meaning."""
    if any(w in _NEGATIONS for w in removed + added):
        return True
    for r, a in itertools.product(removed, added):
        for first, second in _OPPOSITES:
            if (r in first and a in second) or (r in second and a in first):
                return True
        longer, shorter = (r, a) if len(r) > len(a) else (a, r)
        if any(longer == p + shorter for p in _NEGATING_PREFIXES):
            return True
    return False


def _ratio(a, b) -> float:
    """Indel similarity, 0-100, of two strings or two lists of words (rapidfuzz's `fuzz.ratio`)."""
    try:
        from rapidfuzz.distance import Indel
    except ImportError:  # the same measure, slower (difflib may find a few matches fewer)
        import difflib

        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() * 100
    return Indel.normalized_similarity(a, b) * 100


def _candidates(normal: Sequence[str], threshold: float) -> Iterable[tuple[int, int, float]]:
    """Pairs (i, j, letter similarity) of normalised texts at least `threshold` alike, i < j."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        for i, j in itertools.combinations(range(len(normal)), 2):
            x, y = normal[i], normal[j]
            if abs(len(x) - len(y)) <= (100 - threshold) / 100 * (len(x) + len(y)):  # Indel's bound
                if (score := _ratio(x, y)) >= threshold:
                    yield i, j, score
        return
    for i in range(len(normal) - 1):
        found = process.extract(normal[i], normal[i + 1 :], scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        for _text, score, k in sorted(found, key=lambda f: f[2]):
            yield i, i + 1 + k, score


WORD_FLOOR = 75.0  # and at least this share of the words must be the same words


def _same_meaning(x: str, y: str) -> bool:
    """Two normalised texts with alike letters: mostly the same words, none that reverse the meaning."""
    wx, wy = x.split(), y.split()
    if x == y:
        return True
    if _ratio(wx, wy) < WORD_FLOOR:
        return False
    import difflib

    removed, added = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wx, wy, autojunk=False).get_opcodes():
        if op != "equal":
            removed += wx[i1:i2]
            added += wy[j1:j2]
    return not _opposite(removed, added)


def alike(a: str, b: str, threshold: float = 90.0) -> float | None:
    """The letter similarity (0-100) of two questions when they say nearly the same, else None.

    Nearly the same: letters at least `threshold` % alike (case, punctuation and spacing aside),
    words at least 75 % the same words (so "barnperspektiv" / "barnets perspektiv" is not one), and
    the words that differ do not reverse the meaning ("bra" / "dåligt", "lyckades" /
    "misslyckades", an added "inte").
    """
    x, y = normalise(a), normalise(b)
    score = _ratio(x, y)
    return score if score >= threshold and _same_meaning(x, y) else None


def duplicates(questions: Sequence[Question], settings: Checks = DEFAULT) -> list[Advice]:
    """Pairs of questions that are the same or nearly the same, each named with both places."""
    advice = []
    normal = [normalise(q.text) for q in questions]
    for i, j, score in _candidates(normal, settings.similar):
        a, b = questions[i], questions[j]
        if a.where is None or settings.allows_similar(a.id, b.id) or not _same_meaning(normal[i], normal[j]):
            continue
        first, second = (a, b) if _place(a.where) <= _place(b.where) else (b, a)
        same = "the same as" if normal[i] == normal[j] else f"nearly the same as ({score:.0f} % alike)"
        advice.append(
            Advice(
                second.where,
                f"question '{second.id}' is {same} question '{first.id}'{_at(first.where, second.where)}",
                "remove or reword one of them"
                + (" (leave out the other deck's card with `drop:`)" if _other_file(first, second) else "")
                + f"; if both are meant, add [{first.id}, {second.id}] to `checks: allow_similar:`",
                "duplicate-question",
                first.where,
            )
        )
    return advice


def _other_file(a: Question, b: Question) -> bool:
    """True when one of the two comes from another file (or from the deck the pack extends)."""
    if not (a.where and b.where):
        return False
    extended = a.where.key.startswith("extends") != b.where.key.startswith("extends")
    return extended or Path(a.where.path) != Path(b.where.path)


def _place(where: Location | None) -> tuple[str, int]:
    return (str(where.path), where.line) if where else ("", 0)


# --- colours --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColourUse:
    """A colour as the material prints it: which (name), where it is set, what is drawn with or
    on it (role) and the contrast with white that needs."""

    colour: str
    where: Location | None
    name: str  # e.g. "the principle 'Helhetsperspektiv'"
    role: str  # e.g. "white band labels (7.5 pt bold)"
    ratio: float


BAND = "white labels in the cards' colour band (7.5 pt bold)"
BACK = "the deck's name and publisher in white on the card backs (6.5 pt)"
HEADINGS = "its colour for the title and headings of handouts (14 pt bold and larger)"
SMALL_HEADINGS = "its colour for principle names on instruction cards and in the guide (11 pt bold)"
MARKS = "white week marks in the overview and white labels on the meeting cards (8.5 pt bold)"


def _main_colour(model, branding: Branding | None) -> tuple[str, Location | None, str]:
    """The material's main colour as printed: the branding's primary colour in a branded pack."""
    if branding and branding.colours:
        return branding.colours.primary, branding.colours.where or branding.where, "the branding's primary colour"
    return model.colour, model.where, "the main colour (`colour:`)"


def colour_uses(model, branding: Branding | None = None) -> list[ColourUse]:
    """Every colour a material prints text with or on, with the contrast against white each use needs."""
    uses: list[ColourUse] = []
    main, main_where, main_name = _main_colour(model, branding)
    brand = branding.colours if branding and branding.colours else None
    if isinstance(model, Deck):
        uses.append(ColourUse(main, main_where, main_name, BACK, col.AA_NORMAL))
        principles = model.approach.principles if model.approach else ()
        for p in principles:
            if p.colour:
                uses.append(ColourUse(p.colour, p.where, f"the principle '{p.title}'", BAND, col.AA_NORMAL))
                uses.append(ColourUse(p.colour, p.where, f"the principle '{p.title}'", SMALL_HEADINGS, col.AA_NORMAL))
        if any(not (model.principle(q.principle) and model.principle(q.principle).colour) for q in model.questions):
            if brand and brand.secondary:
                uses.append(
                    ColourUse(brand.secondary, brand.where, "the branding's secondary colour", BAND, col.AA_NORMAL)
                )
            else:
                uses.append(ColourUse(main, main_where, main_name, BAND, col.AA_NORMAL))
    elif isinstance(model, MeetingSeries):
        uses.append(ColourUse(main, main_where, main_name, MARKS, col.AA_NORMAL))
    else:
        uses.append(ColourUse(main, main_where, main_name, HEADINGS, col.AA_LARGE))
        if isinstance(model, PrincipleSet):
            for p in model.principles:
                if p.colour:
                    uses.append(ColourUse(p.colour, p.where, f"the principle '{p.title}'", HEADINGS, col.AA_LARGE))
    return uses


def contrast(uses: Iterable[ColourUse]) -> list[Advice]:
    """Colours that do not reach the contrast with white their strictest use needs, each with the
    nearest shade of the same hue that does."""
    grouped: dict[tuple[str, Location | None], list[ColourUse]] = {}
    for use in uses:
        grouped.setdefault((use.colour.upper(), use.where), []).append(use)
    advice = []
    for (colour, where), group in grouped.items():
        if where is None:
            continue
        need = max(u.ratio for u in group)
        ratio = col.contrast_ratio(colour, col.WHITE)
        if ratio >= need:
            continue
        roles = list(dict.fromkeys(u.role for u in group if u.ratio >= need))
        shade = col.passing_shade(colour, col.WHITE, need)
        kind = "normal" if need >= col.AA_NORMAL else "large"
        advice.append(
            Advice(
                where,
                f"{group[0].name} {colour} has a contrast of {ratio:.2f}:1 with white, below the "
                f"{need:g}:1 WCAG 2.1 AA asks for {kind} text; used for {'; '.join(roles)}",
                f'use the darker shade "{shade}" ({col.contrast_ratio(shade, col.WHITE):.2f}:1), the nearest of the '
                "same hue that passes"
                if shade
                else "choose a darker colour",
                "contrast",
            )
        )
    return advice


def frame_contrast(model, branding: Branding | None) -> list[Advice]:
    """The branding's accent colour is the frame on the card backs: it needs 3:1 against the main colour
    to be seen (WCAG 2.1 1.4.11, graphical objects)."""
    if not (isinstance(model, Deck) and branding and branding.colours and branding.colours.accent):
        return []
    accent, (main, _w, _n) = branding.colours.accent, _main_colour(model, branding)
    ratio = col.contrast_ratio(accent, main)
    if ratio >= col.AA_NON_TEXT:
        return []
    shade = col.passing_shade(accent, main, col.AA_NON_TEXT)
    return [
        Advice(
            branding.colours.where or branding.where,
            f"the accent colour {accent.upper()} (the frame on the card backs) has a contrast of {ratio:.2f}:1 "
            f"with the primary colour {main.upper()}; the frame hardly shows below 3:1",
            f'use "{shade}" instead, or leave `accent:` out for a white frame'
            if shade
            else "choose an accent much lighter or darker than the primary colour",
            "contrast",
        )
    ]


VIEWS = ("normal", "deuteranopia", "protanopia", "grayscale")
_VIEW_NAMES = {
    "normal": "for everyone",
    "deuteranopia": "with deuteranopia (green-blind)",
    "protanopia": "with protanopia (red-blind)",
    "grayscale": "printed in grayscale",
}


@dataclass(frozen=True)
class CardColour:
    """A colour that question cards of a deck have in their band, and who gives it to them."""

    colour: str  # "#RRGGBB", upper case
    label: str  # e.g. "the principle 'Tillsammans'"
    where: Location | None


def card_colours(model: Deck, branding: Branding | None = None) -> list[CardColour]:
    """The band colours of a deck's question cards, each once, in the order the cards first use them."""
    main, main_where, _name = _main_colour(model, branding)
    brand = branding.colours if branding and branding.colours else None
    if brand and brand.secondary:
        plain = CardColour(brand.secondary.upper(), "cards without a principle (secondary colour)", brand.where)
    else:
        plain = CardColour(main.upper(), "cards without a principle (main colour)", main_where)
    found: dict[str, CardColour] = {}
    for q in model.questions:
        p = model.principle(q.principle)
        entry = CardColour(p.colour.upper(), f"the principle '{p.title}'", p.where) if p and p.colour else plain
        found.setdefault(entry.colour, entry)
    return list(found.values())


def distinct_colours(colours: Sequence[CardColour], settings: Checks = DEFAULT) -> list[Advice]:
    """Pairs of card colours that look nearly the same (CIEDE2000 under `settings.distinct`): for
    everyone, with protanopia or deuteranopia (Machado et al. 2009), or printed in grayscale
    (under `settings.distinct_gray`). Colours that are exactly the same are taken as meant."""
    advice = []
    for a, b in itertools.combinations(colours, 2):
        if a.colour == b.colour or (a.where is None and b.where is None):
            continue
        failing = []
        for view in VIEWS:
            xa, xb = (
                (a.colour, b.colour)
                if view == "normal"
                else (col.simulate(a.colour, view), col.simulate(b.colour, view))
            )
            limit = settings.distinct_gray if view == "grayscale" else settings.distinct
            difference = col.delta_e(xa, xb)
            if difference < limit:
                failing.append((view, difference))
        if not failing:
            continue
        views = {v for v, _ in failing}
        if "normal" in views:
            code = "similar-colours"
        elif views & {"deuteranopia", "protanopia"}:
            code = "colour-blind"
        else:
            code = "grayscale"
        first, second = (a, b) if _place(a.where) <= _place(b.where) else (b, a)
        where, other = (second.where, first.where) if second.where else (first.where, None)
        shown = ", ".join(f"{d:.1f} {_VIEW_NAMES[v]}" for v, d in failing)
        advice.append(
            Advice(
                where,
                f"{second.label} ({second.colour}) and {first.label} ({first.colour}{_at(first.where, where)}) "
                f"are hard to tell apart on the cards: colour difference (ΔE) {shown}; kort asks for at least "
                f"{settings.distinct:g}"
                + (f" ({settings.distinct_gray:g} in grayscale)" if "grayscale" in views else ""),
                "make one of them clearly lighter or darker (lightness helps more than hue: it also "
                "survives grayscale and colour blindness); the band still names the principle on each card",
                code,
                other,
            )
        )
    return advice


def _at(other: Location | None, here: Location | None) -> str:
    """ ", line 12" for a place in the same file, ", at path:12" for another."""
    if other is None:
        return ""
    if here is not None and Path(other.path) == Path(here.path):
        return f", line {other.line}" if other.line else ""
    return f", at {other}"


# --- logos ----------------------------------------------------------------------------------------

PRINT_PPI = 300  # pixels per inch a print shop, or a good office printer, wants
HANDOUT_LOGO_MM = (30.0, 8.0)  # the box of the logo in the header of handouts


def card_logo_box(card_mm: tuple[float, float] = (74.0, 105.0)) -> tuple[float, float]:
    """The box (mm) a logo is fitted into on a card back: the white plate, 0.56 of the card's width
    by 0.26 of its height, less 2 mm all round."""
    return card_mm[0] * 0.56 - 4, card_mm[1] * 0.26 - 4


def logo(path: Path, where: Location, boxes: Sequence[tuple[str, tuple[float, float]]]) -> list[Advice]:
    """A raster logo that prints below 300 ppi in its largest box, and a logo with transparency.

    `boxes` are (what, (width mm, height mm)) of every place the logo is printed; the logo is
    scaled to fit each box keeping its proportions. SVG logos are vectors: only PNG and JPG are judged.
    """
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg") or not path.is_file():
        return []
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            alpha = _transparency(image)
    except (UnidentifiedImageError, OSError):
        return []  # the content check reports a logo it cannot read
    advice = []
    name = path.name
    printed = []
    for what, (box_w, box_h) in boxes:
        scale = min(box_w / width, box_h / height)  # mm a pixel
        printed.append((25.4 / scale, width * scale, height * scale, what))
    if printed:
        ppi, w_mm, h_mm, what = min(printed)
        if ppi < PRINT_PPI:
            need_w = math.ceil(w_mm / 25.4 * PRINT_PPI)
            need_h = math.ceil(h_mm / 25.4 * PRINT_PPI)
            advice.append(
                Advice(
                    where,
                    f"the logo '{name}' is {width} x {height} pixels and prints {w_mm:.0f} x {h_mm:.0f} mm {what}: "
                    f"{ppi:.0f} pixels per inch, below the {PRINT_PPI} print needs, so it may look blurred",
                    f"use a version of at least {need_w} x {need_h} pixels, or an SVG (ask the communications "
                    "department for the print version)",
                    "logo-dpi",
                )
            )
    if alpha:
        advice.append(
            Advice(
                where,
                f"the logo '{name}' {alpha}; print shops may reject transparency (PDF/X-1a) or flatten "
                "it with a halo or a box around the logo",
                "save it without transparency on a white background (it is printed on white): in an image "
                "program flatten the image or remove the alpha channel, then export PNG or JPG",
                "logo-alpha",
            )
        )
    return advice


def _transparency(image) -> str:
    """How an image is transparent, in words for a message ("" when it is not)."""
    if image.mode in ("RGBA", "LA", "PA"):
        low = image.getchannel("A").getextrema()[0]
        if low < 255:
            return "has transparent parts"
        return "has an alpha channel (nothing in it is transparent, but the PDF then carries a transparency mask)"
    if "transparency" in image.info:
        return "has a transparent colour"
    return ""


# --- everything -----------------------------------------------------------------------------------


def check_material(material, settings: Checks = DEFAULT) -> list[Advice]:
    """Readability, duplicate questions and colours of one loaded `content.Material` (its logo is
    judged once per pack by `author_warnings`, which knows every place it is printed)."""
    advice = _own_checks(material, settings) + contrast(colour_uses(material.model, material.branding))
    return _keep(advice, settings, material)


def _own_checks(material, settings: Checks) -> list[Advice]:
    """The checks of one material that no other material shares (all but contrast and logos)."""
    model, lang, branding = material.model, material.lang, material.branding
    advice = readability(model, lang, settings)
    if isinstance(model, Deck):
        advice += duplicates(model.questions, settings)
        advice += distinct_colours(card_colours(model, branding), settings)
    advice += frame_contrast(model, branding)
    return advice


def logo_boxes(material, card_mm: tuple[float, float] = (74.0, 105.0)) -> list[tuple[str, tuple[float, float]]]:
    """Where a material prints its pack's logo: on card backs (decks) and in the header of handouts."""
    boxes = [("in the header of handouts", HANDOUT_LOGO_MM)]
    if isinstance(material.model, Deck):
        boxes.append((f"on the card backs ({card_mm[0]:g} x {card_mm[1]:g} mm cards)", card_logo_box(card_mm)))
    return boxes


def author_warnings(
    materials: Sequence,
    settings: Checks | Callable[[object], Checks] = DEFAULT,
    *,
    card_mm: tuple[float, float] = (74.0, 105.0),
) -> list[Advice]:
    """Every author warning for loaded materials (`content.load_all`), sorted by file and line.

    `settings` is one `Checks` for all, or a function giving each material its pack's (branding.yaml's
    `checks:`); a material's own `checks:` is laid on top. Warnings about shipped text are left out
    when the material is a pack's own (a pack that extends a shipped deck hears only about its own
    questions and colours).
    """
    pack_settings = settings if callable(settings) else (lambda _m: settings)

    def settings_of(m) -> Checks:  # the pack's settings with the material's own `checks:` on top
        return pack_settings(m).merged(getattr(m.model, "checks", None))

    advice: list[Advice] = []
    uses: dict[tuple[str, Location | None], tuple[object, list[ColourUse]]] = {}
    logos: dict[tuple[Path, Location], tuple[object, list]] = {}
    for m in materials:
        advice += _keep(_own_checks(m, settings_of(m)), settings_of(m), m)
        for use in colour_uses(m.model, m.branding):  # a brand colour is judged once, by its strictest use
            uses.setdefault((use.colour.upper(), use.where), (m, []))[1].append(use)
        if m.logo and m.branding:
            where = m.branding.where or Location(m.logo)
            logos.setdefault((m.logo, where), (m, []))[1].extend(logo_boxes(m, card_mm))
    for m, group in uses.values():
        advice += _keep(contrast(group), settings_of(m), m)
    for (path, where), (m, boxes) in logos.items():
        advice += _keep(logo(path, where, list(dict.fromkeys(boxes))), settings_of(m), m)
    unique = list(dict.fromkeys(advice))
    return sorted(unique, key=lambda a: (_place(a.where), a.code, a.message))


def _keep(advice: list[Advice], settings: Checks, material) -> list[Advice]:
    """Leave out ignored codes, and warnings about shipped files when the material is not shipped."""
    shipped_material = _shipped(Path(material.source.path))
    return [
        a
        for a in advice
        if a.code not in settings.ignore
        and (shipped_material or not _shipped(a.where) or (a.also is not None and not _shipped(a.also)))
    ]


@functools.cache
def _shipped_root() -> Path:
    from .content import shipped_root

    return shipped_root().resolve()


def _shipped(where: Location | Path) -> bool:
    """True for a shipped file, and for a shipped card in a pack that extends its deck (content
    names those at the pack's `extends:` line, key `extends.questions[ID]`)."""
    if isinstance(where, Location):
        if where.key.startswith("extends"):
            return True
        where = where.path
    return Path(where).resolve().is_relative_to(_shipped_root())


def summary(advice: Sequence[Advice]) -> str:
    """A one-line count, e.g. "3 warnings (2 lix-hard, 1 contrast)"."""
    if not advice:
        return "no warnings"
    counts: dict[str, int] = {}
    for a in advice:
        counts[a.code] = counts.get(a.code, 0) + 1
    head = "1 warning" if len(advice) == 1 else f"{len(advice)} warnings"
    return f"{head} ({', '.join(f'{n} {c}' for c, n in sorted(counts.items()))})"


__all__ = [
    "Advice",
    "Checks",
    "CODES",
    "Lix",
    "author_warnings",
    "check_material",
    "lix",
    "readability",
    "duplicates",
    "alike",
    "normalise",
    "colour_uses",
    "contrast",
    "frame_contrast",
    "card_colours",
    "distinct_colours",
    "logo",
    "logo_boxes",
    "card_logo_box",
    "summary",
]
