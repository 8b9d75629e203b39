"""The short cuts kort takes for speed give exactly what the slow, obvious way gives."""

from __future__ import annotations

import marshal

import pdfplumber
import pyphen
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from generator import fonts, hyphen
from generator.pdftext import draw_lines
from generator.resources import package_path
from generator.yamlsrc import load_yaml

WORDS = {
    "sv": ["samverkansmöten", "socialtjänsten", "vårdnadshavare", "barnrättsperspektivet", "förskoleklassen"],
    "da": ["tværfagligt", "børnekonventionen", "forældremødet", "sagsbehandleren", "skolesundhedsplejersken"],
}


@pytest.mark.parametrize("lang", hyphen.LANGUAGES)
def test_stored_hyphenation_patterns_break_words_where_pyphen_does(lang, monkeypatch):
    if not package_path("_data").is_dir():
        pytest.skip("the build stores the patterns; this is a source checkout")
    assert hyphen.compiled_path(lang).is_file()
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphen.hyphenator.cache_clear()
    hyphen.points.cache_clear()
    with monkeypatch.context() as m:  # the stored patterns are used: pyphen does not parse its file
        m.setattr(pyphen.HyphDict, "__init__", lambda *a: pytest.fail("pyphen parsed its pattern file"))
        stored = hyphen.hyphenator(lang)
    source = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    parsed = pyphen.HyphDict(source)  # pyphen reading its own file
    assert stored.hd.patterns == {k: (s, tuple(v)) for k, (s, v) in parsed.patterns.items()}
    for word in WORDS[lang]:
        expected = [p for p in parsed.positions(word) if 4 <= p <= len(word) - 4]
        assert list(hyphen.points(word, lang)) == expected, word
        assert expected, f"{word} should have a hyphenation point"
    hyphen.hyphenator.cache_clear()
    hyphen.points.cache_clear()


def test_patterns_stored_from_another_pattern_file_are_not_used(tmp_path, monkeypatch):
    stored = tmp_path / "_data" / "hyphen" / "sv.marshal"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(marshal.dumps((1, "0" * 64, {"ab": (0, (1,))}, 2)))  # a digest no file has
    monkeypatch.setattr(hyphen, "_PACKAGE", tmp_path)
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphen.hyphenator.cache_clear()
    hyphen.points.cache_clear()
    try:
        hd = hyphen.hyphenator("sv").hd
        assert len(hd.patterns) > 1000  # pyphen parsed its own file
        assert hyphen.points("samverkansmöten", "sv") == (6, 10)
    finally:
        hyphen.hyphenator.cache_clear()
        hyphen.points.cache_clear()


def test_lines_drawn_directly_read_back_as_written_at_their_places(tmp_path):
    """Characters a document has not used yet, more than one subset's 256, a no-break space and
    PDF's special characters (parentheses, backslash) all come out as they went in."""
    fonts.register()
    path = tmp_path / "lines.pdf"
    c = Canvas(str(path), pagesize=(600, 800))
    latin = "".join(
        chr(n)
        for n in range(0xA1, 0x2200)
        if chr(n).isalnum() or chr(n) in "–—‘’“”„«»…€§°±×÷¿¡"
        if not fonts.missing_glyphs(chr(n))
    )
    assert len(latin) + 95 > 256  # with ASCII, more characters than one subset holds
    lines = [
        (40, 760, "Hur (ofta) träffas ni\\vi?"),
        (40, 740, "Ærlig talt: ø og å"),
        (40, 720, "samma\u00a0rad"),
        (40, 700, "Hur (ofta) träffas ni\\vi?"),  # all known by now: the translated path
    ]
    lines += [(40, 680 - 20 * i, latin[i * 40 : (i + 1) * 40]) for i in range(-(-len(latin) // 40))]
    draw_lines(c, fonts.REGULAR, 11, lines)
    c.showPage()
    c.save()
    text = PdfReader(str(path)).pages[0].extract_text().splitlines()
    expected = [t.replace("\u00a0", " ") for _, _, t in lines]
    assert text == expected
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    for x, y, t in lines:  # pdfplumber's y0 is the glyph box's bottom: the baseline less the descent
        row = sorted((ch for ch in chars if y - 4 <= ch["y0"] <= y), key=lambda ch: ch["x0"])
        assert row[0]["text"] == t[0] and abs(row[0]["x0"] - x) < 0.5, (t, row[0])
        assert "".join(ch["text"] for ch in row).replace("\u00a0", " ") == t.replace("\u00a0", " ")


def test_plain_words_like_no_and_times_stay_text_and_empties_are_empty(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("a: no\nb: 1:30\nc: 012\nd:\ne: ~\nf: ''\ng: null\nh: [yes, 3.0]\n", encoding="utf-8")
    node = load_yaml(path, [])
    got = {k.value: (v.tag.rsplit(":", 1)[-1], v.value) for k, v in node.value}
    assert got["a"] == ("str", "no")
    assert got["b"] == ("str", "1:30")
    assert got["c"] == ("str", "012")
    assert got["d"][0] == got["e"][0] == got["g"][0] == "null"
    assert got["f"] == ("str", "")  # quoted: an empty text, not a missing value
    assert [i.value for i in dict((k.value, v) for k, v in node.value)["h"].value] == ["yes", "3.0"]
