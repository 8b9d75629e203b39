"""kort's command line: parses options and calls plain functions. Heavy imports stay inside commands."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KortError, display_path
from .output import Terminated

CARD_SIZES = "a7, a6, a8, poker, bridge, tarot, square, business or WxH in mm"


class KortGroup(click.Group):
    """A group that shows clean errors for KortError and, with --debug, the traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KortError:
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            raise
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Terminated as stopped:  # SIGTERM or SIGHUP
            click.echo(f"kort: stopped by a signal{'' if stopped.replaced else '; nothing was replaced'}", err=True)
            raise
        except BrokenPipeError:  # `kort list | head`: the reader has had enough
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:  # a folder that cannot be written, a file where a folder should be
            if ctx.params.get("debug"):
                raise
            from .output import describe_os_error

            # Files are only replaced by api.write's batch, which reports its own errors: an OS
            # error that reaches here happened before anything was written.
            where = f" {display_path(Path(exc.filename))}" if exc.filename else ""
            click.echo(
                f"error: cannot use{where}: {describe_os_error(exc)}; nothing was written or replaced.\n"
                f"    hint: check that the path is a file or folder you may read (and --out one you may write)",
                err=True,
            )
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was replaced", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug in kort: say so plainly, keep the traceback for --debug
            if ctx.params.get("debug"):
                raise
            click.echo(
                f"error: kort failed unexpectedly ({type(exc).__name__}: {exc}).\n"
                f"Run again with `kort --debug ...` and report the output.",
                err=True,
            )
            sys.exit(1)


def _out_option(default: Path, help: str):
    """The --out folder of the commands that write files."""
    return click.option(
        "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=default, show_default=True, help=help
    )


def _print_options(command):
    """The options that choose what is printed and how: shared by build and validate, so that a
    clean validate with the same options means the build succeeds."""
    for option in reversed(_PRINT_OPTIONS):
        command = option(command)
    return command


_PRINT_OPTIONS = [
    click.option(
        "--layout",
        "layout",
        metavar="NAME|FILE",
        help="sheet (cards on paper, the default), single (one card a page with bleed, for print "
        "shops), fold (front and back side by side, for one-sided printers), or a layout YAML file.",
    ),
    click.option(
        "--card-size",
        "card",
        metavar="SIZE",
        help=f"Card size: {CARD_SIZES}. Material that names its own size in its content "
        "(the meeting cards: a6) keeps it. [default: a7]",
    ),
    click.option("--paper", metavar="PAPER", help="Paper: a4, a3 or letter. [default: a4]"),
    click.option("--margin", type=float, metavar="MM", help="No print closer to the paper edge. [default: 6]"),
    click.option("--gutter", type=float, metavar="MM", help="Space between cards. [default: 6]"),
    click.option("--bleed", type=float, metavar="MM", help="Backgrounds run this far past the cut line. [default: 0]"),
    click.option(
        "--duplex",
        type=click.Choice(["long-edge", "short-edge"]),
        help="How your printer turns the paper. [default: long-edge]",
    ),
    click.option("--no-backs", "no_backs", is_flag=True, help="Print fronts only (no back pages)."),
    click.option(
        "--cut-guides",
        type=click.Choice(["marks", "lines", "both", "none"]),
        help="Crop marks, thin cut lines, both or none. [default: both]",
    ),
    click.option("--ink-saving", is_flag=True, default=None, help="White backs and thin colour accents."),
    click.option(
        "--offset-back",
        metavar="X,Y",
        help="Move the backs by X,Y mm, as read on the --test-page.",
    ),
    click.option("--test-page", is_flag=True, help="Also write registration-test.pdf to check front/back alignment."),
    click.option(
        "--participants",
        type=click.IntRange(1, 100000),
        metavar="N",
        help="Print N question cards, one per participant, using the questions as evenly as possible.",
    ),
    click.option("--select", metavar="TAG", help="Keep only the cards of one principle (its id) or category."),
    click.option("--shuffle", is_flag=True, help="Shuffle the question cards."),
    click.option("--seed", type=int, help="With --shuffle: the same seed gives the same order every time."),
    click.option(
        "--html",
        is_flag=True,
        help="Also write an accessible HTML version of every handout and deck beside its PDF (for the web).",
    ),
]


