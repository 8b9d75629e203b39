"""A municipality makes its own deck: scaffold, extend, brand, select, validate, never lose files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.typography import smarten
from pdfgeom import read_pages, squash

A7 = (74, 105)

LONG_SV = [
    "Hur påverkar barnrättsperspektivet myndighetsutövningen i socialförvaltningens ärendehantering?",
    'Vad betyder "tillit" – på riktigt – i ett samverkansmöte mellan skola och socialtjänst?',
    "Berätta om elevhälsoteamets samarbetsöverenskommelser med barn- och ungdomspsykiatrin.",
]
LONG_DA = [
    "Hvordan arbejder myndighedssagsbehandleren med forældremyndighedsindehaverne i praksis?",
    'Hvad betyder "tværfagligt samarbejde" - for dig - i børne- og ungeforvaltningen?',
    "Fortæl om sundhedsplejerskens samarbejdsaftaler med dagtilbudsområdet.",
]


def write_logo(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(200, 30, 60))
    image.save(path)


def test_scaffolded_pack_validates_and_builds_in_both_languages(kort):
    for lang in ("sv", "da"):
        result = kort("new", f"pack-{lang}", "--lang", lang)
        assert result.exit_code == 0, result.stderr
        assert kort("validate", f"pack-{lang}").exit_code == 0
        assert kort("build", f"pack-{lang}", "--out", "out").exit_code == 0
        reader = PdfReader(f"out/{lang}/mingel.pdf")
        text = squash("".join(p.extract_text() for p in reader.pages))
        assert len(reader.pages) == 10  # 3 instruction + 15 shipped + 2 own = 20 cards
        comments = Path(f"pack-{lang}/{lang}/mingel.yaml").read_text(encoding="utf-8")
        assert ("Så fungerar filen" if lang == "sv" else "Sådan virker filen") in comments
        own = yaml.safe_load(comments)["questions"][0]["text"]
        assert squash(own) in text


def test_new_never_overwrites_without_force_and_says_what_it_replaced(kort):
    assert kort("new", "pack").exit_code == 0
    mine = Path("pack/sv/mingel.yaml")
    mine.write_text("kind: deck\nextends: mingel\n# my edits\n", encoding="utf-8")
    refused = kort("new", "pack")
    assert refused.exit_code == 2 and "already exist" in refused.stderr and "--force" in refused.stderr
    assert "# my edits" in mine.read_text(encoding="utf-8")
    forced = kort("new", "pack", "--force")
    assert forced.exit_code == 0 and "replaced pack/sv/mingel.yaml" in forced.stdout
    assert "# my edits" not in mine.read_text(encoding="utf-8")


def test_thirty_own_questions_with_long_words_logo_and_colours(kort, pack):
    questions = [(LONG_SV * 10)[i] for i in range(30)]
    items = "".join(f"  - id: egen-{i}\n    text: '{q}'\n" for i, q in enumerate(questions))
    root = pack(
        {
            "sv/vara.yaml": f"kind: deck\ntitle: Vårt mingel\nintro: Korten är till för vår workshop.\n"
            f"questions:\n{items}",
            "sv/branding.yaml": "kind: branding\norganisation: Ekby kommun\nlogo: bilder/logo.png\n"
            'colours:\n  primary: "#7A1F3D"\n  accent: "#E0A526"\n'
            "footer: Ekby kommun, Barn och utbildning\ncontact: https://ekby.example/samverkan\n",
        }
    )
    (root / "sv" / "bilder").mkdir()
    write_logo(root / "sv" / "bilder" / "logo.png")
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 0, result.stderr
    pdf = Path("out/sv/vara.pdf")
    pages = read_pages(pdf, A7)
    texts = [squash(p.text_in(c)) for p in pages[0::2] for c in p.cards]
    assert len(texts) == 1 + 30  # the intro card (with the contact QR code), then the questions
    for q in LONG_SV:  # each long question was written ten times, and each lands inside one card each time
        assert sum(squash(smarten(q, "sv")) in t for t in texts) == 10
    assert squash("Ekby kommun, Barn och utbildning") in texts[0]
    reader = PdfReader(pdf)
    back = reader.pages[1]
    assert "Ekby kommun" in back.extract_text()
    assert len(back.images) >= 1  # the logo on the backs
    assert reader.metadata.author == "Ekby kommun"
    for page in pages:
        for text, *bbox in page.chars:
            assert all(c.contains(*bbox) for c in page.cards if c.overlaps(*bbox))


def test_danish_pack_with_svg_logo_and_a_qr_code_that_decodes(kort, pack):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">'
        '<rect x="5" y="5" width="190" height="70" fill="#1F5C7A"/></svg>'
    )
    items = "".join(f"  - '{q}'\n" for q in LONG_DA)
    root = pack(
        {
            "da/vores.yaml": f"kind: deck\ntitle: Vores mingel\nintro: Til vores workshop.\nquestions:\n{items}",
            "branding.yaml": "kind: branding\norganisation: Østby Kommune\nlogo: logo.svg\n"
            "contact: https://oestby.example/samarbejde\n",
            "logo.svg": svg,
        }
    )
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 0, result.stderr
    pages = read_pages(Path("out/da/vores.pdf"), A7)
    texts = [squash(p.text_in(c)) for p in pages[0::2] for c in p.cards]
    for q in LONG_DA:
        assert sum(squash(smarten(q, "da")) in t for t in texts) == 1
    assert "Østby Kommune" in PdfReader("out/da/vores.pdf").pages[1].extract_text()
    zxing = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code when installed")
    assert kort("preview", "out/da/vores.pdf", "--page", "1", "--dpi", "300", "--out", "png").exit_code == 0
    from PIL import Image

    decoded = [r.text for r in zxing.read_barcodes(Image.open("png/da-vores-01.png"))]
    assert "https://oestby.example/samarbejde" in decoded


def test_extends_drops_replaces_and_adds_by_id(kort, pack):
    root = pack(
        {
            "sv/mingel.yaml": """
        kind: deck
        extends: mingel
        title: Mingel i Ekby
        drop: [god-relation, samarbetsmote]
        questions:
          - id: styrkor
            text: Vilka styrkor ser du hos barnen i din verksamhet?
          - id: ny-fraga
            text: Vad vill du att vi gör annorlunda nästa år?
        """
        }
    )
    assert kort("build", root, "--no-backs", "--out", "out").exit_code == 0
    text = squash("".join(p.extract_text() for p in PdfReader("out/sv/mingel.pdf").pages))
    assert squash("Mingel i Ekby") in text
    assert squash("Vad är en god relation till ett barn/ungdom för dig?") not in text
    assert squash("Hur gör du för att utveckla barnets/ungdomens styrkor?") not in text
    assert squash("Vilka styrkor ser du hos barnen") in text and squash("Vad vill du att vi gör annorlunda") in text
    assert squash("Gör så här:") in text  # the shipped instruction cards come along
    listing = kort("list", root, "--ids")
    ids = [ln.split()[0] for ln in listing.stdout.splitlines() if ln.startswith("      ")]
    assert len(ids) == 15 - 2 + 1 and ids[-1] == "ny-fraga" and "styrkor" in ids


def test_participants_cycle_evenly_and_select_and_shuffle(kort, pack):
    assert kort("build", "--lang", "sv", "--participants", "40", "--no-backs", "--out", "a").exit_code == 0
    pages = read_pages(Path("a/sv/mingel.pdf"), A7)
    assert sum(len(p.cards) for p in pages) == 3 + 40
    texts = [squash(p.text_in(c)) for p in pages for c in p.cards]
    from generator.resources import data_dir

    qs = [q["text"] for q in yaml.safe_load((data_dir("content") / "sv" / "mingel.yaml").read_text())["questions"]]
    counts = [sum(squash(q) in t for t in texts) for q in qs]
    assert sorted(set(counts)) == [2, 3] and sum(counts) == 40  # as even as 40 cards over 15 questions allows

    # The shipped deck tags no question (as its source); a pack that extends it tags one.
    tagged = pack(
        {
            "sv/mingel.yaml": "extends: mingel\nkind: deck\nquestions:\n  - id: barnkonventionen\n"
            "    text: Varför tycker du att det är viktigt att arbeta utifrån barnkonventionen?\n"
            "    principle: barnperspektiv\n"
        }
    )
    assert kort("build", tagged, "--select", "barnperspektiv", "--no-backs", "--out", "b").exit_code == 0
    texts_b = squash("".join(p.extract_text() for p in PdfReader("b/sv/mingel.pdf").pages))
    assert squash("Varför tycker du att det är viktigt att arbeta utifrån barnkonventionen?") in texts_b
    assert squash("Berätta om ett bra samarbetsmöte du varit på.") not in texts_b

    orders = []
    for out in ("c", "d"):
        kort("build", "--lang", "sv", "--shuffle", "--seed", "7", "--no-backs", "--out", out)
        orders.append([squash(p.text_in(c)) for p in read_pages(Path(f"{out}/sv/mingel.pdf"), A7) for c in p.cards])
    assert orders[0] == orders[1] and orders[0] != texts[: len(orders[0])]
    bad = kort("build", "--lang", "sv", "--select", "tilit", "--out", "e")
    assert bad.exit_code == 2 and "tags in this deck" in bad.stderr


def test_validate_reports_everything_and_writes_nothing(kort, pack):
    ok = kort("validate")
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: 14 content files checked")
    root = pack(
        {
            "sv/a.yaml": "kind: deck\ntitel: X\nquestions:\n  - Fråga ✓?\n",
            "sv/b.yaml": "kind: deck\nextends: mingle\n",
            "sv/branding.yaml": "kind: branding\norganisation: X\nlogo: ../../hemlig.png\n",
        }
    )
    result = kort("validate", root)
    assert result.exit_code == 2
    err = result.stderr
    assert "a.yaml:2: unknown key 'titel'" in err and "did you mean 'title'?" in err
    assert "b.yaml:2: there is no shipped deck 'mingle'" in err and "did you mean 'mingel'?" in err
    assert "branding.yaml:3: the logo '../../hemlig.png' lies outside the pack folder" in err
    assert not list(Path.cwd().rglob("*.pdf"))


@pytest.mark.parametrize(
    "case, files, line, message",
    [
        (
            "missing logo",
            {"sv/branding.yaml": "kind: branding\norganisation: X\nlogo: saknas.png\n"},
            3,  # the `logo:` line
            "the logo 'saknas.png' does not exist",
        ),
        (
            "unreadable logo",
            {
                "sv/branding.yaml": "kind: branding\norganisation: X\nlogo: trasig.png\n",
                "sv/trasig.png": "not an image",
            },
            3,  # the `logo:` line
            "cannot be read",
        ),
        (
            "logo of the wrong kind",
            {"sv/branding.yaml": "kind: branding\norganisation: X\nlogo: logo.gif\n"},
            3,  # the `logo:` line
            "is not a PNG, JPG or SVG",
        ),
        (
            "drop of an unknown id",
            {"sv/m.yaml": "kind: deck\nextends: mingel\ndrop: [god-relatio]\n"},
            3,
            "did you mean 'god-relation'?",
        ),
        (
            "guide for a missing deck",
            {"sv/g.yaml": "kind: guide\ntitle: G\ndeck: saknas\n"},
            1,
            "the guide is for the deck 'saknas'",
        ),
        (
            "meeting in a week outside the series",
            {
                "sv/m.yaml": "kind: meetings\ntitle: M\nweeks: 4\nmeetings:\n"
                "  - id: a\n    name: A\n    why: B\n    weeks: [5]\n"
            },
            5,
            "week 5",
        ),
    ],
)
def test_more_broken_input_names_file_and_line(kort, pack, case, files, line, message):
    root = pack({"sv/ok.yaml": "kind: deck\ntitle: Ok\nquestions:\n  - Fråga?\n", **files})
    previous = Path("out/sv/ok.pdf")
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF previous")
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 2, result.stdout
    assert f".yaml:{line}: " in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert previous.read_bytes() == b"%PDF previous"


def test_the_content_format_reference_is_up_to_date():
    from generator.reference import reference

    committed = Path(__file__).parent.parent / "docs" / "content-format.md"
    if not committed.is_file():
        pytest.skip("docs/ is not part of an installed kort")
    assert committed.read_text(encoding="utf-8") == reference(), (
        "run: python -m generator.reference > docs/content-format.md"
    )


def test_the_walkthrough_works_as_written(kort):
    """docs/own-questions.md, step by step."""
    assert kort("new", "ekby", "--lang", "sv").exit_code == 0
    deck = Path("ekby/sv/mingel.yaml")
    text = deck.read_text(encoding="utf-8")
    text = text.replace(
        "questions:\n",
        "drop:\n  - samarbetsmote\nquestions:\n"
        "  - id: forsta-motet\n    text: Vad behöver du veta innan du går på ett första "
        "samverkansmöte?\n    principle: tillsammans\n",
        1,
    )
    deck.write_text(text, encoding="utf-8")
    write_logo(Path("ekby/sv/logo.png"))
    Path("ekby/sv/branding.yaml").write_text(
        "kind: branding\norganisation: Ekby kommun\nlogo: logo.png\n"
        'colours:\n  primary: "#7A1F3D"\n'
        "contact: https://www.ekby.se/samverkan\n",
        encoding="utf-8",
    )
    assert kort("validate", "ekby").exit_code == 0, kort("validate", "ekby").stderr
    assert kort("build", "ekby").exit_code == 0
    text = squash("".join(p.extract_text() for p in PdfReader("output/sv/mingel.pdf").pages))
    assert squash("Vad behöver du veta innan du går på ett första samverkansmöte?") in text
    assert squash("Berätta om ett bra samarbetsmöte du varit på.") not in text
    assert "Ekby kommun" in PdfReader("output/sv/mingel.pdf").pages[1].extract_text()
