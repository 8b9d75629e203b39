"""Hostile input: every case gives a correct PDF, or a `file:line` message and exit code 2.

Each case of CASES makes an input pack in tmp_path (as non-programmers make them: pasted from
Word, exported from Canva, saved on a shared drive), runs one kort command in-process and checks
the promise: exit code 0 or 2 and never 1, no traceback and no "failed unexpectedly", the message
it should give, every file in the watched folder (the output folder; the pack for `kort new`)
byte-identical after a failure, no `.part` file left anywhere, every PDF written readable, and
`kort validate` giving the same verdict as `kort build` where the outcome depends on the content
alone. A case that needs a change in a module this suite's author does not own is marked
xfail(strict=True) with the request, so it passes (and must be unmarked) once the change lands.

Signals, permissions and the API of the asset, YAML and output modules are tested after the table.
"""

from __future__ import annotations

import base64
import io
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="named pipes, devices and modes are POSIX")

DECK = "kind: deck\ntitle: Prov\nquestions:\n  - Vad betyder tillit för dig?\n"
INTRO_DECK = "kind: deck\ntitle: Prov\nintro: Till vår träff.\nquestions:\n  - Vad betyder tillit för dig?\n"
HANDOUT = "kind: handout\ntitle: Blad\nsections:\n  - title: Del\n    text: Text.\n"
BRANDING = "kind: branding\norganisation: Ekby kommun\nlogo: {logo}\n"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40">'
    "{}</svg>"
)


# --- how inputs are made ----------------------------------------------------------------------


def picture(size=(120, 40), mode="RGB", fmt="PNG", **save) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 60) if mode == "RGB" else None).save(out, fmt, **save)
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A PNG that says it is width x height pixels of 1 bit, with one row of data: what a
    decompression bomb looks like to a reader that trusts the header (and small to make)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (1 + (width + 7) // 8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def exif_rotated_jpeg() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6
    return picture((120, 40), fmt="JPEG", exif=exif.tobytes())


def data_uri(raw: bytes, media="image/png", wrap=False) -> str:
    text = (base64.encodebytes if wrap else base64.b64encode)(raw).decode()
    return f"data:{media};base64,{text}"


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def folder(path: Path) -> None:
    path.mkdir()


Spec = dict[str, "str | bytes | Callable[[Path], None]"]


def files(spec: Spec) -> Callable[[Path], None]:
    """Write files under tmp_path: text (dedented), bytes, or a function making the entry."""

    def make(tmp: Path) -> None:
        for name, content in spec.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if callable(content):
                content(path)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")

    return make


def deck_with() -> Callable[[Path], None]:
    return files({"pack/sv/d.yaml": DECK})


def logo(name: str, content, deck: str = DECK, line_gap: str = "") -> Callable[[Path], None]:
    return files(
        {
            "pack/sv/d.yaml": deck,
            "pack/sv/branding.yaml": line_gap + BRANDING.format(logo=name),
            f"pack/sv/{name}": content,
        }
    )


def svg_logo(body: str, beside: Spec | None = None) -> Callable[[Path], None]:
    extra = {f"pack/sv/{k}": v for k, v in (beside or {}).items()}
    return files(
        {
            "pack/sv/d.yaml": DECK,
            "pack/sv/branding.yaml": BRANDING.format(logo="logo.svg"),
            "pack/sv/logo.svg": SVG.format(body),
            "secret.png": picture(),
            "secret.svg": SVG.format('<g id="x"><rect width="5" height="5"/></g>'),
            **extra,
        }
    )


def yaml_bytes(data: bytes, name: str = "d.yaml") -> Callable[[Path], None]:
    return files({f"pack/sv/{name}": data})


def deep_flow(depth: int) -> bytes:
    return ("kind: deck\ntitle: X\nquestions:\n  - " + "[" * depth + "]" * depth + "\n").encode()


def deep_block(depth: int) -> bytes:
    return ("kind: deck\ntitle: X\nquestions:\n" + "".join("  " * (i + 1) + "- \n" for i in range(depth))).encode()


LAUGHS = (
    "kind: deck\ntitle: x\n"
    + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
        for p, n in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
    )
    + "questions: *i\n"
)


def checklist(items: int) -> str:
    subs = "".join(f"          - del {i}\n" for i in range(items))
    return (
        "kind: checklist\ntitle: C\nsections:\n  - title: S\n    points:\n"
        f"      - text: P\n        lettered: true\n        items:\n{subs}"
    )


def use_bomb(levels: int) -> str:
    """Each group uses the one before ten times: 10 ** levels rectangles from a few lines."""
    groups = ['<g id="a0"><rect width="1" height="1"/></g>']
    for i in range(1, levels + 1):
        groups.append(f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + "</g>")
    return SVG.format("".join(groups))


def a3_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A3
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A3)
    c.drawString(100, 100, "A3")
    c.showPage()
    c.save()


def truncated_pdf(path: Path) -> None:
    a3_pdf(path)
    path.write_bytes(path.read_bytes()[:600])


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]  # writes the input under tmp_path (the pack is tmp_path/pack)
    args: tuple[str, ...] = ("build", "PACK")  # PACK, OUT and TMP are replaced by those paths
    code: int = 2
    message: str = ""  # a regex the output must match
    unchanged: bool | None = None  # every file in the watched folder as before (default: when code is 2)
    lead: str = ""  # the request, when the fix belongs in a module of the lead's
    forbid: str = ""  # a regex the output must not match
    env: dict[str, str] = field(default_factory=dict)
    watch: str = "OUT"  # the folder that must be unchanged: OUT, PACK or TMP/<name>
    plant: bool = True  # put previous PDFs into OUT before running
    same_verdict: bool = True  # compare with `kort validate` (only for build on content alone)
    timeout: float = 10.0
    check: Callable[[Path], None] | None = None  # more checks on tmp_path after a success


def pdf_text(tmp: Path, name: str = "sv/d.pdf") -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(tmp / "out" / name).pages)


def text_has(*wanted: str, absent: tuple[str, ...] = (), name: str = "sv/d.pdf") -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        text = " ".join(pdf_text(tmp, name).split())
        for w in wanted:
            assert w in text, (w, text)
        for a in absent:
            assert a not in text, (a, text)

    return check


def has_image(tmp: Path) -> None:
    from pypdf import PdfReader

    back = PdfReader(tmp / "out" / "sv" / "d.pdf").pages[1]
    assert back.images, "the logo is not on the card backs"


