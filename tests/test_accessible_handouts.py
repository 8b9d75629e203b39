"""Every handout is a tagged PDF (PDF/UA-1 as far as it can be checked without veraPDF or PAC),
every handout and deck has an HTML twin that axe-core finds no fault with, and the card sheets
carry their title, language and XMP metadata.

Built once: all shipped material with `kort build --html`, and a pack's own `kind: handout` with
a logo, a contact QR code, a colour too light for text, and enough text to run over a page.
"""

from __future__ import annotations

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import api, document, handout, tagged
from generator.build import Options, plan_materials
from generator.cli import main
from generator.i18n import gettext_for

from browser import CHROMIUM, CHROMIUM_ARGS

STANDARD_ROLES = {
    "Document", "Part", "Sect", "Div", "P", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "THead", "TBody", "TR", "TH", "TD", "Figure", "Form", "Span", "Link", "Caption",
}  # fmt: skip
PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}
TYPED = "åäöÅÄÖæøåÆØÅé–—‘’“”„…€"  # what a user types in Swedish and Danish, dashes and quotes included


def _write_logo(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(200, 30, 60))
    image.save(path)


OWN_HANDOUT = """\
kind: handout
title: Så samarbetar vi i Ekby
subtitle: Ett blad för alla som möter barn
intro: Ekby kommun samlar skola, socialtjänst och fritid kring varje barn – ”tidigt och tillsammans”.
sections:
{sections}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, object]:
    """Everything built once: {"files": {relative path: bytes}, "handouts": [...], "decks": [...]}."""
    out = tmp_path_factory.mktemp("a11y")
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    result = CliRunner(env=env).invoke(main, ["build", "--html", "--out", str(out / "shipped")])
    assert result.exit_code == 0, result.output
    files = {str(p.relative_to(out / "shipped")): p.read_bytes() for p in sorted((out / "shipped").rglob("*.*"))}
    shipped = api.load_pack()
    plan = plan_materials(list(shipped.materials), Options().resolve_layout(), Options())
    handouts = [j.target.as_posix() for j in plan.jobs if j.kind == "handout"]
    decks = [j.target.as_posix() for j in plan.jobs if j.kind == "cards" and j.target.with_suffix(".html").name]

    own = out / "ekby"
    (own / "sv").mkdir(parents=True)
    sentence = "Vi lyssnar på barnet och på varandra, och vi skriver ner vad vi har kommit överens om."
    sections = "".join(  # section 3's paragraph runs over a page break
        f"  - title: Avsnitt {i}\n    text: {' '.join([sentence] * (90 if i == 3 else 6))}\n"
        f"    items:\n      - Första punkten – med tankstreck\n"
        f"      - Andra punkten\n    numbered: {'true' if i % 2 else 'false'}\n"
        for i in range(1, 6)
    )
    (own / "sv" / "samarbete.yaml").write_text(OWN_HANDOUT.format(sections=sections), encoding="utf-8")
    (own / "sv" / "branding.yaml").write_text(
        "kind: branding\norganisation: Ekby kommun\nlogo: logo.png\ncontact: https://ekby.example/samverkan\n"
        'colours:\n  primary: "#E8A33D"\n',
        encoding="utf-8",
    )
    _write_logo(own / "sv" / "logo.png")
    rendered = api.render(api.load_pack(own), Options(html=True))
    files.update({f"own/{k}": v for k, v in rendered.items()})
    handouts.append("own/sv/samarbete.pdf")
    return {"files": files, "handouts": handouts, "decks": decks}


@pytest.fixture(scope="module")
def plumbed(built) -> dict[str, list[dict]]:
    """The handouts' pages as pdfplumber sees them: characters and filled rectangles."""
    import pdfplumber

    pages = {}
    for name in built["handouts"]:
        with pdfplumber.open(io.BytesIO(built["files"][name])) as doc:
            pages[name] = [
                {"chars": page.chars, "fills": [r for r in page.rects if r.get("fill")]} for page in doc.pages
            ]
    return pages


def _pdf(built, name: str) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(built["files"][name]))


def _kids(elem) -> list:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _elements(elem):
    """The structure elements below (and including) `elem`, depth first (reading order)."""
    yield elem
    for kid in _kids(elem):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield from _elements(kid)


