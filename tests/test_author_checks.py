"""Author checks: readability (LIX), duplicate questions, colours and logos, before anything is printed.

Each check is tried on content that should and should not get a warning, built from the models
directly or written as a pack and loaded like `kort validate` loads it; then over the shipped content.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import checks, colour
from generator.checks import Advice, Checks, lix
from generator.content import Material, Source, discover, load_all, shipped_root
from generator.errors import Location, Problem
from generator.model import (
    Approach,
    Branding,
    Colours,
    Deck,
    Handout,
    MeetingSeries,
    Principle,
    PrincipleSet,
    Question,
    Section,
)

FILE = Path("/pack/sv/deck.yaml")


def at(line: int, path: Path = FILE) -> Location:
    return Location(path, line)


def deck(*texts: str, lang_file: Path = FILE, principles=(), colour_: str = "#1F5C7A", **questions) -> Deck:
    """A deck whose questions are `texts` (ids q1, q2...) on lines 10, 11..., or given as Question."""
    qs = tuple(
        t if isinstance(t, Question) else Question(text=t, id=f"q{i + 1}", where=at(10 + i, lang_file))
        for i, t in enumerate(texts)
    )
    approach = Approach(principles=tuple(principles)) if principles else None
    return Deck(kind="deck", title="Kort", questions=qs, approach=approach, colour=colour_, where=at(1, lang_file))


def material(model, lang: str = "sv", path: Path = FILE, branding=None, logo=None) -> Material:
    return Material(Source(path, lang, path.parent.parent), lang, path.stem, model, branding, logo)


def codes(advice: list[Advice]) -> list[str]:
    return [a.code for a in advice]


# --- the warning itself ---------------------------------------------------------------------------


def test_a_warning_reads_like_a_problem_with_its_code():
    advice = Advice(at(12), "question 'a' is hard to read", "use shorter words", "lix-hard")
    problem = Problem(at(12), "question 'a' is hard to read", "use shorter words")
    assert (
        str(advice)
        == "/pack/sv/deck.yaml:12: warning: question 'a' is hard to read [lix-hard]\n    hint: use shorter words"
    )
    assert str(problem).replace(": question", ": warning: question", 1).split("\n")[1] == str(advice).split("\n")[1]
    assert set(checks.CODES) >= {"lix-hard", "duplicate-question", "contrast", "colour-blind", "logo-dpi", "logo-alpha"}


# --- LIX ------------------------------------------------------------------------------------------


def test_lix_is_words_per_sentence_plus_per_cent_long_words():
    result = lix("Vad betyder tillit för dig?")  # 5 words, 1 sentence, "betyder" is long
    assert (result.words, result.sentences, result.long_words) == (5, 1, ("betyder",))
    assert result.score == pytest.approx(5 / 1 + 100 * 1 / 5)
    two = lix("Barnen leker. Vi samarbetar med skolan och socialtjänsten.")
    assert (two.words, two.sentences, two.long_count) == (8, 2, 2)  # barnen and skolan have 6 letters: not long
    assert two.score == pytest.approx(8 / 2 + 100 * 2 / 8)


def test_a_question_without_full_stop_is_one_sentence_and_list_items_are_sentences():
    assert lix("Vad betyder tillit för dig").sentences == 1
    assert lix(["Framgångsfaktorer", "Aktiv ledning", "Kunskap", "God kommunikation"]).sentences == 4


@pytest.mark.parametrize(
    "text, lang, words, sentences",
    [
        ("Ta med t.ex. papper och penna. Skriv bl.a. namn.", "sv", 9, 2),
        ("Vi bjuder in skola, socialtjänst m.fl. Sedan bokar vi ett möte.", "sv", 11, 2),
        ("Det gäller s.k. gemensamma möten, dvs. möten med ca. tio deltagare.", "sv", 11, 1),
        ("Giv et signal, f.eks. en klokke. Regn med ét kort pr. deltager.", "da", 12, 2),
        ("Mødet holdes den 3. maj for elever i 4. klasse.", "da", 10, 1),
        ("Mødet holdes kl. 12.30 i uge 14.", "da", 7, 1),
        ("FN:s barnkonvention gäller. BBU's principper gælder også.", "sv", 7, 2),
        ("Läs mer på www.sundbyberg.se och skriv till info@kommun.se om du undrar.", "sv", 11, 1),
        ("Gör så här: Skriv ut korten. Klipp ut dem.", "sv", 9, 3),
        ("Tre grundläggande faktorer: styrning, struktur och samsyn.", "sv", 7, 1),
        ("Vänta… Vad händer nu?! Inget.", "sv", 5, 3),
    ],
)
def test_abbreviations_numbers_ordinals_and_addresses_do_not_split_sentences(text, lang, words, sentences):
    result = lix(text, lang)
    assert (result.words, result.sentences) == (words, sentences)


def test_numbers_and_abbreviations_are_never_long_words():
    result = lix("Ifølge SEL § 68 fra 2024 gælder 100 % f.eks. 1.500.000 kroner.", "da")
    assert result.words == 10 and result.long_count == 0  # ifølge, gælder, kroner: six letters, not long
    assert lix("barn- och ungdomspsykiatri", "sv").long_words == ("ungdomspsykiatri",)
    assert lix("LSS-handläggare", "sv").long_count == 1


def test_lix_bands_are_the_languages_own():
    assert [checks.band(s, "sv") for s in (25, 35, 45, 55, 65)] == ["very easy", "easy", "medium", "hard", "very hard"]
    assert [checks.band(s, "da") for s in (20, 30, 40, 50, 60)] == ["very easy", "easy", "medium", "hard", "very hard"]
    assert checks.band(47, "sv") == "medium" and checks.band(47, "da") == "hard"


HARD_SV = "Hur kan ni tillsammans säkerställa att barnrättsperspektivet genomsyrar verksamhetens samverkansstrukturer?"
HARD_DA = "Hvordan sikrer myndighedssagsbehandleren, at forældremyndighedsindehaverne inddrages i handleplanen?"


def test_a_hard_question_is_warned_about_with_its_long_words():
    advice = checks.readability(deck("Vad betyder tillit för dig?", HARD_SV), "sv")
    assert codes(advice) == ["lix-hard"]
    warning = advice[0]
    assert warning.where == at(11)
    assert "question 'q2' is very hard to read: LIX" in warning.message and "above 50" in warning.message
    assert "barnrättsperspektivet" in warning.message and "samverkansstrukturer" in warning.message
    assert "allow_hard" in warning.hint and "'q2'" in warning.hint
    da = checks.readability(deck(HARD_DA), "da")
    assert codes(da) == ["lix-hard"] and "forældremyndighedsindehaverne" in da[0].message


def test_everyday_questions_are_not_warned_about():
    easy_da = [
        "Hvordan arbejder du for at inddrage barnets perspektiv i dit arbejde?",  # LIX 66: 7-8 letter words only
        "Hvordan arbejder du med at udvikle barnets/den unges styrker?",
        "Fortæl om en god samtale, du har haft med et barn/en ung.",
    ]
    assert checks.readability(deck(*easy_da), "da") == []
    easy_sv = ["Hur gör du för att utveckla barnets/ungdomens styrkor?", "Berätta om ett bra samarbetsmöte."]
    assert checks.readability(deck(*easy_sv), "sv") == []


def test_short_texts_are_not_judged():
    short = "Hur främjar barnrättsperspektivet samverkansförmågan?"  # 4 words: LIX would swing wildly
    assert lix(short).score > 60
    assert checks.readability(deck(short), "sv") == []


def test_the_pack_sets_the_limits_and_may_allow_a_hard_text():
    hard = deck(HARD_SV)
    assert checks.readability(hard, "sv", Checks(lix_question=90)) == []
    assert checks.readability(hard, "sv", Checks(allow_hard=("q1",))) == []
    medium = "Berätta om när socialtjänsten och elevhälsan hjälpte ett barn i din klass."  # LIX 43.8
    assert checks.readability(deck(medium), "sv") == []
    assert codes(checks.readability(deck(medium), "sv", Checks(lix_question=40))) == ["lix-hard"]
    assert Checks().lix_limit("sv", "question") == 50 and Checks().lix_limit("da", "question") == 45
    assert Checks().lix_limit("sv", "text") == 60 and Checks().lix_limit("da", "text") == 55


def test_handout_sections_principles_and_meetings_are_judged_as_texts():
    bureaucratic = (
        "Styrgruppen leder, utvecklar och beslutar om gemensamma frågor för målgruppen och består av berörda "
        "förvaltningschefer och chefer för närpolis och barn- och ungdomspsykiatri, vilket innebär att "
        "verksamhetsövergripande samordningsfrågor hanteras i organisationens ledningsstruktur."
    )
    plain = "Vi träffas en gång i månaden. Alla får säga vad de tycker. Vi skriver ner vad vi bestämmer."
    handout = Handout(
        kind="handout",
        title="Om samverkan",
        sections=(
            Section(title="Organisation", text=bureaucratic, where=at(5)),
            Section(title="Så arbetar vi", text=plain, items=("Kom i tid", "Lyssna"), where=at(9)),
        ),
        where=at(1),
    )
    advice = checks.readability(handout, "sv")
    assert codes(advice) == ["lix-hard"] and advice[0].where == at(5)
    assert "the section 'Organisation' is very hard" in advice[0].message and "split long sentences" in advice[0].hint
    assert checks.readability(handout, "sv", Checks(allow_hard=("organisation",))) == []
    assert checks.readability(handout, "sv", Checks(lix_text=90)) == []

    principles = PrincipleSet(
        kind="principles",
        title="Principper",
        principles=(Principle(id="p", title="Samarbejde", text=bureaucratic, where=at(3)),),
        where=at(1),
    )
    assert codes(checks.readability(principles, "da")) == ["lix-hard"]
    series = MeetingSeries(
        kind="meetings",
        title="Møder",
        meetings=(),
        intro="Vi mødes.",
        where=at(1),
    )
    assert checks.readability(series, "da") == []


# --- duplicates -----------------------------------------------------------------------------------


def test_the_same_question_twice_is_a_duplicate_naming_both_lines():
    advice = checks.duplicates(
        deck("Vad betyder tillit för dig?", "Hur mår du?", "vad betyder TILLIT för dig").questions
    )
    assert codes(advice) == ["duplicate-question"]
    assert advice[0].where == at(12) and advice[0].also == at(10)
    assert "question 'q3' is the same as question 'q1', line 10" in advice[0].message
    assert "[q1, q3]" in advice[0].hint and "allow_similar" in advice[0].hint


@pytest.mark.parametrize(
    "a, b",
    [
        ("Berätta om ett bra samarbetsmöte du varit på.", "Berätta om ett bra samarbetsmöte som du har varit på."),
        (
            "Hur kan du få barnet/ungdomen att känna att du har tillit till hen?",
            "Hur kan du få barnet att känna att du har tillit till hen?",
        ),  # noqa: E501
        (
            "Hur arbetar du för att ha ett barnperspektiv i ditt arbete?",
            "Hur jobbar du för att ha ett barnperspektiv i ditt arbete?",
        ),  # noqa: E501
        ("Vad betyder tillit för dig?", "Vad betyder tilliten för dig?"),
        ("Hvad er en god relation til et barn/en ung for dig?", "Hvad er en god relation til et barn for dig?"),
    ],
)
def test_nearly_the_same_question_is_a_duplicate(a, b):
    advice = checks.duplicates(deck(a, b).questions)
    assert codes(advice) == ["duplicate-question"] and "nearly the same as" in advice[0].message


@pytest.mark.parametrize(
    "a, b",
    [
        ("Berätta om något som gick bra.", "Berätta om något som gick dåligt."),  # token-set ratio 93
        ("Berätta om en gång du lyckades.", "Berätta om en gång du misslyckades."),  # ratio 94
        (
            "Fortæl om en god samtale, du har haft med et barn/en ung.",
            "Fortæl om en dårlig samtale, du har haft med et barn/en ung.",
        ),  # noqa: E501
        ("Fortæl om en samtale med et barn, der gik godt.", "Fortæl om en samtale med et barn, der gik skidt."),
        ("Hur arbetar du med barnets styrkor i skolan?", "Hur arbetar du med barnets svagheter i skolan?"),
        ("Berätta om ett möte där alla kom till tals.", "Berätta om ett möte där inte alla kom till tals."),
        # The shipped deck's two perspectives: ratio 91, but only 70 % the same words
        (
            "Hur arbetar du för att ha ett barnperspektiv i ditt arbete?",
            "Hur arbetar du för att ta in barnets perspektiv i ditt arbete?",
        ),  # noqa: E501
        (
            "Berätta om ett samarbete med en annan verksamhet som du är extra stolt över.",
            "Berätta om ett samarbete med vårdnadshavare som du är extra stolt över.",
        ),  # noqa: E501
        ("Vad betyder tillit för dig?", "Vad betyder samverkan för dig?"),
    ],
)
def test_questions_that_ask_different_things_are_not_duplicates(a, b):
    assert checks.duplicates(deck(a, b).questions) == []


def test_an_intended_pair_is_allowed():
    questions = deck("Vad betyder tillit för dig?", "Vad betyder tilliten för dig?").questions
    assert checks.duplicates(questions, Checks(allow_similar=(("q2", "q1"),))) == []
    assert checks.duplicates(questions, Checks(allow_similar=(("q1", "q3", "q2"),))) == []
    assert checks.duplicates(questions, Checks(similar=99)) == []
    assert len(checks.duplicates(questions, Checks(allow_similar=(("q1", "q3"),)))) == 1


def test_duplicates_are_found_the_same_way_without_rapidfuzz(monkeypatch):
    import sys

    same = ("Berätta om ett bra samarbetsmöte du varit på.", "Berätta om ett bra samarbetsmöte som du har varit på.")
    different = ("Berätta om något som gick bra.", "Berätta om något som gick dåligt.")
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # import rapidfuzz now raises ImportError
    monkeypatch.setitem(sys.modules, "rapidfuzz.distance", None)
    assert codes(checks.duplicates(deck(*same, *different).questions)) == ["duplicate-question"]
    assert checks.alike(*same) is not None and checks.alike(*different) is None


def test_duplicates_of_hundreds_of_questions_are_found_quickly():
    subjects = ["tillit", "samverkan", "skolan", "familjen", "barnets röst", "ett möte", "trygghet", "lek"]
    verbs = ["betyder", "kräver", "ger", "hindrar", "stärker", "ändrar", "visar", "väcker"]
    whom = ["dig", "barnet", "kollegan", "föräldern", "rektorn", "gruppen", "teamet"]
    texts = [f"Vad {v} {s} för {w} i vardagen?" for s in subjects for v in verbs for w in whom][:420]
    questions = deck(*texts).questions
    start = time.perf_counter()
    found = checks.duplicates(questions)
    assert time.perf_counter() - start < 5
    assert all(a.code == "duplicate-question" for a in found)


# --- colours: the maths ---------------------------------------------------------------------------


def test_contrast_ratio_and_luminance_follow_wcag():
    assert colour.relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert colour.relative_luminance("#000000") == 0.0
    assert colour.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert colour.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA gray
    assert colour.contrast_ratio("#FFFFFF", "#767676") == colour.contrast_ratio("#767676", "#FFFFFF")
    assert colour.contrast_ratio("#777777", "#FFFFFF") < 4.5
    with pytest.raises(ValueError):
        colour.contrast_ratio("blue", "#FFFFFF")


def test_passing_shade_keeps_the_hue_and_moves_no_further_than_needed():
    shade = colour.passing_shade("#B8621B", "#FFFFFF", 4.5)
    assert colour.contrast_ratio(shade, "#FFFFFF") >= 4.5
    assert colour.delta_e(shade, "#B8621B") < 3  # a barely visible change
    yellow = colour.passing_shade("#FFD700", "#FFFFFF", 4.5)
    assert colour.contrast_ratio(yellow, "#FFFFFF") >= 4.5
    import colorsys

    def hue(c):
        r, g, b = colour.parse(c)
        return colorsys.rgb_to_hls(r / 255, g / 255, b / 255)[0]

    assert abs(hue(yellow) - hue("#FFD700")) < 0.05  # still a yellow (darkened to ochre), not a new colour
    assert colour.passing_shade("#1F5C7A", "#FFFFFF", 4.5) == "#1F5C7A"  # passes already
    lighter = colour.passing_shade("#3A3A3A", "#000000", 4.5)  # on a dark background: lighter
    assert colour.relative_luminance(lighter) > colour.relative_luminance("#3A3A3A")
    assert colour.contrast_ratio(lighter, "#000000") >= 4.5
    assert colour.passing_shade("#777777", "#777777", 22) is None


def test_colour_vision_simulation_and_grayscale():
    assert colour.simulate("#FFFFFF", "deuteranopia") == "#FFFFFF"
    gray = colour.simulate("#2E7D4F", "grayscale")
    r, g, b = colour.parse(gray)
    assert r == g == b and colour.relative_luminance(gray) == pytest.approx(
        colour.relative_luminance("#2E7D4F"), abs=0.005
    )
    # red and green: far apart for everyone, close for deuteranopes
    assert colour.delta_e("#A0522D", "#4A7A2A") > 40
    assert colour.delta_e(colour.simulate("#A0522D", "deuteranopia"), colour.simulate("#4A7A2A", "deuteranopia")) < 3
    with pytest.raises(ValueError):
        colour.simulate("#FF0000", "blue-blind")


def test_delta_e_matches_the_ciede2000_reference_data():
    # Sharma, Wu & Dalal (2005), test pairs 1, 7 and 17
    assert colour._ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert colour._ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert colour._ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert colour.delta_e("#000000", "#FFFFFF", "76") == pytest.approx(100, abs=0.01)
    assert colour.delta_e("#1F5C7A", "#1F5C7A") == 0


# --- colours: the checks --------------------------------------------------------------------------


def principle(pid: str, colour_: str, line: int) -> Principle:
    return Principle(id=pid, title=pid.capitalize(), colour=colour_, where=at(line))


def test_white_labels_on_a_light_principle_colour_get_a_darker_shade_that_passes():
    d = deck(
        Question(text="Hur mår du?", id="a", principle="sol", where=at(20)),
        principles=[principle("sol", "#FFB000", 5), principle("skog", "#2E7D4F", 7)],
    )
    advice = checks.contrast(checks.colour_uses(d))
    assert codes(advice) == ["contrast"] and advice[0].where == at(5)
    assert "the principle 'Sol' #FFB000 has a contrast of 1.83:1" in advice[0].message
    assert "4.5:1" in advice[0].message and "band" in advice[0].message
    shade = advice[0].hint.split('"')[1]
    assert colour.contrast_ratio(shade, "#FFFFFF") >= 4.5


def test_handout_headings_are_large_text_and_need_3_to_1():
    mid = "#888888"  # 3.54:1: fine for 14 pt bold headings, not for 7.5 pt card labels
    handout = Handout(kind="handout", title="T", sections=(), colour=mid, where=at(1))
    assert checks.contrast(checks.colour_uses(handout)) == []
    advice = checks.contrast(checks.colour_uses(deck("Hur mår du?", colour_=mid)))
    assert codes(advice) == ["contrast"] and "card backs" in advice[0].message
    pale = Handout(kind="handout", title="T", sections=(), colour="#AAAAAA", where=at(1))
    assert "3:1" in checks.contrast(checks.colour_uses(pale))[0].message


def test_the_branding_colours_are_the_ones_checked_in_a_branded_pack():
    branding = Branding(
        kind="branding",
        organisation="Ekby kommun",
        colours=Colours(primary="#1F5C7A", secondary="#7FB3D5", accent="#1A4F66", where=at(3, Path("/pack/b.yaml"))),
        where=at(1, Path("/pack/b.yaml")),
    )
    d = deck("Hur mår du?", colour_="#FFFF00")  # the deck's own colour is replaced by the primary
    advice = checks.contrast(checks.colour_uses(d, branding)) + checks.frame_contrast(d, branding)
    assert codes(advice) == ["contrast", "contrast"]
    assert "secondary colour #7FB3D5" in advice[0].message and advice[0].where.path == Path("/pack/b.yaml")
    assert "accent colour #1A4F66" in advice[1].message and "frame" in advice[1].message


def distinct(*pairs):
    colours = [checks.CardColour(c, f"the principle '{c}'", at(i + 5)) for i, c in enumerate(pairs)]
    return checks.distinct_colours(colours)


def test_card_colours_that_look_alike_are_named_with_the_view_that_fails():
    assert codes(distinct("#1F5C7A", "#2B5C9E")) == ["similar-colours"]  # two blues, ΔE 8.7
    blind = distinct("#2E7D4F", "#AD1457")  # green and raspberry: alike for deuteranopes only
    assert codes(blind) == ["colour-blind"] and "deuteranopia" in blind[0].message
    assert "protanopia" not in blind[0].message and "grayscale" not in blind[0].message
    gray = distinct("#1F5C7A", "#A04000")  # petrol and rust: the same gray
    assert codes(gray) == ["grayscale"] and "printed in grayscale" in gray[0].message
    assert gray[0].where == at(6) and gray[0].also == at(5)
    assert distinct("#2B5C9E", "#B8621B", "#2E7D4F") == []
    assert distinct("#2B5C9E", "#2B5C9E") == []  # the very same colour twice is meant
    colours = [checks.CardColour(c, c, at(i + 5)) for i, c in enumerate(("#1F5C7A", "#A04000"))]
    assert checks.distinct_colours(colours, Checks(distinct_gray=0)) == []


def test_card_colours_of_a_deck_are_its_principles_and_the_plain_colour():
    d = deck(
        Question(text="Hur mår du?", id="a", principle="skog", where=at(20)),
        Question(text="Vad gör du?", id="b", where=at(21)),
        principles=[principle("skog", "#2E7D4F", 5), principle("hav", "#2B5C9E", 7)],  # hav: no card
    )
    found = checks.card_colours(d)
    assert [(c.colour, c.where) for c in found] == [("#2E7D4F", at(5)), ("#1F5C7A", at(1))]
    assert "without a principle" in found[1].label


# --- logos ----------------------------------------------------------------------------------------


def png(path: Path, size, mode: str = "RGB", colour_=(200, 30, 60)) -> Path:
    from PIL import Image

    image = Image.new(mode, size, colour_ if mode != "RGBA" else (*colour_, 0))
    if mode == "RGBA":
        image.paste((*colour_, 255), (0, 0, size[0] // 2, size[1]))
    image.save(path)
    return path


def test_card_logo_box_is_the_plate_less_its_margin():
    w, h = checks.card_logo_box((74, 105))
    assert (w, h) == pytest.approx((74 * 0.56 - 4, 105 * 0.26 - 4))


def test_a_small_raster_logo_is_warned_about_with_the_pixels_it_needs(tmp_path):
    small = png(tmp_path / "logo.png", (240, 120))
    boxes = [("in the header of handouts", checks.HANDOUT_LOGO_MM), ("on the card backs", checks.card_logo_box())]
    advice = checks.logo(small, at(1), boxes)
    assert codes(advice) == ["logo-dpi"]
    # 2:1 logo in a 37.4 x 23.3 mm plate: 37.4 x 18.7 mm, 163 ppi; 300 ppi needs 443 x 222 pixels
    assert "240 x 120 pixels" in advice[0].message and "on the card backs" in advice[0].message
    assert "163 pixels per inch" in advice[0].message
    assert "443 x 222 pixels" in advice[0].hint
    assert checks.logo(small, at(1), boxes[:1]) == []  # 30 x 8 mm on handouts only: 16 x 8 mm, 381 ppi
    big = png(tmp_path / "big.png", (900, 450))
    assert checks.logo(big, at(1), boxes) == []
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>', encoding="utf-8")
    assert checks.logo(svg, at(1), boxes) == []


def test_a_logo_with_transparency_is_warned_about(tmp_path):
    boxes = [("in the header of handouts", checks.HANDOUT_LOGO_MM)]
    clear = checks.logo(png(tmp_path / "a.png", (900, 240), "RGBA"), at(1), boxes)
    assert codes(clear) == ["logo-alpha"] and "transparent parts" in clear[0].message
    from PIL import Image

    opaque = tmp_path / "opaque.png"
    Image.new("RGBA", (900, 240), (200, 30, 60, 255)).save(opaque)
    assert "alpha channel" in checks.logo(opaque, at(1), boxes)[0].message
    palette = tmp_path / "p.png"
    Image.new("P", (900, 240), 0).save(palette, transparency=0)
    assert codes(checks.logo(palette, at(1), boxes)) == ["logo-alpha"]
    jpg = tmp_path / "logo.jpg"
    Image.new("RGB", (900, 240), "white").save(jpg)
    assert checks.logo(jpg, at(1), boxes) == []


# --- packs, as `kort validate` would load them ----------------------------------------------------

PACK_DECK = """
kind: deck
extends: mingel
questions:
  - id: egen-tillit
    text: Berätta om en situation där du kände tillit till någon som du samarbetar med.
  - id: egen-fraga
    text: Vad behöver du av oss för att samarbetet ska fungera bra?
