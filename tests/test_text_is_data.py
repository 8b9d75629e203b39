"""A municipality's text is printed as typed: it can never become structure, markup or template code.

Texts that start with `@` (an Instagram handle, "@alla: ..."), `#`, `-`, or hold `<b>`, `{{ 7*7 }}`
or `&amp;` used to be kort's own markers or ReportLab markup; now they are data at every step.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from generator import api

TRICKY = [
    "@alla: vad tycker ni?",
    "# hashtag först",
    "- ett streck först",
    "<b>inte fet</b>",
    "{{ 7*7 }}",
    "&amp; och &",
]


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _fields(pdf: bytes) -> dict:
    return PdfReader(io.BytesIO(pdf)).get_fields() or {}


def test_deck_prints_every_tricky_text_literally():
    yaml = "kind: deck\ntitle: Prov\nintro: " + _quoted(TRICKY[0]) + "\nquestions:\n"
    yaml += "".join(f"  - {_quoted(t)}\n" for t in TRICKY)
    pack = api.load_text(yaml, lang="sv", name="prov.yaml")
    assert api.check(pack) == []
    text = _text(api.render(pack)["sv/prov.pdf"])
    for tricky in TRICKY:
        assert tricky in text, tricky
    assert "49" not in text  # the template never evaluates user text


def test_handout_prints_tricky_texts_literally_and_keeps_its_structure():
    sections = "".join(
        f"  - title: {_quoted(t)}\n    text: {_quoted(t)}\n    items: [{_quoted(t)}, {_quoted('@pagebreak')}]\n"
        for t in TRICKY
    )
    yaml = f"kind: handout\ntitle: {_quoted('@h2 rubrik')}\nsections:\n{sections}"
    pack = api.load_text(yaml, lang="da", name="folder.yaml")
    assert api.check(pack) == []
    pdf = api.render(pack)["da/folder.pdf"]
    text = _text(pdf)
    assert "@h2 rubrik" in text and text.count("@pagebreak") == len(TRICKY)
    for tricky in TRICKY:
        assert text.count(tricky) >= 3, tricky  # heading, paragraph and list item
    assert not _fields(pdf), "no text may become a form field"
    title, sections = PdfReader(io.BytesIO(pdf)).outline[:2]  # the title, and its sections below it
    assert title.title == "@h2 rubrik"
    assert [s.title for s in sections] == TRICKY


def test_checklist_points_starting_with_markers_stay_tick_boxes_with_their_text():
    points = "".join(f"      - {_quoted(t)}\n" for t in TRICKY)
    yaml = (
        "kind: checklist\ntitle: Lista\nprinciples: [" + _quoted("@field x") + "]\n"
        "sections:\n  - title: " + _quoted("@space") + "\n    points:\n" + points
    )
    pack = api.load_text(yaml, lang="sv", name="lista.yaml")
    assert api.check(pack) == []
    pdf = api.render(pack)["sv/lista.pdf"]
    text = _text(pdf)
    for tricky in ["@field x", "@space", *TRICKY]:
        assert tricky in text, tricky
    boxes = [name for name in _fields(pdf) if name.startswith("point-")]
    assert boxes == [f"point-{i}" for i in range(1, len(TRICKY) + 1)]


@pytest.mark.parametrize("name", ["Möte | med | streck", "a < b & c > d"])
def test_meeting_names_with_table_characters_build(name):
    yaml = (
        "kind: meetings\ntitle: Serie\nmeetings:\n"
        f"  - id: m1\n    name: {_quoted(name)}\n    why: Därför.\n    weeks: [1, 3]\n"
    )
    pack = api.load_text(yaml, lang="sv", name="serie.yaml")
    assert api.check(pack) == []
    pdfs = api.render(pack)
    assert name in _text(pdfs["sv/serie-overview.pdf"])
    assert name in _text(pdfs["sv/serie-cards.pdf"])


def test_a_contact_link_with_an_ampersand_is_encoded_as_written(tmp_path):
    import zxingcpp
    from PIL import Image

    link = "https://example.se/kontakt?a=1&b=2"
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv" / "branding.yaml").write_text(
        f"kind: branding\norganisation: Ekby kommun\ncontact: {_quoted(link)}\n", encoding="utf-8"
    )
    (tmp_path / "sv" / "lista.yaml").write_text(
        "kind: handout\ntitle: Lista\nsections:\n  - title: Ett\n    text: Text.\n", encoding="utf-8"
    )
    pack = api.load_pack(tmp_path)
    png = api.page_png(api.render(pack)["sv/lista.pdf"], 1, dpi=200)
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert decoded == [link]
