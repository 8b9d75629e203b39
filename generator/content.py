"""Find content files (a content root, a language folder or one file) and load them into models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Location, Problem, UsageError, display_path
from .model import KINDS, LANGUAGES, Deck, Guide, check_model
from .resources import data_dir
from .schema import read_file_model
from .yamlsrc import MappingNode, ScalarNode, load_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """A content file and the language its folder gives it (None when the folder does not say)."""

    path: Path
    folder_lang: str | None


@dataclass(frozen=True)
class Material:
    """A loaded content file: its model, language and name (the file's stem)."""

    source: Source
    lang: str
    name: str
    model: object  # one of model.KINDS' classes


def shipped_root() -> Path:
    return data_dir("content")


def discover(paths: list[Path], lang: str = "all") -> list[Source]:
    """Turn command-line paths into content files, keeping those of the wanted language."""
    roots = paths or [shipped_root()]
    found: list[Source] = []
    for path in roots:
        if not path.exists():
            raise UsageError(f"{display_path(path)} does not exist")
        if path.is_file():
            if path.suffix.lower() not in YAML_SUFFIXES:
                raise UsageError(f"{display_path(path)} is not a YAML file (.yaml or .yml)")
            found.append(Source(path, _folder_lang(path.parent)))
        elif _yaml_files(path):
            found += [Source(f, _folder_lang(path)) for f in _yaml_files(path)]
        else:
            folders = sorted(d for d in path.iterdir() if d.is_dir() and not d.name.startswith((".", "_")))
            for folder in folders:
                if folder.name not in LANGUAGES:
                    raise UsageError(f"{display_path(folder)}: '{folder.name}' is not a language kort knows; "
                                     f"name language folders {' or '.join(LANGUAGES)}")
                found += [Source(f, folder.name) for f in _yaml_files(folder)]
            if not folders:
                raise UsageError(f"{display_path(path)} holds no content: no .yaml files and no language "
                                 f"folders ({', '.join(LANGUAGES)})")
    if lang != "all":
        found = [s for s in found if s.folder_lang in (lang, None)]
    return found


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in YAML_SUFFIXES
                  and not f.name.startswith("."))


def _folder_lang(folder: Path) -> str | None:
    return folder.name if folder.name in LANGUAGES else None


def load_all(sources: list[Source], lang: str = "all") -> list[Material]:
    """Load and check every source; raise ContentError listing every problem in all of them."""
    problems: list[Problem] = []
    materials = [m for s in sources if (m := load_material(s, problems)) is not None]
    _check_guides(materials, problems)
    if problems:
        raise ContentError(problems)
    if lang != "all":
        materials = [m for m in materials if m.lang == lang]
    seen: dict[tuple[str, str], Material] = {}
    for m in materials:
        key = (m.lang, m.name)
        if key in seen:
            raise UsageError(f"{display_path(m.source.path)} and {display_path(seen[key].source.path)} would both "
                             f"be written as {m.lang}/{m.name}.pdf; rename one of them")
        seen[key] = m
    return materials


def load_material(source: Source, problems: list[Problem]) -> Material | None:
    """Load one content file; append its problems and return None when it has any."""
    before = len(problems)
    node = load_yaml(source.path, problems)
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        problems.append(Problem(Location(source.path, node.start_mark.line + 1),
                                "the file must be a block of keys (kind:, title:, ...)",
                                "start from a shipped file, e.g. content/sv/mingel.yaml"))
        return None
    kind = _peek(node, "kind") or "deck"
    cls = KINDS.get(kind)
    if cls is None:
        kind_node = next(v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "kind")
        problems.append(Problem(Location(source.path, kind_node.start_mark.line + 1),
                                f"unknown kind '{kind}'", f"kinds kort can build: {', '.join(KINDS)}"))
        return None
    model = read_file_model(cls, node, source.path, problems)
    if model is None:
        return None
    lang = model.language or source.folder_lang
    if model.language and source.folder_lang and model.language != source.folder_lang:
        problems.append(Problem(model.where, f"the file says language: {model.language} but lies in the "
                                             f"'{source.folder_lang}' folder",
                                "move the file or correct `language:`"))
    if lang is None:
        problems.append(Problem(Location(source.path, 1), "kort cannot tell which language this file is in",
                                "add `language: sv` (or da), or put the file in a folder named sv or da"))
    check_model(model, problems)
    if len(problems) > before or lang is None:
        return None
    return Material(source, lang, source.path.stem, model)


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
            problems.append(Problem(m.model.where, f"the guide is for the deck '{m.model.deck}', which is not among "
                                                   f"the {m.lang} content being built",
                                    f"decks in {m.lang}: {', '.join(known) or 'none'}; build the folder that holds both"))


def deck_for(guide_material: Material, materials: list[Material]) -> Material:
    return next(m for m in materials if isinstance(m.model, Deck) and m.lang == guide_material.lang
                and m.name == guide_material.model.deck)