@click.group(cls=KortGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kort")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def main(debug: bool) -> None:
    """kort turns YAML content into print-ready conversation cards and handouts.

    \b
    Start with:  kort build          (all shipped material into ./output)
                 kort list           (what is shipped)
                 kort new mypack     (your own questions, logo and colours)
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(["sv", "da", "all"]), default="all", show_default=True, help="Which language to build."
)
@_out_option(Path("output"), "Folder to write into; PDFs go to OUT/<lang>/.")
@click.option("--strict", is_flag=True, help="Stop when the author checks warn about anything (exit 2).")
@_print_options
def build(paths, lang, out, **print_options) -> None:
    """Build print-ready PDFs from content.

    PATHS may be a content root (with sv/ and da/ folders), one language folder or one YAML
    file; with no PATHS kort builds the shipped content. Nothing is written unless all of the
    content is sound, and an existing PDF is only ever replaced by a complete new one.
    """
    from . import api, sheet  # noqa: F401  (the drawing modules, imported before _batch_gc freezes them)
    from .output import stop_on_signals

    stop_on_signals()

    _batch_gc()
    if print_options["shuffle"] and print_options["seed"] is None:
        import random

        print_options["seed"] = random.randrange(1, 10000)
        click.echo(f"shuffled with --seed {print_options['seed']} (use it again for the same order)")
    strict = print_options.pop("strict")
    options = _options(lang=lang, out=out, **print_options)
    pack = _pack(paths, lang)
    if strict:
        _warn(pack, options, strict)
    written = api.write(pack, options)
    for w in written:
        if w.kind == "html":
            click.echo(f"wrote {display_path(w.path)}")
            continue
        detail = _plural(w.pages, "page") + (f", {_plural(w.cards, 'card')}" if w.cards else "")
        click.echo(f"wrote {display_path(w.path)}  ({detail})")
    pdfs = [w for w in written if w.kind != "html"]
    pages = sum(w.pages for w in pdfs)
    twins = len(written) - len(pdfs)
    html = f" and {twins} HTML page{'s' if twins != 1 else ''}" if twins else ""
    click.echo(f"done: {_plural(len(pdfs), 'PDF')}, {pages} pages{html} in {display_path(out)}/")


def _pack(paths, lang: str):
    """The content named on the command line (the shipped content when none), loaded."""
    from . import api
    from .errors import UsageError

    pack = api.load_pack(*paths, lang=lang)
    if not pack.materials and not pack.problems:
        where = ", ".join(map(str, paths)) or "the shipped content"
        raise UsageError(f"nothing to build for --lang {lang} in {where}")
    return pack


def _options(no_backs: bool = False, **values):
    """The library's Options from command-line values; layouts/ in the working folder is looked
    up before the shipped layouts."""
    from .build import Options

    return Options(backs=False if no_backs else None, layout_dirs=(Path("layouts"),), **values)


@functools.cache  # once a process: kort called again in-process (tests) freezes nothing more
def _batch_gc() -> None:
    """A build is a batch job: it imports large libraries, then grows a content model and a PDF
    that live until it ends. Python's collector would scan all of that again and again (14 % of a
    10,000-card build); what is imported by now is frozen out of its scans and it runs less often.
    Reference counting still frees everything as before; cycles are still collected."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 100)


@main.command(short_help="Check content and report every problem; write nothing.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(["sv", "da", "all"]), default="all", show_default=True, help="Which language to check."
)
@click.option("--strict", is_flag=True, help="Treat warnings (author checks) as errors: exit 2 when there are any.")
@click.option("--report", is_flag=True, help="Also list every card with the size its text fitted at, tightest first.")
@_print_options
def validate(paths, lang, strict, report, **print_options) -> None:
    """Check content without writing anything, and report every problem at once.

    Checks YAML syntax, keys (with "did you mean"), types, ids, languages, extended decks,
    logos, characters the font cannot draw, and that every text fits its card. Exit code 0
    when all is well, 2 when not.
    """
    from . import api
    from .errors import ContentError

    _batch_gc()
    pack = _pack(paths, lang)
    options = _options(lang=lang, **print_options)
    problems, planned = api.validate(pack, options)
    if problems:
        raise ContentError(problems)
    if report:
        _fit_report(api.fit_report(pack, options))
    advice = _warn(pack, options, strict)
    files, pdfs = len(pack.materials), len(planned)
    noted = f"; {_plural(len(advice), 'warning')}" if advice else ""
    click.echo(f"ok: {_plural(files, 'content file')} checked; {_plural(pdfs, 'PDF')} would be written{noted}")