"""


def test_a_pack_hears_about_its_own_near_duplicate_of_a_shipped_question(pack):
    root = pack({"sv/mingel.yaml": PACK_DECK})
    advice = checks.author_warnings(load_all(discover([root])))
    dupes = [a for a in advice if a.code == "duplicate-question"]
    assert len(dupes) == 1
    d = dupes[0]
    paths = {d.where.path.resolve(), d.also.path.resolve()}
    # the shipped question is named at the pack's `extends:` line (its place in the pack), with its id
    assert paths == {(root / "sv" / "mingel.yaml").resolve()}
    assert d.also.key.startswith("extends")
    assert "tillit-samarbete" in d.message and "egen-tillit" in d.message and "line 2" in d.message
    assert "drop:" in d.hint
    # the shipped deck's own questions and principles are not the pack's to fix
    assert all(not a.where.path.resolve().is_relative_to(shipped_root().resolve()) or a.also for a in advice)
    assert not [a for a in advice if a.code == "lix-hard"]


def test_a_branded_pack_with_a_small_transparent_logo(pack):
    root = pack(
        {
            "sv/kort.yaml": """
                kind: deck
                title: Ekby
                questions:
                  - Vad betyder tillit för dig?
            """,
            "sv/om.yaml": """
                kind: handout
                title: Om oss
                sections:
                  - title: Vi
                    text: Vi samarbetar.
            """,
            "branding.yaml": """
                kind: branding
                organisation: Ekby kommun
                logo: logo.png
                colours:
                  primary: "#E0A000"
            """,
        }
    )
    png(root / "logo.png", (240, 120), "RGBA")
    advice = checks.author_warnings(load_all(discover([root])))
    assert sorted(codes(advice)) == ["contrast", "logo-alpha", "logo-dpi"]  # each once, for both materials
    by_code = {a.code: a for a in advice}
    assert by_code["logo-dpi"].where.path.name == "branding.yaml" and "card backs" in by_code["logo-dpi"].message
    assert "primary colour #E0A000" in by_code["contrast"].message and "card backs" in by_code["contrast"].message
    quiet = checks.author_warnings(load_all(discover([root])), Checks(ignore=("logo-alpha", "contrast")))
    assert codes(quiet) == ["logo-dpi"]
    a6 = checks.author_warnings(load_all(discover([root])), card_mm=(105, 148))
    assert "105 x 148 mm cards" in next(a.message for a in a6 if a.code == "logo-dpi")


# --- the settings ---------------------------------------------------------------------------------


def read_checks(tmp_path, text: str):
    from generator.schema import read_file_model
    from generator.yamlsrc import load_yaml

    path = tmp_path / "checks.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    node = load_yaml(path, problems)
    return read_file_model(Checks, node, path, problems), problems


def test_settings_read_from_yaml_with_the_schema_reader(tmp_path):
    settings, problems = read_checks(
        tmp_path,
        "lix_question: 55\nallow_hard: [styrkor]\nallow_similar:\n  - [a, b]\n  - [c, d, e]\nignore: [grayscale]\n",
    )
    assert problems == []
    assert settings.lix_question == 55 and settings.allow_hard == ("styrkor",)
    assert settings.allow_similar == (("a", "b"), ("c", "d", "e")) and settings.ignore == ("grayscale",)
    assert settings.allows_similar("e", "c") and not settings.allows_similar("a", "c")
    bad, problems = read_checks(tmp_path, "ignore: [greyscale]\nallow_similar: [[a]]\nlix_text: 5\n")
    assert bad is None and len(problems) == 3
    assert "'greyscale' is not a warning kort gives" in problems[0].message and problems[0].where.line == 1


def test_settings_merge_a_files_over_its_packs():
    pack_wide = Checks(lix_question=55, allow_hard=("a",), ignore=("grayscale",))
    own = Checks(lix_text=70, allow_hard=("b",))
    merged = pack_wide.merged(own)
    assert (merged.lix_question, merged.lix_text) == (55, 70)
    assert merged.allow_hard == ("a", "b") and merged.ignore == ("grayscale",)
    assert pack_wide.merged(None) is pack_wide


def test_settings_per_material(pack):
    root = pack({"sv/mingel.yaml": PACK_DECK + f"  - id: svar\n    text: {HARD_SV}\n"})
    materials = load_all(discover([root]))
    assert "lix-hard" in codes(checks.author_warnings(materials))
    assert "lix-hard" not in codes(checks.author_warnings(materials, lambda m: Checks(allow_hard=("svar",))))


# --- the shipped content --------------------------------------------------------------------------

# What the checks say about the shipped content, and why each warning is right (see the report in
# docs/author-checks.md). A fix to the content makes this list shorter, never the test fail.
SHIPPED = {
    ("sv/mingel.yaml", 34, "contrast"),  # Helhetsperspektiv #B8621B: 4.37:1 under white 7.5 pt labels
    ("da/mingel.yaml", 34, "contrast"),
    ("sv/mingel.yaml", 38, "similar-colours"),  # Tillsammans #2B5C9E vs the main #1F5C7A: two blues, ΔE 8.7
    ("da/mingel.yaml", 38, "similar-colours"),
    ("sv/mingel.yaml", 44, "colour-blind"),  # Barnperspektiv #8E2F63 vs #1F5C7A: protanopia 6.6, gray 1.1
    ("da/mingel.yaml", 44, "colour-blind"),
    ("sv/mingel.yaml", 38, "lix-hard"),  # the principle Tillsammans: LIX 73, 10 of 17 words long
    ("sv/checklista-mote.yaml", 4, "lix-hard"),  # the intro: one sentence of 31 words, LIX 66
    ("da/moedetyper-kbh.yaml", 5, "lix-hard"),  # the intro: one sentence of 27 words, LIX 68
}


def test_the_shipped_content_gives_only_the_known_warnings():
    advice = checks.author_warnings(load_all(discover([])))
    root = shipped_root().resolve()
    found = {(a.where.path.resolve().relative_to(root).as_posix(), a.where.line, a.code) for a in advice}
    assert found <= SHIPPED, "\n".join(str(a) for a in advice)
    assert not any(a.code in ("duplicate-question", "logo-dpi", "logo-alpha") for a in advice)
