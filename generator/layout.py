"""Card-sheet layouts: YAML files under layouts/ with mm units, read once into a dataclass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .errors import ContentError, Location, Problem, UsageError
from .resources import data_dir
from .schema import read_file_model
from .yamlsrc import load_yaml

MM = 72.0 / 25.4  # points per millimetre
MIN_MARGIN_MM = 5.0
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE)

CutGuides = Literal["marks", "lines", "both", "none"]
Duplex = Literal["long-edge", "short-edge"]


def _check_size(value: str) -> str:
    return "" if _SIZE.match(value) else f"'{value}' is not a size; write width x height in mm, e.g. 74x105"


def _non_negative(value: float) -> str:
    return "" if value >= 0 else "must not be negative"


def _positive(value: float) -> str:
    return "" if value > 0 else "must be greater than 0"


@dataclass(frozen=True)
class CropMarks:
    length: float = field(default=5.0, metadata={"check": _positive})
    offset: float = field(default=2.0, metadata={"check": _non_negative})
    width: float = field(default=0.2, metadata={"check": _positive})


@dataclass(frozen=True)
class CardText:
    max_size: float = field(default=16.0, metadata={"check": _positive})
    min_size: float = field(default=8.0, metadata={"check": _positive})
    padding: float = field(default=5.0, metadata={"check": _non_negative})

    def __post_init__(self):
        if self.min_size > self.max_size:
            raise ValueError("min_size is larger than max_size")


@dataclass(frozen=True)
class Layout:
    """A card-sheet layout as written in YAML (lengths in mm)."""

    NOUN = "layout"
    paper: str = "a4"
    card: str = "a7"
    margin: float = field(default=6.0, metadata={"check": lambda v: "" if v >= MIN_MARGIN_MM else
                                                 f"must be at least {MIN_MARGIN_MM:g} mm: printers cannot "
                                                 f"print closer to the edge"})
    gutter: float = field(default=6.0, metadata={"check": _non_negative})
    bleed: float = field(default=0.0, metadata={"check": _non_negative})
    cut_guides: CutGuides = "both"
    duplex: Duplex = "long-edge"
    backs: bool = True
    crop_marks: CropMarks = CropMarks()
    text: CardText = CardText()
    papers: dict[str, str] = field(default_factory=dict, metadata={"check": lambda d: _first(map(_check_size, d.values()))})
    cards: dict[str, str] = field(default_factory=dict, metadata={"check": lambda d: _first(map(_check_size, d.values()))})
    where: Location | None = None

    def paper_size(self) -> tuple[float, float]:
        """Paper width and height in points."""
        return _size(self.paper, self.papers, "paper", "--paper")

    def card_size(self) -> tuple[float, float]:
        """Card width and height in points."""
        return _size(self.card, self.cards, "card size", "--card-size")


def _first(messages) -> str:
    return next((m for m in messages if m), "")


def parse_size(text: str) -> tuple[float, float] | None:
    """Parse '74x105' (mm) into points, or None."""
    m = _SIZE.match(text)
    if not m:
        return None
    w, h = float(m.group(1)), float(m.group(2))
    return (w * MM, h * MM) if w > 0 and h > 0 else None


def _size(name: str, table: dict[str, str], what: str, option: str) -> tuple[float, float]:
    spec = table.get(name.lower(), name)
    size = parse_size(spec)
    if size is None:
        import difflib

        guess = difflib.get_close_matches(name.lower(), list(table), n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of {', '.join(table)} or WxH in mm, e.g. 70x100"
        raise UsageError(f"unknown {what} '{name}' ({option}); {hint}")
    return size


def load_layout(path: Path | None = None) -> Layout:
    """Read the shipped layout, then the user's file on top of it (keys it leaves out keep their value)."""
    shipped = _read(data_dir("layouts") / "cards.yaml")
    if path is None:
        return shipped
    user = _read(path)
    merged = {k: getattr(user, k) for k in _explicit_keys(path)}
    if "papers" in merged:
        merged["papers"] = {**shipped.papers, **user.papers}
    if "cards" in merged:
        merged["cards"] = {**shipped.cards, **user.cards}
    return replace(shipped, **merged)


def _read(path: Path) -> Layout:
    problems: list[Problem] = []
    node = load_yaml(path, problems)
    layout = read_file_model(Layout, node, path, problems) if node is not None else None
    if problems or layout is None:
        raise ContentError(problems)
    return layout


def _explicit_keys(path: Path) -> list[str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [k for k in data if k != "where"]
