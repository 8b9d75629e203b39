"""Fitting and imposition tested directly, below the command line: the rules, measured in points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator import api
from generator.build import Options, card_faces, fitted_cards
from generator.fit import HYPHENATE_GAIN, SET_STEPS, Geometry, fit_face, last_line_words
from generator.imposition import impose
from generator.layout import MM, load_layout
from generator.text import Face
from generator import document

A4 = (210 * MM, 297 * MM)
A7 = (74 * MM, 105 * MM)


def _fitted(name: str, lang: str):
    pack = api.load_pack(lang=lang)
    m = pack.material(name, lang)
    layout = load_layout()
    faces, card_layout = card_faces(m, layout, Options(), [])
    w, h = card_layout.card_size()
    geometry = Geometry.of(w, h, 0.0, card_layout.text)
    problems = []
    _count, cards = fitted_cards(m, faces, card_layout, geometry, problems)
    assert problems == []
    return list(cards), geometry


@pytest.mark.parametrize("lang", ["sv", "da"])
def test_the_question_cards_of_a_deck_share_one_size(lang):
    cards, _g = _fitted("mingel", lang)
    sizes = [c.size for c in cards if c.face.kind == "question"]
    assert all(c.face.label for c in cards), "no card's band is left empty"
    assert len(sizes) >= 15
    assert max(sizes) - min(sizes) <= SET_STEPS * 0.5


def test_meeting_cards_fronts_share_one_size_and_backs_another():
    cards, geometry = _fitted("moedetyper-kbh", "da")
    fronts = [c.scale for c in cards]
    backs = [c.back.scale for c in cards if c.back and c.back.blocks]
    body = 8.5 * geometry.scale  # the body style's base size on this card
    for scales in (fronts, backs):
        assert len(scales) == 7
        assert (max(scales) - min(scales)) * body <= SET_STEPS * 0.5 + 1e-6


def _question(text: str) -> Face:
    block = document.Paragraph((document.Span(text),), "question")
    return Face("q", None, "question", "", "#1F5C7A", (block,))


def test_a_question_is_hyphenated_only_when_that_gains_two_points():
    layout = load_layout()
    narrow = Geometry.of(40 * MM, 60 * MM, 0.0, layout.text)
    compound = "Hur ser samverkansöverenskommelsen ut i er kommun?"
    fitted = fit_face(_question(compound), narrow, "sv")
    assert fitted.hyphenate and any(line.endswith("-") for line in fitted.lines)
    roomy = Geometry.of(*A7, 0.0, layout.text)
    plain = fit_face(_question("Vad betyder tillit för dig?"), roomy, "sv")
    assert not plain.hyphenate and plain.size == roomy.text.max_size
    assert HYPHENATE_GAIN == 2.0


def test_a_question_never_ends_on_a_lone_word_when_keeping_two_together_fits():
    layout = load_layout()
    g = Geometry.of(*A7, 0.0, layout.text)
    fitted = fit_face(
        _question("Vad kan vi göra för att samarbetet med skolan ska bli bättre i vardagen här?"), g, "sv"
    )
    assert len(fitted.lines) > 1 and " " in fitted.lines[-1].replace("\u00a0", " ")


def test_a7_cards_impose_four_to_an_a4_sheet_centred_with_mirrored_backs():
    imp = impose(A4, A7, 6, 6, 0)
    assert (imp.cols, imp.rows, imp.per_page) == (2, 2, 4)
    fronts = [imp.front(slot).rect for slot in range(4)]
    left = min(r.x for r in fronts) / MM
    right = (A4[0] - max(r.right for r in fronts)) / MM
    assert abs(left - right) < 0.01 and abs(left - 28.0) < 0.05
    for slot, front in enumerate(fronts):
        back = imp.back(slot, "long-edge").rect
        assert abs(back.x - (A4[0] - front.right)) < 0.01 and abs(back.y - front.y) < 0.01
        short = imp.back(slot, "short-edge").rect
        assert abs(short.y - (A4[1] - front.top)) < 0.01 and abs(short.x - front.x) < 0.01


def test_a6_cards_turn_sideways_when_more_fit():
    imp = impose(A4, (105 * MM, 148 * MM), 6, 6, 0)
    assert imp.per_page == 2
    assert all(abs(imp.front(s).rect.w - imp.front(0).rect.w) < 0.01 for s in range(2))


def test_layout_overrides_go_through_the_layout_schema():
    from generator.errors import ContentError

    with pytest.raises(ContentError) as caught:
        load_layout(overrides={"margin": 3.0, "bleed": float("nan"), "offset_back": "1000,1000"})
    where = sorted(str(p.where) for p in caught.value.problems)
    assert where == ["--bleed", "--margin", "--offset-back"]
    assert replace(load_layout(overrides={"margin": 8.0}), margin=6.0) == load_layout()


def test_no_line_breaks_between_a_paragraph_sign_or_a_number_and_what_belongs_to_it():
    from generator.typography import smarten

    layout = load_layout()
    text = smarten("Hur arbetar ni enligt SEL § 50 och med beslut inom 48 timmar när barnet behöver stöd?", "sv")
    for width in range(34, 80, 2):  # every width moves the breaks
        g = Geometry.of(width * MM, 105 * MM, 0.0, layout.text)
        lines = fit_face(_question(text), g, "sv").lines
        assert not any(line.rstrip().endswith(("§", "48")) for line in lines), (width, lines)
        assert not any(line.startswith(("50", "timmar")) for line in lines), (width, lines)


@pytest.mark.parametrize("lang, name", [("da", "moedetyper-kbh"), ("sv", "motestyper-kbh"), ("sv", "mingel")])
def test_no_card_ends_on_a_lone_word(lang, name):
    cards, _g = _fitted(name, lang)
    for fitted in cards:
        for side in (fitted, fitted.back):
            if side is None or not side.blocks:
                continue
            if side.lines:
                last = side.lines[-1]
                assert len(side.lines) == 1 or " " in last.replace("\u00a0", " "), (side.face.id, last)
                continue
            last_para = side.paras[-1]
            words = last_line_words(last_para)
            assert len(last_para.blPara.lines) == 1 or len(words) > 1, (side.face.id, words)
