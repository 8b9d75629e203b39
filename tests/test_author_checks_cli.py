"""The author checks as a municipality meets them: warnings from validate, --strict, --report."""

from __future__ import annotations

from pathlib import Path

A = "Vad är det som är bra med samarbetet i skolan?"
B = "Vad är det som är bra med samarbetet på skolan?"
HARD = (
    "Vilka organisatoriska förutsättningar behöver myndighetsutövningens handläggningsprocesser "
    "för att verksamhetsövergripande samverkansöverenskommelser ska implementeras?"
)


def test_validate_warns_and_still_passes_strict_fails(kort, pack):
    root = pack({"sv/egen.yaml": f"kind: deck\ntitle: Egen\nquestions:\n  - {HARD}\n  - {A}\n  - {B}\n"})
    ok = kort("validate", root)
    assert ok.exit_code == 0, ok.stderr
    assert "egen.yaml:4: warning:" in ok.stderr and "[lix-hard]" in ok.stderr
    assert "[duplicate-question]" in ok.stderr and "2 warnings" in ok.stdout
    strict = kort("validate", root, "--strict")
    assert strict.exit_code == 2 and "2 warnings with --strict" in strict.stderr
    build = kort("build", root, "--strict", "--out", "out")
    assert build.exit_code == 2 and not Path("out").exists()


def test_an_intended_exception_silences_its_warning(kort, pack):
    yaml = (
        "kind: deck\ntitle: Egen\nchecks:\n  allow_hard: [svar]\n  allow_similar: [[a, b]]\n"
        f"questions:\n  - id: svar\n    text: {HARD}\n  - id: a\n    text: {A}\n  - id: b\n    text: {B}\n"
    )
    result = kort("validate", pack({"sv/egen.yaml": yaml}), "--strict")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


def test_the_shipped_content_passes_strict(kort):
    result = kort("validate", "--strict")
    assert result.exit_code == 0, result.stderr


def test_the_fit_report_lists_every_card_tightest_first(kort, pack):
    root = pack({"sv/egen.yaml": f"kind: deck\ntitle: Egen\nquestions:\n  - {HARD}\n  - Vad är bra?\n"})
    result = kort("validate", root, "--report", "--card-size", "a8")
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("  sv/egen")]
    assert [r[1] for r in rows] == ["myndighetsutovningens-handlaggningsprocess"[:40].rstrip("-"), "vad-ar-bra"] or len(
        rows
    ) == 2
    rooms = [float(r[-1]) for r in rows]
    assert rooms == sorted(rooms) and rooms[0] < rooms[-1]


def test_the_shipped_principle_colours_pass_for_a_pack_that_uses_them_all(kort, pack):
    questions = ["Vad främjar hälsa hos barn?", "Vad betyder helhet för dig?", "Hur gör vi det tillsammans?"]
    questions.append("Hur hörs barnets röst hos er?")
    tags = ["framjande", "helhet", "tillsammans", "barnperspektiv"]
    body = "".join(f"  - text: {q}\n    principle: {t}\n" for q, t in zip(questions, tags))
    for lang in ("sv", "da"):
        tags_da = {
            "framjande": "fremme",
            "helhet": "helhed",
            "tillsammans": "sammen",
            "barnperspektiv": "boerneperspektiv",
        }
        text = (
            body
            if lang == "sv"
            else "".join(f"  - text: {q}\n    principle: {tags_da[t]}\n" for q, t in zip(questions, tags))
        )
        root = pack({f"{lang}/mingel.yaml": f"kind: deck\nextends: mingel\nquestions:\n{text}"})
        result = kort("validate", root, "--strict")
        assert result.exit_code == 0, result.stderr
