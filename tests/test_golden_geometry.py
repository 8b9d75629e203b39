"""Refactors must not move a line: the geometry of all shipped material against a golden file.

For every PDF the shipped content becomes (both languages, default layout), the golden file keeps
each page's size, every filled rectangle (card boxes, bands, table cells) and every word: its
text, x, the foot of its line and its font size, to 0.1 mm. A change compares with a 0.1 mm tolerance.

The golden file changes only on purpose: `KORT_UPDATE_GOLDEN=1 pytest tests/test_golden_geometry.py`
rewrites it, and the diff shows what moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pdfplumber
import pytest

GOLDEN = Path(__file__).parent / "golden" / "geometry.json"
MM = 72 / 25.4
TOLERANCE_MM = 0.1


def _mm(value: float) -> float:
    return round(value / MM, 1)


def geometry(pdf: Path) -> list[dict]:
    """Pages of a PDF as plain data: size, rectangles and words, in mm from the bottom left."""
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            height = float(page.height)
            rects = sorted(
                {
                    (_mm(r["x0"]), _mm(height - r["bottom"]), _mm(r["x1"]), _mm(height - r["top"]))
                    for r in page.rects
                    if r.get("fill")
                }
            )
            lines = [
                [w["text"], _mm(w["x0"]), _mm(height - w["bottom"]), round(w["size"], 1)]
                for w in page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
            ]
            pages.append(
                {
                    "size": [_mm(page.width), _mm(page.height)],
                    "rects": [list(r) for r in rects],
                    "lines": sorted(lines, key=lambda t: (-t[2], t[1], t[0])),
                }
            )
    return pages


@pytest.fixture(scope="module")
def built(shipped_all) -> dict[str, list[dict]]:
    return {str(p.relative_to(shipped_all)): geometry(p) for p in sorted(shipped_all.rglob("*.pdf"))}


def _close(a: list, b: list) -> bool:
    return a[0] == b[0] and all(abs(x - y) <= TOLERANCE_MM + 1e-6 for x, y in zip(a[1:3], b[1:3])) and a[3] == b[3]


def test_shipped_geometry_is_unchanged(built):
    if os.environ.get("KORT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(built, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        pytest.skip("golden geometry rewritten")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(built) == sorted(golden), "the set of shipped PDFs changed"
    for name, pages in golden.items():
        now = built[name]
        assert len(now) == len(pages), f"{name}: {len(now)} pages, golden has {len(pages)}"
        for number, (want, got) in enumerate(zip(pages, now), 1):
            where = f"{name} page {number}"
            assert got["size"] == want["size"], where
            assert len(got["rects"]) == len(want["rects"]), f"{where}: rectangles"
            for r_want, r_got in zip(want["rects"], got["rects"]):
                assert all(abs(x - y) <= TOLERANCE_MM + 1e-6 for x, y in zip(r_want, r_got)), (where, r_want, r_got)
            assert [t[0] for t in got["lines"]] == [t[0] for t in want["lines"]], f"{where}: text lines"
            moved = [(w, g) for w, g in zip(want["lines"], got["lines"]) if not _close(w, g)]
            assert not moved, f"{where}: lines moved: {moved[:3]}"
