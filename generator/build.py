"""The orchestrator: the only module that knows the order of the stages.

loaded, checked content (`content`) and a layout → a plan: the PDFs each material becomes, with
its words rendered (`text`) → every PDF drawn into memory, every card fitted (`fit`) and drawn
(`card`, `sheet`, `handout`) → only then are they written (`api.write`, atomically).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .content import Material
from .errors import ContentError, Location, Problem, display_path
from .i18n import TAGS
from .layout import MM, Layout, load_layout
from .model import Deck, MeetingSeries


@dataclass(frozen=True)
class Options:
    """What the user asked for (command line, editor or API); None keeps the layout's value."""

    out: Path = Path("output")
    lang: str = "all"
    layout: str | None = None  # a layout name (sheet, single, fold) or a YAML file
    layout_dirs: tuple[Path, ...] = ()  # folders whose layouts/NAME.yaml are found before the shipped ones
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
    html: bool = False  # also write the HTML twin of every handout and deck, beside its PDF

    def overrides(self) -> dict[str, object]:
        """The layout keys this asks to change, as the layout schema names them."""
        names = ("card", "paper", "backs", "cut_guides", "bleed", "margin", "gutter", "duplex", "ink_saving")
        names += ("offset_back",)
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def resolve_layout(self) -> Layout:
        """The layout with this's overrides, checked by the same schema as a layout file."""
        return load_layout(self.layout, self.layout_dirs, self.overrides())


@dataclass(frozen=True)
class Rendered:
    """One PDF drawn into memory."""

    data: bytes
    pages: int
    cards: int


@dataclass(frozen=True)
class Written:
    path: Path
    lang: str
    kind: str
    pages: int
    cards: int


@dataclass(frozen=True)
class Cards:
    """What a PDF of cards is drawn from: faces (words, not yet fitted), the layout and card
    geometry, the back design and the document information."""

    material: Material
    faces: list
    layout: Layout
    geometry: object  # fit.Geometry
    back: object  # text.BackFace
    meta: object  # output.Meta


@dataclass(frozen=True)
class Document:
    """What a handout is drawn from: its document blocks and the page furniture; as a PDF, or as
    its HTML twin."""

    blocks: tuple
    chrome: object  # handout.Chrome
    html: bool = False


@dataclass(frozen=True)
class TestPage:
    layout: Layout
    lang: str


@dataclass(frozen=True)
class Job:
    """One file to make, as plain data: its path below the output folder, what it is, the content
    file it comes from, and what it is drawn from (`render_job` draws it)."""

    target: Path  # relative to the output folder, e.g. sv/mingel.pdf
    lang: str
    kind: str  # cards, handout, html, test page
    source: Path
    work: Cards | Document | TestPage


def render_job(job: Job, problems: list[Problem]) -> Rendered:
    """Draw one job into memory; a card whose text does not fit is added to `problems`."""
    import io

    work = job.work
    buffer = io.BytesIO()
    if isinstance(work, Cards):
        from .sheet import render_cards

        m = work.material
        count, cards = fitted_cards(m, work.faces, work.layout, work.geometry, problems)
        stats = render_cards(buffer, count, cards, work.back, work.layout, work.geometry, m.lang, work.meta)
        return Rendered(buffer.getvalue(), stats.pages, stats.cards)
    if isinstance(work, Document) and work.html:
        from .html import render_html

        return Rendered(render_html(work.blocks, work.chrome).encode("utf-8"), 0, 0)
    if isinstance(work, Document):
        from .handout import render_handout

        pages = render_handout(buffer, work.blocks, work.chrome)
        return Rendered(buffer.getvalue(), pages, 0)
    from .registration import render_registration

    pages = render_registration(buffer, work.layout, work.lang)
    return Rendered(buffer.getvalue(), pages, 0)


@dataclass(frozen=True)
class Plan:
    """Everything a build will do, checked: the layout, the materials and their PDFs."""

    layout: Layout
    materials: list[Material]
    jobs: list[Job]