def _marked_content(page) -> list[int]:
    """The MCIDs of a page's content stream; fails when anything is painted outside both real
    content (an MCID) and an artifact."""
    stack: list[tuple[str, int | None]] = []
    mcids = []
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
            if mcid is not None:
                mcids.append(mcid)
            stack.append((str(operands[0]), mcid))
        elif op == "EMC":
            stack.pop()
        elif op in PAINTING:
            marked = any(tag == "/Artifact" or mcid is not None for tag, mcid in stack)
            assert marked, f"{op} is neither real content nor an artifact"
    assert not stack, "unbalanced marked content"
    assert len(mcids) == len(set(mcids)), "an MCID is used twice"
    return mcids


def test_every_handout_has_a_structure_tree_that_reaches_all_its_content(built):
    assert len(built["handouts"]) >= 10
    for name in built["handouts"]:
        pdf = _pdf(built, name)
        root = pdf.Root.StructTreeRoot
        document_elem = root.K
        assert document_elem.S == "/Document", name
        elements = list(_elements(document_elem))
        roles = [str(e.S)[1:] for e in elements]
        assert set(roles) <= STANDARD_ROLES, (name, set(roles) - STANDARD_ROLES)
        assert roles.count("H1") == 1 and roles.index("H1") <= 2, name  # after the logo at most
        levels = [int(r[1]) for r in roles if re.fullmatch(r"H\d", r)]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (name, "a heading level is skipped")
        for e in elements:
            if e.S == "/TH":
                assert e.A.Scope in ("/Column", "/Row"), name
            if e.S == "/Figure":
                assert str(e.Alt).strip() and "/BBox" in e.A, name
            if e.S == "/LI":
                assert [str(k.S) for k in _kids(e)] == ["/Lbl", "/LBody"], name
        if name.startswith("own/"):  # a paragraph split over two pages is one element
            split = [e for e in elements if e.S == "/P" and any(isinstance(k, pikepdf.Dictionary) for k in _kids(e))]
            assert split and {k.Pg.objgen for k in _kids(split[0]) if isinstance(k, pikepdf.Dictionary)}
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            mcids = _marked_content(page)
            if not mcids:
                continue
            owners = parents[int(page.StructParents)]
            for mcid in mcids:  # every MCID's parent holds it as a kid, on this page
                owner = owners[mcid]
                assert owner.S != "/Document"
                assert any(
                    (isinstance(k, int) and k == mcid and owner.Pg.objgen == page.objgen)
                    or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid and k.Pg.objgen == page.objgen)
                    for k in _kids(owner)
                ), (name, mcid)
            for annot in page.get("/Annots") or ():
                form = parents[int(annot.StructParent)]
                assert form.S == "/Form" and any(k.get("/Obj") == annot for k in _kids(form))
                assert page.Tabs == "/S"


def test_every_handout_says_what_it_is_and_in_which_language(built):
    for name in built["handouts"]:
        pdf = _pdf(built, name)
        lang = "sv-SE" if "sv/" in name else "da-DK"
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) and meta["dc:title"]
        assert meta["dc:language"] == {lang}
        assert meta["pdfuaid:part"] == "1"
        assert pdf.pdf_version >= "1.7"


def test_text_is_extracted_in_reading_order_title_first(built, plumbed):
    for name in built["handouts"]:
        reader = PdfReader(io.BytesIO(built["files"][name]))
        first = reader.pages[0].extract_text().splitlines()[0]
        chars = plumbed[name][0]["chars"]
        biggest = max(c["size"] for c in chars)  # the title
        big = [c for c in chars if c["size"] == biggest]
        top = min(c["top"] for c in big)
        title = "".join(c["text"] for c in sorted(big, key=lambda c: c["x0"]) if abs(c["top"] - top) < 1)
        assert first.replace(" ", "").startswith(title.replace(" ", "")[:20]), (name, first, title)
        pages = len(reader.pages)
        assert (("Sida" if "sv/" in name else "Side") + f" {pages} a") in reader.pages[-1].extract_text()


def _fonts(resources, seen, found):
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        descendant = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
        descriptor = descendant.get("/FontDescriptor")
        embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found.append((str(font.get("/BaseFont")), embedded))
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            _fonts(xobject.get("/Resources"), seen, found)


