"""Using `kort serve` in a real browser (headless Chromium): open a pack made by `kort new`, edit
it in the forms, see each card as it prints, upload a logo, download the PDF, save without
losing the file's comments, and see edits made in a text editor.

Chromium is Debian's (`apt-get install chromium`; `.ci/run` installs it). These tests fail, and
never skip, when it is missing: a skipped browser test would let a broken editor through CI.
"""

from __future__ import annotations

import base64
import io
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from generator import api, serve

from browser import CHROMIUM, CHROMIUM_ARGS as ARGS

LONG = "Berätta om en gång då samarbetet mellan skola, socialtjänst och vårdnadshavare fungerade väl. " * 25


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is needed for the editor's browser tests and was not found at {CHROMIUM}: "
            "install it with `apt-get install chromium`, or set KORT_CHROMIUM to a Chromium binary"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pack(editor_pack) -> Path:
    return editor_pack


@pytest.fixture
def editor(running_editor):
    return running_editor


def open_page(browser, editor, locale="en-GB"):
    context = browser.new_context(locale=locale, viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(editor.url)
    expect(page.locator("#face-front")).to_have_attribute("src", re.compile("^data:image/png"))
    page.errors = errors
    return page


@pytest.fixture
def page(browser, editor):
    page = open_page(browser, editor)
    yield page
    assert page.errors == [], page.errors  # no script error, no refused resource, no request failed
    page.context.close()


def front(page) -> str:
    return page.locator("#face-front").get_attribute("src")


def back(page) -> str:
    return page.locator("#face-back").get_attribute("src")


def picture(data_url: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGB")


def red_pixels(image) -> int:
    data = image.tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 200 and data[i + 1] < 60 and data[i + 2] < 60)


def test_a_pack_made_by_kort_new_opens_with_its_own_questions_and_the_card_as_it_prints(page, pack):
    first = page.get_by_label("Question 1", exact=True)
    expect(first).to_have_value(re.compile("^Vad gör du för att ett barn ska känna sig sett"))
    expect(page.get_by_label("Question 2", exact=True)).to_have_value(re.compile("^Berätta om första gången"))
    expect(page.locator("#preview-caption")).to_contain_text("Card 19 of 20")  # 3 instruction + 15 shipped + own
    expect(page.locator("#face-back")).to_have_attribute("src", re.compile("^data:image/png"))
    page.get_by_role("tab", name="Deck").click()
    expect(page.get_by_label("Name of the deck")).to_have_attribute("placeholder", "Samverkansmingel")
    expect(page.locator("#save")).to_be_disabled()


def test_a_new_question_gets_its_card_in_the_preview(page):
    before = front(page)
    page.get_by_role("button", name="Add a question").click()
    box = page.get_by_label("Question 3", exact=True)
    expect(box).to_be_focused()
    box.press_sequentially("Vad får dig att le på jobbet?", delay=15)
    expect(page.locator("#preview-caption")).to_contain_text("Card 21 of 21")
    page.wait_for_function("() => !document.querySelector('#faces').classList.contains('busy')")
    assert front(page) != before
    timings = page.evaluate("window.kortTimings")
    assert timings and min(timings) < 1000, timings  # change → picture shown (median measured by the bench)
    expect(page.locator("#save")).to_be_enabled()


def test_a_question_too_long_for_the_card_says_so_at_the_field_naming_the_limit(page):
    box = page.get_by_label("Question 2", exact=True)
    box.fill(LONG)
    message = page.locator(".field", has=box).locator(".msg")
    expect(message).to_contain_text(
        "too long for the card (74 x 105 mm), even at the smallest text size", timeout=15000
    )
    expect(message).to_contain_text(f"It has {len(LONG):,} characters now.")
    expect(message).to_contain_text("choose a larger card under Print")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#problems")).to_contain_text("To fix: 1")
    box.fill("Kort fråga?")
    expect(message).to_be_empty(timeout=15000)


def test_messages_are_in_the_language_of_the_page_and_the_language_can_be_switched(browser, editor):
    page = open_page(browser, editor, locale="sv-SE")
    try:
        expect(page.get_by_role("tab", name="Frågor")).to_be_visible()
        page.get_by_label("Fråga 2", exact=True).fill(LONG)
        message = page.locator('.field[data-key="questions[1].text"] > .msg')
        expect(message).to_contain_text("Texten är för lång för kortet (74 x 105 mm)", timeout=15000)
        page.get_by_label("Sidans språk").select_option("da")
        expect(page.get_by_role("tab", name="Spørgsmål")).to_be_visible()
        expect(message).to_contain_text("Teksten er for lang til kortet")
        assert page.evaluate("document.documentElement.lang") == "da"
        assert page.errors == []
    finally:
        page.context.close()


def test_a_logo_uploaded_in_the_page_is_on_the_back_of_the_card(page, pack, tmp_path):
    from PIL import Image

    logo = tmp_path / "Vår logga.png"
    Image.new("RGB", (240, 120), (230, 20, 20)).save(logo)
    before = back(page)
    assert red_pixels(picture(before)) == 0
    page.get_by_role("tab", name="Logo and colours").click()
    page.get_by_label("Logo", exact=True).set_input_files(str(logo))
    expect(page.locator(".logo-now")).to_contain_text("var-logga.png")
    page.wait_for_function(
        "old => document.querySelector('#face-back').src !== old"
        " && !document.querySelector('#faces').classList.contains('busy')",
        arg=before,
    )
    assert red_pixels(picture(back(page))) > 500  # the logo's red is drawn on the back
    assert (pack / "sv" / "var-logga.png").is_file()


def test_the_downloaded_deck_pdf_holds_the_new_question(page):
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question 3", exact=True).fill("Vilken färg har er dörr?")
    page.get_by_role("tab", name="Print").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the cards (PDF)").click()
    assert download.value.suggested_filename == "mingel.pdf"
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Vilken färg har er dörr?" in text
    page.get_by_label("At a print shop").check()
    with page.expect_download() as shop:
        page.get_by_role("button", name="Download the cards (PDF)").click()
    assert shop.value.suggested_filename == "mingel-printshop.pdf"
    first = PdfReader(shop.value.path()).pages[0]
    assert round(float(first.bleedbox.width) - float(first.trimbox.width)) == round(6 * 72 / 25.4)  # 3 mm each side


def test_saving_writes_the_yaml_and_keeps_its_comments(page, pack):
    path = pack / "sv" / "mingel.yaml"
    original = path.read_text(encoding="utf-8")
    path.chmod(0o640)
    page.get_by_label("Question 1", exact=True).fill("Hur ser ni till att barnet blir hört?")
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question 3", exact=True).fill("Vad har du lärt dig av en kollega i år?")
    page.get_by_role("tab", name="Deck").click()
    page.get_by_label("Name of the deck").fill("Samverkan i Ekby")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.locator("#save")).to_be_disabled()
    saved = path.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#") and "title:" not in line]
    assert all(line in saved.splitlines() for line in comments)  # every comment is still there
    assert "title: Samverkan i Ekby" in saved.splitlines()  # where the file's `# title:` example was
    assert "    text: Hur ser ni till att barnet blir hört?" in saved
    assert "  - id: vad-har-du-lart-dig-av-en-kollega-i-ar\n    text: Vad har du lärt dig av en kollega i år?" in saved
    assert path.stat().st_mode & 0o777 == 0o640
    assert api.check(api.load_pack(pack)) == []
    assert not list(path.parent.glob(".*.tmp"))