def plan_materials(materials: list[Material], layout: Layout, options: Options) -> Plan:
    """Plan the PDFs of loaded materials; raise ContentError with every problem found."""
    layout.paper_size(), layout.card_size()  # unknown names fail here, before any drawing
    problems: list[Problem] = []
    for m in materials:
        check_glyphs(m.model, m.lang, problems)
    if problems:
        raise ContentError(problems)
    jobs = [job for m in materials for job in plan(m, materials, layout, options, problems)]
    if options.html:  # the HTML twins
        jobs += [twin for job in jobs if (twin := _html_job(job)) is not None]
    _check_targets(jobs, problems)
    if problems:
        raise ContentError(problems)
    return Plan(layout, materials, jobs)


def _check_targets(jobs: list[Job], problems: list[Problem]) -> None:
    """Two materials must not write the same PDF (a deck's principles handout beside a file of
    that name): one would silently replace the other."""
    seen: dict[Path, Job] = {}
    for job in jobs:
        other = seen.setdefault(job.target, job)
        if other is not job:
            problems.append(
                Problem(
                    Location(job.source, 1),
                    f"this file and {display_path(other.source)} would both be written as {job.target.as_posix()}",
                    "rename one of the two files",
                )
            )


def render_plan(plan: Plan, options: Options) -> list[tuple[Job, Rendered]]:
    """Draw every PDF of a plan into memory; raise ContentError when any card did not fit."""
    problems: list[Problem] = []
    jobs = list(plan.jobs)
    if options.test_page:
        jobs += [_registration_job(plan.layout, lang) for lang in sorted({m.lang for m in plan.materials})]
    done = [(job, render_job(job, problems)) for job in jobs]
    if problems:
        raise ContentError(problems)
    return done


def _registration_job(layout: Layout, lang: str) -> Job:
    return Job(Path(lang) / "registration-test.pdf", lang, "test page", Path(lang), TestPage(layout, lang))


def plan(
    m: Material, materials: list[Material], layout: Layout, options: Options, problems: list[Problem]
) -> list[Job]:
    """The PDFs one material becomes; their words are rendered and their cards fitted here."""
    from .model import Checklist, Guide, Handout, PrincipleSet

    folder = Path(m.lang)
    model = m.model
    cards = card_faces(m, layout, options, problems)
    if isinstance(model, Deck):
        faces, card_layout = cards
        jobs = [_cards_job(folder / f"{m.name}.pdf", m, card_layout, problems, faces)]
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
        pairs, card_layout = cards
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


def card_faces(m: Material, layout: Layout, options: Options, problems: list[Problem]):
    """The card faces of a deck or meeting series, each with its back face or None, and
    the layout its cards are printed with; None for material that is not cards."""
    model = m.model
    if isinstance(model, Deck):
        return _deck_faces(model, m, options, problems), layout
    if isinstance(model, MeetingSeries):
        from .text import meeting_faces

        # The series names the size its cards need (their backs carry a lot); --card-size is for
        # decks that do not name one.
        return meeting_faces(model, m.lang), replace(layout, card=model.card) if model.card else layout
    return None


def _deck_faces(deck: Deck, m: Material, options: Options, problems: list[Problem]):
    from .text import info_faces, question_faces

    questions = choose_questions(deck, options, m, problems)
    faces = info_faces(deck, m.lang, m.brand) + question_faces(deck, m.lang, questions, m.brand.plain_colour)
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
    from .sheet import plan_imposition

    if layout.mode != "single":
        plan_imposition(layout)  # a card that does not fit the paper fails before any drawing
    w, h = layout.card_size()
    geometry = Geometry.of(w, h, layout.bleed * MM, layout.text)
    back = check_labels(m, faces, layout, geometry, problems)
    meta = _meta(m, m.brand.publisher)
    return Job(target, m.lang, "cards", m.source.path, Cards(m, faces, layout, geometry, back, meta))


