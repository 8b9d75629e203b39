"""kort's benchmark: whole-process time, peak memory and PDF size of `kort build`, side by side with
a bare-ReportLab baseline drawing the same strings, plus the shipped material and start-up.

    python bench/run.py [--quick] [--sizes 100,1000,10000] [--runs N]
    python bench/run.py --profile 10000      # where a build of that many cards spends its time

Run it from a clone with kort installed in the same environment (pip install .). It prints a
table and whether each target of the performance issue holds on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import write_deck  # noqa: E402

BIN = Path(sys.executable).parent
KORT = str(BIN / "kort")
BASELINE = str(Path(__file__).resolve().parent / "baseline.py")


def repeat(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, str]:
    results = [run_one(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def side_by_side(first: list[str], second: list[str], cwd: Path, runs: int):
    """Alternate the two commands so that both see the same machine; median time, peak memory."""
    a, b = [], []
    for _ in range(runs):
        a.append(run_one(first, cwd))
        b.append(run_one(second, cwd))
    return (
        (statistics.median(r[0] for r in a), max(r[1] for r in a)),
        (statistics.median(r[0] for r in b), max(r[1] for r in b)),
    )


def run_one(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """One run in a fresh process, peak memory measured for that process alone."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stdout.write(f'{wall} {rss} {p.returncode}\\n' + p.stdout)\n"
        "sys.stderr.write(p.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, capture_output=True, text=True)
    head, _, out = proc.stdout.partition("\n")
    wall, rss, code_ = head.split()
    if code_ != "0":
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return float(wall), int(rss) / 1024, out


def pages_of(pdf: Path) -> int:
    data = pdf.read_bytes()
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="sizes 100,1000 and 3 runs")
    parser.add_argument("--profile", type=int, metavar="CARDS", help="profile one build (cProfile) and stop")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    sizes = [100, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 3 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="kort-bench-") as tmp:
        work = Path(tmp)
        rows, ratios, times = [], {}, {}
        for n in sizes:
            deck, strings = write_deck(work / "decks", n)
            r = max(3, runs if n < 10000 else 3)
            (k_wall, k_rss), (b_wall, b_rss) = side_by_side(
                [KORT, "build", str(deck), "--out", str(work / "out")],
                [sys.executable, BASELINE, str(strings), str(work / "base.pdf")],
                work,
                r,
            )
            pdf = work / "out" / "sv" / f"{deck.stem}.pdf"
            k_size, b_size = pdf.stat().st_size, (work / "base.pdf").stat().st_size
            ratios[n], times[n] = k_wall / b_wall, k_wall
            rows.append(
                (
                    f"{n:,}",
                    f"{k_wall:.2f} s",
                    f"{b_wall:.2f} s",
                    f"{k_wall / b_wall:.2f}×",
                    f"{k_wall / n * 1000:.2f}",
                    f"{k_rss:.0f} MB",
                    f"{b_rss:.0f} MB",
                    str(pages_of(pdf)),
                    f"{k_size / 1024:,.0f} KB",
                    f"{k_size / n / 1024:.2f}",
                    f"{b_size / 1024:,.0f} KB",
                )
            )
            if n == max(sizes):
                peak = k_rss
        shipped, _r, _o = repeat([KORT, "build", "--out", str(work / "shipped")], work, runs)
        help_t, _r, _o = repeat([KORT, "--help"], work, runs)
        list_t, _r, _o = repeat([KORT, "list"], work, runs)

    head = (
        "cards",
        "kort",
        "baseline",
        "ratio",
        "ms/card",
        "kort RSS",
        "base RSS",
        "pages",
        "kort PDF",
        "KB/card",
        "base PDF",
    )
    print(f"kort benchmark · {runs} runs each (median), A7 4-up on A4, crop marks, mirrored backs")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"| all shipped material, both languages | {shipped:.2f} s |")
    print(f"| kort --help | {help_t:.3f} s |")
    print(f"| kort list | {list_t:.3f} s |")
    print()
    checks = []
    for n in (1000, 10000):
        if n in ratios:
            checks.append((f"{n:,} cards at most 1.2× the baseline", ratios[n] <= 1.2, f"{ratios[n]:.2f}×"))
    if 1000 in times and 10000 in times:
        checks.append(
            (
                "10,000 cards at most 11× the time of 1,000",
                times[10000] <= 11 * times[1000],
                f"{times[10000] / times[1000]:.1f}×",
            )
        )
    if 10000 in sizes:
        checks.append(("peak memory at 10,000 cards under 120 MB", peak < 120, f"{peak:.0f} MB"))
    checks.append(("all shipped material under 1.5 s", shipped < 1.5, f"{shipped:.2f} s"))
    checks.append(("kort --help under 0.2 s", help_t < 0.2, f"{help_t:.3f} s"))
    checks.append(("kort list under 0.2 s", list_t < 0.2, f"{list_t:.3f} s"))
    per_card = [float(r[9]) for r in rows if int(r[0].replace(",", "")) >= 1000]
    if per_card:
        checks.append(("PDF under 0.6 KB a card", max(per_card) < 0.6, f"{max(per_card):.2f} KB"))
    for name, ok, value in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {value}")


def profile(n: int, top: int = 25) -> None:
    """Build a synthetic deck of `n` cards under cProfile in a fresh process; print the functions
    that take the most time themselves, then kort's own stages by cumulative time."""
    with tempfile.TemporaryDirectory(prefix="kort-profile-") as tmp:
        work = Path(tmp)
        deck, _strings = write_deck(work / "decks", n)
        stats = work / "build.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(stats), KORT, "build", str(deck), "--out", str(work / "out")]
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"the profiled build failed:\n{proc.stderr}")
        import pstats

        report = pstats.Stats(str(stats))
        report.strip_dirs()
        print(f"kort build of {n:,} cards under cProfile (profiling slows it down about twofold)")
        report.sort_stats("tottime").print_stats(top)
        stages = r"(build|prepare|load_all|check_glyphs|plan|render|fit_face|draw_front|draw_lines|save)\b"
        report.sort_stats("cumtime").print_stats(stages, top)


if __name__ == "__main__":
    main()
