"""Card-sheet layouts: YAML files under layouts/ with mm units, read once into a dataclass."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .errors import ContentError, Location, Problem, UsageError
from .resources import data_dir
from .schema import read_file_model
from .yamlsrc import compose_text, load_yaml

MM = 72.0 / 25.4  # points per millimetre
MIN_MARGIN_MM = 5.0
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE)

CutGuides = Literal["marks", "lines", "both", "none"]
Duplex = Literal["long-edge", "short-edge"]
Mode = Literal["sheet", "single", "fold"]
_OFFSET = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_offset(text: str) -> tuple[float, float] | None:
    """Parse 'X,Y' (mm, may be negative) into a pair of floats, or None."""
    m = _OFFSET.match(text)
    return (float(m.group(1)), float(m.group(2))) if m else None


MAX_PAGE_MM = 5080.0  # a PDF page is at most 200 inches a side
MAX_OFFSET_MM = 10.0  # twice what the test page reads: a printer further off needs mending, not correcting


def _check_offset(value: str) -> str:
    offset = parse_offset(value)
    if offset is None:
        return f"'{value}' is not an offset; write X,Y in mm, e.g. 0.5,-1"
    if max(abs(v) for v in offset) > MAX_OFFSET_MM:
        return f"'{value}' moves the backs more than {MAX_OFFSET_MM:g} mm; the test page reads -5 to 5 mm"
    return ""


def _between(low: float, high: float, unit: str = "mm", low_open: bool = False):
    """A check that a length lies between `low` and `high` (above `low` when `low_open`)."""

    def check(value: float) -> str:
        if (value <= low if low_open else value < low) or value > high:
            lower = f"more than {low:g}" if low_open else f"at least {low:g}"
            return f"must be {lower} and at most {high:g} {unit}"
        return ""

    return check


def _check_size(value: str) -> str:
    return "" if _SIZE.match(value) else f"'{value}' is not a size; write width x height in mm, e.g. 74x105"


@dataclass(frozen=True)
class CropMarks:
    length: float = field(default=5.0, metadata={"check": _between(0, 20, low_open=True)})
    offset: float = field(default=2.0, metadata={"check": _between(0, 10)})
    width: float = field(default=0.2, metadata={"check": _between(0, 2, low_open=True)})


@dataclass(frozen=True)
class CardText:
    max_size: float = field(default=16.0, metadata={"check": _between(4, 72, "pt")})
    min_size: float = field(default=8.0, metadata={"check": _between(4, 72, "pt")})
    padding: float = field(default=5.0, metadata={"check": _between(0, 30)})

    def __post_init__(self):
        if self.min_size > self.max_size:
            raise ValueError("min_size is larger than max_size")


@dataclass(frozen=True)
class Layout:
    """A card-sheet layout as written in YAML (lengths in mm)."""

    NOUN = "layout"
    mode: Mode = "sheet"
    paper: str = "a4"
    card: str = "a7"
    margin: float = field(
        default=6.0,
        metadata={
            "check": _between(MIN_MARGIN_MM, 100),
            "hint": f"printers cannot print closer than {MIN_MARGIN_MM:g} mm to the edge",
        },
    )
    gutter: float = field(default=6.0, metadata={"check": _between(0, 50)})
    bleed: float = field(default=0.0, metadata={"check": _between(0, 10), "hint": "print shops ask for 3 mm"})
    cut_guides: CutGuides = "both"
    duplex: Duplex = "long-edge"
    backs: bool = True
    ink_saving: bool = False
    offset_back: str = field(default="0,0", metadata={"check": _check_offset})
    crop_marks: CropMarks = CropMarks()
    text: CardText = CardText()
    papers: dict[str, str] = field(
        default_factory=dict, metadata={"check": lambda d: _first(map(_check_size, d.values()))}
    )
    cards: dict[str, str] = field(
        default_factory=dict, metadata={"check": lambda d: _first(map(_check_size, d.values()))}
    )
    where: Location | None = None

    def paper_size(self) -> tuple[float, float]:
        """Paper width and height in points (worked out once per layout)."""
        return self._points[0]

    def card_size(self) -> tuple[float, float]:
        """Card width and height in points (worked out once per layout)."""
        return self._points[1]

    @functools.cached_property
    def _points(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The layout's sizes resolved to points, once; UsageError naming an unknown size."""
        return (
            _size(self.paper, self.papers, "paper", "--paper"),
            _size(self.card, self.cards, "card size", "--card-size"),
        )

    def back_offset(self) -> tuple[float, float]:
        """The correction for the backs, in points, as read on the registration test page."""
        x, y = parse_offset(self.offset_back) or (0.0, 0.0)
        return x * MM, y * MM