def test_an_edit_made_in_a_text_editor_shows_up_in_the_page(page, pack):
    path = pack / "sv" / "mingel.yaml"
    time.sleep(0.05)
    path.write_text(path.read_text(encoding="utf-8").replace("Berätta om första gången", "Berätta om sista gången"))
    expect(page.get_by_label("Question 2", exact=True)).to_have_value(re.compile("^Berätta om sista gången"))
    expect(page.locator("#save-status")).to_contain_text("was changed in another program")
    expect(page.locator("#save")).to_be_disabled()  # nothing of the page's own to save


def test_unsaved_changes_are_never_written_over_an_edit_made_elsewhere(page, pack):
    path = pack / "sv" / "mingel.yaml"
    page.get_by_label("Question 1", exact=True).fill("Min ändring i sidan?")
    path.write_text(path.read_text(encoding="utf-8").replace("category: Tillit", "category: Förtroende"))
    banner = page.locator("#banner")
    expect(banner).to_contain_text("was changed in another program while you were editing")
    assert "Min ändring" not in path.read_text(encoding="utf-8")
    page.get_by_role("button", name="Keep both: put my changes on top of theirs").click()
    expect(banner).to_be_hidden()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    saved = path.read_text(encoding="utf-8")
    assert "text: Min ändring i sidan?" in saved and "category: Förtroende" in saved


