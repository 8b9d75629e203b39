"""Words on the cards: Jinja renders each card face from the content, localised with gettext.

The templates own every word (and nothing about positions); the renderer receives `Face`s made
of styled blocks of ReportLab paragraph markup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from .errors import Location
from .i18n import gettext_for
from .model import Deck, Question
from .resources import package_path
from .typography import smarten


@dataclass(frozen=True)
class Block:
    """One paragraph: a style name from the renderer's style sheet and its markup."""

    style: str
    markup: str


@dataclass(frozen=True)
class Face:
    """Everything printed on one card front."""

    id: str
    where: Location | None
    kind: str  # "question" or "info"
    label: str  # text in the colour band
    colour: str
    blocks: tuple[Block, ...]
    number: str = ""  # small print in the corner


@dataclass(frozen=True)
class BackFace:
    """What a card back carries: the deck's name, its publisher and colour."""

    title: str
    publisher: str
    colour: str


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    """A Jinja environment for `lang`: autoescaped markup, strict variables, gettext installed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_path("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext_for(lang), lambda s, p, n: gettext_for(lang)(s if n == 1 else p),
                                  newstyle=True)
    env.filters["typo"] = lambda text: escape(smarten(str(text), lang))
    return env


def _blocks(rendered: str) -> tuple[Block, ...]:
    """Split template output into blocks: each starts with a line '@style'."""
    blocks: list[Block] = []
    style, lines = "", []
    for line in rendered.splitlines():
        if line.startswith("@"):
            if style:
                blocks.append(Block(style, " ".join(lines).strip()))
            style, lines = line[1:].strip(), []
        elif line.strip():
            lines.append(line.strip())
    if style:
        blocks.append(Block(style, " ".join(lines).strip()))
    return tuple(b for b in blocks if b.markup)


def info_faces(deck: Deck, lang: str) -> list[Face]:
    """The instruction cards that make the printed deck explain itself."""
    env = environment(lang)
    faces = []
    for name in ("intro", "principles", "steps"):
        template = env.get_template(f"card_{name}.j2")
        blocks = _blocks(template.render(deck=deck))
        if blocks:
            faces.append(Face(f"{name} (instruction card)", _where(deck, name), "info", deck.title, deck.colour,
                              blocks))
    return faces


def question_faces(deck: Deck, lang: str, questions: tuple[Question, ...] | None = None) -> list[Face]:
    """One face per question card, with its principle's colour and label."""
    template = environment(lang).get_template("card_question.j2")
    faces = []
    source = deck.questions if questions is None else questions
    numbers = {q.id: i for i, q in enumerate(deck.questions, 1)}
    for q in source:
        principle = deck.principle(q.principle)
        label = principle.title if principle else (q.category or "")
        colour = principle.colour if principle and principle.colour else deck.colour
        blocks = _blocks(template.render(question=q, deck=deck))
        faces.append(Face(q.id, q.where, "question", smarten(label, lang), colour, blocks,
                          str(numbers.get(q.id, ""))))
    return faces


def back_face(deck: Deck, lang: str) -> BackFace:
    return BackFace(smarten(deck.title, lang), smarten(deck.publisher, lang), deck.colour)


def _where(deck: Deck, part: str) -> Location | None:
    node = {"intro": deck, "principles": deck.approach, "steps": deck.steps}[part]
    return getattr(node, "where", None) or deck.where


__all__ = ["Block", "Face", "BackFace", "info_faces", "question_faces", "back_face", "Markup"]
