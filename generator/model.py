"""Typed models of kort's content: what a deck of cards holds, read from YAML by `schema`.

Keys are English, values are the user's Swedish or Danish text. Every card has a stable `id`
so that later edits and packs that extend a deck can name it.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .errors import Location, Problem

LANGUAGES = ("sv", "da")
Language = Literal["sv", "da"]

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_id(value: str) -> str:
    if _ID.match(value):
        return ""
    return (
        f"'{value}' is not a valid id; use lower-case letters a-z, digits and '-', "
        f"e.g. '{slugify(value) or 'min-fraga'}'"
    )


def _check_colour(value: str) -> str:
    if _COLOUR.match(value):
        return ""
    return f"'{value}' is not a colour"


def _check_text(value: str) -> str:
    return "" if value.strip() else "the text is empty"


def _source_field():
    """Where a material's text comes from, printed small on it (e.g. "Källa: Holbæk Kommune, översatt från danska")."""
    return field(default="", metadata=doc("where the text comes from, printed small on the material"))


DEFAULT_COLOUR = "#1F5C7A"
COLOUR_HINT = f'write a colour as #RRGGBB in quotes, e.g. "{DEFAULT_COLOUR}"'


def doc(text: str, **extra) -> dict:
    return {"doc": text, **extra}


def _language_field():
    """The `language:` every material may give; the folder name decides when it is left out."""
    return field(default=None, metadata=doc("sv or da; taken from the folder name when left out"))


def _colour_field(text: str = "main colour"):
    """A material's main colour, checked as #RRGGBB."""
    return field(default=DEFAULT_COLOUR, metadata=doc(text, check=_check_colour, hint=COLOUR_HINT))


def slugify(text: str, limit: int = 40) -> str:
    """Make an id from a text: ascii lower case words joined by '-'."""
    folded = unicodedata.normalize(
        "NFKD", text.replace("æ", "ae").replace("ø", "o").replace("Æ", "ae").replace("Ø", "o")
    )
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")


@dataclass(frozen=True)
class Point:
    """A key point of a principle: a line of text, or a title with its explanation."""

    NOUN: ClassVar[str] = "point"
    SHORTHAND: ClassVar[str] = "text"
    text: str = field(metadata=doc("the point, or its explanation when it has a title", check=_check_text))
    title: str = field(default="", metadata=doc("a short heading for the point"))
    where: Location | None = None


@dataclass(frozen=True)
class Principle:
    """One principle: on a deck's instruction cards, or in a principles handout with key points."""

    NOUN: ClassVar[str] = "principle"
    id: str = field(metadata=doc("short name used by questions' `principle:`", check=_check_id))
    title: str = field(metadata=doc("the principle's name", check=_check_text))
    text: str = field(default="", metadata=doc("one or two sentences that explain it"))
    summary: str = field(default="", metadata=doc("a lead sentence printed under the title (handouts)"))
    points_intro: str = field(
        default="", metadata=doc('a line before the key points, e.g. "Ved dette princip forstår vi:"')
    )
    points: tuple[Point, ...] = field(default=(), metadata=doc("key points (handouts)"))
    colour: str | None = field(
        default=None, metadata=doc('colour of its cards, "#RRGGBB"', check=_check_colour, hint=COLOUR_HINT)
    )
    where: Location | None = None


@dataclass(frozen=True)
class Approach:
    """The shared approach the conversations are about: an introduction and its principles."""

    NOUN: ClassVar[str] = "approach"
    title: str = field(default="", metadata=doc("heading of the principles card"))
    intro: str = field(default="", metadata=doc("text before the list of principles"))
    principles: tuple[Principle, ...] = field(default=(), metadata=doc("the principles, each with id, title, text"))
    where: Location | None = None


@dataclass(frozen=True)
class Steps:
    """How to run the session ("Gör så här"), printed on an instruction card."""

    NOUN: ClassVar[str] = "steps"
    items: tuple[str, ...] = field(metadata=doc("the steps, one list item each"))
    title: str = field(default="", metadata=doc("heading; the language's standard heading when left out"))
    closing: str = field(default="", metadata=doc('a closing line, e.g. "Lycka till!"'))
    where: Location | None = None


