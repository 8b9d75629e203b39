"""A trainer prints the shipped deck double-sided and cuts it out: sizes, positions, backs, marks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.resources import data_dir
from pdfgeom import MM, read_pages, squash

A4 = (210.0, 297.0)
A7 = (74.0, 105.0)


def shipped_questions() -> list[str]:
    data = yaml.safe_load((data_dir("content") / "sv" / "mingel.yaml").read_text(encoding="utf-8"))
    return [q["text"] for q in data["questions"]]


def test_shipped_deck_has_all_fifteen_questions_from_the_seed():
    questions = shipped_questions()
    assert len(questions) == 15
    assert questions[0] == "Berätta om en situation där du kände tillit till någon du samarbetar med."
    assert questions[-1] == "Berätta om ett bra samtal du har haft med ett barn/ungdom."


def test_pages_are_a4_and_cards_are_a7_within_a_fifth_of_a_millimetre(shipped_sv):
    pages = read_pages(shipped_sv, A7)
    assert len(pages) == 10  # 18 cards (3 instruction + 15 questions), 4 a sheet, front and back
    for page in pages:
        assert abs(page.width / MM - A4[0]) < 0.2 and abs(page.height / MM - A4[1]) < 0.2
        assert page.cards, f"page {page.number} has no cards"
        for card in page.cards:
            assert abs(card.w_mm - A7[0]) <= 0.2 and abs(card.h_mm - A7[1]) <= 0.2


def test_every_question_lies_inside_exactly_one_card(shipped_sv):
    fronts = read_pages(shipped_sv, A7)[0::2]
    card_texts = [squash(page.text_in(card)) for page in fronts for card in page.cards]
    for question in shipped_questions():
        holders = [t for t in card_texts if squash(question) in t]
        assert len(holders) == 1, f"{question!r} found on {len(holders)} cards"


def test_no_character_straddles_a_card_edge(shipped_sv):
    for page in read_pages(shipped_sv, A7):
        for text, *bbox in page.chars:
            touching = [c for c in page.cards if c.overlaps(*bbox)]
            assert all(c.contains(*bbox) for c in touching), f"'{text}' on page {page.number} crosses a card edge"


def test_cards_are_centred_and_keep_clear_of_the_unprintable_edge(shipped_sv):
    page = read_pages(shipped_sv, A7)[0]
    left = min(c.x0 for c in page.cards)
    right = page.width - max(c.x1 for c in page.cards)
    bottom = min(c.y0 for c in page.cards)
    top = page.height - max(c.y1 for c in page.cards)
    assert abs(left - right) < 0.1 and abs(top - bottom) < 0.1
    assert min(left, right, top, bottom) >= 5 * MM
    for x0, y0, x1, y1 in page.lines:
        assert min(x0, page.width - x1, y0, page.height - y1) >= 5 * MM - 0.01


def test_crop_marks_stay_outside_every_card_and_line_up_with_the_cut_edges(shipped_sv):
    for page in read_pages(shipped_sv, A7)[0::2]:
        marks = [ln for ln in page.lines if not any(c.contains(*ln, tol=0.01) for c in page.cards)]
        edges_x = {round(v, 1) for c in page.cards for v in (c.x0, c.x1)}
        edges_y = {round(v, 1) for c in page.cards for v in (c.y0, c.y1)}
        top, bottom = max(c.y1 for c in page.cards), min(c.y0 for c in page.cards)
        left, right = min(c.x0 for c in page.cards), max(c.x1 for c in page.cards)
        for x in edges_x:  # every vertical cut has a mark above and below the cards
            assert any(abs(m[0] - x) < 0.1 and m[1] > top for m in marks), f"page {page.number}: no mark above x={x}"
            assert any(abs(m[0] - x) < 0.1 and m[3] < bottom for m in marks)
        for y in edges_y:
            assert any(abs(m[1] - y) < 0.1 and m[2] < left for m in marks), f"page {page.number}: no mark left of y={y}"
            assert any(abs(m[1] - y) < 0.1 and m[0] > right for m in marks)
        for x0, y0, x1, y1 in marks:
            assert not any(c.overlaps(x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5) for c in page.cards)
            vertical = abs(x1 - x0) < 0.01
            assert (round(x0, 1) in edges_x) if vertical else (round(y0, 1) in edges_y)


def test_each_back_page_mirrors_its_front_for_long_edge_flip(shipped_sv):
    pages = read_pages(shipped_sv, A7)
    for front, back in zip(pages[0::2], pages[1::2]):
        mirrored = sorted((round(front.width - c.x1, 1), round(c.y0, 1)) for c in front.cards)
        assert sorted((round(c.x0, 1), round(c.y0, 1)) for c in back.cards) == mirrored
        assert "Samverkansmingel" in back_text(back)
        assert not any(squash(q) in squash(back_text(back)) for q in shipped_questions())


def back_text(page) -> str:
    return "".join(c[0] for c in page.chars)


@pytest.mark.parametrize("count, lone_slots", [(5, 1), (6, 2), (7, 3)])
def test_a_part_filled_last_sheet_still_puts_each_back_behind_its_front(kort, pack, count, lone_slots):
    questions = "\n".join(f"  - Fråga nummer {i} om samarbete?" for i in range(1, count + 1))
    root = pack({"sv/liten.yaml": f"kind: deck\ntitle: Liten lek\nquestions:\n{questions}\n"})
    assert kort("build", root, "--out", "out").exit_code == 0
    pages = read_pages(kort_out("out/sv/liten.pdf"), A7)
    front, back = pages[-2], pages[-1]
    assert len(front.cards) == lone_slots == len(back.cards)
    for card in front.cards:
        assert any(abs(b.x0 - (front.width - card.x1)) < 0.1 and abs(b.y0 - card.y0) < 0.1 for b in back.cards)


def test_short_edge_flip_mirrors_top_to_bottom(kort, pack, tmp_path):
    root = pack(
        {
            "sv/liten.yaml": "kind: deck\ntitle: Liten lek\nquestions:\n  - En fråga?\n",
            "layout.yaml": "duplex: short-edge\n",
        }
    )
    assert kort("build", root / "sv", "--layout", root / "layout.yaml", "--out", "out").exit_code == 0
    front, back = read_pages(kort_out("out/sv/liten.pdf"), A7)
    (f,), (b,) = front.cards, back.cards
    assert abs(b.x0 - f.x0) < 0.1 and abs(b.y0 - (front.height - f.y1)) < 0.1


def test_no_backs_prints_fronts_only(kort, pack):
    root = pack({"sv/liten.yaml": "kind: deck\ntitle: Liten lek\nquestions:\n  - En fråga?\n"})
    assert kort("build", root, "--no-backs", "--out", "out").exit_code == 0
    assert len(read_pages(kort_out("out/sv/liten.pdf"), A7)) == 1


def test_fonts_are_embedded_subsets_and_nothing_else_is_used(shipped_sv):
    reader = PdfReader(shipped_sv)
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None, f"font {font.get('/BaseFont')} has no descriptor (not embedded)"
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor, f"font {font['/BaseFont']} is not embedded"
            names.add(str(font["/BaseFont"]))
    assert names and all("AtkinsonHyperlegible" in n for n in names), names


def test_pdf_metadata_names_the_deck_and_its_language(shipped_sv):
    reader = PdfReader(shipped_sv)
    assert reader.metadata.title == "Samverkansmingel"
    assert reader.metadata.creator == "kort"
    assert str(reader.trailer["/Root"]["/Lang"]) == "sv-SE"


def test_same_content_gives_the_same_bytes(kort, pack):
    root = pack({"sv/liten.yaml": "kind: deck\ntitle: Liten lek\nquestions:\n  - En fråga?\n"})
    kort("build", root, "--out", "a")
    kort("build", root, "--out", "b")
    assert kort_out("a/sv/liten.pdf").read_bytes() == kort_out("b/sv/liten.pdf").read_bytes()


def kort_out(relative: str):
    from pathlib import Path

    path = Path.cwd() / relative
    assert path.is_file(), f"{relative} was not written"
    return path


def test_two_separate_runs_write_the_same_bytes(tmp_path):
    """Reproducible across processes too (hash randomisation must not leak into the PDF)."""
    import subprocess
    import sys

    kort = Path(sys.executable).with_name("kort")
    for out, seed in (("a", "1"), ("b", "2")):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1741910400"}
        result = subprocess.run([str(kort), "build", "--out", str(tmp_path / out)], env=env, capture_output=True)
        assert result.returncode == 0, result.stderr
    for pdf in sorted((tmp_path / "a").glob("*/*.pdf")):
        assert pdf.read_bytes() == (tmp_path / "b" / pdf.relative_to(tmp_path / "a")).read_bytes(), pdf.name


def test_backs_forgive_a_printer_two_millimetres_off_and_instruction_cards_say_read_first(shipped_sv):
    import pdfplumber

    with pdfplumber.open(shipped_sv) as pdf:
        front, back = pdf.pages[0], pdf.pages[1]
        H = float(back.height)
        cards = read_pages(shipped_sv, A7)[0].cards
        fills = [
            (r["x0"] / MM, (H - r["bottom"]) / MM, r["x1"] / MM, (H - r["top"]) / MM)
            for r in back.rects
            if r.get("fill") and r["width"] > 50 * MM
        ]
        assert len(fills) == 4
        for card in cards:  # every back's colour runs 2 mm past the card's mirrored cut line
            x0, x1 = (front.width - card.x1) / MM, (front.width - card.x0) / MM
            y0, y1 = card.y0 / MM, card.y1 / MM
            assert any(
                abs(f[0] - (x0 - 2)) < 0.1
                and abs(f[2] - (x1 + 2)) < 0.1
                and abs(f[1] - (y0 - 2)) < 0.1
                and abs(f[3] - (y1 + 2)) < 0.1
                for f in fills
            ), (x0, y0, fills)
        gaps = sorted({round(b[0] - a[2], 1) for a in fills for b in fills if 0 < b[0] - a[2] < 10})
        assert gaps == [2.0]  # neighbours never touch: 2 mm of the 6 mm gutter stays white
        words = [w["text"] for w in back.extract_words()]
        assert words.count("Läs") == 3  # the three instruction cards of sheet 1
        later = " ".join(w["text"] for w in pdf.pages[3].extract_words())
        assert "Läs först" not in later  # question cards' backs do not


def test_the_registration_page_labels_never_overlap(kort, pack):
    import pdfplumber

    root = pack({"sv/d.yaml": "kind: deck\ntitle: D\nquestions:\n  - Fråga?\n"})
    assert kort("build", root, "--test-page", "--out", "out").exit_code == 0
    with pdfplumber.open("out/sv/registration-test.pdf") as pdf:
        page = pdf.pages[0]  # the scales are read on the front; the back carries crosses only
        digits = [c for c in page.chars if c["text"] in "-0123456789" and c["size"] < 6]
        assert len(digits) >= 5 * 12  # five scales; -4, -2, 2, 4 each way
        for i, a in enumerate(digits):
            for b in digits[i + 1 :]:
                overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                assert overlap_x <= 0.1 or overlap_y <= 0.1, (a["text"], b["text"], a["x0"], a["top"])
