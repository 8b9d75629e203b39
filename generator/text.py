"""Words on the cards: Jinja renders each card face from the content, localised with gettext.

The templates own every word (and nothing about positions); their output is parsed into the
typed blocks of `document`, so the renderers receive data, never markup made of user text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import document
from .document import Block
from .errors import Location
from .i18n import gettext_for
from .model import Brand, Deck, MeetingSeries, Question
from .resources import package_path
from .typography import smarten


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
    qr: str = ""  # a contact link printed as a QR code at the foot of the card


@dataclass(frozen=True)
class BackFace:
    """What a card back carries: the deck's name, its publisher (or the organisation), colours and logo."""

    title: str
    publisher: str
    colour: str
    frame: str = ""  # colour of the frame; white when empty
    logo: Path | None = None
    note: str = ""  # a word above the motif, e.g. "Läs först" on the instruction cards' backs


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
    env.install_gettext_callables(
        gettext_for(lang), lambda s, p, n: gettext_for(lang)(s if n == 1 else p), newstyle=True
    )
    env.filters["typo"] = lambda text: escape(smarten(str(text), lang))
    env.filters["number"] = lambda value: format_number(value, lang)
    env.filters["letter"] = letter
    return env


def letter(index: int) -> str:
    """The label of a sub-point: a, b, ... z, then aa, ab, ..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = "abcdefghijklmnopqrstuvwxyz"[rest] + text
    return text


def render_blocks(template: str, lang: str, **context) -> tuple[Block, ...]:
    """Render a template into document blocks."""
    return document.parse(environment(lang).get_template(template).render(**context))


def info_faces(deck: Deck, lang: str, brand: Brand | None = None) -> list[Face]:
    """The instruction cards that make the printed deck explain itself; the first carries the
    organisation's footer and contact QR code when the pack is branded."""
    faces = []
    for name in ("intro", "principles", "steps"):
        blocks = render_blocks(f"card_{name}.j2", lang, deck=deck, brand=brand if not faces else None)
        if blocks:
            qr = brand.contact if brand and not faces else ""
            faces.append(
                Face(f"{name} (instruction card)", _where(deck, name), "info", deck.title, deck.colour, blocks, qr=qr)
            )
    return faces


def question_faces(
    deck: Deck, lang: str, questions: tuple[Question, ...] | None = None, plain_colour: str | None = None
) -> list[Face]:
    """One face per question card, with its principle's colour and label (`plain_colour`, or the
    deck's colour, for cards without a principle)."""
    source = deck.questions if questions is None else questions
    blocks = render_blocks("card_question.j2", lang, questions=source, deck=deck)  # one render for all cards
    if len(blocks) != len(source):
        raise document.TemplateError("card_question.j2 must give exactly one paragraph per question")
    numbers = {q.id: i for i, q in enumerate(deck.questions, 1)}
    labels: dict[str | None, tuple[str, str]] = {}
    faces = []
    for q, block in zip(source, blocks):
        key = q.principle or f"category:{q.category or ''}"
        if key not in labels:
            principle = deck.principle(q.principle)
            # A card without principle or category carries the deck's name: no band is left empty.
            label = principle.title if principle else (q.category or deck.title)
            colour = principle.colour if principle and principle.colour else (plain_colour or deck.colour)
            labels[key] = (smarten(label, lang), colour)
        label, colour = labels[key]
        faces.append(Face(q.id, q.where, "question", label, colour, (block,), str(numbers.get(q.id, ""))))
    return faces


def back_face(deck, lang: str, brand: Brand, logo: Path | None = None) -> BackFace:
    """The back design of a deck's (or a meeting series') cards."""
    return BackFace(smarten(deck.title, lang), smarten(brand.publisher, lang), brand.colour, brand.frame, logo)


def meeting_faces(series: MeetingSeries, lang: str) -> list[tuple[Face, Face]]:
    """A front (name, why) and a back (when, who, combine, law) for every meeting type."""
    _ = gettext_for(lang)
    total = len(series.meetings)
    pairs = []
    for n, m in enumerate(series.meetings, 1):
        label = _("Meeting type {n} of {total}").format(n=n, total=total)
        front = render_blocks("card_meeting_front.j2", lang, meeting=m)
        back = render_blocks("card_meeting_back.j2", lang, meeting=m)
        pairs.append(
            (
                Face(m.id, m.where, "info", label, series.colour, front),
                Face(f"{m.id} (back)", m.where, "info", m.name, series.colour, back),
            )
        )
    return pairs


@dataclass(frozen=True)
class HandoutWords:
    """The words of a handout: its blocks, and the words around them on every page."""

    blocks: tuple[Block, ...]
    page_label: str
    footer: str


def handout_words(template: str, lang: str, publisher: str, brand: Brand | None = None, **context) -> HandoutWords:
    """Render a handout template and the localised page furniture (page x of y, date)."""
    _ = gettext_for(lang)
    blocks = render_blocks(template, lang, **context)
    if brand and brand.contact:
        blocks += render_blocks("handout_contact.j2", lang, brand=brand)
    printed = _("Printed {date}").format(date=format_day(lang))
    first = smarten(brand.footer_first if brand and brand.branded else publisher, lang)
    footer = f"{first} · {printed}" if first else printed
    return HandoutWords(blocks, _("Page {page} of {pages}"), footer)


def format_number(value, lang: str) -> str:
    """A number the way the language writes it (1 000 / 1.000, 2,5)."""
    from babel.numbers import format_decimal

    from .i18n import LOCALES

    # CLDR may group with a narrow no-break space, which the embedded font has no glyph for.
    return format_decimal(value, locale=LOCALES[lang]).replace("\u202f", "\u00a0")


def format_day(lang: str) -> str:
    """Today (or SOURCE_DATE_EPOCH, for reproducible builds) as the language writes a date."""
    import datetime
    import os

    from babel.dates import format_date

    from .i18n import LOCALES

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    day = datetime.date.today()
    if epoch:
        try:
            day = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            from .errors import UsageError

            raise UsageError(
                f"SOURCE_DATE_EPOCH is '{epoch[:40]}'; it must be whole seconds since 1 January 1970 before "
                "the year 10000, e.g. 1741910400 (or unset it to print today's date)"
            ) from None
    return format_date(day, format="long", locale=LOCALES[lang])


def _where(deck: Deck, part: str) -> Location | None:
    node = {"intro": deck, "principles": deck.approach, "steps": deck.steps}[part]
    return getattr(node, "where", None) or deck.where


__all__ = ["Face", "BackFace", "info_faces", "question_faces", "back_face", "Markup"]