def upright_image(tmp: Path) -> None:
    """The EXIF-turned JPG (stored 120 x 40, to be shown turned a quarter) is drawn 40 x 120."""
    from pypdf import PdfReader

    images = PdfReader(tmp / "out" / "sv" / "d.pdf").pages[1].images
    assert [im.image.size for im in images] == [(40, 120)]


def question(text: str) -> Callable[[Path], None]:
    return files({"pack/sv/d.yaml": f'kind: deck\ntitle: Prov\nquestions:\n  - "{text}"\n'})


OWN = "the lead's module"
CASES = [
    # --- YAML files -------------------------------------------------------------------------------
    Case(
        "yaml nested 10,000 deep",
        yaml_bytes(deep_flow(10_000)),
        message=r"d\.yaml:4: the blocks are nested more than 50 deep",
    ),
    Case(
        "yaml nested 60 deep in flow",
        yaml_bytes(deep_flow(60)),
        message=r"d\.yaml:4: the blocks are nested more than 50 deep",
    ),
    Case(
        "yaml nested 200 deep in blocks",
        yaml_bytes(deep_block(200)),
        message=r"d\.yaml:\d+: the blocks are nested more than 50 deep",
    ),
    Case(
        "yaml larger than 2 MB",
        yaml_bytes(b"kind: deck\ntitle: X\nquestions:\n" + b"  - Vad betyder tillit?\n" * 120_000),
        message=r"d\.yaml:1: cannot read the file: it is 3 MB; kort reads files of at most 2 MB",
    ),
    Case(
        "yaml billion laughs",
        yaml_bytes(LAUGHS.encode()),
        message=r"d\.yaml:\d+: the file holds more than 1,000,000 values",
    ),
    Case(
        "yaml alias inside its own block",
        yaml_bytes(b"kind: deck\ntitle: X\nx: &a\n  y: *a\nquestions:\n  - Fraga?\n"),
        message=r"d\.yaml:4: an alias \(\*name\) here refers to the block it is in",
    ),
    Case(
        "yaml a few aliases are fine",
        yaml_bytes("kind: deck\ntitle: &t Prov\npublisher: *t\nquestions:\n  - Vad?\n".encode()),
        code=0,
    ),
    Case(
        "yaml saved as UTF-16 (Notepad)",
        yaml_bytes(DECK.encode("utf-16")),
        message=r"d\.yaml:1: the file is saved as UTF-16, not UTF-8",
    ),
    Case(
        "yaml UTF-16 without BOM",
        yaml_bytes(DECK.encode("utf-16-le")),
        message=r"d\.yaml:1: the file is saved as UTF-16",
    ),
    Case("yaml UTF-32", yaml_bytes(DECK.encode("utf-32")), message=r"d\.yaml:1: the file is saved as UTF-32"),
    Case(
        "yaml in Windows-1252",
        yaml_bytes(DECK.encode("cp1252")),
        message=r"d\.yaml:4: the file is not UTF-8 text: byte 0xF6 \('ö' in Windows-1252\)",
    ),
    Case("yaml UTF-8 with BOM (Notepad)", yaml_bytes(b"\xef\xbb\xbf" + DECK.encode()), code=0),
    Case(
        "yaml line separator U+2028 pasted in a question",
        yaml_bytes("kind: deck\ntitle: Prov\nquestions:\n  - Vad betyder\u2028tillit?\n".encode()),
        code=0,
        check=text_has("Vad betyder tillit?"),
    ),
    Case(
        "yaml Word's manual line break (vertical tab)",
        yaml_bytes(b"kind: deck\ntitle: Prov\nquestions:\n  - Vad betyder\x0btillit?\n"),
        code=0,
        check=text_has("Vad betyder tillit?"),
    ),
    Case(
        "yaml control character",
        yaml_bytes("kind: deck\ntitle: Prov\nquestions:\n  - Vad betyder\x07 tillit?\n".encode()),
        message=r"d\.yaml:4: the line holds an invisible character YAML does not allow \(U\+0007",
    ),
    Case(
        "yaml NUL byte",
        yaml_bytes(b"kind: deck\ntitle: Prov\n\nquestions:\n  - Vad\x00?\n"),
        message=r"d\.yaml:5: .*U\+0000",
    ),
    Case("yaml only comments", yaml_bytes(b"# nothing here\n"), message=r"d\.yaml:1: the file is empty"),
    Case(
        "yaml two documents",
        yaml_bytes(DECK.encode() + b"---\n" + DECK.encode()),
        message=r"d\.yaml:5: YAML syntax error",
    ),
    Case(
        "yaml named pipe among the content files",
        files({"pack/sv/d.yaml": DECK, "pack/sv/e.yaml": fifo}),
        message=r"e\.yaml.*named pipe",
    ),
    Case(
        "yaml named pipe given as the content file",
        files({"pack/sv/p.yaml": fifo}),
        args=("build", "PACK/sv/p.yaml"),
        message=r"p\.yaml.*named pipe",
        forbid=r"cannot write",
    ),
    Case(
        "yaml /dev/zero given as the content file",
        files({"pack/sv/z.yaml": link("/dev/zero")}),
        args=("build", "PACK/sv/z.yaml"),
        message=r"z\.yaml.*device",
    ),
    Case(
        "yaml content file linked from outside the pack",
        files({"pack/sv/d.yaml": link("../../elsewhere.yaml"), "elsewhere.yaml": DECK}),
        message=r"d\.yaml.*outside",
    ),
    Case(
        "layout file that is a named pipe",
        files({"pack/sv/d.yaml": DECK, "pipe.yaml": fifo}),
        args=("build", "PACK", "--layout", "TMP/pipe.yaml"),
        message=r"pipe\.yaml.*named pipe",
    ),
    # --- user text -------------------------------------------------------------------------------
    Case(
        "text soft hyphens from Word",
        question("Hur ser sam\u00adverkan ut i barn\u00adperspektivet?"),
        code=0,
        check=text_has("Hur ser samverkan ut i barnperspektivet?", absent=("sam-", "\u00ad")),
    ),
    Case(
        "text decomposed letters (macOS, PDFs)",
        question("Vad a\u030astadkommer vi tillsammans?"),
        code=0,
        check=text_has("Vad åstadkommer vi tillsammans?", absent=("\u030a",)),
    ),
    Case(
        "text zero-width, direction marks and BOM",
        question("Vad\u200b betyder\u200e tillit\u202a\u202c f\u00f6r\ufeff dig\u2060?"),
        code=0,
        check=text_has("Vad betyder tillit för dig?"),
    ),
    Case(
        "text tab and odd spaces",
        question("Vad\\tbetyder\u2009tillit\u3000f\u00f6r dig?"),
        code=0,
        check=text_has("Vad betyder tillit för dig?"),
    ),
    Case(
        "text narrow no-break and figure spaces",
        question("Barn 0\u20117 \u00e5r och 10\u202f000 familjer\u2007i kommunen?"),
        code=0,
    ),
    Case(
        "text ligatures from a PDF",
        question("Vad \ufb01nns det f\u00f6r \ufb02era?"),
        code=0,
        check=text_has("Vad finns det för flera?"),
    ),
    Case(
        "text emoji",
        question("Vad g\u00f6r dig glad \U0001f600?"),
        message=r"d\.yaml:4: the character .* \(U\+1F600 GRINNING FACE\) cannot be printed",
    ),
    Case(
        "text replacement character",
        question("Vad betyder tillit f\ufffdr dig?"),
        message=r"U\+FFFD REPLACEMENT CHARACTER\) cannot be printed",
    ),
    *[
        Case(
            f"text {what} as a question",
            question(text),
            message=r"d\.yaml:4: .*the text is empty",
        )
        for what, text in [("an empty string", ""), ("only a zero-width space", "\u200b")]
    ],
    Case(
        "text a zero-width space in a key and an id",
        files(
            {"pack/sv/d.yaml": 'kind: deck\ntitle\u200b: Prov\nquestions:\n  - id: "tillit\u200e"\n    text: Vad?\n'}
        ),
        code=0,
    ),
    Case(
        "text a zero-width space makes a key appear twice",
        files({"pack/sv/d.yaml": "kind: deck\ntitle\u200b: Prov\ntitle: Prov\nquestions:\n  - Vad?\n"}),
        message=r"d\.yaml:3: the key 'title' appears twice in the same block \(first on line 2\)",
    ),
    # --- logos -----------------------------------------------------------------------------------
    Case(
        "logo SVG <use> of a file outside the pack",
        svg_logo('<use xlink:href="../../secret.svg#x"/>'),
        message=r"branding\.yaml:\d+: .*uses another file \('\.\./\.\./secret\.svg#x'\)",
    ),
    Case(
        "logo SVG <image> outside the pack",
        svg_logo('<image width="9" height="9" xlink:href="../../secret.png"/>'),
        message=r"\('\.\./\.\./secret\.png'\) lies outside the pack folder",
    ),
    Case(
        "logo SVG <image> of /dev/zero",
        svg_logo('<image width="9" height="9" href="/dev/zero"/>'),
        message=r"named by a full path \('/dev/zero'\)",
    ),
    Case(
        "logo SVG <image> of file:///dev/zero",
        svg_logo('<image width="9" height="9" href="file:///dev/zero"/>'),
        message=r"full path|outside the pack",
    ),
    Case(
        "logo SVG <image> on the web",
        svg_logo('<image width="9" height="9" href="https://example.com/x.png"/>'),
        message=r"on the web",
    ),
    Case(
        "logo SVG <image> of a named pipe in the pack",
        svg_logo('<image width="9" height="9" href="pipe.png"/>', beside={"pipe.png": fifo}),
        message=r"\('pipe\.png'\) cannot be used: it is a named pipe",
    ),
    Case(
        "logo SVG <image> linked to /dev/zero from the pack",
        svg_logo('<image width="9" height="9" href="z.png"/>', beside={"z.png": link("/dev/zero")}),
        message=r"\('z\.png'\) lies outside the pack folder",
    ),
    Case(
        "logo SVG with an embedded PNG (Canva)",
        svg_logo(f'<image width="60" height="20" xlink:href="{data_uri(picture())}"/>'),
        code=0,
        check=has_image,
    ),
    Case(
        "logo SVG with an embedded JPG in wrapped base64 (Word)",
        svg_logo(f'<image width="60" height="20" href="{data_uri(picture(fmt="JPEG"), "image/jpeg", wrap=True)}"/>'),
        code=0,
        check=has_image,
    ),
    Case(
        "logo SVG with an embedded GIF",
        svg_logo(f'<image width="60" height="20" href="{data_uri(picture(fmt="GIF"), "image/gif")}"/>'),
        message=r"embeds a GIF picture",
    ),
    Case(
        "logo SVG with a truncated embedded PNG",
        svg_logo(f'<image width="60" height="20" href="{data_uri(picture((300, 300))[:200])}"/>'),
        message=r"picture on line 1: not a readable PNG or JPG",
    ),
    Case(
        "logo SVG with an embedded decompression bomb",
        svg_logo(f'<image width="60" height="20" href="{data_uri(huge_png(30_000, 30_000))}"/>'),
        message=r"25 megapixels",
    ),
    Case(
        "logo SVG with a PNG beside it in the pack",
        svg_logo('<image width="60" height="20" href="bild.png"/>', beside={"bild.png": picture()}),
        code=0,
        check=has_image,
    ),
    Case(
        "logo SVG truncated",
        logo("logo.svg", SVG.format('<rect width="5" height="5"/>')[:-12]),
        message=r"not a valid SVG: .*is the file complete\?",
    ),
    Case(
        "logo SVG that is HTML",
        logo("logo.svg", "<html><body>Logo</body></html>"),
        message=r"not an SVG \(the file holds <html>",
    ),
    Case(
        "logo SVG without a size",
        logo("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>'),
        message=r"the SVG's size \(0 x 0 points\) is not usable",
    ),
    Case(
        "logo SVG with external entity",
        logo(
            "logo.svg",
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + SVG.format("<text>&x;</text>"),
        ),
        code=0,
        check=text_has(absent=("root:",)),
    ),
    Case("logo SVG <use> bomb", logo("logo.svg", use_bomb(6)), message=r"more than 10,000 elements through <use>"),
    Case(
        "logo SVG <use> of itself",
        logo("logo.svg", SVG.format('<g id="a"><use xlink:href="#a"/></g>')),
        message=r"uses itself",
    ),
    Case(
        "logo SVG with 10,001 elements",
        logo("logo.svg", SVG.format('<rect width="1" height="1"/>' * 10_001)),
        message=r"more than 10,000 elements",
    ),
    Case(
        "logo SVG with a path of 300,000 numbers",
        logo("logo.svg", SVG.format('<path d="M0 0 ' + "L1 2 " * 150_000 + '"/>')),
        message=r"more than 250,000 coordinates",
    ),
    Case(
        "logo SVG nested 120 deep",
        logo("logo.svg", SVG.format("<g>" * 120 + "</g>" * 120)),
        message=r"nests groups more than 100 deep",
    ),
    Case(
        "logo PNG decompression bomb",
        logo("logo.png", huge_png(30_000, 30_000)),
        message=r"900 megapixels; kort reads logos of at most 25 megapixels",
    ),
    Case(
        "logo PNG of 36 megapixels",
        logo("logo.png", huge_png(6000, 6000)),
        message=r"6000 x 6000 pixels \(36 megapixels\); kort reads logos of at most 25 megapixels",
    ),
    Case(
        "logo PNG truncated",
        logo("logo.png", picture((300, 300))[:300]),
        message=r"the logo 'logo\.png' cannot be read: not a readable PNG or JPG",
    ),
    Case(
        "logo JPG truncated",
        logo("logo.jpg", picture((300, 300), fmt="JPEG")[:400]),
        message=r"the logo 'logo\.jpg' cannot be read: not a readable PNG or JPG",
    ),
    Case("logo empty file", logo("logo.png", b""), message=r"the logo 'logo\.png' cannot be read: the file is empty"),
    Case(
        "logo larger than 10 MB",
        logo("logo.png", picture() + b"\0" * (11 * 1024 * 1024)),
        message=r"it is 11 MB; kort reads files of at most 10 MB",
    ),
    Case("logo GIF named .png", logo("logo.png", picture(fmt="GIF")), message=r"it is a GIF picture, not a PNG or JPG"),
    Case("logo PNG named .svg", logo("logo.svg", picture()), code=0, check=has_image),
    Case("logo 16-bit PNG", logo("logo.png", picture(mode="I;16")), code=0, check=has_image),
    Case("logo CMYK JPG", logo("logo.jpg", picture(mode="CMYK", fmt="JPEG")), code=0, check=has_image),
    Case("logo JPG turned by EXIF", logo("logo.jpg", exif_rotated_jpeg()), code=0, check=upright_image),
    Case("logo linked to /dev/zero", logo("logo.png", link("/dev/zero")), message=r"lies outside the pack folder"),
    Case(
        "logo that is a named pipe",
        logo("logo.png", fifo),
        message=r"the logo 'logo\.png' cannot be read: it is a named pipe",
    ),
    Case(
        "logo that is a folder",
        logo("logo.png", folder),
        message=r"the logo 'logo\.png' cannot be read: it is a folder",
    ),
    Case(
        "logo problem on the logo: line",
        logo("logo.png", b"not a picture", line_gap="# our identity\n\n"),
        message=r"branding\.yaml:5: the logo 'logo\.png' cannot be read",
    ),
    # --- QR code --------------------------------------------------------------------------------
    Case(
        "qr a 300-character contact link",
        files(
            {
                "pack/sv/d.yaml": INTRO_DECK,
                "pack/sv/branding.yaml": "kind: branding\norganisation: X\ncontact: https://x.se/" + "a" * 283 + "\n",
            }
        ),
        code=0,
    ),
    Case(
        "qr contact link too long for a QR code",
        files(
            {
                "pack/sv/d.yaml": INTRO_DECK,
                "pack/sv/branding.yaml": "kind: branding\norganisation: X\ncontact: https://x.se/" + "a" * 3000 + "\n",
            }
        ),
        message=r"branding\.yaml:3: .*at most 300",
    ),
    # --- output folder ---------------------------------------------------------------------------
    Case(
        "out a file where the folder should be",
        files({"pack/sv/d.yaml": DECK, "afile": "x"}),
        args=("build", "PACK", "--out", "TMP/afile/out"),
        message=r"cannot write .*afile/out/sv/d\.pdf: afile is a file",
        same_verdict=False,
        watch="TMP",
        plant=False,
    ),
    Case(
        "out the PDF's name is a folder",
        files({"pack/sv/d.yaml": DECK, "out/sv/d.pdf/keep.txt": "mine"}),
        message=r"cannot write out/sv/d\.pdf: it is a folder; nothing was replaced",
        same_verdict=False,
    ),
    Case(
        "out a failed build leaves no folder it made",
        files({"pack/sv/d.yaml": "kind: deck\ntitle: Prov\nquestions:\n  - " + "Långtext " * 400 + "\n"}),
        message=r"does not fit on the card",
        plant=False,
        check=None,
    ),
    Case("out a content file name of 240 bytes (120 x å)", files({"pack/sv/" + "å" * 120 + ".yaml": DECK}), code=0),
    # --- layouts and options ------------------------------------------------------------------------
    *[
        Case(
            f"option {opt} {value}",
            deck_with(),
            args=("build", "PACK", opt, value),
            message=rf"{opt[2:]}",
        )
        for opt, value in [
            ("--margin", "nan"),
            ("--margin", "inf"),
            ("--gutter", "1e308"),
            ("--bleed", "nan"),
            ("--bleed", "inf"),
        ]
    ],
    *[
        Case(
            f"layout file {key}: {value}",
            files({"pack/sv/d.yaml": DECK, "mine.yaml": yaml}),
            args=("build", "PACK", "--layout", "TMP/mine.yaml"),
            message=rf"mine\.yaml:\d+: .*{key}",
            timeout=2,
        )
        for key, value, yaml in [
            ("margin", "nan", "margin: nan\n"),
            ("gutter", "1e308", "gutter: 1e308\n"),
            ("bleed", "inf", "bleed: inf\n"),
            ("max_size", "1e8", "text:\n  max_size: 1e8\n"),  # ran for minutes before the cap
            ("length", "1e308", "crop_marks:\n  length: 1e308\n"),  # wrote a PDF of nonsense
        ]
    ],
    Case(
        "option --paper 100 km square",
        deck_with(),
        args=("build", "PACK", "--paper", "100000000x100000000"),
        message=r"paper",
        same_verdict=False,
    ),
    Case(
        "option --offset-back 1000,1000",
        deck_with(),
        args=("build", "PACK", "--offset-back", "1000,1000"),
        message=r"offset",
        same_verdict=False,
    ),
    Case(
        "option --offset-back 1000,1000 --test-page",
        deck_with(),
        args=("build", "PACK", "--test-page", "--offset-back", "1000,1000"),
        message=r"--offset-back: 'offset_back': '1000,1000' moves the backs more than 10 mm",
        same_verdict=False,
    ),
    Case(
        "option --test-page on paper too small for it",
        deck_with(),
        args=("build", "PACK", "--test-page", "--paper", "70x70", "--card-size", "50x50"),
        message=r"registration test page needs paper at least 120 mm",
        same_verdict=False,
    ),
    Case(
        "option --test-page on A5",
        deck_with(),
        args=("build", "PACK", "--test-page", "--paper", "148x210"),
        code=0,
        same_verdict=False,
    ),
    # --- content the lead's modules read ------------------------------------------------------------
    Case(
        "meeting with only the required keys",
        files({"pack/sv/m.yaml": "kind: meetings\ntitle: M\nmeetings:\n  - id: a\n    name: A\n    why: B\n"}),
        code=0,
    ),
    Case(
        "meeting name containing |",
        files(
            {
                "pack/sv/m.yaml": "kind: meetings\ntitle: M\nmeetings:\n"
                "  - id: a\n    name: 'A | B'\n    why: B\n    when: C\n    who: D\n    weeks: [1]\n"
            }
        ),
        code=0,
        check=text_has("A | B", name="sv/m-overview.pdf"),
    ),
    Case(
        "checklist point with 17 lettered sub-points",
        files({"pack/sv/c.yaml": checklist(17)}),
        code=0,
    ),
    Case(
        "two materials write mingel-principles.pdf",
        files(
            {
                "pack/sv/mingel.yaml": "kind: deck\ntitle: X\napproach:\n  principles:\n"
                "    - id: a\n      title: A\n      text: T\nquestions:\n  - Vad?\n",
                "pack/sv/mingel-principles.yaml": "kind: principles\ntitle: P\nprinciples:\n  - id: a\n    title: A\n",
            }
        ),
        message=r"mingel-principles\.pdf",
    ),
    Case(
        "two materials write moten-cards.pdf",
        files(
            {
                "pack/sv/moten.yaml": "kind: meetings\ntitle: M\nmeetings:\n"
                "  - id: a\n    name: A\n    why: B\n    when: C\n    who: D\n    weeks: [1]\n",
                "pack/sv/moten-cards.yaml": DECK,
            }
        ),
        message=r"moten-cards\.pdf",
    ),
    Case(
        "extends a shipped file that is not a deck",
        files({"pack/sv/e.yaml": "kind: deck\nextends: checklista-mote\nquestions:\n  - Vad?\n"}),
        message=r"e\.yaml:2: .*checklista-mote.*not a deck",
    ),
    Case(
        "errors of an extension point into the pack, not the package",
        files(
            {
                "pack/sv/mingel.yaml": "kind: deck\nextends: mingel\nquestions:\n  - Egen fråga?\n",
            }
        ),
        args=("build", "PACK", "--card-size", "35x30"),  # some shipped questions cannot fit
        message=r"pack/sv/mingel\.yaml:2: the text of card '[a-z-]+' does not fit",
        forbid=r"content/sv/mingel\.yaml",
    ),
    Case(
        "SOURCE_DATE_EPOCH=yesterday",
        files({"pack/sv/h.yaml": HANDOUT}),
        env={"SOURCE_DATE_EPOCH": "yesterday"},
        message=r"SOURCE_DATE_EPOCH",
    ),
    Case(
        "SOURCE_DATE_EPOCH beyond the year 9999",
        files({"pack/sv/h.yaml": HANDOUT}),
        env={"SOURCE_DATE_EPOCH": "99999999999999"},
        message=r"SOURCE_DATE_EPOCH",
    ),
    Case(
        "SOURCE_DATE_EPOCH well formed",
        files({"pack/sv/h.yaml": HANDOUT}),
        env={"SOURCE_DATE_EPOCH": "1700000000"},
        code=0,
    ),
    # --- kort new -------------------------------------------------------------------------------
    Case(
        "new into a fresh folder",
        lambda tmp: None,
        args=("new", "PACK"),
        code=0,
        message=r"wrote pack/sv/mingel\.yaml",
        watch="",
        plant=False,
        same_verdict=False,
    ),
    Case(
        "new --force stops before replacing anything when a target is a folder",
        files({"pack/sv/mingel.yaml": "kind: deck\nextends: mingel\n# my edits\n", "pack/sv/branding.yaml/x": "mine"}),
        args=("new", "PACK", "--force"),
        message=r"pack/sv/branding\.yaml is not a file .*nothing was written",
        watch="PACK",
        plant=False,
        same_verdict=False,
    ),
    Case(
        "new --force through a linked language folder",
        files({"pack/keep.txt": "x", "outside/mingel.yaml": "mine", "pack/sv": link("../outside")}),
        args=("new", "PACK", "--force"),
        message=r"pack/sv is a symbolic link; .*nothing was written",
        watch="TMP/outside",
        plant=False,
        same_verdict=False,
    ),
    Case(
        "new --force through a linked file",
        files({"outside/secret.yaml": "mine", "pack/sv/mingel.yaml": link("../../outside/secret.yaml")}),
        args=("new", "PACK", "--force"),
        message=r"pack/sv/mingel\.yaml is a symbolic link",
        watch="TMP/outside",
        plant=False,
        same_verdict=False,
    ),
    Case(
        "new --force replaces and says so",
        files({"pack/sv/mingel.yaml": "kind: deck\nextends: mingel\n# my edits\n"}),
        args=("new", "PACK", "--force"),
        code=0,
        message=r"replaced pack/sv/mingel\.yaml\nwrote pack/sv/branding\.yaml",
        watch="",
        plant=False,
        same_verdict=False,
    ),
    # --- kort preview ---------------------------------------------------------------------------
    Case(
        "preview an A3 page at 600 dpi",
        files({"big.pdf": a3_pdf}),
        args=("preview", "TMP/big.pdf", "--dpi", "600", "--out", "OUT"),
        message=r"page 1 at 600 dpi would be 70 megapixels; kort draws previews of at most 50 megapixels: "
        r"use --dpi 508 or less",
        same_verdict=False,
    ),
    Case(
        "preview an A3 page at 300 dpi",
        files({"big.pdf": a3_pdf}),
        args=("preview", "TMP/big.pdf", "--dpi", "300", "--out", "OUT"),
        code=0,
        same_verdict=False,
    ),
    Case(
        "preview a file that is not a PDF",
        files({"x.pdf": "hello"}),
        args=("preview", "TMP/x.pdf", "--out", "OUT"),
        message=r"x\.pdf is not a PDF file",
        same_verdict=False,
    ),
    Case(
        "preview a truncated PDF",
        files({"t.pdf": truncated_pdf}),
        args=("preview", "TMP/t.pdf", "--out", "OUT"),
        message=r"t\.pdf is incomplete",
        same_verdict=False,
    ),
    Case(
        "preview a named pipe",
        files({"p.pdf": fifo}),
        args=("preview", "TMP/p.pdf", "--out", "OUT"),
        message=r"p\.pdf cannot be read: it is a named pipe",
        same_verdict=False,
    ),
    Case(
        "preview an empty file",
        files({"e.pdf": b""}),
        args=("preview", "TMP/e.pdf", "--out", "OUT"),
        message=r"e\.pdf is empty",
        same_verdict=False,
    ),
]


class Hang(pytest.fail.Exception):
    """Raised by the alarm when a case runs past its time: a test failure that no `except
    Exception` in kort (or in click's runner) catches."""


@contextmanager
def deadline(seconds: float):
    def ring(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(root: Path) -> dict[str, bytes | str]:
    if not root.exists():
        return {}
    state: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            state[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            state[key] = path.read_bytes()
        elif path.is_dir():
            state[key] = "dir"
        else:
            state[key] = "special"
    return state


def plant(tmp: Path) -> None:
    """Previous PDFs in the output folder: one for every content file, and one the build never names."""
    out = tmp / "out"
    pack = tmp / "pack"
    for yaml_file in pack.rglob("*.yaml") if pack.is_dir() else ():
        lang = yaml_file.parent.name if yaml_file.parent.name in ("sv", "da") else "sv"
        target = out / lang / f"{yaml_file.stem}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(target):
            target.write_bytes(b"%PDF-1.4 previous " + yaml_file.stem.encode())
    (out / "sv").mkdir(parents=True, exist_ok=True)
    (out / "sv" / "previous.pdf").write_bytes(b"%PDF-1.4 previous")


def run(args: list[str], env: dict[str, str], seconds: float):
    with deadline(seconds):
        return CliRunner().invoke(main, args, env=env)


# validate takes every option that chooses what is printed and how (build's, but --out)
VALIDATE_OPTIONS = {
    "--lang",
    "--card-size",
    "--layout",
    "--paper",
    "--margin",
    "--gutter",
    "--bleed",
    "--duplex",
    "--no-backs",
    "--cut-guides",
    "--ink-saving",
    "--offset-back",
    "--test-page",
    "--participants",
    "--select",
    "--shuffle",
    "--seed",
    "--html",
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=f"needs lead: {c.lead}")] if c.lead else []
        )
        for c in CASES
    ],
)
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    case.make(tmp_path)
    if case.plant:
        plant(tmp_path)
    paths = {"PACK": str(tmp_path / "pack"), "OUT": str(tmp_path / "out"), "TMP": str(tmp_path)}

    def expand(arg: str) -> str:
        for key, value in paths.items():
            arg = arg.replace(key, value) if arg.startswith(key) else arg
        return arg

    args = [expand(a) for a in case.args]
    if args[0] == "build" and "--out" not in args:
        args += ["--out", paths["OUT"]]
    watched = tmp_path / expand(case.watch) if case.watch else None
    before = snapshot(watched) if watched else {}
    result = run(args, case.env, case.timeout)
    output = result.output
    assert result.exit_code in (0, 2), f"exit code {result.exit_code}:\n{output}"
    assert "Traceback" not in output and "failed unexpectedly" not in output, output
    assert result.exit_code == case.code, output
    if case.message:
        assert re.search(case.message, output), f"{case.message!r} not in:\n{output}"
    if case.forbid:
        assert not re.search(case.forbid, output), output
    leftovers = [p for p in tmp_path.rglob("*.part")]
    assert not leftovers, leftovers
    unchanged = case.code == 2 if case.unchanged is None else case.unchanged
    if watched and unchanged:
        assert snapshot(watched) == before, "the watched folder changed"
    if args[0] == "build":
        out = Path(args[args.index("--out") + 1])
        previous = out / "sv" / "previous.pdf"
        if case.plant:
            assert previous.read_bytes() == b"%PDF-1.4 previous"
        if not case.plant and case.code == 2 and case.watch == "OUT":
            assert not out.exists() or not any(out.rglob("*")), "a failed build left folders behind"
        if case.code == 0:
            from pypdf import PdfReader

            for pdf in out.rglob("*.pdf"):
                if pdf.read_bytes().startswith(b"%PDF-1.4 previous"):
                    continue
                assert len(PdfReader(pdf).pages) >= 1, pdf
    if case.check and case.code == 0:
        case.check(tmp_path)
    if args[0] == "build" and case.same_verdict:
        options = args[2:]
        keep, dropped = [], []
        i = 0
        while i < len(options):
            name = options[i]
            takes_value = i + 1 < len(options) and not options[i + 1].startswith("--")
            pair = options[i : i + 2] if takes_value else options[i : i + 1]
            (keep if name in VALIDATE_OPTIONS else dropped).extend(pair if name != "--out" else [])
            i += len(pair)
        assert not dropped, f"set same_verdict=False: validate has no {dropped}"
        checked = run(["validate", args[1], *keep], case.env, case.timeout)
        assert checked.exit_code == result.exit_code, f"validate says {checked.exit_code}:\n{checked.output}"
        assert "Traceback" not in checked.output and "failed unexpectedly" not in checked.output


