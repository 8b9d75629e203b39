"""Shared fixtures: run kort in-process, build the shipped deck once, write content packs."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.resources import data_dir


class Result:
    def __init__(self, r):
        self.exit_code = r.exit_code
        self.stdout = r.stdout
        self.stderr = r.stderr
        self.exception = r.exception


@pytest.fixture
def kort(monkeypatch, tmp_path):
    """Run `kort ARGS...` in-process with the working directory set to a fresh folder."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Result:
        return Result(CliRunner().invoke(main, [str(a) for a in args]))

    return run


@pytest.fixture(scope="session")
def shipped_sv(tmp_path_factory) -> Path:
    """The shipped Swedish deck, built once with the default layout."""
    out = tmp_path_factory.mktemp("shipped")
    result = CliRunner().invoke(main, ["build", "--lang", "sv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "sv" / "mingel.pdf"


SOURCE_DATE_EPOCH = "1741910400"  # 14 March 2025: the date printed in handout footers is fixed


@pytest.fixture(scope="session")
def shipped_all(tmp_path_factory) -> Path:
    """All shipped material, both languages, built once with the default layout."""
    out = tmp_path_factory.mktemp("all")
    result = CliRunner().invoke(main, ["build", "--out", str(out)], env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def pack(tmp_path):
    """Write a content pack: pack({"sv/deck.yaml": "..."}) returns its root folder."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "pack"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return write


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    """A copy of the shipped Swedish deck that a test may edit."""
    target = tmp_path / "mine" / "sv"
    target.mkdir(parents=True)
    shutil.copy(data_dir("content") / "sv" / "mingel.yaml", target / "mingel.yaml")
    return target / "mingel.yaml"


@pytest.fixture
def editor_pack(tmp_path) -> Path:
    """A pack as `kort new ekby` makes it: sv/mingel.yaml extends the shipped deck, sv/branding.yaml."""
    from generator.scaffold import scaffold

    scaffold(tmp_path / "ekby", "mingel", "sv")
    return tmp_path / "ekby"


@pytest.fixture
def running_editor(editor_pack, tmp_path):
    """`kort serve` on the editor pack, on a free port, stopped after the test."""
    from generator import serve

    running = serve.start(editor_pack, port=0, cwd=tmp_path)
    yield running
    running.stop()
