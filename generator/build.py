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
from .i18n import TAGS
from .layout import MIN_MARGIN_MM, MM, Layout, load_layout, parse_offset
from .model import Deck, publisher_of


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
    participants: int | None = None  # print this many question cards, cycling through the questions
    select: str | None = None  # keep the cards of one principle or category
    shuffle: bool = False
    seed: int | None = None

    def resolve_layout(self) -> Layout:
        base = load_layout(self.layout)
        names = (
            "card",
            "paper",
            "backs",
            "cut_guides",
            "bleed",
            "margin",
            "gutter",
            "duplex",
            "ink_saving",
            "offset_back",
        )
        changes = {n: getattr(self, n) for n in names if getattr(self, n) is not None}
        layout = replace(base, **changes)
        if layout.margin < MIN_MARGIN_MM:
            raise UsageError(
                f"a margin of {layout.margin:g} mm is inside the printer's unprintable edge; "
                f"use at least {MIN_MARGIN_MM:g} mm"
            )
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


@dataclass(frozen=True)
class Job:
    """One PDF to write: where, what it is, how to draw it into a (temporary) path, and how to
    check it without drawing. Both append problems (a text that does not fit) to the list given."""

    target: Path
    lang: str
    kind: str
    render: Callable[[Path, list[Problem]], tuple[int, int]]  # returns pages and cards
    check: Callable[[list[Problem]], None] = lambda problems: None


def prepare(paths: list[Path], options: Options) -> tuple[Layout, list[Material], list[Job]]:
    """Load, check and plan everything; raise ContentError listing every problem. Writes nothing."""
    layout = options.resolve_layout()
    layout.paper_size(), layout.card_size()  # unknown names fail here, before any content is read
    materials = load_all(discover(paths, options.lang), options.lang)
    if not materials:
        raise UsageError(
            f"nothing to build for --lang {options.lang} in {', '.join(map(str, paths)) or 'the shipped content'}"
        )
    problems: list[Problem] = []
    for m in materials:
        check_glyphs(m.model, m.lang, problems)
    if problems:
        raise ContentError(problems)
    jobs = [job for m in materials for job in plan(m, materials, layout, options, problems)]
    if problems:
        raise ContentError(problems)
    return layout, materials, jobs


def build(paths: list[Path], options: Options) -> list[Written]:
    """Build every material found under `paths`. Each PDF is drawn to a temporary file while its
    cards are fitted; only when every card of every PDF fitted are they all moved into place."""
    from .output import AtomicBatch

    layout, materials, jobs = prepare(paths, options)
    written, problems = [], []
    with AtomicBatch() as batch:
        for job in jobs:
            pages, cards = job.render(batch.add(job.target), problems)
            written.append(Written(job.target, job.lang, job.kind, pages, cards))
        if problems:
            raise ContentError(problems)
        if options.test_page:
            from .registration import render_registration

            for lang in sorted({m.lang for m in materials}):
                target = options.out / lang / "registration-test.pdf"
                pages = render_registration(batch.add(target), layout, lang)
                written.append(Written(target, lang, "test page", pages, 0))
    return written


def validate(paths: list[Path], options: Options) -> str:
    """Run every check a build runs, write nothing; return a one-line summary."""
    _layout, materials, jobs = prepare(paths, options)
    problems: list[Problem] = []
    for job in jobs:
        job.check(problems)
    if problems:
        raise ContentError(problems)
    files, pdfs = len(materials), len(jobs)
    return (
        f"{files} content file{'s' if files != 1 else ''} checked; "
        f"{pdfs} PDF{'s' if pdfs != 1 else ''} would be written"
    )


