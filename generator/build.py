"""The orchestrator: the only module that knows the order of the stages.

load and check all content → words for every card (Jinja, gettext) → fit every text on its card
→ only then draw each PDF to a temporary file and move it into place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .content import Material, discover, load_all
from .errors import ContentError, Location, Problem, UsageError
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


@dataclass(frozen=True)
class Job:
    """One PDF to write: where, what it is, and how to draw it into a (temporary) path."""

    target: Path
    lang: str
    kind: str
    render: Callable[[Path], tuple[int, int]]  # returns pages and cards


def build(paths: list[Path], options: Options) -> list[Written]:
    """Build every material found under `paths`; write nothing unless all of it is sound."""
    layout = options.resolve_layout()
    layout.paper_size(), layout.card_size()  # unknown names fail here, before any content is read
    materials = load_all(discover(paths, options.lang), options.lang)
    if not materials:
        raise UsageError(f"nothing to build for --lang {options.lang} in "
                         f"{', '.join(map(str, paths)) or 'the shipped content'}")
    problems: list[Problem] = []
    for m in materials:
        check_glyphs(m.model, m.lang, problems)
    if problems:
        raise ContentError(problems)
    jobs = [job for m in materials for job in plan(m, materials, layout, options, problems)]
    if problems:
        raise ContentError(problems)

    from .output import atomic_path

    written = []
    for job in jobs:
        with atomic_path(job.target) as tmp:
            pages, cards = job.render(tmp)
        written.append(Written(job.target, job.lang, job.kind, pages, cards))
    if options.test_page:
        from .registration import render_registration

        for lang in sorted({m.lang for m in materials}):
            target = options.out / lang / "registration-test.pdf"
            with atomic_path(target) as tmp:
                pages = render_registration(tmp, layout, lang)
            written.append(Written(target, lang, "test page", pages, 0))
    return written


def plan(m: Material, materials: list[Material], layout: Layout, options: Options,
         problems: list[Problem]) -> list[Job]:
    """The PDFs one material becomes; their words are rendered and their cards fitted here."""
    from .model import Checklist, Guide, Handout, MeetingSeries, PrincipleSet

    folder = options.out / m.lang
    model = m.model
    if isinstance(model, Deck):
        return [_cards_job(folder / f"{m.name}.pdf", m, layout, problems, _deck_faces(model, m.lang))]
    if isinstance(model, MeetingSeries):
        # The series names the size its cards need (their backs carry a lot); --card-size is for decks
        # that do not name one.
        card_layout = replace(layout, card=model.card) if model.card else layout
        pairs = [(front, back) for front, back in _meeting_faces(model, m.lang)]
        return [_cards_job(folder / f"{m.name}-cards.pdf", m, card_layout, problems, pairs),
                _handout_job(folder / f"{m.name}-overview.pdf", m, "handout_meetings.j2", landscape=True,
                             doc=model)]
    if isinstance(model, Guide):
        from .content import deck_for

        deck = deck_for(m, materials).model
        sets = -(-model.group_size // max(1, len(deck.questions)))
        return [_handout_job(folder / f"{m.name}.pdf", m, "handout_guide.j2", guide=model, deck=deck, sets=sets,
                             publisher=model.publisher or deck.publisher)]
    template = {PrincipleSet: "handout_principles.j2", Checklist: "handout_checklist.j2",
                Handout: "handout_generic.j2"}[type(model)]
    return [_handout_job(folder / f"{m.name}.pdf", m, template, doc=model)]


def _deck_faces(deck: Deck, lang: str):
    from .text import info_faces, question_faces

    return [(face, None) for face in info_faces(deck, lang) + question_faces(deck, lang)]


def _meeting_faces(series, lang: str):
    from .text import meeting_faces

    return meeting_faces(series, lang)


def _cards_job(target: Path, m: Material, layout: Layout, problems: list[Problem], faces) -> Job:
    from .card import Geometry
    from .sheet import Meta, plan_imposition, render_cards

    if layout.mode != "single":
        plan_imposition(layout)  # a card that does not fit the paper fails before any drawing
    w, h = layout.card_size()
    geometry = Geometry.of(w, h, layout.bleed * MM, layout.text)
    cards, back = fit_cards(m, faces, layout, geometry, problems)
    model = m.model
    meta = Meta(model.title, model.publisher or "kort", getattr(model, "intro", "")[:200], LOCALE_TAGS[m.lang])

    def render(path: Path) -> tuple[int, int]:
        stats = render_cards(path, cards, back, layout, geometry, m.lang, meta)
        return stats.pages, stats.cards

    return Job(target, m.lang, "cards", render)


def _handout_job(target: Path, m: Material, template: str, landscape: bool = False, publisher: str | None = None,
                 **context) -> Job:
    from .handout import Chrome, render_handout
    from .text import handout_words

    model = m.model
    publisher = model.publisher if publisher is None else publisher
    words = handout_words(template, m.lang, publisher, **context)
    chrome = Chrome(model.title, publisher or "kort", getattr(model, "intro", "")[:200], LOCALE_TAGS[m.lang],
                    publisher, words.footer, words.page_label, model.colour, landscape)

    def render(path: Path) -> tuple[int, int]:
        return render_handout(path, words.blocks, chrome), 0

    return Job(target, m.lang, "handout", render)


def fit_cards(m: Material, faces, layout: Layout, geometry, problems: list[Problem]):
    """Fit every card's text (and its text back, if any); problems are collected, not raised."""
    from . import fonts
    from .card import Overflow, band_label, fit_face, fit_or_split, line_fits
    from .text import back_face

    fonts.register()
    fitted = []
    labels_checked: set[str] = set()
    for face, back in faces:
        try:
            if back is None:
                fitted.extend(fit_or_split(face, geometry, m.lang))
            else:  # a text back must stay with its front: no splitting
                front = fit_face(face, geometry, m.lang)
                fitted.append(replace(front, back=fit_face(back, geometry, m.lang)))
        except Overflow as exc:
            where = face.where or Location(m.source.path)
            size = f"{geometry.w / MM:g} x {geometry.h / MM:g} mm"
            problems.append(Problem(where, f"the text of card '{exc.args[0]}' does not fit on the card "
                                           f"({layout.card}, {size}) even at the smallest size",
                                    "shorten the text, or choose a larger --card-size"))
        for label in (face.label, back.label if back else ""):
            if label and label not in labels_checked:
                labels_checked.add(label)
                try:
                    band_label(label, geometry)
                except Overflow:
                    problems.append(Problem(face.where or Location(m.source.path),
                                            f"the label '{label}' (first on card '{face.id}') is too long for the "
                                            f"band of a {layout.card} card",
                                            "shorten the principle's title or the category"))
    back = back_face(m.model, m.lang)
    if not line_fits(back.title, fonts.BOLD, 7.0, geometry.w * 0.76):
        problems.append(Problem(m.model.where, f"the title '{back.title}' is too long for the card backs",
                                "shorten `title:`"))
    return fitted, back


def check_glyphs(model, lang: str, problems: list[Problem]) -> None:
    """Every character must exist in the embedded font: a missing glyph is an error, not a box."""
    from .fonts import describe, missing_glyphs
    from .model import texts
    from .typography import smarten

    for text, where in texts(model):
        for ch in missing_glyphs(smarten(text, lang)):
            problems.append(Problem(where, f"{describe(ch)} cannot be printed: the font has no glyph for it",
                                    "replace it with a similar character or remove it"))
