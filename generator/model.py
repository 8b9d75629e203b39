"""Typed models of kort's content: what a deck of cards holds, read from YAML by `schema`.

Keys are English, values are the user's Swedish or Danish text. Every card has a stable `id`
so that later edits and packs that extend a deck can name it.
"""

from __future__ import annotations

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
    return (f"'{value}' is not a valid id; use lower-case letters a-z, digits and '-', "
            f"e.g. '{slugify(value) or 'min-fraga'}'")


def _check_colour(value: str) -> str:
    if _COLOUR.match(value):
        return ""
    return f"'{value}' is not a colour"


def _check_text(value: str) -> str:
    return "" if value.strip() else "the text is empty"


COLOUR_HINT = 'write a colour as #RRGGBB in quotes, e.g. "#1F5C7A"'


def doc(text: str, **extra) -> dict:
    return {"doc": text, **extra}


def slugify(text: str, limit: int = 40) -> str:
    """Make an id from a text: ascii lower case words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("ø", "o").replace("Æ", "ae")
                                   .replace("Ø", "o"))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")


@dataclass(frozen=True)
class Principle:
    """One principle of a shared approach, shown on the instruction cards."""

    NOUN: ClassVar[str] = "principle"
    id: str = field(metadata=doc("short name used by questions' `principle:`", check=_check_id))
    title: str = field(metadata=doc("the principle's name", check=_check_text))
    text: str = field(default="", metadata=doc("one or two sentences that explain it"))
    colour: str | None = field(default=None, metadata=doc("colour of its cards, \"#RRGGBB\"", check=_check_colour,
                                                          hint=COLOUR_HINT))
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
    closing: str = field(default="", metadata=doc("a closing line, e.g. \"Lycka till!\""))
    where: Location | None = None


@dataclass(frozen=True)
class Question:
    """One conversation card. May be written as a plain string (then its id comes from the text)."""

    NOUN: ClassVar[str] = "question"
    SHORTHAND: ClassVar[str] = "text"
    text: str = field(metadata=doc("the question or prompt printed on the card", check=_check_text,
                                   hint="write the question after `text:`, or remove the item"))
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
    title: str = field(metadata=doc("the deck's name, printed on every card back", check=_check_text))
    questions: tuple[Question, ...] = field(metadata=doc("the cards, one list item each"))
    language: Language | None = field(default=None, metadata=doc("sv or da; taken from the folder name when left out"))
    publisher: str = field(default="", metadata=doc("who stands behind the material; printed small on the backs"))
    intro: str = field(default="", metadata=doc("what the cards are for, on the first instruction card"))
    approach: Approach | None = field(default=None, metadata=doc("the shared approach and its principles"))
    steps: Steps | None = field(default=None, metadata=doc("how to use the cards"))
    colour: str = field(default="#1F5C7A", metadata=doc("main colour: card backs and cards without a principle",
                                                       check=_check_colour, hint=COLOUR_HINT))
    where: Location | None = None

    def principle(self, principle_id: str | None) -> Principle | None:
        if not principle_id or not self.approach:
            return None
        return next((p for p in self.approach.principles if p.id == principle_id), None)


def check_deck(deck: Deck, problems: list[Problem]) -> None:
    """Cross-field checks: unique ids, and questions that name an existing principle."""
    principle_ids: dict[str, Location | None] = {}
    for p in deck.approach.principles if deck.approach else ():
        if p.id in principle_ids:
            problems.append(Problem(p.where, f"two principles have the id '{p.id}'", "give each principle its own id"))
        principle_ids[p.id] = p.where
    seen: dict[str, Location | None] = {}
    for q in deck.questions:
        if q.id in seen:
            first = seen[q.id]
            problems.append(Problem(q.where, f"two questions have the id '{q.id}' (the other is on line "
                                             f"{first.line if first else '?'})",
                                    "give this question its own `id:`"))
        seen[q.id] = q.where
        if q.principle and q.principle not in principle_ids:
            import difflib
            guess = difflib.get_close_matches(q.principle, list(principle_ids), n=1)
            hint = (f"did you mean '{guess[0]}'?" if guess else
                    "known principles: " + (", ".join(principle_ids) or "none (add them under approach: principles:)"))
            problems.append(Problem(q.where, f"question '{q.id}' names the principle '{q.principle}', which the deck "
                                             f"does not have", hint))
    if not deck.questions:
        problems.append(Problem(deck.where, "the deck has no questions", "add at least one item under `questions:`"))
