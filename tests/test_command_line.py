"""Using the `kort` command: help, listing, what a build prints and where it writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.i18n import gettext_for
from generator.resources import data_dir, package_path


@pytest.mark.parametrize("command", [[], ["build"], ["list"], ["preview"]])
def test_every_command_has_help(kort, command):
    result = kort(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.stdout and "--help" in result.stdout


def test_list_shows_the_shipped_material(kort):
    result = kort("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(ln.startswith("sv  mingel") and "Samverkansmingel" in ln and "15 questions" in ln for ln in lines)
    assert any(ln.startswith("da  mingel") and "Samarbejdsmingel" in ln and "15 questions" in ln for ln in lines)
    assert any(ln.startswith("da  moedetyper-kbh") and "7 meeting types" in ln for ln in lines)


SHIPPED = [
    "da/fokus-boern-og-unge.pdf",
    "da/mingel-principles.pdf",
    "da/mingel.pdf",
    "da/moedetyper-kbh-cards.pdf",
    "da/moedetyper-kbh-overview.pdf",
    "da/principper-holbaek.pdf",
    "da/principper-kbh.pdf",
    "da/tjekliste-moede.pdf",
    "da/vejledning-mingel.pdf",
    "sv/checklista-mote.pdf",
    "sv/fokus-barn-och-unga.pdf",
    "sv/handledning-mingel.pdf",
    "sv/mingel-principles.pdf",
    "sv/mingel.pdf",
    "sv/motestyper-kbh-cards.pdf",
    "sv/motestyper-kbh-overview.pdf",
    "sv/principer-holbaek.pdf",
    "sv/principer-kbh.pdf",
]


def test_build_with_no_paths_writes_all_shipped_material_in_both_languages(kort):
    result = kort("build")
    assert result.exit_code == 0, result.stderr
    assert "wrote output/sv/mingel.pdf  (10 pages, 18 cards)" in result.stdout
    assert sorted(str(p.relative_to("output")) for p in Path("output").glob("*/*.pdf")) == SHIPPED
    pages = sum(len(PdfReader(Path("output") / name).pages) for name in SHIPPED)
    assert result.stdout.strip().endswith(f"done: {len(SHIPPED)} PDFs, {pages} pages in output/")


@pytest.mark.parametrize("target", ["root", "language folder", "file"])
def test_a_path_may_be_a_content_root_a_language_folder_or_one_file(kort, pack, target):
    root = pack(
        {
            "sv/a.yaml": "kind: deck\ntitle: A\nquestions:\n  - Fråga A?\n",
            "sv/b.yaml": "kind: deck\ntitle: B\nquestions:\n  - Fråga B?\n",
        }
    )
    path = {"root": root, "language folder": root / "sv", "file": root / "sv" / "a.yaml"}[target]
    result = kort("build", path, "--out", "out")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in Path("out/sv").iterdir())
    assert written == (["a.pdf"] if target == "file" else ["a.pdf", "b.pdf"])


def test_a_file_outside_a_language_folder_names_its_language(kort, pack):
    root = pack({"egna/kort.yaml": "kind: deck\nlanguage: sv\ntitle: Egna\nquestions:\n  - Fråga?\n"})
    result = kort("build", root / "egna" / "kort.yaml", "--out", "out")
    assert result.exit_code == 0, result.stderr
    assert Path("out/sv/kort.pdf").is_file()


def test_preview_renders_pages_to_png(kort, pack):
    root = pack({"sv/a.yaml": "kind: deck\ntitle: A\nquestions:\n  - Fråga A?\n"})
    kort("build", root, "--out", "output")
    result = kort("preview", "--page", "2", "--dpi", "30")
    assert result.exit_code == 0, result.stderr
    png = Path("output/preview/sv-a-02.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(png) as image:  # A4 at 30 dpi
        assert abs(image.width - 210 / 25.4 * 30) <= 1 and abs(image.height - 297 / 25.4 * 30) <= 1

        # The lone card sits top left on the front, so its back is top right, in the deck colour.
        def at(x_mm, y_mm):
            return image.getpixel((round(x_mm / 25.4 * 30), round(y_mm / 25.4 * 30)))

        assert all(abs(a - b) <= 12 for a, b in zip(at(145, 60), (0x1F, 0x5C, 0x7A))), at(145, 60)
        assert at(65, 60) == (255, 255, 255)


def test_the_installed_command_works_from_any_folder(tmp_path):
    kort = Path(sys.executable).with_name("kort")
    result = subprocess.run([str(kort), "build", "--out", "elsewhere"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere" / "sv" / "mingel.pdf").is_file()


def test_shipped_content_fonts_and_catalogs_are_part_of_the_package():
    assert (data_dir("content") / "sv" / "mingel.yaml").is_file()
    assert (data_dir("layouts") / "sheet.yaml").is_file()
    assert (package_path("fonts") / "OFL.txt").is_file()
    assert gettext_for("sv")("How to do it:") == "Gör så här:"
    assert gettext_for("da")("How to do it:") == "Sådan gør I:"
    if (package_path("_data")).is_dir():  # an installed (not editable) kort: the build compiled the catalogs
        assert (package_path("locale", "sv", "LC_MESSAGES", "kort.mo")).is_file()


def test_preview_of_decks_of_the_same_name_in_both_languages_keeps_both(kort):
    assert kort("build", "--out", "output").exit_code == 0
    result = kort("preview", "output/sv/mingel.pdf", "output/da/mingel.pdf", "--page", "1", "--dpi", "20")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("output/preview").iterdir()) == ["da-mingel-01.png", "sv-mingel-01.png"]