def test_the_page_works_with_the_keyboard_alone(page):
    page.get_by_role("tab", name="Questions").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Principles")).to_be_focused()
    expect(page.get_by_role("tabpanel", name="Principles")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Tab")  # into the panel, then to its first control
    page.keyboard.press("Tab")
    expect(page.get_by_label("Question 1", exact=True)).to_be_focused()
    page.get_by_role("button", name="Move question 2 up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Question 1", exact=True)).to_have_value(re.compile("^Berätta om första gången"))
    expect(page.get_by_role("button", name="Move question 1 down")).to_be_focused()


def test_the_page_has_no_accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for tab in ("Questions", "Deck", "Principles", "Logo and colours", "Handouts", "Print"):
        page.get_by_role("tab", name=tab).click()
        results = axe.run(page)
        assert results.violations_count == 0, f"{tab}: {results.generate_report()}"


def test_a_pasted_list_becomes_questions_and_a_shipped_one_can_be_left_out(page, pack, tmp_path):
    page.get_by_role("button", name="Add several at once…").click()
    page.get_by_label("Paste or write one question on each line").fill(
        "- Vad är viktigast för dig i ett möte?\n2. Hur vet du att barnet har förstått?\n\n• Vem ringer du först?"
    )
    expect(page.locator("#paste-count")).to_have_text("Questions to add: 3")
    page.get_by_role("button", name="Add the questions").click()
    expect(page.get_by_label("Question 5", exact=True)).to_have_value("Vem ringer du först?")
    expect(page.get_by_label("Question 3", exact=True)).to_be_focused()
    expect(page.locator("#preview-caption")).to_contain_text("of 23")
    page.get_by_text("The 15 questions of “Samverkansmingel”").click()
    page.get_by_label("Vad är en god relation till ett barn/ungdom för dig?").uncheck()
    expect(page.locator("#preview-caption")).to_contain_text("of 22")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_text("Saved.")
    saved = (pack / "sv" / "mingel.yaml").read_text(encoding="utf-8")
    assert "drop:\n  - god-relation\n" in saved
    assert "  - id: vem-ringer-du-forst\n    text: Vem ringer du först?\n" in saved
    csv = tmp_path / "frågor.csv"
    csv.write_text("Nr;Fråga\n1;Vad gör ni när det blir svårt?\n", encoding="cp1252")
    page.get_by_role("button", name="Add several at once…").click()
    page.get_by_label("Take them from a column of a spreadsheet (CSV or Excel .xlsx)").set_input_files(str(csv))
    expect(page.get_by_label("Paste or write one question on each line")).to_have_value(
        "Vad gör ni när det blir svårt?"
    )
    page.get_by_role("button", name="Add the questions").click()
    expect(page.get_by_label("Question 6", exact=True)).to_have_value("Vad gör ni när det blir svårt?")


def test_without_a_pack_the_page_creates_one_and_opens_it(browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    running = serve.start(None, port=0, cwd=tmp_path)
    context = browser.new_context(locale="da-DK")
    try:
        page = context.new_page()
        page.goto(running.url)
        expect(page.get_by_role("heading", name="Velkommen til kort")).to_be_visible()
        assert Axe().run(page).violations_count == 0
        page.get_by_label("Navn på den nye mappe").fill("Holbæk")
        page.get_by_role("button", name="Opret materialet").click()
        expect(page.locator("#face-front")).to_have_attribute("src", re.compile("^data:image/png"))
        expect(page.get_by_label("Spørgsmål 1", exact=True)).to_be_visible()
        assert (tmp_path / "Holbæk" / "da" / "mingel.yaml").is_file()
    finally:
        context.close()
        running.stop()


def test_a_file_with_a_yaml_mistake_opens_as_text_and_mending_it_brings_the_forms_back(browser, pack, tmp_path):
    path = pack / "sv" / "mingel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: Tillit", "category: Tillit: förtroende"))
    running = serve.start(pack, port=0, cwd=tmp_path)
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(running.url)
        expect(page.get_by_role("tab", name="Deck")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#problems")).to_contain_text("must be put in quotes")
        text = page.get_by_label("The file's text (YAML)")
        text.fill(text.input_value().replace("category: Tillit: förtroende", 'category: "Tillit: förtroende"'))
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#save-status")).to_have_text("Saved.")
        page.get_by_role("tab", name="Questions").click()
        expect(page.get_by_label("Category (an own label)").nth(1)).to_have_value("Tillit: förtroende")
        expect(page.locator("#face-front")).to_have_attribute("src", re.compile("^data:image/png"))
    finally:
        context.close()
        running.stop()