# --- signals: a killed build leaves nothing behind ------------------------------------------------


def big_deck(root: Path, questions: int = 3000) -> Path:
    deck = root / "pack" / "sv" / "d.yaml"
    deck.parent.mkdir(parents=True, exist_ok=True)
    items = "".join(f"  - Fråga nummer {i}, vad betyder tillit för dig i ditt arbete?\n" for i in range(questions))
    deck.write_text(f"kind: deck\ntitle: Stor\nquestions:\n{items}", encoding="utf-8")
    return deck.parent.parent


def start_build(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    pack = big_deck(tmp_path)
    out = tmp_path / "out"
    (out / "sv").mkdir(parents=True)
    (out / "sv" / "d.pdf").write_bytes(b"%PDF-1.4 previous")
    kort = Path(sys.executable).with_name("kort")
    proc = subprocess.Popen(
        [str(kort), "build", str(pack), "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # kort draws every PDF into memory and writes them at the end: stop it while it works (the
    # 3,000-card deck takes well over a second), once it handles SIGTERM (Linux shows that in /proc).
    status = Path(f"/proc/{proc.pid}/status")
    limit = time.monotonic() + 20
    while status.exists() and not int(_status_field(status, "SigCgt"), 16) & (1 << (signal.SIGTERM - 1)):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < limit, "kort never started handling SIGTERM"
        time.sleep(0.01)
    if not status.exists():
        time.sleep(0.8)
    assert proc.poll() is None, proc.communicate()
    return proc, out


def _status_field(status: Path, name: str) -> str:
    try:
        line = next(line for line in status.read_text().splitlines() if line.startswith(name + ":"))
    except (OSError, StopIteration):
        return "0"
    return line.split()[1]


def test_sigterm_during_a_build_removes_its_temporary_files(tmp_path):
    proc, out = start_build(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "stopped by a signal; nothing was replaced" in stderr and "Traceback" not in stderr
    assert not list(out.rglob("*.part"))
    assert (out / "sv" / "d.pdf").read_bytes() == b"%PDF-1.4 previous"


def test_after_sigkill_the_next_build_sweeps_only_kort_s_stale_files(tmp_path, kort):
    proc, out = start_build(tmp_path)
    proc.kill()
    proc.communicate(timeout=20)
    assert (out / "sv" / "d.pdf").read_bytes() == b"%PDF-1.4 previous"
    # SIGKILL cannot be caught: one killed while writing leaves its temporary file until the next
    # build (a process id that no longer runs), as does an older kort (mkstemp's names).
    stale = [out / "sv" / ".d.pdf.4194000-abcdef.part", out / "sv" / ".d.pdf.ab_c1234.part"]
    for path in stale:
        path.write_text("left by a killed build")
    mine = {
        ".notes.part": "not kort's",  # other names are never touched
        ".foo.bar.abcdef.part": "not a name kort writes",
        f".d.pdf.{os.getppid()}-abcdef.part": "a build still running (a live process)",
        "d.pdf.12345-abcdef.part": "not hidden",
    }
    for name, text in mine.items():
        (out / "sv" / name).write_text(text)
    (out / "sv" / "sub").mkdir()
    (out / "sv" / "sub" / ".d.pdf.1-abcdef.part").write_text("another folder")
    past = time.time() - 5
    for path in (out / "sv").rglob("*.part"):
        os.utime(path, (past, past))
    (tmp_path / "pack" / "sv" / "d.yaml").write_text(DECK, encoding="utf-8")
    result = kort("build", tmp_path / "pack", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in (out / "sv").glob("*.part")) == sorted(mine), "only kort's stale files go"
    assert (out / "sv" / "sub" / ".d.pdf.1-abcdef.part").exists()


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)], ids=["022", "002", "077"])
def test_new_pdfs_get_the_permissions_the_umask_gives(kort, pack, umask, expected):
    root = pack({"sv/d.yaml": DECK})
    old = os.umask(umask)
    try:
        assert kort("build", root, "--out", "out").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat("out/sv/d.pdf").st_mode) == expected