def _warn(pack, options, strict: bool) -> list:
    """Print the author checks' warnings; with --strict they are errors (exit 2)."""
    from . import api
    from .errors import KortError

    advice = api.warnings(pack, options)
    for a in advice:
        click.echo(str(a), err=True)
    if advice and strict:
        raise KortError(f"{_plural(len(advice), 'warning')} with --strict; nothing was written")
    return advice


def _fit_report(rows) -> None:
    click.echo("card fit (smallest text on each card, tightest first; 'room' is the points above the floor):")
    width = max((len(r.card) for r in rows), default=0)
    for r in rows:
        click.echo(f"  {r.material:<24} {r.card:<{width}}  {r.size:5.1f} pt  floor {r.floor:4.1f}  room {r.room:4.1f}")


@main.command(short_help="Create an editable content pack, explained line by line.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from",
    "base",
    type=click.Choice(["mingel", "empty"]),
    default="mingel",
    show_default=True,
    help="mingel: your deck extends the shipped mingel deck; empty: a deck of your own.",
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "da"]),
    default="sv",
    show_default=True,
    help="Language of the pack (and of its explanations).",
)
@click.option("--force", is_flag=True, help="Replace files that already exist (each one is named).")
def new(folder, base, lang, force) -> None:
    """Create an editable content pack in FOLDER, with comments that explain every field.

    The pack has the same layout as the shipped content: FOLDER/<lang>/*.yaml. Existing files
    are never replaced unless you add --force.
    """
    from .scaffold import scaffold

    for path, replaced in scaffold(folder, base, lang, force):
        click.echo(f"{'replaced' if replaced else 'wrote'} {display_path(path)}")
    click.echo(
        f"next: edit the files, then  kort validate {display_path(folder)}  and  kort build {display_path(folder)}"
    )


@main.command(short_help="Edit a pack in your browser, with every card shown as it prints.")
@click.argument("pack", required=False, type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 (0: any free port). [default: 8000 or the next free one]",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
def serve(pack, port, no_browser) -> None:
    """Edit PACK (a folder made by `kort new`) in a local web page: forms for the questions,
    principles, logo and colours, a live preview of each card, and PDFs to download.

    Without PACK the page offers to create a pack or open one in this folder. The YAML files
    stay the source of truth (saving keeps their comments). Ctrl-C stops the server.
    """
    from .serve import run

    run(pack, port=port, open_browser=not no_browser)


@main.command(name="list", short_help="Show the shipped content (or a pack's), with card ids.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--ids", is_flag=True, help="Also list every card's id (for `drop:` and replacing cards).")
def list_content(paths, ids) -> None:
    """Show content (the shipped content when no PATHS): language, file, kind, title, size."""
    from .content import discover, load_all, shipped_root

    materials = load_all(discover(list(paths)))
    width = max((len(m.name) for m in materials), default=0)
    for m in materials:
        click.echo(f"{m.lang}  {m.name:<{width}}  {m.model.kind:<10} {m.model.title}  ({_count(m.model)})")
        if ids:
            for item in getattr(m.model, "questions", ()) or getattr(m.model, "meetings", ()):
                text = getattr(item, "text", None) or getattr(item, "name", "")
                click.echo(f"      {item.id:<28} {text[:60]}")
    if not paths:
        click.echo(f"shipped content: {shipped_root()}")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _count(model) -> str:
    counts = {
        "deck": ("questions", "questions"),
        "principles": ("principles", "principles"),
        "meetings": ("meetings", "meeting types"),
        "handout": ("sections", "sections"),
        "checklist": ("sections", "sections"),
    }
    if model.kind == "guide":
        return f"for the deck {model.deck}"
    field, noun = counts[model.kind]
    return f"{len(getattr(model, field))} {noun}"


@main.command()
@click.argument("pdfs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--page", "pages", type=int, multiple=True, help="Page to render (1 is the first); repeatable.")
@_out_option(Path("output/preview"), "Folder for the PNG files.")
@click.option("--dpi", type=click.IntRange(20, 600), default=100, show_default=True, help="Resolution.")
def preview(pdfs, pages, out, dpi) -> None:
    """Render pages of built PDFs to PNG pictures.

    With no PDFS, renders every PDF under ./output.
    """
    from .preview import render_pages

    targets = list(pdfs) or sorted(p for p in Path("output").glob("*/*.pdf"))
    if not targets:
        raise KortError("no PDFs to preview; run `kort build` first or name a PDF")
    for pdf in targets:
        for png in render_pages(pdf, out, list(pages) or None, dpi):
            click.echo(f"wrote {display_path(png)}")


if __name__ == "__main__":  # pragma: no cover
    main()