def _first(messages) -> str:
    return next((m for m in messages if m), "")


def parse_size(text: str) -> tuple[float, float] | None:
    """Parse '74x105' (mm) into points, or None."""
    m = _SIZE.match(text)
    if not m:
        return None
    w, h = float(m.group(1)), float(m.group(2))
    return (w * MM, h * MM) if 0 < w <= MAX_PAGE_MM and 0 < h <= MAX_PAGE_MM else None


def _size(name: str, table: dict[str, str], what: str, option: str) -> tuple[float, float]:
    spec = table.get(name.lower(), name)
    size = parse_size(spec)
    if size is None:
        import difflib

        guess = difflib.get_close_matches(name.lower(), list(table), n=1)
        hint = (
            f"did you mean '{guess[0]}'?"
            if guess
            else f"use one of {', '.join(table)} or WxH in mm, at most {MAX_PAGE_MM:g} mm a side, e.g. 70x100"
        )
        raise UsageError(f"unknown {what} '{name}' ({option}); {hint}")
    return size


def load_layout(
    choice: str | Path | None = None, dirs: tuple[Path, ...] = (), overrides: dict[str, object] | None = None
) -> Layout:
    """The shipped `sheet` layout, with a named or given layout's keys on top, then `overrides`.

    `choice` is a YAML file, or a name looked up first in each of `dirs` (a user's `layouts/`
    folders) and then among the shipped layouts (sheet, single, fold). `overrides` (from the
    command line or the editor) are read by the same schema as a layout file, so each limit has
    one message; a problem names the option (e.g. `--margin`).
    """
    shipped = data_dir("layouts")
    base, _keys = _read(shipped / "sheet.yaml")
    for folder in dirs:
        own = folder / "sheet.yaml"
        if own.is_file() and own.resolve() != (shipped / "sheet.yaml").resolve():
            base = _merge(base, own)
    if choice is not None and str(choice) != "sheet":
        base = _merge(base, _find_layout(str(choice), dirs, shipped))
    if overrides:
        base = _override(base, overrides)
    return base


def _override(base: Layout, overrides: dict[str, object]) -> Layout:
    """Apply option values through the layout schema, one YAML line per option."""
    import json

    names = list(overrides)
    text = "".join(
        f"{name}: {json.dumps(value if isinstance(value, str) else str(value).lower())}\n"
        for name, value in overrides.items()
    )
    problems: list[Problem] = []
    node = compose_text(text, Path("command line"), problems)
    user = read_file_model(Layout, node, Path("command line"), problems) if node is not None else None
    if problems or user is None:
        raise ContentError([_as_option(p, names) for p in problems])
    return replace(base, **{name: getattr(user, name) for name in names})


def _as_option(problem: Problem, names: list[str]) -> Problem:
    """A problem in the options' YAML, placed at the option it came from."""
    name = names[problem.where.line - 1] if 0 < problem.where.line <= len(names) else ""
    option = "--" + {"card": "card-size", "backs": "no-backs"}.get(name, name.replace("_", "-"))
    return replace(problem, where=Location(Path(option), 0, name))


def _find_layout(choice: str, dirs: tuple[Path, ...], shipped: Path) -> Path:
    path = Path(choice)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        if not os.path.lexists(path):
            raise UsageError(f"layout file {path} does not exist")
        return path  # reading it says what is wrong with anything that is not a regular file
    for folder in (*dirs, shipped):
        candidate = folder / f"{choice}.yaml"
        if candidate.is_file():
            return candidate
    names = sorted(p.stem for p in shipped.glob("*.yaml"))
    raise UsageError(f"unknown layout '{choice}'; use one of {', '.join(names)} or a YAML file")


def _merge(base: Layout, path: Path) -> Layout:
    user, keys = _read(path)
    merged = {k: getattr(user, k) for k in keys}
    if "papers" in merged:
        merged["papers"] = {**base.papers, **user.papers}
    if "cards" in merged:
        merged["cards"] = {**base.cards, **user.cards}
    return replace(base, **merged)


def _read(path: Path) -> tuple[Layout, list[str]]:
    """The layout a file describes, and the keys it gives (the others are defaults, not choices)."""
    problems: list[Problem] = []
    node = load_yaml(path, problems)
    layout = read_file_model(Layout, node, path, problems) if node is not None else None
    if problems or layout is None:
        raise ContentError(problems)
    return layout, [k.value for k, _ in node.value]  # every key was checked (`where:` is refused)