def test_every_font_is_embedded_pages_forms_and_fields_alike(built):
    for name in built["handouts"]:
        pdf = _pdf(built, name)
        found: list[tuple[str, bool]] = []
        seen: set = set()
        for page in pdf.pages:
            _fonts(page.get("/Resources"), seen, found)
            for annot in page.get("/Annots") or ():
                for states in (annot.get("/AP") or {}).values():
                    for stream in [states] if isinstance(states, pikepdf.Stream) else states.values():
                        _fonts(stream.get("/Resources"), seen, found)
        form = pdf.Root.get("/AcroForm")
        if form is not None:
            _fonts(form.get("/DR"), seen, found)
        assert found and all(embedded for _font, embedded in found), (name, [f for f, e in found if not e])
        assert not any("Helvetica" in f or "ZapfDingbats" in f for f, _e in found), name


def test_checklist_fields_have_spoken_names_take_long_answers_and_print_what_is_typed(built):
    pdf = _pdf(built, "sv/checklista-mote.pdf")
    _ = gettext_for("sv")
    form = pdf.Root.AcroForm
    fields = list(form.Fields)
    texts = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(built["files"]["sv/checklista-mote.pdf"])).pages)
    squashed = re.sub(r"\s+", " ", texts)
    columns = [_("Who"), _("What"), _("By when")]
    assert columns == ["Vem", "Vad", "Senast när"]  # the material's language, not the source strings
    ticks = [f for f in fields if f.FT == "/Btn"]
    boxes = [f for f in fields if f.FT == "/Tx"]
    assert len(ticks) >= 20 and len(boxes) == 5 * 3 + 3
    for f in ticks:  # the point's own text
        assert str(f.TU) and str(f.TU) in squashed, str(f.TU)
    spoken = {str(f.T): str(f.TU) for f in boxes}
    for r in range(1, 6):
        for c, column in enumerate(columns, 1):
            assert spoken[f"actions_{r}_{c}"] == f"{column} {r}"
    assert spoken["followup-how"] == _("How the measures are followed up") == "Hur åtgärderna följs upp"
    font_name = None
    for f in boxes:
        assert int(f.Ff) & 4096, "multi-line"
        assert "/MaxLen" not in f
        font_name = re.match(r"/(\S+) ", str(f.DA)).group(1)
        assert "/" + font_name in form.DR.Font
    font = form.DR.Font["/" + font_name]
    assert font.Encoding == "/WinAnsiEncoding" and "/FontFile2" in font.FontDescriptor
    from generator.fonts import missing_glyphs

    assert not missing_glyphs(TYPED)
    TYPED.encode("cp1252")  # every character has a code in the field font's encoding
    # tab order: the fields in the structure tree come in reading order, page by page, top down
    order = [str(k.Obj.T) for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/Form" for k in _kids(e)]
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    where = {str(f.T): (pages[f.P.objgen], -round(float(f.Rect[3])), float(f.Rect[0])) for f in fields}
    assert order == sorted(order, key=where.get)


def test_a_typed_answer_is_set_in_the_embedded_font(built):
    """A standard form filler (pypdf) writes typed dashes and quotes in the embedded font."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(built["files"]["sv/checklista-mote.pdf"])))
    answer = "Mötet – ”uppföljning” ‘Åsa’ och Ærø … „x“ € — klart"
    writer.update_page_form_field_values(writer.pages[1], {"followup-how": answer}, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = pikepdf.open(buffer)
    widget = next(a for a in pdf.pages[1].Annots if a.get("/T") == "followup-how")
    appearance = widget.AP.N
    assert answer.encode("cp1252") in appearance.read_bytes()
    (font,) = appearance.Resources.Font.values()
    assert "/FontFile2" in font.FontDescriptor


def _hex(colour) -> str:
    values = list(colour) if isinstance(colour, (tuple, list)) else [colour]
    if len(values) == 1:
        values *= 3
    return "#" + "".join(f"{round(v * 255):02X}" for v in values[:3])


def test_every_text_colour_reads_on_its_background(built, plumbed):
    """Each character against the smallest filled rectangle under it (white where there is none):
    4.5:1, or 3:1 for large text."""
    checked = {}
    for name in built["handouts"]:
        for page in plumbed[name]:
            fills = sorted(page["fills"], key=lambda r: r["width"] * r["height"])
            for ch in page["chars"]:
                if not ch["text"].strip():
                    continue
                x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                under = next((r for r in fills if r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]), None)
                back = _hex(under["non_stroking_color"]) if under else "#FFFFFF"
                key = (_hex(ch["non_stroking_color"]), back, ch["size"], "Bold" in ch["fontname"])
                if key not in checked:
                    need = 3.0 if tagged.is_large(key[2], key[3]) else 4.5
                    checked[key] = (tagged.contrast(key[0], back), need, name, ch["text"])
    failing = [v for v in checked.values() if v[0] < v[1] - 0.005]
    assert len(checked) > 10 and not failing, failing


def test_contrast_maths():
    assert round(tagged.contrast("#FFFFFF", "#000000"), 1) == 21.0
    assert tagged.text_colour("#1F5C7A", 10, False) == "#1F5C7A"  # passes as it is
    shade = tagged.text_colour("#B8621B", 11, True)  # 4.37:1 on white: darkened, same hue
    assert tagged.contrast(shade, "#FFFFFF") >= 4.5 and shade != "#B8621B"
    assert tagged.text_colour("#B8621B", 14, True) == "#B8621B"  # large text: 3:1 is enough
    assert tagged.mark_text_colour("#E8A33D", "#1A1A1A", 8.5, True)[0] == "#1A1A1A"  # ink on a light fill


def test_pdfua_finds_nothing_to_fix(built, tmp_path):
    from pdfua import Severity, validate

    for name in built["handouts"]:
        path = tmp_path / name.replace("/", "-")
        path.write_bytes(built["files"][name])
        report = validate(str(path))
        serious = [(f.rule_id, f.message) for f in report.findings if f.severity >= Severity.WARNING]
        assert not serious, (name, serious)


def test_a_table_over_two_pages_repeats_its_head_as_an_artifact():
    rows = [tuple(document.Cell((document.Span(t),), header=True) for t in ("Vecka", "Vad"))]
    rows += [
        (document.Cell((document.Span(f"{i}"),), header=True), document.Cell((document.Span(f"Möte {i}"),)))
        for i in range(1, 90)
    ]
    blocks = (document.Heading((document.Span("Plan"),), 1), document.Table(tuple(rows), (0.3, 0.7)))
    meta = handout.Meta("Plan", "Ekby", "", "sv-SE")
    chrome = handout.Chrome(meta, "Ekby", "Ekby", "Sida {page} av {pages}", "#1F5C7A")
    buffer = io.BytesIO()
    pages = handout.render_handout(buffer, blocks, chrome)
    assert pages >= 2
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    table = next(e for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/Table")
    head, *body = _kids(table)
    assert len(body) == 89 and [str(c.A.Scope) for c in _kids(head)] == ["/Column", "/Column"]
    assert all(str(_kids(tr)[0].A.Scope) == "/Row" for tr in body)
    for page in pdf.pages:
        _marked_content(page)
    second = pdf.pages[1].Contents.read_bytes() if not isinstance(pdf.pages[1].Contents, pikepdf.Array) else b""
    assert b"/Artifact <</Type /Pagination>> BDC" in second  # the repeated head


def test_a_handout_is_laid_out_once(monkeypatch):
    calls = []
    real = handout._build
    monkeypatch.setattr(handout, "_build", lambda *a: calls.append(1) or real(*a))
    pdfs = api.render(api.load_pack(lang="sv"), name="checklista-mote")
    assert calls == [1]
    text = PdfReader(io.BytesIO(pdfs["sv/checklista-mote.pdf"])).pages[0].extract_text()
    assert "Sida 1 av 2" in text


def test_card_sheets_carry_title_language_and_metadata(built, tmp_path):
    from pdfua import validate

    data = tagged.describe(built["files"]["sv/mingel.pdf"], handout.Meta("Samverkansmingel", "Sörmland", "", "sv-SE"))
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True and str(pdf.Root.Lang) == "sv-SE"
    meta = pdf.open_metadata()
    assert meta["dc:title"] == "Samverkansmingel" and meta["dc:language"] == {"sv-SE"}
    assert len(pdf.pages) == len(pikepdf.open(io.BytesIO(built["files"]["sv/mingel.pdf"])).pages)
    (tmp_path / "cards.pdf").write_bytes(data)
    rules = {f.rule_id for f in validate(str(tmp_path / "cards.pdf")).findings}
    assert "UA-07-002" not in rules and "UA-06-001" not in rules


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _twins(built) -> list[str]:
    names = [n[: -len(".pdf")] + ".html" for n in built["handouts"] + built["decks"]]
    return [n for n in names if not n.endswith("-cards.html")]


def test_every_handout_and_deck_has_a_semantic_self_contained_html_twin(built):
    twins = _twins(built)
    assert "sv/checklista-mote.html" in twins and "sv/mingel.html" in twins and "own/sv/samarbete.html" in twins
    for name in twins:
        page = _Page()
        page.feed(built["files"][name].decode("utf-8"))
        tags = [t for t, _a in page.tags]
        html_attrs = dict(page.tags[0][1])
        assert html_attrs["lang"] in ("sv-SE", "da-DK"), name
        assert tags.count("h1") == 1 and "main" in tags and "style" in tags, name
        assert not {"script", "link", "iframe"} & set(tags), name
        for tag, attrs in page.tags:
            assert not attrs.get("src") or attrs["src"].startswith("data:"), (name, tag)
            if tag == "th":
                assert attrs.get("scope") in ("col", "row"), name
    checklist = _Page()
    checklist.feed(built["files"]["sv/checklista-mote.html"].decode("utf-8"))
    inputs = [a for t, a in checklist.tags if t == "input"]
    labels = {a.get("for") for t, a in checklist.tags if t == "label"}
    assert inputs and all(a["type"] == "checkbox" and a["id"] in labels for a in inputs)
    areas = [a for t, a in checklist.tags if t == "textarea"]
    assert len(areas) == 18 and all(a.get("aria-label") or a.get("id") in labels for a in areas)
    deck = built["files"]["sv/mingel.html"].decode("utf-8")
    assert "<h3" in deck and deck.count("<li") >= 15 + 8  # questions by principle, and the steps


def test_axe_finds_no_violation_in_any_html_twin(built, tmp_path):
    # never skipped: .ci/run installs Debian's chromium when it is missing
    assert shutil.which(CHROMIUM), "needs Chromium: apt-get install chromium (or set KORT_CHROMIUM)"
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found = {}
    script = Axe().axe_script  # axe-core as axe-playwright-python bundles it; only the violations come back
    run = "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => [v.id, v.nodes.length]))"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for name in _twins(built):
                path = tmp_path / name.replace("/", "-")
                path.write_bytes(built["files"][name])
                page.goto(path.as_uri())
                page.evaluate(script)
                found[name] = page.evaluate(run)
        finally:
            browser.close()
    assert len(found) >= 12 and not any(found.values()), {k: v for k, v in found.items() if v}


def test_a_field_of_several_lines_is_that_tall_and_keeps_its_line_to_write_on():
    blocks = (document.Heading((document.Span("Uppföljning"),), 1), document.Field("how", "Hur", 3))
    meta = handout.Meta("Uppföljning", "Ekby", "", "sv-SE")
    chrome = handout.Chrome(meta, "Ekby", "Ekby", "Sida {page} av {pages}", "#1F5C7A")
    buffer = io.BytesIO()
    handout.render_handout(buffer, blocks, chrome)
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    (widget,) = pdf.pages[0].Annots
    x0, y0, x1, y1 = (float(v) for v in widget.Rect)
    assert y1 - y0 == handout.FIELD_H + 2 * handout.LINE_H and int(widget.Ff) & 4096
    assert "/BS" not in widget and "/BG" not in widget.get("/MK", {})  # the line is on the page
    assert str(widget.TU) == "Hur" and "/MaxLen" not in widget


def test_card_sheets_show_their_title_and_carry_language_and_xmp(shipped_all):
    import pikepdf

    for lang, tag in (("sv", "sv-SE"), ("da", "da-DK")):
        with pikepdf.open(shipped_all / lang / "mingel.pdf") as pdf:
            assert str(pdf.Root.Lang) == tag
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            meta = pdf.open_metadata()
            assert meta["dc:title"] in ("Samverkansmingel", "Samarbejdsmingel")
            assert meta["dc:language"] == {tag}


def test_the_last_item_of_a_list_is_never_alone_at_the_top_of_a_page():
    from pypdf import PdfReader

    for count in range(36, 48):  # the page break falls at a different item each time
        yaml = "kind: handout\ntitle: Lista\nsections:\n  - title: Ett\n    items:\n" + "".join(
            f"      - Punkt {i} i en lång lista som fyller sidan med text om samarbete.\n" for i in range(count)
        )
        pdf = api.render(api.load_text(yaml, lang="sv", name="l.yaml"))["sv/l.pdf"]
        for page in PdfReader(io.BytesIO(pdf)).pages[1:]:
            items = [line for line in page.extract_text().splitlines() if line.startswith("•")]
            assert len(items) != 1, (count, items)