def test_a_replaced_pdf_keeps_its_permissions(kort, pack):
    root = pack({"sv/d.yaml": DECK})
    Path("out/sv").mkdir(parents=True)
    Path("out/sv/d.pdf").write_bytes(b"%PDF-1.4 previous")
    os.chmod("out/sv/d.pdf", 0o640)
    assert kort("build", root, "--out", "out").exit_code == 0
    assert Path("out/sv/d.pdf").read_bytes().startswith(b"%PDF-1.")
    assert stat.S_IMODE(os.stat("out/sv/d.pdf").st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_without_write_permission_is_named_truthfully(kort, pack):
    root = pack({"sv/d.yaml": DECK})
    Path("out/sv").mkdir(parents=True)
    os.chmod("out/sv", 0o555)
    try:
        result = kort("build", root, "--out", "out")
    finally:
        os.chmod("out/sv", 0o755)
    assert result.exit_code == 2 and "permission denied; nothing was replaced" in result.stderr


# --- output.py: what an OS error says ------------------------------------------------------------


@pytest.mark.parametrize(
    "number, reason",
    [
        ("EACCES", "permission denied"),
        ("ENOSPC", "the disk is full"),
        ("EROFS", "the drive is read-only"),
        ("ENOTDIR", "a file is in the way where a folder should be"),
        ("EISDIR", "it is a folder"),
        ("EIO", "input/output error (is the drive still connected?)"),
    ],
)
def test_os_errors_are_told_as_they_are(number, reason):
    import errno

    from generator.output import describe_os_error

    assert describe_os_error(OSError(getattr(errno, number), "x")) == reason


def test_a_full_disk_while_drawing_says_so_and_replaces_nothing(tmp_path, monkeypatch):
    import errno

    from generator.output import AtomicBatch, OutputError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.pdf").write_bytes(b"old")
    with pytest.raises(OutputError) as caught:
        with AtomicBatch() as batch:
            tmp = batch.add(tmp_path / "out" / "a.pdf")
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert str(caught.value.message).startswith("cannot write out/a.pdf: the disk is full; nothing was replaced")
    assert caught.value.exit_code == 2
    assert (tmp_path / "out" / "a.pdf").read_bytes() == b"old" and not list(tmp_path.rglob("*.part"))


def test_a_replace_that_fails_half_way_says_what_was_and_was_not_replaced(tmp_path, monkeypatch):
    import errno

    from generator.output import AtomicBatch, OutputError

    monkeypatch.chdir(tmp_path)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as caught:
        with AtomicBatch() as batch:
            for name in ("a", "b", "c"):
                batch.add(tmp_path / "out" / f"{name}.pdf").write_bytes(b"new")
    assert caught.value.message.startswith(
        "cannot write out/b.pdf: moving the new file into place failed: permission denied; "
        "out/a.pdf was replaced already; out/b.pdf, out/c.pdf are as before"
    )
    assert not list(tmp_path.rglob("*.part"))


def test_a_batch_refuses_two_targets_of_the_same_name(tmp_path):
    from generator.errors import KortError
    from generator.output import AtomicBatch

    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(KortError, match="would both be"):
        with AtomicBatch() as batch:
            batch.add(tmp_path / "a.pdf").write_bytes(b"first")
            batch.add(tmp_path / "x" / ".." / "a.pdf").write_bytes(b"second")
    assert (tmp_path / "a.pdf").read_bytes() == b"old" and not list(tmp_path.rglob("*.part"))


def test_a_failed_batch_removes_the_folders_it_made_and_only_those(tmp_path):
    from generator.output import AtomicBatch

    (tmp_path / "out").mkdir()
    with pytest.raises(RuntimeError):
        with AtomicBatch() as batch:
            batch.add(tmp_path / "out" / "sv" / "deep" / "a.pdf")
            raise RuntimeError("a card did not fit")
    assert [p.name for p in tmp_path.iterdir()] == ["out"] and not list((tmp_path / "out").iterdir())


# --- assets.py ------------------------------------------------------------------------------------


def test_a_logo_from_bytes_and_a_replaced_logo_file_is_read_again(tmp_path):
    from generator.assets import load_logo

    assert load_logo(picture((30, 10)), "upload.png").width == 30
    path = tmp_path / "logo.png"
    path.write_bytes(picture((40, 10)))
    assert load_logo(path).width == 40
    path.write_bytes(picture((50, 10)))  # replaced while the process runs (the editor)
    assert load_logo(path).width == 50
    beside = tmp_path / "bild.png"
    beside.write_bytes(picture((10, 10)))
    svg = tmp_path / "logo.svg"
    svg.write_text(SVG.format('<image width="10" height="10" href="bild.png"/>'))
    first = load_logo(svg)
    assert load_logo(svg) is first  # the same bytes are converted once
    beside.write_bytes(picture((20, 10)))  # the picture it names changed: converted again
    assert load_logo(svg) is not first


def test_an_uploaded_svg_must_hold_its_pictures(tmp_path):
    from generator.assets import LogoError, load_logo

    svg = SVG.format('<image width="10" height="10" href="bild.png"/>').encode()
    with pytest.raises(LogoError, match="an uploaded SVG must hold its pictures itself"):
        load_logo(svg, "upload.svg")
    (tmp_path / "bild.png").write_bytes(picture())
    assert load_logo(svg, "upload.svg", root=tmp_path).kind == "svg"


def test_draw_logo_draws_png_jpg_and_svg_from_bytes(tmp_path):
    from pypdf import PdfReader

    from generator.assets import draw_logo, load_logo
    from generator.output import Meta, new_canvas

    c = new_canvas(str(tmp_path / "l.pdf"), (300, 300), Meta("t", "a", "", "sv-SE"))
    for data, name in [
        (picture(mode="RGBA"), "a.png"),
        (picture(fmt="JPEG"), "b.jpg"),
        (SVG.format(f'<image width="60" height="20" href="{data_uri(picture((20, 20), "RGBA"))}"/>').encode(), "c.svg"),
    ]:
        logo = load_logo(data, name)
        for _ in range(3):  # drawn on every page of a handout: one image object in the PDF
            draw_logo(c, logo, 10, 10, 100, 40)
    c.showPage()
    c.save()
    assert len(PdfReader(tmp_path / "l.pdf").pages[0].images) == 3


def test_read_regular_file_neither_blocks_on_a_pipe_nor_reads_a_device(tmp_path):
    from generator.assets import FileReadError, read_regular_file

    os.mkfifo(tmp_path / "pipe")
    with deadline(5):
        with pytest.raises(FileReadError, match="named pipe"):
            read_regular_file(tmp_path / "pipe", 100)
        with pytest.raises(FileReadError, match="device"):
            read_regular_file(Path("/dev/zero"), 100)
        with pytest.raises(FileReadError, match="outside the folder"):
            read_regular_file(Path("/etc/hostname"), 100, root=tmp_path)


def test_a_qr_code_link_too_long_is_a_clear_error():
    from generator.assets import QR_MAX_BYTES, QRError, check_qr, draw_qr

    check_qr("https://www.ekby.se/samverkan")
    with pytest.raises(
        ValueError, match=rf"is 3013 characters long; a QR code kort prints holds at most {QR_MAX_BYTES}"
    ):
        check_qr("https://x.se/" + "a" * 3000)
    with pytest.raises(QRError):
        draw_qr(None, "https://x.se/" + "a" * 3000, 0, 0, 40)


# --- yamlsrc.py directly (content discovery is the lead's) ----------------------------------------


@pytest.mark.parametrize("make, reason", [(fifo, "named pipe"), (link("/dev/zero"), "device")])
def test_load_yaml_never_waits_on_a_pipe_or_reads_a_device(tmp_path, make, reason):
    from generator.yamlsrc import load_yaml

    path = tmp_path / "d.yaml"
    make(path)
    problems = []
    with deadline(5):
        assert load_yaml(path, problems) is None
    assert len(problems) == 1 and reason in problems[0].message


# --- typography.py: per character -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, printed",
    [
        ("sam\u00adverkan", "samverkan"),  # soft hyphen: kort hyphenates itself
        ("a\u030a", "å"),  # NFC
        ("a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"),  # zero width
        ("\u200e\u200f\u061cab\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "ab"),  # direction
        ("a\u2028b\u2029c\u0085d\te", "a b c d e"),  # line separators, tab
        ("a\u2003b\u2009c\u200ad\u3000e", "a b c d e"),  # spaces of other widths
        ("10\u202f000 och 5\u2007kr", "10\u00a0000 och 5\u00a0kr"),  # no-break variants
        ("e\u2010post, icke\u2011brytande", "e-post, icke-brytande"),  # hyphens the font lacks
        ("\ufb01\ufb02", "fifl"),  # ligatures from PDFs
        ("bild\ufffc här", "bild här"),  # Word's picture placeholder
        ("\u2764\ufe0f", "\u2764"),  # variation selector (the heart is then named by the glyph check)
    ],
)
def test_pasted_characters_are_cleaned(raw, printed):
    from generator.typography import smarten

    assert smarten(raw, "sv") == printed


def test_every_character_typography_puts_in_is_in_the_font():
    from generator.fonts import missing_glyphs
    from generator.typography import _TABLE

    produced = "".join(v for v in _TABLE.values() if v)
    assert missing_glyphs(produced) == []


def test_a_long_organisation_name_never_runs_into_the_title_or_the_page_number(pack):
    import io

    import pdfplumber

    from generator import api

    org = "Region Sörmlands gemensamma förvaltning för barn, unga och familjer i samverkan med kommunerna i länet"
    root = pack(
        {
            "sv/branding.yaml": f"kind: branding\norganisation: {org}\n",
            "sv/h.yaml": "kind: handout\ntitle: Gemensamma principer för samverkan kring barn och unga i länet\n"
            "sections:\n  - title: Ett\n    text: Text.\n",
        }
    )
    pdf = api.render(api.load_pack(root))["sv/h.pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        for band in ((0, 45), (page.height - 40, page.height)):  # the running header and the footer
            words = sorted((w for w in page.extract_words() if band[0] <= w["top"] <= band[1]), key=lambda w: w["x0"])
            assert all(a["x1"] <= b["x0"] + 0.01 for a, b in zip(words, words[1:])), words
            assert all(w["x1"] <= page.width - 20 * 72 / 25.4 + 0.5 for w in words)
        footer = " ".join(w["text"] for w in page.extract_words() if w["top"] > page.height - 40)
        assert "Utskrivet" in footer and "Sida 1 av 1" in footer
