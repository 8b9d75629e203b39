"""The library API, used the way the README's developer section shows."""

from __future__ import annotations

import re
from pathlib import Path

from generator import api
from generator.build import Options

README = Path(__file__).parent.parent / "README.md"


def test_the_readme_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- api-example.*?```python\n(.*?)```", text, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "['sv/ekby.pdf'] True"


def test_the_api_depends_on_no_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "sheet.yaml").write_text("margin: 1\n", encoding="utf-8")  # the CLI would refuse it
    pack = api.load_pack(lang="sv")
    assert api.check(pack) == [] and not list(tmp_path.rglob("*.pdf"))
    assert api.planned(pack)[0].startswith("sv/")


def test_unsaved_text_replaces_a_file_of_the_pack(tmp_path):
    deck = tmp_path / "sv" / "egen.yaml"
    deck.parent.mkdir()
    deck.write_text("kind: deck\ntitle: Egen\nquestions:\n  - Första frågan?\n", encoding="utf-8")
    edited = "kind: deck\ntitle: Egen\nquestions:\n  - Första frågan?\n  - text: ''\n"
    pack = api.load_pack(tmp_path, texts={deck: edited})
    (problem,) = api.check(pack)
    assert problem.where.key == "questions[1].text" and problem.where.line == 5
    assert "Första" in deck.read_text(encoding="utf-8") and "''" not in deck.read_text(encoding="utf-8")


def test_write_replaces_only_with_complete_files(tmp_path):
    pack = api.load_text("kind: deck\ntitle: T\nquestions:\n  - Fråga?\n", lang="da", name="t.yaml")
    written = api.write(pack, Options(out=tmp_path))
    assert [w.path.relative_to(tmp_path).as_posix() for w in written] == ["da/t.pdf"]
    assert (tmp_path / "da" / "t.pdf").read_bytes().startswith(b"%PDF")
    assert [p.name for p in (tmp_path / "da").iterdir()] == ["t.pdf"]


def test_an_unsaved_new_file_joins_the_pack(tmp_path):
    deck = tmp_path / "sv" / "egen.yaml"
    deck.parent.mkdir()
    deck.write_text("kind: deck\ntitle: Egen\nquestions:\n  - Första frågan?\n", encoding="utf-8")
    branding = tmp_path / "sv" / "branding.yaml"
    pack = api.load_pack(tmp_path, texts={branding: "kind: branding\norganisation: Ekby kommun\n"})
    assert pack.problems == () and pack.material("egen").branding.organisation == "Ekby kommun"
    assert not branding.exists()
    png = api.card_png(pack, "egen", "forsta-fragan", side="back")
    assert png.startswith(b"\x89PNG")