def _handout_job(
    target: Path, m: Material, template: str, landscape: bool = False, publisher: str | None = None, **context
) -> Job:
    from .handout import Chrome
    from .text import handout_words

    model = m.model
    publisher = m.brand.publisher if m.brand.branded or publisher is None else publisher
    words = handout_words(template, m.lang, publisher, m.brand, **context)
    meta = _meta(m, publisher)
    chrome = Chrome(meta, publisher, words.footer, words.page_label, model.colour, landscape, m.logo)
    return Job(target, m.lang, "handout", m.source.path, Document(words.blocks, chrome))


def _html_job(job: Job) -> Job | None:
    """The HTML twin of a handout or of a deck's cards, beside its PDF (sv/mingel.html);
    None for other PDFs (a meeting series' cards: its overview handout has all they say)."""
    target = job.target.with_suffix(".html")
    if isinstance(job.work, Document):
        return Job(target, job.lang, "html", job.source, replace(job.work, html=True))
    if not isinstance(job.work, Cards) or not isinstance(job.work.material.model, Deck):
        return None
    from .handout import Chrome
    from .html import deck_blocks
    from .typography import smarten

    m = job.work.material  # already branded
    publisher = m.brand.publisher
    chrome = Chrome(
        _meta(m, publisher), publisher, smarten(m.brand.footer_first, m.lang), "", m.model.colour, False, m.logo
    )
    return Job(target, job.lang, "html", job.source, Document(deck_blocks(m.model, m.lang, m.brand), chrome, True))


def _meta(m: Material, author: str):
    """The PDF's document information: title, author (kort when nobody is named), subject, language."""
    from .output import Meta

    return Meta(m.model.title, author or "kort", getattr(m.model, "intro", "")[:200], TAGS[m.lang])


def check_labels(m: Material, faces, layout: Layout, geometry, problems: list[Problem]):
    """Check the band labels and the back's title fit; return the back design."""
    from . import fonts
    from .fit import Overflow, back_title_fits, band_label, publisher_lines
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
    back = back_face(m.model, m.lang, m.brand, m.logo)
    if not back_title_fits(back, geometry):
        problems.append(
            Problem(m.model.where, f"the title '{back.title}' is too long for the card backs", "shorten `title:`")
        )
    if back.publisher:
        try:
            publisher_lines(back.publisher, geometry)
        except Overflow:
            problems.append(
                Problem(
                    m.model.where,
                    f"the publisher '{back.publisher}' does not fit two lines at the foot of the card backs",
                    "shorten `publisher:` (or the branding's organisation)",
                )
            )
    return back


def fitted_cards(m: Material, faces, layout: Layout, geometry, problems: list[Problem]):
    """How many cards there will be, and an iterator that fits each just before it is drawn.

    Instruction faces may continue on extra cards. The question cards of a deck (the fronts of
    meeting cards, and their backs) are one set, set at one size within SET_STEPS half points. A
    card that does not fit is reported in `problems` and left out.
    """
    from .fit import Overflow, fit_face, fit_or_split, set_limit

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

    def fit_all(side: list, limit=None) -> list:
        fitted = []
        for face in side:
            try:
                fitted.append(fit_face(face, geometry, m.lang, limit=limit) if face else None)
            except Overflow as exc:
                overflow(face, exc.args[0])
                fitted.append(None)
        return fitted

    # One size per set: the question cards (or the meeting cards' fronts, and their backs) are
    # fitted once, then those set larger than the set's limit are fitted again below it.
    sides = []
    for side in ([f for f, _ in rest], [b for _, b in rest]):
        fitted = fit_all(side)
        limit = set_limit([f for f in fitted if f], geometry)
        if limit is not None:
            fitted = [
                fit_face(f.face, geometry, m.lang, limit=limit) if f and f.scale > limit + 1e-9 else f for f in fitted
            ]
        sides.append(fitted)
    pairs = [front if back is None else replace(front, back=back) for front, back in zip(*sides) if front is not None]
    return len(first) + len(rest), iter(first + pairs)


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
