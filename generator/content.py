"""Find content files (a content root, a language folder or one file) and load them into models."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .assets import describe_mode
from .errors import ContentError, Location, Problem, UsageError, display_path
from .model import KINDS, LANGUAGES, Brand, Branding, Deck, Guide, brand_of, check_model
from .resources import data_dir
from .schema import read_file_model
from .yamlsrc import MappingNode, ScalarNode, line_of, load_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """A content file, the language its folder gives it (None when the folder does not say), and
    the pack folder it belongs to: assets such as a logo must lie inside it."""

    path: Path
    folder_lang: str | None
    root: Path | None = None
    text: str | None = None  # the file's YAML when given in memory (an editor's unsaved copy)


@dataclass(frozen=True)
class Material:
    """A loaded content file: its model, language and name (the file's stem)."""

    source: Source
    lang: str
    name: str
    model: object  # one of model.KINDS' classes
    branding: Branding | None = None
    logo: Path | None = None  # the branding's logo, resolved inside the pack
    brand: Brand | None = None  # the identity as printed, worked out once (load_all)


def shipped_root() -> Path:
    return data_dir("content")


def discover(paths: list[Path], lang: str = "all") -> list[Source]:
    """Turn command-line paths into content files, keeping those of the wanted language."""
    roots = paths or [shipped_root()]
    found: list[Source] = []
    for path in roots:
        if not os.path.lexists(path):
            raise UsageError(f"{display_path(path)} does not exist")
        if not path.is_file() and not path.is_dir():
            kind = describe_mode(os.stat(path).st_mode) if path.exists() else "a link to nothing"
            raise UsageError(f"{display_path(path)} is {kind}, not a content file or folder")
        if path.is_file():
            if path.suffix.lower() not in YAML_SUFFIXES:
                raise UsageError(f"{display_path(path)} is not a YAML file (.yaml or .yml)")
            found.append(Source(path, _folder_lang(path.parent), path.parent))
            continue
        folders = sorted(d for d in path.iterdir() if d.is_dir() and not d.name.startswith((".", "_")))
        lang_folders = [d for d in folders if d.name in LANGUAGES]
        if _yaml_files(path) and not lang_folders:  # one language folder
            found += [Source(f, _folder_lang(path), path) for f in _yaml_files(path)]
            continue
        if not folders:
            raise UsageError(
                f"{display_path(path)} holds no content: no .yaml files and no language "
                f"folders ({', '.join(LANGUAGES)})"
            )
        for folder in folders:
            if folder.name not in LANGUAGES:
                raise UsageError(
                    f"{display_path(folder)}: '{folder.name}' is not a language kort knows; "
                    f"name language folders {' or '.join(LANGUAGES)}"
                )
            found += [Source(f, folder.name, path) for f in _yaml_files(folder)]
        found += [Source(f, None, path) for f in _yaml_files(path)]  # e.g. a branding.yaml for the whole pack
    if lang != "all":
        found = [s for s in found if s.folder_lang in (lang, None)]
    return found


def _yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder; one that is not a regular file (a named pipe) is listed too, so
    that loading it says what it is instead of leaving it out silently."""
    return sorted(
        f
        for f in folder.iterdir()
        if f.suffix.lower() in YAML_SUFFIXES and not f.name.startswith(".") and not f.is_dir()
    )


def _folder_lang(folder: Path) -> str | None:
    return folder.name if folder.name in LANGUAGES else None


def load_all(sources: list[Source], lang: str = "all") -> list[Material]:
    """Load and check every source; raise ContentError listing every problem in all of them."""
    problems: list[Problem] = []
    loaded = [m for s in sources if (m := load_material(s, problems)) is not None]
    brandings = [m for m in loaded if isinstance(m.model, Branding)]
    materials = [_with_branding(m, brandings, problems) for m in loaded if not isinstance(m.model, Branding)]
    materials = [with_brand(m) for m in materials]
    _check_guides(materials, problems)
    if problems:
        raise ContentError(problems)
    if lang != "all":
        materials = [m for m in materials if m.lang == lang]
    seen: dict[tuple[str, str], Material] = {}
    for m in materials:
        key = (m.lang, m.name)
        if key in seen:
            raise UsageError(
                f"{display_path(m.source.path)} and {display_path(seen[key].source.path)} would both "
                f"be written as {m.lang}/{m.name}.pdf; rename one of them"
            )
        seen[key] = m
    return materials


def load_material(source: Source, problems: list[Problem]) -> Material | None:
    """Load one content file; append its problems and return None when it has any."""
    before = len(problems)
    node = load_yaml(source.path, problems, source.text, source.root)
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        problems.append(
            Problem(
                Location(source.path, line_of(node)),
                "the file must be a block of keys (kind:, title:, ...)",
                "start from a shipped file, e.g. content/sv/mingel.yaml",
            )
        )
        return None
    kind = _peek(node, "kind") or "deck"
    cls = KINDS.get(kind)
    if cls is None:
        kind_node = next(v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "kind")
        problems.append(
            Problem(
                Location(source.path, line_of(kind_node)),
                f"unknown kind '{kind}'",
                f"kinds kort can build: {', '.join(KINDS)}",
            )
        )
        return None
    model = read_file_model(cls, node, source.path, problems)
    if model is None:
        return None
    if isinstance(model, Branding):
        check_logo(model, source, problems, _key_line(node, "logo"))
        if model.contact:
            from .assets import QRError, check_qr

            try:
                check_qr(model.contact)
            except QRError as exc:
                problems.append(
                    Problem(
                        Location(source.path, _key_line(node, "contact"), "contact"), str(exc), "use a shorter link"
                    )
                )
        return None if len(problems) > before else Material(source, model.language or "", source.path.stem, model)
    lang = model.language or source.folder_lang
    if isinstance(model, Deck) and model.extends and lang:
        model = _extend(model, node, source, lang, problems)
        if model is None:
            return None
    if model.language and source.folder_lang and model.language != source.folder_lang:
        problems.append(
            Problem(
                model.where,
                f"the file says language: {model.language} but lies in the '{source.folder_lang}' folder",
                "move the file or correct `language:`",
            )
        )
    if lang is None:
        problems.append(
            Problem(
                Location(source.path, 1),
                "kort cannot tell which language this file is in",
                "add `language: sv` (or da), or put the file in a folder named sv or da",
            )
        )
    check_model(model, problems)
    if len(problems) > before or lang is None:
        return None
    return Material(source, lang, source.path.stem, model)


def _key_line(node: MappingNode, key: str) -> int:
    """The line of a top-level key (0 when the file does not give it)."""
    return next((line_of(k) for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key), 0)


def _peek(node: MappingNode, key: str) -> str | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode):
            return v.value
    return None


def _check_guides(materials: list[Material], problems: list[Problem]) -> None:
    """A guide must name a deck of its own language among the materials being built."""
    decks = {(m.lang, m.name): m for m in materials if isinstance(m.model, Deck)}
    for m in materials:
        if isinstance(m.model, Guide) and (m.lang, m.model.deck) not in decks:
            known = sorted(name for lang, name in decks if lang == m.lang)
            problems.append(
                Problem(
                    m.model.where,
                    f"the guide is for the deck '{m.model.deck}', which is not among the {m.lang} content being built",
                    f"decks in {m.lang}: {', '.join(known) or 'none'}; build the folder that holds both",
                )
            )


def deck_for(guide_material: Material, materials: list[Material]) -> Material:
    return next(
        m
        for m in materials
        if isinstance(m.model, Deck) and m.lang == guide_material.lang and m.name == guide_material.model.deck
    )


def _extend(deck: Deck, node: MappingNode, source: Source, lang: str, problems: list[Problem]) -> Deck | None:
    """Merge a pack's deck onto the shipped deck it extends: keys it gives win; its questions replace
    the shipped ones with the same id or are added after them; `drop` leaves shipped ones out."""
    keys = {k.value: k for k, _ in node.value if isinstance(k, ScalarNode)}
    base_path = shipped_root() / lang / f"{deck.extends}.yaml"
    if not base_path.is_file():
        import difflib

        known = sorted(p.stem for p in (shipped_root() / lang).glob("*.yaml") if _peek_kind(p) == "deck")
        guess = difflib.get_close_matches(deck.extends, known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"shipped decks in {lang}: {', '.join(known) or 'none'}"
        problems.append(
            Problem(
                Location(source.path, line_of(keys["extends"])),
                f"there is no shipped deck '{deck.extends}' in {lang} to extend",
                hint,
            )
        )
        return None
    extends_at = Location(source.path, line_of(keys["extends"]), "extends")
    if _peek_kind(base_path) != "deck":
        problems.append(
            Problem(
                extends_at,
                f"the shipped '{deck.extends}' in {lang} is a {_peek_kind(base_path)}, not a deck; "
                "only a deck can be extended",
                "name a shipped deck, e.g. extends: mingel",
            )
        )
        return None
    base_material = load_material(Source(base_path, lang, base_path.parent.parent), problems)
    if base_material is None or not isinstance(base_material.model, Deck):
        return None
    # The shipped cards are the pack's now: a problem with one (it does not fit the pack's card
    # size) points at the pack's `extends:` line and names the card, not into kort's own files.
    base: Deck = base_material.model
    base = replace(base, questions=tuple(replace(q, where=extends_at.at(f"questions[{q.id}]")) for q in base.questions))
    if base.approach:
        base = replace(base, approach=replace(base.approach, where=extends_at))
    if base.steps:
        base = replace(base, steps=replace(base.steps, where=extends_at))
    base_ids = [q.id for q in base.questions]
    for drop_id in deck.drop:
        if drop_id not in base_ids:
            import difflib

            guess = difflib.get_close_matches(drop_id, base_ids, n=1)
            problems.append(
                Problem(
                    Location(source.path, line_of(keys["drop"])),
                    f"`drop` names '{drop_id}', which the deck '{deck.extends}' does not have",
                    f"did you mean '{guess[0]}'?" if guess else "see the ids with `kort list --ids`",
                )
            )
    own = {q.id: q for q in deck.questions}
    questions = [own.pop(q.id, q) for q in base.questions if q.id not in deck.drop]
    questions += [q for q in deck.questions if q.id in own]
    given = {f.name: getattr(deck, f.name) for f in fields(Deck) if f.name in keys and f.name != "questions"}
    return replace(base, **given, questions=tuple(questions), where=deck.where)


def _peek_kind(path: Path) -> str | None:
    """The kind a shipped file declares (deck when it says none); None when it cannot be read."""
    node = load_yaml(path, [])
    return (_peek(node, "kind") or "deck") if isinstance(node, MappingNode) else None


def with_brand(m: Material) -> Material:
    """The one step where branding is applied: the material's Brand, and its main colour."""
    brand = brand_of(m.model, m.branding)
    model = replace(m.model, colour=brand.colour) if hasattr(m.model, "colour") else m.model
    return replace(m, model=model, brand=brand)


def _with_branding(m: Material, brandings: list[Material], problems: list[Problem]) -> Material:
    """Attach the branding of the pack: one in the material's own folder, else one at the pack's root."""

    def applies(b: Material) -> bool:
        return b.model.language in (None, m.lang) and b.source.root == m.source.root

    near = [b for b in brandings if applies(b) and b.source.path.parent == m.source.path.parent]
    candidates = near or [b for b in brandings if applies(b) and b.source.path.parent == m.source.root]
    if len(candidates) > 1:
        problems.append(
            Problem(
                candidates[1].model.where,
                "two branding files apply to the same material",
                f"keep one; the other is {display_path(candidates[0].source.path)}",
            )
        )
    if not candidates:
        return m
    chosen = candidates[0]
    logo = logo_path(chosen.model, chosen.source) if chosen.model.logo else None
    return replace(m, branding=chosen.model, logo=logo)


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def logo_path(branding: Branding, source: Source) -> Path:
    return (source.path.parent / branding.logo).resolve()


def check_logo(branding: Branding, source: Source, problems: list[Problem], line: int = 0) -> None:
    """The logo must be a readable PNG, JPG or SVG inside the pack folder."""
    if not branding.logo:
        return
    where = Location(source.path, line or (branding.where.line if branding.where else 0), "logo")
    path = logo_path(branding, source)
    root = (source.root or source.path.parent).resolve()
    if not path.is_relative_to(root):
        problems.append(
            Problem(
                where,
                f"the logo '{branding.logo}' lies outside the pack folder {display_path(root)}",
                "copy the logo into the pack folder and name it relative to this file",
            )
        )
        return
    if path.suffix.lower() not in LOGO_SUFFIXES:
        problems.append(
            Problem(
                where,
                f"the logo '{branding.logo}' is not a PNG, JPG or SVG file",
                "save the logo as .png, .jpg or .svg",
            )
        )
        return
    if not os.path.lexists(path):
        problems.append(
            Problem(
                where,
                f"the logo '{branding.logo}' does not exist",
                f"put the file at {display_path(path)} or correct `logo:`",
            )
        )
        return
    from .assets import LogoError, load_logo

    try:
        load_logo(path)
    except LogoError as exc:
        problems.append(
            Problem(
                where,
                f"the logo '{branding.logo}' cannot be read: {exc}",
                "open it in an image program and save it again as PNG",
            )
        )