def plan(
    m: Material, materials: list[Material], layout: Layout, options: Options, problems: list[Problem]
) -> list[Job]:
    """The PDFs one material becomes; their words are rendered and their cards fitted here."""
    from .model import Checklist, Guide, Handout, MeetingSeries, PrincipleSet

    folder = options.out / m.lang
    m = replace(m, model=branded(m.model, m.branding))
    model = m.model
    if isinstance(model, Deck):
        faces = _deck_faces(model, m, options, problems)
        jobs = [_cards_job(folder / f"{m.name}.pdf", m, layout, problems, faces)]
        if model.approach and model.approach.principles:  # the deck's principles, for the wall
            principles = PrincipleSet(
                kind="principles",
                title=model.approach.title or model.title,
                principles=model.approach.principles,
                intro=model.approach.intro,
                publisher=model.publisher,
                source=model.source,
                colour=model.colour,
                where=model.where,
            )
            jobs.append(
                _handout_job(
                    folder / f"{m.name}-principles.pdf",
                    replace(m, model=principles),
                    "handout_principles.j2",
                    doc=principles,
                )
            )
        return jobs
    if isinstance(model, MeetingSeries):
        # The series names the size its cards need (their backs carry a lot); --card-size is for decks
        # that do not name one.
        card_layout = replace(layout, card=model.card) if model.card else layout
        from .text import meeting_faces

        pairs = meeting_faces(model, m.lang)
        return [
            _cards_job(folder / f"{m.name}-cards.pdf", m, card_layout, problems, pairs),
            _handout_job(folder / f"{m.name}-overview.pdf", m, "handout_meetings.j2", landscape=True, doc=model),
        ]
    if isinstance(model, Guide):
        from .content import deck_for

        deck = deck_for(m, materials).model
        sets = -(-model.group_size // max(1, len(deck.questions)))
        return [
            _handout_job(
                folder / f"{m.name}.pdf",
                m,
                "handout_guide.j2",
                guide=model,
                deck=deck,
                sets=sets,
                publisher=model.publisher or deck.publisher,
            )
        ]
    template = {
        PrincipleSet: "handout_principles.j2",
        Checklist: "handout_checklist.j2",
        Handout: "handout_generic.j2",
    }[type(model)]
    return [_handout_job(folder / f"{m.name}.pdf", m, template, doc=model)]


def branded(model, branding):
    """The material in the pack's colours: primary for the main colour."""
    if branding and branding.colours and hasattr(model, "colour"):
        return replace(model, colour=branding.colours.primary)
    return model


def _deck_faces(deck: Deck, m: Material, options: Options, problems: list[Problem]):
    from .text import info_faces, question_faces

    questions = choose_questions(deck, options, m, problems)
    secondary = m.branding.colours.secondary if m.branding and m.branding.colours else None
    faces = info_faces(deck, m.lang, m.branding) + question_faces(deck, m.lang, questions, secondary)
    return [(face, None) for face in faces]


def choose_questions(deck: Deck, options: Options, m: Material, problems: list[Problem]):
    """The question cards to print: selected by tag, shuffled, and repeated for N participants."""
    import random

    questions = list(deck.questions)
    if options.select:
        tag = options.select.casefold()
        questions = [q for q in questions if tag in {(q.principle or "").casefold(), (q.category or "").casefold()}]
        if not questions:
            tags = sorted({t for q in deck.questions for t in (q.principle, q.category) if t})
            problems.append(
                Problem(
                    deck.where,
                    f"no card of '{m.name}' has the principle or category '{options.select}' (--select)",
                    f"tags in this deck: {', '.join(tags) or 'none'}",
                )
            )
            return ()
    if options.shuffle:
        random.Random(options.seed).shuffle(questions)
    if options.participants:
        # Each participant gets one card; questions are used as evenly as the numbers allow.
        questions = [questions[i % len(questions)] for i in range(options.participants)]
    return tuple(questions)


def _cards_job(target: Path, m: Material, layout: Layout, problems: list[Problem], faces) -> Job:
    from .fit import Geometry
    from .sheet import plan_imposition, render_cards

    if layout.mode != "single":
        plan_imposition(layout)  # a card that does not fit the paper fails before any drawing
    w, h = layout.card_size()
    geometry = Geometry.of(w, h, layout.bleed * MM, layout.text)
    back = check_labels(m, faces, layout, geometry, problems)
    meta = _meta(m, publisher_of(m.model.publisher, m.branding))

    def render(path: Path, found: list[Problem]) -> tuple[int, int]:
        count, cards = fitted_cards(m, faces, layout, geometry, found)
        stats = render_cards(path, count, cards, back, layout, geometry, m.lang, meta)
        return stats.pages, stats.cards

    def check(found: list[Problem]) -> None:
        _count, cards = fitted_cards(m, faces, layout, geometry, found)
        for _card in cards:
            pass

    return Job(target, m.lang, "cards", render, check)


def _handout_job(
    target: Path, m: Material, template: str, landscape: bool = False, publisher: str | None = None, **context
) -> Job:
    from .handout import Chrome, render_handout
    from .text import handout_words

    model = m.model
    publisher = publisher_of(model.publisher if publisher is None else publisher, m.branding)
    words = handout_words(template, m.lang, publisher, m.branding, **context)
    meta = _meta(m, publisher)
    chrome = Chrome(meta, publisher, words.footer, words.page_label, model.colour, landscape, m.logo)

    def render(path: Path, found: list[Problem]) -> tuple[int, int]:
        return render_handout(path, words.blocks, chrome), 0

    return Job(target, m.lang, "handout", render)


def _meta(m: Material, author: str):
    """The PDF's document information: title, author (kort when nobody is named), subject, language."""
    from .output import Meta

    return Meta(m.model.title, author or "kort", getattr(m.model, "intro", "")[:200], TAGS[m.lang])


def check_labels(m: Material, faces, layout: Layout, geometry, problems: list[Problem]):
    """Check the band labels and the back's title fit; return the back design."""
    from . import fonts
    from .fit import Overflow, back_title_fits, band_label
    from .text import back_face

    fonts.register()
    checked: set[str] = set()
    for face, back in faces:
        for label in (face.label, back.label if back else ""):
            if label and label not in checked:
                checked.add(label)
                try:
                    band_label(label, geometry)
                except Overflow:
                    problems.append(
                        Problem(
                            face.where or Location(m.source.path),
                            f"the label '{label}' (first on card '{face.id}') is too long for the "
                            f"band of a {layout.card} card",
                            "shorten the principle's title or the category",
                        )
                    )
    back = back_face(m.model, m.lang, m.branding, m.logo)
    if not back_title_fits(back, geometry):
        problems.append(
            Problem(m.model.where, f"the title '{back.title}' is too long for the card backs", "shorten `title:`")
        )
    return back


def fitted_cards(m: Material, faces, layout: Layout, geometry, problems: list[Problem]):
    """How many cards there will be, and an iterator that fits each just before it is drawn.

    Instruction faces may continue on extra cards, so they are fitted at once (there are few);
    question cards are fitted one at a time, so that no more than a page of them is held. A card
    that does not fit is reported in `problems` and left out.
    """
    from .fit import Overflow, fit_face, fit_or_split

    def overflow(face, card_id):
        size = f"{geometry.w / MM:g} x {geometry.h / MM:g} mm"
        problems.append(
            Problem(
                face.where or Location(m.source.path),
                f"the text of card '{card_id}' does not fit on the card ({layout.card}, {size}) "
                f"even at the smallest size",
                "shorten the text, or choose a larger --card-size",
            )
        )

    head, rest = [], []
    for face, back in faces:
        (head if face.kind == "info" and back is None else rest).append((face, back))
    first = []
    for face, _back in head:
        try:
            first.extend(fit_or_split(face, geometry, m.lang))
        except Overflow as exc:
            overflow(face, exc.args[0])

    def stream():
        yield from first
        for face, back in rest:
            try:
                front = fit_face(face, geometry, m.lang)
                yield front if back is None else replace(front, back=fit_face(back, geometry, m.lang))
            except Overflow as exc:
                overflow(face, exc.args[0])

    return len(first) + len(rest), stream()


def check_glyphs(model, lang: str, problems: list[Problem]) -> None:
    """Every character must exist in the embedded font: a missing glyph is an error, not a box."""
    from .fonts import all_drawable, describe, missing_glyphs
    from .model import texts
    from .typography import smarten

    pairs = list(texts(model))
    if all_drawable(smarten(text, lang) for text, _where in pairs):
        return  # the usual case; otherwise find each text and character to name them
    for text, where in pairs:
        for ch in missing_glyphs(smarten(text, lang)):
            problems.append(
                Problem(
                    where,
                    f"{describe(ch)} cannot be printed: the font has no glyph for it",
                    "replace it with a similar character or remove it",
                )
            )
