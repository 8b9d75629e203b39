"""A municipality's editor makes a mistake: a clear file:line message, exit 2, nothing destroyed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# case folder, line of the problem, words the message must contain, words of the hint
CASES = [
    ("bad-yaml-syntax", 4, "closing quote is missing", "add the closing quote"),
    ("bad-tab-indent", 4, "YAML syntax error", "spaces, not tabs"),
    ("missing-title", 1, "missing the key 'title'", "add 'title:'"),
    ("wrong-type-questions", 3, "'questions' must be a list", "starting with '- '"),
    ("unknown-key-misspelt", 3, "unknown key 'questons'", "did you mean 'questions'?"),
    ("bad-colour", 3, "'blue' is not a colour", 'in quotes, e.g. "#1F5C7A"'),
    ("duplicate-question-id", 6, "two questions have the id 'samma'", "its own `id:`"),
    ("unknown-principle", 8, "principle 'tilit'", "did you mean 'tillit'?"),
    ("glyph-missing", 4, "U+2713 CHECK MARK", "replace it"),
    ("text-too-long", 4, "does not fit on the card", "shorten the text"),
    ("duplicate-key", 3, "the key 'title' appears twice", "keep one of them"),
    ("empty-question", 4, "the text is empty", "remove the item"),
    ("language-mismatch", 1, "language: da but lies in the 'sv' folder", "move the file"),
    ("unknown-kind", 1, "unknown kind 'poster'", "kinds kort can build: deck"),
]


@pytest.mark.parametrize("case, line, message, hint", CASES, ids=[c[0] for c in CASES])
def test_bad_content_names_file_and_line_exits_2_and_keeps_the_last_good_pdf(kort, tmp_path, case, line, message, hint):
    previous = tmp_path / "out" / "sv" / "mingel.pdf"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF-1.4 the last good build\n")

    result = kort("build", FIXTURES / case, "--out", tmp_path / "out")

    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"mingel.yaml:{line}: " in result.stderr
    assert message in result.stderr
    hints = [ln for ln in result.stderr.splitlines() if ln.strip().startswith("hint:")]
    assert any(hint in h for h in hints), f"no hint with {hint!r} in {hints}"
    assert "Traceback" not in result.stderr + result.stdout
    assert previous.read_bytes() == b"%PDF-1.4 the last good build\n"
    assert sorted(p.name for p in previous.parent.iterdir()) == ["mingel.pdf"]  # no stray temporary files


def test_every_problem_in_a_file_is_reported_at_once(kort, pack):
    root = pack(
        {
            "sv/deck.yaml": """
        kind: deck
        title: Prov
        colour: red
        questions:
          - id: Stora Bokstäver
            text: En fråga?
          - text: Annan fråga?
            principal: x
        """
        }
    )
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 2
    assert "3 problems" in result.stderr
    assert "deck.yaml:3:" in result.stderr and "deck.yaml:5:" in result.stderr and "deck.yaml:8:" in result.stderr
    assert "did you mean 'principle'?" in result.stderr
    assert not Path("out").exists()


def test_yaml_booleans_and_times_stay_the_text_that_was_typed(kort, pack):
    root = pack({"sv/deck.yaml": "kind: deck\ntitle: no\nquestions:\n  - 1:30\n  - yes\n"})
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 0, result.stderr
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader("out/sv/deck.pdf").pages)
    assert "1:30" in text and "yes" in text


def test_a_bad_file_stops_the_whole_build_so_nothing_is_half_written(kort, pack):
    root = pack(
        {
            "sv/bra.yaml": "kind: deck\ntitle: Bra\nquestions:\n  - En fråga?\n",
            "sv/trasig.yaml": "kind: deck\ntitle: Trasig\nquestions: [\n",
        }
    )
    result = kort("build", root, "--out", "out")
    assert result.exit_code == 2
    assert not Path("out/sv/bra.pdf").exists()


def test_the_real_command_prints_no_traceback(tmp_path):
    """The installed console script, as a user runs it."""
    kort = Path(sys.executable).with_name("kort")
    result = subprocess.run(
        [str(kort), "build", str(FIXTURES / "bad-yaml-syntax"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "mingel.yaml:4:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "--card-size", "a77"], "unknown card size 'a77'"),
        (["build", "--paper", "a5"], "unknown paper 'a5'"),
        (["build", "--card-size", "300x400"], "does not fit on 210 x 297 mm paper"),
        (["build", "no/such/folder"], "no/such/folder does not exist"),
        (["build", "--lang", "da", "pack/sv"], "nothing to build for --lang da"),
        (["build", "SV"], "kort cannot tell which language"),
    ],
)
def test_bad_options_get_a_clear_message_and_exit_2(kort, pack, args, message):
    pack({"sv/deck.yaml": "kind: deck\ntitle: Prov\nquestions:\n  - En fråga?\n"})
    shutil.copytree(Path.cwd() / "pack" / "sv", Path.cwd() / "SV")
    result = kort(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_folder_that_cannot_be_written_gets_a_clear_message(kort, pack, tmp_path):
    root = pack({"sv/deck.yaml": "kind: deck\ntitle: Prov\nquestions:\n  - En fråga?\n"})
    (tmp_path / "afile").write_text("not a folder")
    result = kort("build", root, "--out", tmp_path / "afile" / "out")
    assert result.exit_code == 2
    assert "error: cannot write" in result.stderr and "--out" in result.stderr
    assert "Traceback" not in result.stderr and "unexpectedly" not in result.stderr
