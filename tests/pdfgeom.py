"""Measure built PDFs the way a ruler would: card rectangles, text positions, marks, in mm."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import yaml
from pypdf import PdfReader

from generator.resources import data_dir
from generator.typography import smarten

MM = 72.0 / 25.4


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the page's bottom left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w_mm(self) -> float:
        return (self.x1 - self.x0) / MM

    @property
    def h_mm(self) -> float:
        return (self.y1 - self.y0) / MM

    def contains(self, x0, y0, x1, y1, tol=0.05) -> bool:
        return x0 >= self.x0 - tol and x1 <= self.x1 + tol and y0 >= self.y0 - tol and y1 <= self.y1 + tol

    def overlaps(self, x0, y0, x1, y1, tol=0.01) -> bool:
        return x0 < self.x1 - tol and x1 > self.x0 + tol and y0 < self.y1 - tol and y1 > self.y0 + tol


@dataclass
class Page:
    number: int
    width: float
    height: float
    cards: list[Box]
    chars: list[tuple[str, float, float, float, float]]  # text, x0, y0, x1, y1 (bottom-left origin)
    lines: list[tuple[float, float, float, float]]

    def text_in(self, box: Box) -> str:
        return "".join(c[0] for c in self.chars if box.contains(*c[1:]))


def read_pages(pdf: Path, card_mm: tuple[float, float], tol_mm: float = 0.5, spill_mm: float = 2.0) -> list[Page]:
    """Every page with the rectangles that have the card's size (either way round). A back whose
    colour runs `spill_mm` past its cut line (sheets do that, to forgive a printer slightly off)
    is reported as its trim box."""
    w, h = card_mm
    pages = []
    with pdfplumber.open(pdf) as doc:
        for number, p in enumerate(doc.pages, 1):
            H = float(p.height)
            boxes = {}
            for r in p.rects:
                box = Box(float(r["x0"]), H - float(r["bottom"]), float(r["x1"]), H - float(r["top"]))
                size = sorted((box.w_mm, box.h_mm))
                if spill_mm and all(abs(a - b - 2 * spill_mm) <= tol_mm for a, b in zip(size, sorted((w, h)))):
                    d = spill_mm * MM
                    box = Box(box.x0 + d, box.y0 + d, box.x1 - d, box.y1 - d)
                    size = sorted((box.w_mm, box.h_mm))
                if abs(size[0] - min(w, h)) <= tol_mm and abs(size[1] - max(w, h)) <= tol_mm:
                    boxes[tuple(round(v, 1) for v in (box.x0, box.y0, box.x1, box.y1))] = box
            chars = [
                (c["text"], float(c["x0"]), H - float(c["bottom"]), float(c["x1"]), H - float(c["top"]))
                for c in p.chars
            ]
            lines = [
                (float(ln["x0"]), H - float(ln["bottom"]), float(ln["x1"]), H - float(ln["top"])) for ln in p.lines
            ]
            pages.append(
                Page(number, float(p.width), H, sorted(boxes.values(), key=lambda b: (-b.y1, b.x0)), chars, lines)
            )
    return pages


def squash(text: str) -> str:
    """Compare texts regardless of line breaks and hyphenation."""
    return re.sub(r"[\s\u00ad\-‐]", "", text)


def content(lang: str, name: str) -> dict:
    """A shipped content file, as plain YAML data."""
    return yaml.safe_load((data_dir("content") / lang / f"{name}.yaml").read_text(encoding="utf-8"))


def typeset(text: str, lang: str) -> str:
    """What a content text looks like on the page: typographic quotes and dashes, squashed."""
    return squash(smarten(text, lang))


def pdf_text(path: Path) -> str:
    """All text of a PDF, squashed."""
    return squash("".join(page.extract_text() for page in PdfReader(path).pages))