@dataclass(frozen=True)
class Question:
    """One conversation card. May be written as a plain string (then its id comes from the text)."""

    NOUN: ClassVar[str] = "question"
    SHORTHAND: ClassVar[str] = "text"
    text: str = field(
        metadata=doc(
            "the question or prompt printed on the card",
            check=_check_text,
            hint="write the question after `text:`, or remove the item",
        )
    )
    id: str = field(default="", metadata=doc("stable short name, e.g. tillit-samarbete", check=_check_id))
    principle: str | None = field(default=None, metadata=doc("id of a principle: gives the card its colour and label"))
    category: str | None = field(default=None, metadata=doc("a free label printed on the card, e.g. Tillit"))
    where: Location | None = None

    def __post_init__(self):
        if not self.id:
            object.__setattr__(self, "id", slugify(self.text))


@dataclass(frozen=True)
class Deck:
    """A deck of conversation cards with its instruction cards."""

    NOUN: ClassVar[str] = "deck"
    kind: Literal["deck"] = field(metadata=doc("what this file is: `deck` for a card deck"))
    title: str = field(
        default="",
        metadata=doc("the deck's name, printed on every card back; required unless the deck extends another"),
    )
    questions: tuple[Question, ...] = field(default=(), metadata=doc("the cards, one list item each"))
    extends: str | None = field(
        default=None,
        metadata=doc(
            "a shipped deck to start from, e.g. mingel: its cards come first, yours are added or replace them by id",
            check=_check_id,
        ),
    )
    drop: tuple[str, ...] = field(default=(), metadata=doc("ids of cards of the extended deck to leave out"))
    language: Language | None = _language_field()
    publisher: str = field(default="", metadata=doc("who stands behind the material; printed small on the backs"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    intro: str = field(default="", metadata=doc("what the cards are for, on the first instruction card"))
    approach: Approach | None = field(default=None, metadata=doc("the shared approach and its principles"))
    steps: Steps | None = field(default=None, metadata=doc("how to use the cards"))
    colour: str = _colour_field("main colour: card backs and cards without a principle")
    where: Location | None = None

    def principle(self, principle_id: str | None) -> Principle | None:
        if not principle_id or not self.approach:
            return None
        return next((p for p in self.approach.principles if p.id == principle_id), None)


def check_deck(deck: Deck, problems: list[Problem]) -> None:
    """Cross-field checks: unique ids, and questions that name an existing principle."""
    principles = deck.approach.principles if deck.approach else ()
    _unique([(p.id, p.where) for p in principles], "principles", problems)
    principle_ids = dict.fromkeys(p.id for p in principles)  # in order, for the hint
    seen: dict[str, Location | None] = {}
    for q in deck.questions:
        if q.id in seen:
            first = seen[q.id]
            problems.append(
                Problem(
                    q.where.at("id") if q.where else deck.where,
                    f"two questions have the id '{q.id}' (the other is on line {first.line if first else '?'})",
                    "give this question its own `id:`",
                )
            )
        seen[q.id] = q.where
        if q.principle and q.principle not in principle_ids:
            import difflib

            guess = difflib.get_close_matches(q.principle, list(principle_ids), n=1)
            hint = (
                f"did you mean '{guess[0]}'?"
                if guess
                else "known principles: " + (", ".join(principle_ids) or "none (add them under approach: principles:)")
            )
            problems.append(
                Problem(
                    q.where.at("principle") if q.where else deck.where,
                    f"question '{q.id}' names the principle '{q.principle}', which the deck does not have",
                    hint,
                )
            )
    if not deck.questions:
        problems.append(Problem(deck.where, "the deck has no questions", "add at least one item under `questions:`"))
    if not deck.title.strip():
        problems.append(
            Problem(
                deck.where,
                "deck is missing the key 'title'",
                "add 'title:' (the deck's name, printed on every card back)",
            )
        )


@dataclass(frozen=True)
class PrincipleSet:
    """A set of principles for collaboration, printed as an A4 handout."""

    NOUN: ClassVar[str] = "principles"
    kind: Literal["principles"] = field(metadata=doc("`principles` for a principles handout"))
    title: str = field(metadata=doc("the handout's title", check=_check_text))
    principles: tuple[Principle, ...] = field(metadata=doc("the principles, each with id, title and text"))
    language: Language | None = _language_field()
    publisher: str = field(default="", metadata=doc("who stands behind the principles"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    intro: str = field(default="", metadata=doc("text before the principles"))
    closing: str = field(default="", metadata=doc("text after the principles"))
    colour: str = _colour_field()
    where: Location | None = None


@dataclass(frozen=True)
class ChecklistPoint:
    """A numbered point of a checklist, with optional sub-points; each gets a tick box."""

    NOUN: ClassVar[str] = "point"
    SHORTHAND: ClassVar[str] = "text"
    text: str = field(metadata=doc("what to remember", check=_check_text))
    items: tuple[str, ...] = field(default=(), metadata=doc("sub-points, each with its own tick box"))
    lettered: bool = field(default=False, metadata=doc("number the sub-points a), b), c)"))
    where: Location | None = None


@dataclass(frozen=True)
class ChecklistSection:
    NOUN: ClassVar[str] = "section"
    title: str = field(metadata=doc("the section's heading", check=_check_text))
    points: tuple[ChecklistPoint, ...] = field(metadata=doc("numbered points; numbering runs on across sections"))
    where: Location | None = None


@dataclass(frozen=True)
class Checklist:
    """A checklist for joint meetings: guiding principles, numbered points with tick boxes, and
    fields to fill in (who does what, follow-up)."""

    NOUN: ClassVar[str] = "checklist"
    kind: Literal["checklist"] = field(metadata=doc("`checklist`"))
    title: str = field(metadata=doc("the checklist's title", check=_check_text))
    sections: tuple[ChecklistSection, ...] = field(metadata=doc("sections with numbered points"))
    language: Language | None = _language_field()
    subtitle: str = field(default="", metadata=doc("a line under the title"))
    publisher: str = field(default="", metadata=doc("who stands behind the checklist"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    intro: str = field(default="", metadata=doc("text before the principles"))
    principles_title: str = field(default="", metadata=doc("heading of the guiding principles"))
    principles: tuple[str, ...] = field(default=(), metadata=doc("guiding principles, one list item each"))
    action_rows: int = field(
        default=5,
        metadata=doc(
            'rows to fill in under "who does what"', check=lambda n: "" if 0 <= n <= 20 else "must be 0 to 20"
        ),
    )
    colour: str = _colour_field()
    where: Location | None = None


@dataclass(frozen=True)
class Meeting:
    """One meeting type: why, when, who, what it combines with, the law, a tip, and its weeks."""

    NOUN: ClassVar[str] = "meeting"
    id: str = field(metadata=doc("short name", check=_check_id))
    name: str = field(metadata=doc("the meeting's name", check=_check_text))
    why: str = field(metadata=doc("why the meeting is held", check=_check_text))
    when: str = field(default="", metadata=doc("when it is held"))
    who: str = field(default="", metadata=doc("who takes part"))
    combine: str = field(default="", metadata=doc("which meetings it can be combined with"))
    law: tuple[str, ...] = field(default=(), metadata=doc("legal references, one list item each"))
    tip: str = field(default="", metadata=doc("a practical tip"))
    weeks: tuple[int, ...] = field(default=(), metadata=doc("weeks of the series in which it is held, e.g. [1, 4]"))
    overview_note: str = field(default="", metadata=doc("comment in the overview table"))
    where: Location | None = None


@dataclass(frozen=True)
class MeetingSeries:
    """Meeting types of a coordinated series: one card per type and an overview of the weeks."""

    NOUN: ClassVar[str] = "meetings"
    kind: Literal["meetings"] = field(metadata=doc("`meetings`"))
    title: str = field(metadata=doc("the series' title", check=_check_text))
    meetings: tuple[Meeting, ...] = field(metadata=doc("the meeting types, in order"))
    language: Language | None = _language_field()
    publisher: str = field(default="", metadata=doc("who stands behind the material"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    intro: str = field(default="", metadata=doc("text above the overview"))
    weeks: int = field(
        default=12, metadata=doc("weeks in the overview", check=lambda n: "" if 1 <= n <= 26 else "must be 1 to 26")
    )
    overview_title: str = field(default="", metadata=doc("heading of the overview"))
    card: str = field(default="a6", metadata=doc("card size the meeting cards need; --card-size does not change it"))
    colour: str = _colour_field()
    where: Location | None = None


@dataclass(frozen=True)
class Minutes:
    NOUN: ClassVar[str] = "minutes"
    introduction: int = field(default=10, metadata=doc("minutes for the introduction"))
    round: int = field(default=6, metadata=doc("minutes for one conversation round (both partners)"))
    reflection: int = field(default=15, metadata=doc("minutes for the joint reflection at the end"))
    where: Location | None = None


@dataclass(frozen=True)
class Guide:
    """A facilitator guide for a mingel session, built from a deck of the same language."""

    NOUN: ClassVar[str] = "guide"
    kind: Literal["guide"] = field(metadata=doc("`guide`"))
    title: str = field(metadata=doc("the guide's title", check=_check_text))
    deck: str = field(metadata=doc("file name (without .yaml) of the deck it is for, e.g. mingel", check=_check_id))
    language: Language | None = _language_field()
    purpose: str = field(default="", metadata=doc("why the session is held"))
    group_size: int = field(
        default=20,
        metadata=doc(
            "participants the timing is planned for", check=lambda n: "" if 2 <= n <= 10000 else "must be 2 to 10000"
        ),
    )
    minutes: Minutes = field(default=Minutes(), metadata=doc("minutes for introduction, each round, reflection"))
    max_rounds: int = field(default=6, metadata=doc("at most this many partner changes"))
    tips: tuple[str, ...] = field(default=(), metadata=doc("practical tips, one list item each"))
    publisher: str = field(default="", metadata=doc("who stands behind the guide; the deck's when left out"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    colour: str = _colour_field()
    where: Location | None = None

    def rounds(self) -> int:
        """Conversation rounds for the group: everybody meets a new partner each round."""
        return max(1, min(self.group_size - 1, self.max_rounds))

    def total_minutes(self) -> int:
        return self.minutes.introduction + self.rounds() * self.minutes.round + self.minutes.reflection


@dataclass(frozen=True)
class Section:
    NOUN: ClassVar[str] = "section"
    title: str = field(metadata=doc("the section's heading", check=_check_text))
    text: str = field(default="", metadata=doc("a paragraph under the heading"))
    items: tuple[str, ...] = field(default=(), metadata=doc("a list under the paragraph"))
    numbered: bool = field(default=False, metadata=doc("number the list"))
    where: Location | None = None


@dataclass(frozen=True)
class Handout:
    """A free-form A4 handout: a title, an introduction and sections with text and lists."""

    NOUN: ClassVar[str] = "handout"
    kind: Literal["handout"] = field(metadata=doc("`handout`"))
    title: str = field(metadata=doc("the handout's title", check=_check_text))
    sections: tuple[Section, ...] = field(metadata=doc("the sections, in order"))
    language: Language | None = _language_field()
    subtitle: str = field(default="", metadata=doc("a line under the title"))
    publisher: str = field(default="", metadata=doc("who stands behind the material"))
    source: str = _source_field()
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks: limits and intended exceptions (see docs/author-checks.md)")
    )
    intro: str = field(default="", metadata=doc("text before the sections"))
    colour: str = _colour_field()
    where: Location | None = None


@dataclass(frozen=True)
class Colours:
    NOUN: ClassVar[str] = "colours"
    primary: str = field(
        metadata=doc("main colour: card backs, bands, headings", check=_check_colour, hint=COLOUR_HINT)
    )
    secondary: str | None = field(
        default=None, metadata=doc("second colour: cards without a principle", check=_check_colour, hint=COLOUR_HINT)
    )
    accent: str | None = field(
        default=None, metadata=doc("third colour: the frame on card backs", check=_check_colour, hint=COLOUR_HINT)
    )
    where: Location | None = None


@dataclass(frozen=True)
class Branding:
    """A municipality's identity, applied to every material in the same pack: name, logo, colours,
    footer and a contact link printed as a QR code."""

    NOUN: ClassVar[str] = "branding"
    kind: Literal["branding"] = field(metadata=doc("`branding`"))
    organisation: str = field(metadata=doc("the organisation's name, on card backs and handouts", check=_check_text))
    logo: str = field(default="", metadata=doc("a PNG, JPG or SVG file, relative to this file and inside the pack"))
    colours: Colours | None = field(default=None, metadata=doc("primary, and optionally secondary and accent"))
    footer: str = field(default="", metadata=doc("a line at the foot of handouts and the instruction card"))
    contact: str = field(default="", metadata=doc("a web address or e-mail, printed as a QR code"))
    language: Language | None = field(default=None, metadata=doc("sv or da; leave out to brand both languages"))
    checks: "Checks | None" = field(
        default=None, metadata=doc("author checks for every material of the pack (see docs/author-checks.md)")
    )
    where: Location | None = None


# The codes a warning can have; `Checks.ignore` names some of them.
CODES = {
    "lix-hard": "a question, card text or handout section is harder to read than the pack's LIX limit",
    "duplicate-question": "two questions of a deck are the same or nearly the same",
    "contrast": "text on (or in) a colour does not reach WCAG 2.1 AA contrast",
    "similar-colours": "two card colours of a deck look nearly the same",
    "colour-blind": "two card colours of a deck look alike to people with protanopia or deuteranopia",
    "grayscale": "two card colours of a deck print as the same gray",
    "logo-dpi": "a raster logo prints at fewer than 300 pixels per inch",
    "logo-alpha": "a logo has transparency, which print shops may reject or flatten badly",
}


LIX_BANDS = {
    "sv": ((30, "very easy"), (40, "easy"), (50, "medium"), (60, "hard"), (math.inf, "very hard")),
    "da": ((25, "very easy"), (35, "easy"), (45, "medium"), (55, "hard"), (math.inf, "very hard")),
}
LIX_QUESTION = {"sv": 50.0, "da": 45.0}  # where "hard" starts: a card is read aloud and answered at once
LIX_TEXT = {"sv": 60.0, "da": 55.0}  # where "very hard" starts: handouts are official prose, read alone


def _check_lix(value: float | None) -> str:
    return "" if value is None or 10 <= value <= 100 else "must be a LIX value from 10 to 100"


def _check_codes(values: tuple[str, ...]) -> str:
    unknown = [v for v in values if v not in CODES]
    return f"'{unknown[0]}' is not a warning kort gives; codes: {', '.join(CODES)}" if unknown else ""


def _check_pairs(groups: tuple[tuple[str, ...], ...]) -> str:
    short = [g for g in groups if len(g) < 2]
    return "each item must name two or more question ids, e.g. [tillit-barnet, tillit-samarbete]" if short else ""


@dataclass(frozen=True)
class Checks:
    """What the author checks warn about, read from a pack's `checks:` block; every key may be left out."""

    NOUN: ClassVar[str] = "checks"
    lix_question: float | None = field(
        default=None,
        metadata=doc("warn about a question above this LIX; 50 for sv, 45 for da when left out", check=_check_lix),
    )
    lix_text: float | None = field(
        default=None,
        metadata=doc(
            "warn about a card text or handout section above this LIX; 60 for sv, 55 for da when left out",
            check=_check_lix,
        ),
    )
    allow_hard: tuple[str, ...] = field(
        default=(), metadata=doc("ids of questions, principles or meetings, or titles of sections, that may be hard")
    )
    allow_similar: tuple[tuple[str, ...], ...] = field(
        default=(),
        metadata=doc("groups of question ids that are alike on purpose, e.g. [[a, b]]", check=_check_pairs),
    )
    similar: float = field(
        default=90.0,
        metadata=doc(
            "how alike two questions must be (0-100) to be warned about",
            check=lambda v: "" if 50 <= v <= 100 else "must be 50 to 100",
        ),
    )
    distinct: float = field(
        default=10.0,
        metadata=doc(
            "smallest colour difference (CIEDE2000) of two card colours",
            check=lambda v: "" if 0 <= v <= 50 else "must be 0 to 50",
        ),
    )
    distinct_gray: float = field(
        default=3.0,
        metadata=doc(
            "smallest difference (CIEDE2000) of two card colours printed in grayscale",
            check=lambda v: "" if 0 <= v <= 50 else "must be 0 to 50",
        ),
    )
    ignore: tuple[str, ...] = field(
        default=(), metadata=doc("warning codes not to give, e.g. [grayscale, logo-alpha]", check=_check_codes)
    )
    where: Location | None = None

    def lix_limit(self, lang: str, kind: str) -> float:
        """The LIX above which a question (kind "question") or a text (kind "text") is warned about."""
        if kind == "question":
            return self.lix_question if self.lix_question is not None else LIX_QUESTION.get(lang, 50.0)
        return self.lix_text if self.lix_text is not None else LIX_TEXT.get(lang, 60.0)

    def allows_hard(self, *names: str) -> bool:
        wanted = {n.casefold().strip() for n in self.allow_hard}
        return any(n and n.casefold().strip() in wanted for n in names)

    def allows_similar(self, a: str, b: str) -> bool:
        return any(a in group and b in group for group in self.allow_similar)

    def merged(self, other: Checks | None) -> Checks:
        """These settings with `other`'s on top, e.g. a file's `checks:` over its pack's: lists are
        joined, and a number `other` sets (differs from the default) replaces this one's."""
        if other is None:
            return self
        changes = {}
        for f in dataclasses.fields(self):
            if f.name == "where":
                continue
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, tuple):
                changes[f.name] = mine + tuple(v for v in theirs if v not in mine)
            elif theirs != f.default:
                changes[f.name] = theirs
        return dataclasses.replace(self, **changes, where=other.where or self.where)


Material = Deck | PrincipleSet | Checklist | MeetingSeries | Guide | Handout
KINDS: dict[str, type] = {
    "deck": Deck,
    "principles": PrincipleSet,
    "checklist": Checklist,
    "meetings": MeetingSeries,
    "guide": Guide,
    "handout": Handout,
    "branding": Branding,
}


def publisher_of(publisher: str, branding: Branding | None) -> str:
    """Who printed material names: the organisation of a branded pack, else the material's publisher."""
    return branding.organisation if branding else publisher


@dataclass(frozen=True)
class Brand:
    """A material's identity as printed, worked out once from its pack's branding (or from the
    material alone): every renderer and template reads this, never the branding rules."""

    publisher: str  # who the material names: the organisation, else the material's publisher
    colour: str  # main colour: backs, bands, headings
    plain_colour: str  # bands of cards without a principle
    frame: str  # the frame on card backs; "" for the back's own ink
    footer: str  # the branding's footer line: small print on the first instruction card
    footer_first: str  # the first part of a handout's footer: that line, the organisation or the publisher
    contact: str  # a link printed as a QR code, with the organisation's name
    organisation: str
    branded: bool  # whether a pack's branding applies


def brand_of(model, branding: Branding | None) -> Brand:
    """The Brand of a material (a deck, handout ...) in a pack with `branding` (or none)."""
    colours = branding.colours if branding else None
    colour = colours.primary if colours else getattr(model, "colour", DEFAULT_COLOUR)
    publisher = publisher_of(getattr(model, "publisher", ""), branding)
    return Brand(
        publisher=publisher,
        colour=colour,
        plain_colour=(colours.secondary if colours and colours.secondary else colour),
        frame=(colours.accent if colours and colours.accent else ""),
        footer=branding.footer if branding else "",
        footer_first=(branding.footer or branding.organisation) if branding else publisher,
        contact=branding.contact if branding else "",
        organisation=branding.organisation if branding else "",
        branded=branding is not None,
    )


def check_model(model, problems: list[Problem]) -> None:
    """Cross-field checks of any kind of material."""
    if isinstance(model, Deck):
        check_deck(model, problems)
    elif isinstance(model, PrincipleSet):
        _unique([(p.id, p.where) for p in model.principles], "principles", problems)
    elif isinstance(model, MeetingSeries):
        _unique([(m.id, m.where) for m in model.meetings], "meetings", problems)
        for m in model.meetings:
            bad = [w for w in m.weeks if not 1 <= w <= model.weeks]
            if bad:
                problems.append(
                    Problem(
                        m.where,
                        f"meeting '{m.id}' is held in week {bad[0]}, but the series has weeks 1 to {model.weeks}",
                        "correct `weeks:` or the series' `weeks:`",
                    )
                )


def _unique(ids, what: str, problems: list[Problem]) -> None:
    seen: dict[str, Location | None] = {}
    for key, where in ids:
        if key in seen:
            problems.append(Problem(where, f"two {what} have the id '{key}'", "give each its own `id:`"))
        seen[key] = where


def texts(model):
    """Yield every user text of a model, with the place it came from, for the glyph check."""
    stack = [(model, getattr(model, "where", None))]
    while stack:
        obj, where = stack.pop()
        here = getattr(obj, "where", None) or where
        for name, not_text in _text_fields(type(obj)):
            value = getattr(obj, name)
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if isinstance(v, str):
                    if not not_text:
                        yield v, here
                elif v is not None and not isinstance(v, Location) and hasattr(v, "__dataclass_fields__"):
                    stack.append((v, here))


_NOT_TEXT = {
    "id",
    "colour",
    "kind",
    "language",
    "deck",
    "card",
    "extends",
    "drop",
    "logo",
    "primary",
    "secondary",
    "accent",
    "where",
}


@functools.cache
def _text_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """Each field's name and whether it holds no printed text (ids, colours...), once per class."""
    import dataclasses

    return tuple((f.name, f.name in _NOT_TEXT) for f in dataclasses.fields(cls) if f.name != "where")
