"""A facilitator in Holbæk, Copenhagen or Sundbyberg exports the material in the participants' language."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from generator.resources import data_dir, package_path
from pdfgeom import content, pdf_text, read_pages, squash, typeset


@pytest.fixture(scope="module")
def shipped(shipped_all) -> Path:
    return shipped_all


def test_every_danish_question_lies_inside_exactly_one_card(shipped):
    questions = [q["text"] for q in content("da", "mingel")["questions"]]
    assert len(questions) == 15
    pages = read_pages(shipped / "da" / "mingel.pdf", (74, 105))
    texts = [squash(p.text_in(c)) for p in pages[0::2] for c in p.cards]
    for q in questions:
        assert sum(squash(q) in t for t in texts) == 1, q
    assert "Sådangørl:" not in texts  # the heading is Danish, and its words are on a card
    assert any("SådangørI:" in t for t in texts)


@pytest.mark.parametrize("name, count", [("principper-holbaek", 3), ("principper-kbh", 4)])
def test_each_principle_and_its_key_points_are_in_the_handout(shipped, name, count):
    data = content("da", name)
    text = pdf_text(shipped / "da" / f"{name}.pdf")
    assert len(data["principles"]) == count
    for principle in data["principles"]:
        assert typeset(principle["title"], "da") in text
        for point in principle.get("points", []):
            point_text = point if isinstance(point, str) else point["title"] + point["text"]
            assert typeset(point_text, "da") in text, point_text[:60]


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_the_mingel_decks_principles_have_a_handout_too(shipped, lang):
    approach = content(lang, "mingel")["approach"]
    text = pdf_text(shipped / lang / "mingel-principles.pdf")
    assert typeset(approach["title"], lang) in text
    for principle in approach["principles"]:
        assert typeset(principle["title"], lang) in text and typeset(principle["text"], lang) in text


def test_copenhagen_principles_have_their_four_key_points_each(shipped):
    for principle in content("da", "principper-kbh")["principles"]:
        assert len(principle["points"]) == 4


def test_each_checklist_point_and_sub_point_is_in_the_checklist(shipped):
    data = content("sv", "checklista-mote")
    text = pdf_text(shipped / "sv" / "checklista-mote.pdf")
    points = [p for section in data["sections"] for p in section["points"]]
    assert len(points) == 9 and len(data["principles"]) == 6
    for number, point in enumerate(points, 1):
        body = point if isinstance(point, str) else point["text"]
        assert squash(f"{number}.{body}") in text, body[:50]
        for item in [] if isinstance(point, str) else point.get("items", []):
            assert squash(item) in text
    for principle in data["principles"]:
        assert squash(principle) in text


def test_the_checklist_has_working_tick_boxes_and_text_fields(shipped):
    reader = PdfReader(shipped / "sv" / "checklista-mote.pdf")
    fields = reader.get_fields()
    boxes = {k for k, v in fields.items() if v.get("/FT") == "/Btn"}
    texts = {k for k, v in fields.items() if v.get("/FT") == "/Tx"}
    data = content("sv", "checklista-mote")
    points = [p for section in data["sections"] for p in section["points"]]
    sub_points = sum(len(p.get("items", [])) for p in points if isinstance(p, dict))
    assert len(boxes) == len(points) + sub_points == 21
    assert {"point-1", "point-2a", "point-9b"} <= boxes
    assert {"followup-date", "followup-participants", "followup-how", "actions_1_1", "actions_5_3"} <= texts
    assert len([t for t in texts if t.startswith("actions_")]) == 5 * 3
    assert all(not v.get("/Ff", 0) & 2 for v in fields.values())  # nothing is marked required


@pytest.mark.parametrize(
    "pdf, meetings_side", [("moedetyper-kbh-cards.pdf", "cards"), ("moedetyper-kbh-overview.pdf", "overview")]
)
def test_each_meeting_type_is_in_the_cards_and_the_overview(shipped, pdf, meetings_side):
    data = content("da", "moedetyper-kbh")
    assert len(data["meetings"]) == 7
    text = pdf_text(shipped / "da" / pdf)
    for m in data["meetings"]:
        for key in ("name", "why", "when", "who"):
            assert typeset(m[key], "da") in text, (m["id"], key)
        for ref in m["law"]:
            assert typeset(ref, "da") in text


def test_meeting_cards_carry_why_on_the_front_and_when_who_law_on_the_mirrored_back(shipped):
    pages = read_pages(shipped / "da" / "moedetyper-kbh-cards.pdf", (105, 148))
    data = content("da", "moedetyper-kbh")
    first = data["meetings"][0]
    front, back = pages[0], pages[1]
    fronts = {i: squash(front.text_in(c)) for i, c in enumerate(front.cards)}
    holder = next(i for i, t in fronts.items() if squash(first["why"]) in t)
    card = front.cards[holder]
    mirrored = [c for c in back.cards if abs(c.x0 - (front.width - card.x1)) < 0.1 and abs(c.y0 - card.y0) < 0.1]
    assert len(mirrored) == 1
    back_text = squash(back.text_in(mirrored[0]))
    assert squash(first["when"]) in back_text and squash(first["law"][0]) in back_text
    assert squash(first["why"]) not in back_text


def test_overview_table_marks_each_meeting_in_its_weeks(shipped):
    data = content("da", "moedetyper-kbh")
    with pdfplumber.open(shipped / "da" / "moedetyper-kbh-overview.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
    header_y = next(w["top"] for w in words if w["text"] == "Mødetype")
    columns = {
        int(w["text"]): (w["x0"] + w["x1"]) / 2 for w in words if abs(w["top"] - header_y) < 2 and w["text"].isdigit()
    }
    assert sorted(columns) == list(range(1, 13))
    for number, meeting in enumerate(data["meetings"], 1):
        row = next(w for w in words if w["text"] == str(number) and w["x0"] < min(columns.values()) - 50)
        marks = [w for w in words if w["text"] == "x" and abs(w["top"] - row["top"]) < 3]
        weeks = sorted(min(columns, key=lambda k: abs(columns[k] - (w["x0"] + w["x1"]) / 2)) for w in marks)
        assert weeks == meeting["weeks"], meeting["id"]


@pytest.mark.parametrize(
    "lang, name, title, author",
    [
        ("sv", "checklista-mote.pdf", "Att tänka på vid gemensamma möten", "Sundbybergs stad"),
        ("da", "principper-holbaek.pdf", "Principper for samarbejdet", "Holbæk Kommune"),
        (
            "da",
            "principper-kbh.pdf",
            "Principper for godt samarbejde",
            "Københavns Kommune, Socialforvaltningen, Borgercenter Børn og Unge",
        ),
        ("da", "mingel.pdf", "Samarbejdsmingel", "Fælles samarbejdsmodel for børn i Sörmland"),
    ],
)
def test_metadata_names_title_publisher_and_language(shipped, lang, name, title, author):
    reader = PdfReader(shipped / lang / name)
    assert reader.metadata.title == title
    assert reader.metadata.author == author
    assert reader.metadata.subject
    assert str(reader.trailer["/Root"]["/Lang"]) == {"sv": "sv-SE", "da": "da-DK"}[lang]


def test_a_handout_built_on_its_own_is_byte_for_byte_the_one_built_with_everything(shipped, tmp_path):
    """A fresh process that builds only a handout (no card sheet drawn first) writes the same
    compressed binary streams: no ASCII85, nothing that depends on what was built before."""
    kort = Path(sys.executable).with_name("kort")
    source = data_dir("content") / "da" / "principper-holbaek.yaml"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1741910400"}
    done = subprocess.run([str(kort), "build", str(source), "--out", "alone"], cwd=tmp_path, env=env)
    assert done.returncode == 0
    alone = (tmp_path / "alone" / "da" / "principper-holbaek.pdf").read_bytes()
    assert b"ASCII85Decode" not in alone
    assert alone == (shipped / "da" / "principper-holbaek.pdf").read_bytes()


def test_multi_page_handouts_have_an_outline_and_page_x_of_y(shipped):
    reader = PdfReader(shipped / "da" / "principper-kbh.pdf")
    titles = [o.title for o in _flatten(reader.outline)]
    assert "Principper for godt samarbejde" in titles and "Sammen om målene" in titles and "Tydelige aftaler" in titles
    pages = len(reader.pages)
    assert pages >= 2
    for n, page in enumerate(reader.pages, 1):
        assert f"Side {n} af {pages}" in page.extract_text()
    assert "Sida 1 av 2" in PdfReader(shipped / "sv" / "checklista-mote.pdf").pages[0].extract_text()


def test_dates_are_written_the_way_each_language_writes_them(shipped):
    # SOURCE_DATE_EPOCH 1741910400 is 14 March 2025
    assert "Utskrivet 14 mars 2025" in PdfReader(shipped / "sv" / "checklista-mote.pdf").pages[0].extract_text()
    assert "Udskrevet 14. marts 2025" in PdfReader(shipped / "da" / "principper-kbh.pdf").pages[0].extract_text()


def test_guide_plans_the_time_for_the_group_and_uses_the_decks_principles(shipped):
    text = pdf_text(shipped / "sv" / "handledning-mingel.pdf")
    assert squash("Förslag på tidsplan för en grupp på 20") in text
    assert squash("6 omgångar à 6 minuter") in text and squash("Totalt61") in text
    for p in content("sv", "mingel")["approach"]["principles"]:
        assert squash(p["title"]) in text
    da = pdf_text(shipped / "da" / "vejledning-mingel.pdf")
    assert squash("Sådan gør I:") in da and squash("I alt61") in da


def test_fokus_barn_och_unga_summary_has_its_parts(shipped):
    text = pdf_text(shipped / "sv" / "fokus-barn-och-unga.pdf")
    for words in (
        "Styrgruppen",
        "Fokusområden",
        "Barnrådet",
        "Framgångsfaktorer",
        "Fallgropar",
        "Sju pedagogiska steg",
        "Utvärdera, avsluta, fira",
    ):
        assert squash(words) in text


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def catalog(lang: str):
    with open(package_path("locale", lang, "LC_MESSAGES", "kort.po"), "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def fixed_phrases(lang: str) -> set[str]:
    """Translated fixed strings, cut at placeholders, long enough to be telling."""
    phrases = set()
    for translation in catalog(lang).values():
        for part in re.split(r"\{[^}]*\}|%\([^)]*\)s", translation):
            if len(squash(part)) >= 8:
                phrases.add(squash(part))
    return phrases


def test_no_fixed_string_leaks_into_the_other_language(shipped):
    sv_only = fixed_phrases("sv") - fixed_phrases("da")
    da_only = fixed_phrases("da") - fixed_phrases("sv")
    english = (
        {
            squash(part)
            for msgid in catalog("sv")
            for part in re.split(r"\{[^}]*\}|%\([^)]*\)s", msgid)
            if len(squash(part)) >= 8
        }
        - fixed_phrases("sv")
        - fixed_phrases("da")
    )
    assert sv_only and da_only and english
    for lang, foreign in (("da", sv_only), ("sv", da_only)):
        for pdf in sorted((shipped / lang).glob("*.pdf")):
            text = pdf_text(pdf)
            leaked = sorted(p for p in foreign | english if p in text)
            assert not leaked, f"{pdf.name}: {leaked}"
    assert squash("Side 1 af") in pdf_text(shipped / "da" / "principper-kbh.pdf")  # the check can find text


@pytest.mark.parametrize("lang, expected", [("sv", "1 200"), ("da", "1.200")])
def test_numbers_are_written_the_way_each_language_writes_them(kort, pack, lang, expected):
    deck = "kind: deck\ntitle: D\nquestions:\n  - En fråga?\n"
    guide = "kind: guide\ntitle: G\ndeck: d\ngroup_size: 1200\n"
    root = pack({f"{lang}/d.yaml": deck, f"{lang}/g.yaml": guide})
    assert kort("build", root, "--out", "out").exit_code == 0
    text = "".join(p.extract_text() for p in PdfReader(f"out/{lang}/g.pdf").pages)
    assert expected in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "1200" not in text


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_every_fixed_string_can_be_drawn_by_the_embedded_font(lang):
    from generator.fonts import missing_glyphs
    from generator.text import format_day, format_number

    strings = list(catalog(lang).values()) + [format_day(lang), format_number(1234567, lang)]
    assert strings and all(s for s in strings)
    assert {s: missing_glyphs(s) for s in strings if missing_glyphs(s)} == {}
