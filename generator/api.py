"""kort as a library: plain functions, bytes in and bytes out.

The command line, the local editor (`kort serve`) and the tests all go through these functions.
Nothing here writes a file or depends on the working directory; paths are only read (a pack's
YAML files and its logo). Problems are returned as `Problem`s (file, line, key path, message,
hint), never raised, except for calls that cannot be answered at all (`KortError`).

    from pathlib import Path
    from generator import api

    pack = api.load_pack(Path("ekby"))           # or api.load_text(yaml_text, lang="sv")
    for problem in api.check(pack):
        print(problem)
    pdfs = api.render(pack)                      # {"sv/mingel.pdf": b"%PDF-...", ...}
    png = api.card_png(pack, "mingel", "tillit-samarbete")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .build import (
    Options,
    Plan,
    Written,
    _cards_job,
    card_faces,
    plan_materials,
    render_job,
    render_plan,
)
from .content import Material, Source, discover, load_all
from .errors import ContentError, KortError, Location, Problem, UsageError

MAX_PREVIEW_PIXELS = 40_000_000  # a page picture larger than this is refused (about A4 at 600 dpi)


@dataclass(frozen=True)
class Pack:
    """Loaded content: its materials, and every problem found while loading (empty when clean).

    A pack with loading problems has no materials: fix the problems first."""

    materials: tuple[Material, ...]
    problems: tuple[Problem, ...] = ()
    root: Path | None = None

    def material(self, name: str, lang: str | None = None) -> Material:
        """The material of that file name (without .yaml), in `lang` when the pack has both."""
        for m in self.materials:
            if m.name == name and (lang is None or m.lang == lang):
                return m
        known = ", ".join(sorted({f"{m.lang}/{m.name}" for m in self.materials})) or "none"
        raise KortError(f"the pack has no material '{name}'{f' in {lang}' if lang else ''}; it has {known}")


def load_pack(*paths: Path, lang: str = "all", texts: Mapping[Path, str] | None = None) -> Pack:
    """Load packs: content roots with sv/ and da/, language folders, or YAML files; with no path,
    the shipped content. `texts` gives the YAML of some of the files in memory (an editor's
    unsaved copies), keyed by their paths. Raises UsageError for a path that holds no content."""
    sources = discover(list(paths), lang)
    if texts:
        given = {Path(p).resolve(): t for p, t in texts.items()}
        sources = [replace(s, text=given.pop(s.path.resolve(), s.text)) for s in sources]
        sources += _new_files(given, paths, lang)
    return _load(sources, lang, paths[0] if len(paths) == 1 else None)


def _new_files(given: dict[Path, str], paths: tuple[Path, ...], lang: str) -> list[Source]:
    """Sources for unsaved files not yet on disk (an editor's new branding or handout), when they
    lie in a language folder of one of the packs (or at a pack's root)."""
    from .content import YAML_SUFFIXES
    from .model import LANGUAGES

    found = []
    for path, text in given.items():
        for root in (Path(p).resolve() for p in paths):
            if path.suffix.lower() not in YAML_SUFFIXES or not path.is_relative_to(root):
                continue
            folder = path.parent.name if path.parent.name in LANGUAGES else None
            if lang in ("all", folder) or folder is None:
                found.append(Source(path, folder, root, text))
            break
    return found


def load_text(text: str, *, lang: str, name: str = "deck.yaml", folder: Path | None = None) -> Pack:
    """Load one material from YAML text, as if it were the file `name` in a `lang` folder (inside
    `folder` when given, so that it can name a logo there)."""
    path = (folder / name) if folder else Path(name)
    return _load([Source(path, lang, folder, text)], lang, folder)


def _load(sources: list[Source], lang: str, root: Path | None) -> Pack:
    try:
        return Pack(tuple(load_all(sources, lang)), (), root)
    except ContentError as exc:
        return Pack((), tuple(exc.problems), root)


def check(pack: Pack, options: Options | None = None) -> list[Problem]:
    """Every problem a build of the pack would meet, drawing every PDF into memory; empty when
    `render` will succeed with the same options."""
    return validate(pack, options)[0]


def validate(pack: Pack, options: Options | None = None) -> tuple[list[Problem], list[str]]:
    """`check`'s problems, and the paths below the output folder a build would write (planned
    once for both; no paths when there are problems)."""
    options = options or Options()
    try:
        plan = _plan(pack, options)
        render_plan(plan, options)
    except ContentError as exc:
        return exc.problems, []
    return [], [job.target.as_posix() for job in plan.jobs]


def warnings(pack: Pack, options: Options | None = None) -> list:
    """Author checks (readability, near-duplicate questions, colours, logos) as `checks.Advice`:
    things that do not stop a build but may print badly or read hard. Each material is judged
    with its pack's `checks:` (in branding.yaml) and its own on top."""
    from .checks import DEFAULT, author_warnings
    from .layout import MM

    options = options or Options()
    if pack.problems:
        return []

    def settings(m: Material):  # the pack's; author_warnings lays the material's own on top
        return m.branding.checks if m.branding and m.branding.checks else DEFAULT

    w, h = options.resolve_layout().card_size()
    return author_warnings(list(pack.materials), settings, card_mm=(w / MM, h / MM))


@dataclass(frozen=True)
class Fit:
    """How one card's text fitted: the size its smallest text was set at and the floor."""

    material: str  # lang/name
    card: str
    size: float  # points
    floor: float  # the smallest size allowed for this text

    @property
    def room(self) -> float:
        """Points above the floor: 0 means the text only just fitted."""
        return self.size - self.floor


def fit_report(pack: Pack, options: Options | None = None) -> list[Fit]:
    """Every card of every deck and meeting series, with the size its text fitted at, tightest first."""
    from .build import fitted_cards
    from .fit import Geometry, smallest_text

    options = options or Options()
    base = options.resolve_layout()  # read once, not once per material
    rows: list[Fit] = []
    for m in pack.materials:
        found = card_faces(m, base, options, [])
        if found is None:
            continue
        faces, layout = found
        w, h = layout.card_size()
        g = Geometry.of(w, h, 0.0, layout.text)
        problems: list[Problem] = []
        _count, cards = fitted_cards(m, faces, layout, g, problems)
        for fitted in cards:
            for side in (fitted, fitted.back):
                if side is not None and side.blocks:
                    size, floor = smallest_text(side, g)
                    rows.append(Fit(f"{m.lang}/{m.name}", side.face.id, size, floor))
    return sorted(rows, key=lambda r: (r.room, r.material, r.card))


def render(pack: Pack, options: Options | None = None, name: str | None = None) -> dict[str, bytes]:
    """Every PDF of the pack (or of the material `name`) as bytes, keyed by the path a build
    would write below its output folder, e.g. "sv/mingel.pdf". Raises ContentError with every
    problem when anything is wrong."""
    options = options or Options()
    plan = _plan(pack, options)
    if name is not None:
        wanted = {m.source.path for m in pack.materials if m.name == name}
        if not wanted:
            pack.material(name)  # raises, naming what there is
        plan = replace(plan, jobs=[j for j in plan.jobs if j.source in wanted])
    return {job.target.as_posix(): r.data for job, r in render_plan(plan, options)}


def write(pack: Pack, options: Options | None = None) -> list[Written]:
    """Render every PDF of the pack and write them below `options.out`: only when all of them
    were drawn, each replacing its old file atomically. Raises ContentError with every problem."""
    from .output import AtomicBatch

    options = options or Options()
    if pack.problems:
        raise ContentError(list(pack.problems))
    written = []
    done = render_plan(_plan(pack, options), options)
    with AtomicBatch() as batch:
        for job, rendered in done:
            target = options.out / job.target
            batch.add(target).write_bytes(rendered.data)
            written.append(Written(target, job.lang, job.kind, rendered.pages, rendered.cards))
    return written


def planned(pack: Pack, options: Options | None = None) -> list[str]:
    """The paths below the output folder that a build would write (without drawing anything)."""
    return [job.target.as_posix() for job in _plan(pack, options or Options()).jobs]


def _plan(pack: Pack, options: Options) -> Plan:
    """Plan the pack's PDFs with the layout and options; layout and content problems in one report."""
    problems: list[Problem] = []
    try:
        layout = options.resolve_layout()
    except ContentError as exc:
        problems.extend(exc.problems)
    if pack.problems or problems:
        raise ContentError(list(pack.problems) + problems)
    if not pack.materials:
        raise UsageError(f"nothing to build for --lang {options.lang}")
    return plan_materials(list(pack.materials), layout, options)


def card_ids(pack: Pack, name: str, lang: str | None = None, options: Options | None = None) -> list[str]:
    """The ids of the cards of a deck or meeting series, in print order (instruction cards first)."""
    faces, _layout = _faces(pack.material(name, lang), options or Options())
    return [face.id for face, _back in faces]


def card_pdf(pack: Pack, name: str, card_id: str, lang: str | None = None, options: Options | None = None) -> bytes:
    """One card as a PDF at trim size: its front on page 1 and its back on page 2. Raises
    ContentError naming the card when its text does not fit."""
    options = options or Options()
    m = pack.material(name, lang)
    faces, layout = _faces(m, options)
    chosen = [(f, b) for f, b in faces if f.id == card_id]
    if not chosen:
        raise KortError(f"'{name}' has no card '{card_id}'; its cards are {', '.join(f.id for f, _ in faces)}")
    single = replace(layout, mode="single", bleed=0.0)
    problems: list[Problem] = []
    job = _cards_job(Path(m.lang) / f"{name}-{card_id}.pdf", m, single, problems, chosen)
    if not problems:
        rendered = render_job(job, problems)
    if problems:
        raise ContentError(problems)
    return rendered.data


def card_png(
    pack: Pack,
    name: str,
    card_id: str,
    lang: str | None = None,
    options: Options | None = None,
    side: str = "front",
    dpi: float = 150,
) -> bytes:
    """One card (its front, or its back with side="back") as a PNG picture."""
    return page_png(card_pdf(pack, name, card_id, lang, options), 2 if side == "back" else 1, dpi)


def page_png(pdf: bytes, page: int = 1, dpi: float = 100, compress: int = 6) -> bytes:
    """Page `page` (1 is the first) of a PDF as a PNG picture, tick boxes and fields drawn;
    `compress` is zlib's level (1 is fastest, for live previews)."""
    import io

    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise KortError(f"not a PDF kort can read ({exc})") from None
    try:
        if not 1 <= page <= len(doc):
            raise KortError(f"the PDF has {len(doc)} pages; there is no page {page}")
        doc.init_forms()
        width, height = doc[page - 1].get_size()
        pixels = width * height * (dpi / 72) ** 2
        if pixels > MAX_PREVIEW_PIXELS:
            raise KortError(
                f"a picture of this page at {dpi:g} dpi would have {pixels / 1e6:.0f} million pixels; "
                f"the most is {MAX_PREVIEW_PIXELS / 1e6:.0f} million: choose a lower dpi"
            )
        image = doc[page - 1].render(scale=dpi / 72, may_draw_forms=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=compress)
        return buffer.getvalue()
    finally:
        doc.close()


def _faces(m: Material, options: Options):
    problems: list[Problem] = []
    found = card_faces(m, options.resolve_layout(), options, problems)
    if problems:
        raise ContentError(problems)
    if found is None:
        raise KortError(f"'{m.name}' is a {m.model.kind}, not cards")
    return found


__all__ = [
    "Options",
    "Pack",
    "Problem",
    "Location",
    "load_pack",
    "load_text",
    "check",
    "render",
    "write",
    "validate",
    "warnings",
    "fit_report",
    "card_ids",
    "card_pdf",
    "card_png",
    "page_png",
]
