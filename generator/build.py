"""The orchestrator: the only module that knows the order of the stages.

load and check all content → words for every card (Jinja, gettext) → fit every text on its card
→ only then draw each PDF to a temporary file and move it into place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .content import Material, discover, load_all
from .errors import ContentError, Location, Problem
from .errors import UsageError
from .layout import MIN_MARGIN_MM, MM, Layout, load_layout, parse_offset
from .model import Deck


@dataclass(frozen=True)
class Options:
    """What the user asked for on the command line; None keeps the layout's value."""

    out: Path = Path("output")
    lang: str = "all"
    layout: str | None = None  # a layout name (sheet, single, fold) or a YAML file
    card: str | None = None
    paper: str | None = None
    backs: bool | None = None
    cut_guides: str | None = None
    bleed: float | None = None
    margin: float | None = None
    gutter: float | None = None
    duplex: str | None = None
    ink_saving: bool | None = None
    offset_back: str | None = None
    test_page: bool = False

    def resolve_layout(self) -> Layout:
        base = load_layout(self.layout)
        names = ("card", "paper", "backs", "cut_guides", "bleed", "margin", "gutter", "duplex", "ink_saving",
                 "offset_back")
        changes = {n: getattr(self, n) for n in names if getattr(self, n) is not None}
        layout = replace(base, **changes)
        if layout.margin < MIN_MARGIN_MM:
            raise UsageError(f"a margin of {layout.margin:g} mm is inside the printer's unprintable edge; "
                             f"use at least {MIN_MARGIN_MM:g} mm")
        if min(layout.bleed, layout.gutter) < 0:
            raise UsageError("bleed and gutter cannot be negative")
        if parse_offset(layout.offset_back) is None:
            raise UsageError(f"--offset-back '{layout.offset_back}' is not X,Y in mm, e.g. 0.5,-1")
        return layout


@dataclass(frozen=True)
class Written:
    path: Path
    lang: str
    kind: str
    pages: int
    cards: int


LOCALE_TAGS = {"sv": "sv-SE", "da": "da-DK"}


def build(paths: list[Path], options: Options) -> list[Written]:
    """Build every material found under `paths`; write nothing unless all of it is sound."""
    layout = options.resolve_layout()
    layout.paper_size(), layout.card_size()  # unknown names fail here, before any content is read
    materials = load_all(discover(paths, options.lang), options.lang)
    if not materials:
        raise UsageError(f"nothing to build for --lang {options.lang} in "
                         f"{', '.join(map(str, paths)) or 'the shipped content'}")

    from .card import Geometry
    from .sheet import plan_imposition

    if layout.mode != "single":
        plan_imposition(layout)  # a card that does not fit the paper fails before any drawing
    w, h = layout.card_size()
    geometry = Geometry.of(w, h, layout.bleed * MM, layout.text)
    problems: list[Problem] = []
    plans = [plan_deck(m, layout, geometry, problems) for m in materials]
    if problems:
        raise ContentError(problems)

    from .output import atomic_path
    from .sheet import Meta, render_cards

    written = []
    for m, (cards, back) in zip(materials, plans):
        target = options.out / m.lang / f"{m.name}.pdf"
        deck: Deck = m.model
        meta = Meta(deck.title, deck.publisher or "kort", deck.intro[:200], LOCALE_TAGS[m.lang])
        with atomic_path(target) as tmp:
            stats = render_cards(tmp, cards, back, layout, geometry, m.lang, meta)
        written.append(Written(target, m.lang, "cards", stats.pages, stats.cards))
    if options.test_page:
        from .registration import render_registration

        for lang in sorted({m.lang for m in materials}):
            target = options.out / lang / "registration-test.pdf"
            with atomic_path(target) as tmp:
                pages = render_registration(tmp, layout, lang)
            written.append(Written(target, lang, "test page", pages, 0))
    return written


def plan_deck(m: Material, layout: Layout, geometry, problems: list[Problem]):
    """Words and fitted text for every card of a deck; problems are collected, not raised."""
    from . import fonts
    from .card import Overflow, band_label, fit_or_split, line_fits
    from .text import back_face, info_faces, question_faces

    deck: Deck = m.model
    check_glyphs(deck, m.lang, problems)
    if problems:
        return [], None
    fonts.register()
    faces = info_faces(deck, m.lang) + question_faces(deck, m.lang)
    fitted = []
    labels_checked: set[str] = set()
    for face in faces:
        try:
            fitted.extend(fit_or_split(face, geometry, m.lang))
        except Overflow:
            where = face.where or Location(m.source.path)
            size = f"{geometry.w / MM:g} x {geometry.h / MM:g} mm"
            problems.append(Problem(where, f"the text of card '{face.id}' does not fit on the card ({layout.card}, "
                                           f"{size}) even at the smallest size, {layout.text.min_size:g} pt",
                                    "shorten the text, or choose a larger --card-size"))
        if face.label and face.label not in labels_checked:
            labels_checked.add(face.label)
            try:
                band_label(face.label, geometry)
            except Overflow:
                problems.append(Problem(face.where or Location(m.source.path),
                                        f"the label '{face.label}' (first on card '{face.id}') is too long for the "
                                        f"band of a {layout.card} card", "shorten the principle's title or the category"))
    back = back_face(deck, m.lang)
    if not line_fits(back.title, fonts.BOLD, 7.0, geometry.w * 0.76):
        problems.append(Problem(deck.where, f"the title '{back.title}' is too long for the card backs",
                                "shorten `title:`"))
    return fitted, back


def check_glyphs(deck: Deck, lang: str, problems: list[Problem]) -> None:
    """Every character must exist in the embedded font: a missing glyph is an error, not a box."""
    from .fonts import describe, missing_glyphs
    from .typography import smarten

    for text, where in deck_texts(deck):
        for ch in missing_glyphs(smarten(text, lang)):
            problems.append(Problem(where, f"{describe(ch)} cannot be printed: the font has no glyph for it",
                                    "replace it with a similar character or remove it"))


def deck_texts(deck: Deck):
    """Yield every user text of a deck with the place it came from."""
    yield deck.title, deck.where
    yield deck.publisher, deck.where
    yield deck.intro, deck.where
    if deck.approach:
        yield deck.approach.title, deck.approach.where
        yield deck.approach.intro, deck.approach.where
        for p in deck.approach.principles:
            yield p.title, p.where
            yield p.text, p.where
    if deck.steps:
        yield deck.steps.title, deck.steps.where
        yield deck.steps.closing, deck.steps.where
        for item in deck.steps.items:
            yield item, deck.steps.where
    for q in deck.questions:
        yield q.text, q.where
        yield q.category or "", q.where
