"""A print shop, a guillotine and a one-sided printer: every size, bleed, boxes, fold, alignment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.typography import smarten
from pdfgeom import MM, read_pages, squash

SIZES = {
    "a7": (74, 105),
    "a6": (105, 148),
    "a8": (52, 74),
    "poker": (63, 88),
    "bridge": (57, 89),
    "tarot": (70, 120),
    "square": (80, 80),
    "business": (85, 55),
    "70x100": (70, 100),
}
PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}
DECK = "kind: deck\ntitle: Prov\nquestions:\n" + "".join(
    f"  - Fråga {i} om hur vi samarbetar kring barnet?\n" for i in range(1, 13)
)


@pytest.fixture
def deck(pack):
    return pack({"sv/prov.yaml": DECK}) / "sv"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("size", SIZES)
def test_every_card_size_is_exact_on_a4_and_letter(kort, deck, size, paper):
    result = kort("build", deck, "--card-size", size, "--paper", paper, "--out", "out")
    assert result.exit_code == 0, result.stderr
    pages = read_pages(Path("out/sv/prov.pdf"), SIZES[size], tol_mm=1.0)
    front = pages[0]
    assert abs(front.width / MM - PAPERS[paper][0]) < 0.2 and abs(front.height / MM - PAPERS[paper][1]) < 0.2
    assert front.cards
    for card in front.cards:
        measured = sorted((card.w_mm, card.h_mm))
        assert abs(measured[0] - min(SIZES[size])) <= 0.2 and abs(measured[1] - max(SIZES[size])) <= 0.2
    texts = [squash(page.text_in(c)) for page in pages[0::2] for c in page.cards]
    for i in range(1, 13):
        assert sum(squash(f"Fråga {i} om hur vi samarbetar kring barnet?") in t for t in texts) == 1


def test_orientation_is_chosen_to_fit_the_most_cards(kort, deck):
    assert kort("build", deck, "--card-size", "a6", "--out", "out").exit_code == 0
    front = read_pages(Path("out/sv/prov.pdf"), SIZES["a6"])[0]
    assert len(front.cards) == 2  # upright only one A6 fits on A4 with margins; turned, two do
    assert all(c.w_mm > c.h_mm for c in front.cards)


def test_crop_marks_sit_outside_the_bleed(kort, deck):
    assert kort("build", deck, "--bleed", "3", "--out", "out").exit_code == 0
    pages = read_pages(Path("out/sv/prov.pdf"), SIZES["a7"])
    front = pages[0]
    bleed = 3 * MM
    assert front.lines
    for x0, y0, x1, y1 in front.lines:
        for c in front.cards:
            grown = type(c)(c.x0 - bleed, c.y0 - bleed, c.x1 + bleed, c.y1 + bleed)
            assert not grown.overlaps(x0, y0, x1, y1, tol=-0.01), "a crop mark reaches into the bleed"


def test_backgrounds_run_into_the_bleed(kort, deck):
    assert kort("build", deck, "--bleed", "3", "--out", "out").exit_code == 0
    import pdfplumber

    with pdfplumber.open("out/sv/prov.pdf") as pdf:
        back = pdf.pages[1]
        sizes = {(round(float(r["width"]) / MM, 1), round(float(r["height"]) / MM, 1)) for r in back.rects}
    assert (80.0, 111.0) in sizes  # 74 x 105 plus 3 mm on every side


def test_single_layout_is_one_card_a_page_with_trim_and_bleed_boxes(kort, deck):
    assert kort("build", deck, "--layout", "single", "--out", "out").exit_code == 0
    reader = PdfReader("out/sv/prov.pdf")
    assert len(reader.pages) == 2 * 12  # front, back, front, back ...
    for page in reader.pages:
        media = [float(v) / MM for v in page.mediabox]
        trim = [float(v) / MM for v in page.trimbox]
        bleed = [float(v) / MM for v in page.bleedbox]
        assert media == pytest.approx([0, 0, 80, 111], abs=0.05)
        assert trim == pytest.approx([3, 3, 77, 108], abs=0.05)
        assert bleed == pytest.approx(media, abs=0.05)
    texts = [p.extract_text() for p in reader.pages]
    assert "Fråga 1 om" in texts[0] and "Prov" in texts[1] and "Fråga 2 om" in texts[2]


def test_fold_layout_puts_each_back_beside_its_front_mirrored_across_the_fold(kort, deck):
    assert kort("build", deck, "--layout", "fold", "--out", "out").exit_code == 0
    reader = PdfReader("out/sv/prov.pdf")
    pages = read_pages(Path("out/sv/prov.pdf"), SIZES["a7"])
    assert len(pages) == len(reader.pages) == 6  # 12 cards, 2 pairs a page, no separate back pages
    import pdfplumber

    with pdfplumber.open("out/sv/prov.pdf") as pdf:
        dashed = [ln for ln in pdf.pages[0].lines if ln.get("dash") and ln["dash"][0]]
    page = pages[0]
    fronts = [c for c in page.cards if "Fråga" in page.text_in(c)]
    backs = [c for c in page.cards if page.text_in(c).strip() == "Prov"]
    assert len(fronts) == len(backs) == 2
    for f in fronts:
        fold_x = f.x1
        mirrored = [b for b in backs if abs(b.x0 - fold_x) < 0.1 and abs(b.y0 - f.y0) < 0.1]
        assert len(mirrored) == 1
        assert any(abs(float(ln["x0"]) - fold_x) < 0.1 for ln in dashed), "no fold line between front and back"


def test_registration_page_crosses_mirror_the_scales_and_offset_moves_them(kort, deck):
    from generator.registration import targets

    assert kort("build", deck, "--test-page", "--out", "a").exit_code == 0
    assert kort("build", deck, "--test-page", "--offset-back", "1,-0.5", "--out", "b").exit_code == 0
    import pdfplumber

    def crosses(path):
        with pdfplumber.open(path) as pdf:
            back = pdf.pages[1]
            H = float(back.height)
            return sorted(
                (round(float(ln["x0"]), 2), round(H - float(ln["bottom"]), 2))
                for ln in back.lines
                if abs(float(ln["top"]) - float(ln["bottom"])) < 0.01
            )

    page_w, page_h = 210 * MM, 297 * MM
    plain = crosses("a/sv/registration-test.pdf")
    expected = sorted((round(page_w - x - 4 * MM, 2), round(y, 2)) for x, y in targets(page_w, page_h))
    assert flat(plain) == pytest.approx(flat(expected), abs=0.02)
    moved = crosses("b/sv/registration-test.pdf")
    # Read 1 mm right and 0.5 mm down on the front: the back moves 1 mm along its own x (mirrored)
    # and 0.5 mm up.
    assert flat([(x + 1 * MM, y + 0.5 * MM) for x, y in plain]) == pytest.approx(flat(moved), abs=0.02)


def test_offset_back_moves_the_card_backs(kort, deck):
    kort("build", deck, "--out", "a")
    kort("build", deck, "--offset-back", "-2,1", "--out", "b")
    a = read_pages(Path("a/sv/prov.pdf"), SIZES["a7"])[1].cards
    b = read_pages(Path("b/sv/prov.pdf"), SIZES["a7"])[1].cards
    # Read 2 mm left and 1 mm up: long-edge flip mirrors x, so the backs move 2 mm left on their
    # own page (which is right as seen through the front) and 1 mm down.
    assert flat([(c.x0 - 2 * MM, c.y0 - 1 * MM) for c in a]) == pytest.approx(flat([(c.x0, c.y0) for c in b]), abs=0.02)


def test_ink_saving_backs_are_mostly_paper(kort, deck):
    from PIL import Image

    for name, extra in (("solid", []), ("saving", ["--ink-saving"])):
        assert kort("build", deck, "--out", name, *extra).exit_code == 0
        assert kort("preview", f"{name}/sv/prov.pdf", "--page", "2", "--dpi", "30", "--out", name).exit_code == 0

    def coverage(path):
        with Image.open(path) as im:
            gray = im.convert("L")
            return sum(1 for v in gray.get_flattened_data() if v < 200) / (gray.width * gray.height)

    assert coverage("solid/sv-prov-02.png") > 0.3
    assert coverage("saving/sv-prov-02.png") < 0.05


def test_every_shipped_deck_fits_the_smallest_card(kort):
    from generator.resources import data_dir

    result = kort("build", "--card-size", "a8", "--out", "out")
    assert result.exit_code == 0, result.stderr
    import yaml

    decks = [
        p
        for p in Path("out").glob("*/*.pdf")
        if (data_dir("content") / p.parent.name / f"{p.stem}.yaml").is_file()
        and "kind: deck" in (data_dir("content") / p.parent.name / f"{p.stem}.yaml").read_text(encoding="utf-8")
    ]
    assert len(decks) == 2  # the Swedish and the Danish mingel deck
    for pdf in decks:
        source = data_dir("content") / pdf.parent.name / f"{pdf.stem}.yaml"
        questions = [
            q["text"] if isinstance(q, dict) else q
            for q in yaml.safe_load(source.read_text(encoding="utf-8"))["questions"]
        ]
        pages = read_pages(pdf, SIZES["a8"])
        texts = [squash(p.text_in(c)) for p in pages[0::2] for c in p.cards]
        for q in questions:
            assert sum(squash(q) in t for t in texts) == 1, q
        for page in pages:
            for text, *bbox in page.chars:
                assert all(c.contains(*bbox) for c in page.cards if c.overlaps(*bbox))


def test_long_compound_words_are_hyphenated_not_clipped(kort, pack):
    long_words = "Hur stärker barnrättsperspektivet myndighedssagsbehandlerens samarbetsförutsättningar?"
    root = pack({"sv/ord.yaml": f"kind: deck\ntitle: Ord\nquestions:\n  - {long_words}\n"})
    # 45 mm wide: "myndighedssagsbehandlerens" is wider than the text area even at the smallest size
    assert kort("build", root, "--card-size", "45x70", "--out", "out").exit_code == 0
    page = read_pages(Path("out/sv/ord.pdf"), (45, 70))[0]
    (card,) = page.cards
    text = page.text_in(card)
    assert squash(text) == "Ord1" + squash(long_words)  # the band (the deck's name), the number, the question
    assert "-" in text  # at least one compound was broken with a hyphen
    for _text, *bbox in page.chars:
        assert all(c.contains(*bbox) for c in page.cards if c.overlaps(*bbox))


def test_a_question_never_ends_on_a_lone_word(kort, pack):
    import pdfplumber

    questions = [
        "Vad betyder tillit för dig när du samarbetar med en annan verksamhet kring ett barn?",
        "Berätta om ett bra samtal du har haft med ett barn eller en ungdom nyligen.",
    ]
    root = pack({"sv/ord.yaml": "kind: deck\ntitle: Ord\nquestions:\n" + "".join(f"  - {q}\n" for q in questions)})
    for size in ("a7", "bridge", "tarot"):  # sizes that stand upright on A4, so lines read left to right
        assert kort("build", root, "--card-size", size, "--no-backs", "--out", size).exit_code == 0
        with pdfplumber.open(f"{size}/sv/ord.pdf") as pdf:
            lines = pdf.pages[0].extract_text_lines()
        body = [ln["text"] for ln in lines if ln["text"].strip() not in ("1", "2") and "·" not in ln["text"]]
        last_lines = [ln for ln in body if ln.rstrip().endswith(("?", "."))]
        assert last_lines and all(len(ln.split()) >= 2 for ln in last_lines), body


@pytest.mark.parametrize(
    "lang, raw, typeset",
    [
        ("sv", 'Vad betyder "tillit" - och varför?', "Vad betyder ”tillit” – och varför?"),
        ("da", 'Hvad betyder "tillid" - og hvorfor?', "Hvad betyder »tillid« – og hvorfor?"),
        ("sv", "Barn 0-18 år, barnets 'röst'", "Barn 0–18\u00a0år, barnets ’röst’"),
        ("sv", "Det är barnets rätt", "Det är barnets rätt"),
    ],
)
def test_quotes_and_dashes_are_typeset(lang, raw, typeset):
    assert smarten(raw, lang) == typeset


def test_characters_that_markup_escapes_print_as_themselves(kort, pack):
    """A lone apostrophe or inch mark is left straight by the typesetting and escaped for the
    markup (&#39;, &#34;); on the card it must be the character, as &, < and > are."""
    root = pack({"sv/tecken.yaml": "kind: deck\ntitle: Tecken\nquestions:\n  - 'Är 5'' eller 6\" & <7> för mycket?'\n"})
    assert kort("build", root, "--out", "out").exit_code == 0
    text = PdfReader("out/sv/tecken.pdf").pages[0].extract_text()
    assert squash(text).startswith(squash("Tecken 1 Är 5' eller 6\" & <7> för mycket?"))  # band, number, question
    assert "&#" not in text and "&amp;" not in text


def flat(points):
    return [v for point in sorted(points) for v in point]


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_no_text_on_an_a7_card_is_smaller_than_7_pt(shipped_all, lang):
    import pdfplumber

    pdf_path = shipped_all / lang / "mingel.pdf"
    pages = read_pages(pdf_path, (74, 105))
    with pdfplumber.open(pdf_path) as pdf:
        for page, measured in zip(pdf.pages, pages):
            H = float(page.height)
            on_cards = [
                c
                for c in page.chars
                if c["text"].strip()
                and any(b.contains(c["x0"], H - c["bottom"], c["x1"], H - c["top"]) for b in measured.cards)
            ]
            assert on_cards, f"page {measured.number}: no text on the cards"
            small = {(c["text"], round(c["size"], 2)) for c in on_cards if c["size"] < 7 - 0.01}
            assert not small, f"page {measured.number}: {sorted(small)[:5]}"
