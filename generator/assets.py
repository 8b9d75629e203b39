"""Pictures from a pack: logos (PNG, JPG, SVG) and QR codes, ready to draw with ReportLab.

A logo comes from people who export it from Canva or Word and save it on a shared drive, so
every way a picture file can be wrong ends in a `LogoError` whose message says what is wrong and,
for a limit, what the limit is; nothing hangs, reads without bound or reads outside the pack:

- a logo is read only from a regular file (not a folder, named pipe or device), inside the pack
  when a root is given, of at most `LOGO_MAX_BYTES`;
- a PNG or JPG is decoded in full once (a truncated file is found here, not in the printed PDF),
  and may have at most `LOGO_MAX_PIXELS` pixels (decompression bombs stop before decoding);
- an SVG is parsed strictly (a truncated file is an error, not half a logo), without entities
  or network access, with at most `SVG_MAX_ELEMENTS` elements (counting what `<use>` repeats),
  `SVG_MAX_NUMBERS` path coordinates and `SVG_MAX_STYLE_BYTES` of style sheets, nested at most
  `SVG_MAX_DEPTH` deep and naming at most `SVG_MAX_FONTS` fonts (svglib takes about half a
  millisecond an element: these keep a logo under a few seconds). Pictures in it
  may be embedded (`data:` URIs, as Canva and Word export them) or lie next to it in the pack;
  each is checked as a PNG or JPG logo is, and embedded before svglib sees the SVG, so svglib
  itself never opens a file.

Logos are cached by the sha256 of their bytes (and of the pictures an SVG names), so a logo
replaced while a process runs is read again, and the same bytes are decoded once.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import io
import os
import re
import stat
import threading
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

LOGO_MAX_BYTES = 10 * 1024 * 1024  # a logo file, or a picture an SVG logo names
LOGO_MAX_PIXELS = 25_000_000  # 25 megapixels, e.g. 5000 x 5000: far more than a printed logo needs
SVG_MAX_ELEMENTS = 10_000  # elements of an SVG logo, counting each repetition by <use>
SVG_MAX_NUMBERS = 250_000  # coordinates in its paths, polygons and polylines
SVG_MAX_STYLE_BYTES = 50_000  # text of its <style> sheets (each rule is matched to every element)
SVG_MAX_DEPTH = 100  # groups within groups
SVG_MAX_FONTS = 20  # distinct font-family values (each is looked up among the system's fonts)
LOGO_MIN_POINTS, LOGO_MAX_POINTS = 0.01, 1e6  # a drawing's natural size must lie between these
QR_MAX_BYTES = 300  # a longer link makes a QR code too dense to scan at the 15 mm kort prints

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg"}  # MPO: a phone camera's JPEG
_XLINK = "{http://www.w3.org/1999/xlink}href"


class FileReadError(Exception):
    """A file that must not or cannot be read; the message says why, in the user's words."""


class LogoError(Exception):
    """Raised when a logo cannot be used; the message says why (and the limit, for a limit)."""


class QRError(ValueError):
    """Raised when a text cannot be printed as a QR code; the message says the limit."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def describe_mode(mode: int) -> str:
    """What kind of thing a file is that is not a regular file, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with every symbolic link followed, lies in `root` (also followed)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    try:
        return os.path.commonpath([base, real]) == base
    except ValueError:  # different drives
        return False


def read_regular_file(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of `path`, read only when it is a regular file of at most `limit` bytes (and,
    with `root`, lies inside it once symbolic links are followed); else FileReadError.

    A named pipe is opened without blocking and a device is never read: neither can hang the
    process or feed it gigabytes. The file is read to at most `limit` + 1 bytes, so a file that
    grows while it is read is refused too.
    """
    if root is not None and not inside(path, root):
        raise FileReadError(f"it lies outside the folder {root}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(os.path.realpath(path) if root is not None else path, flags)
    except FileNotFoundError:
        raise FileReadError("it does not exist") from None
    except OSError as exc:
        raise FileReadError(f"it cannot be opened: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(f"it is {describe_mode(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise FileReadError(f"it is {_mb(info.st_size)}; kort reads files of at most {_mb(limit)}")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileReadError(f"it is larger than {_mb(limit)}, the most kort reads")
        return b"".join(chunks)
    except OSError as exc:
        raise FileReadError(f"it cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


@dataclass(frozen=True, eq=False)
class Logo:
    """A logo and its natural size in points; draw it with `draw_logo`.

    `data` holds the PNG or JPG bytes to draw (rotated upright and in a mode ReportLab draws, when
    the file needed that); an SVG's `drawing` is a ReportLab Drawing and its `data` is empty.
    """

    name: str
    width: float
    height: float
    drawing: object | None  # an SVG as a ReportLab Drawing; None for PNG and JPG
    data: bytes = b""
    digest: str = ""
    kind: str = ""  # png, jpeg or svg
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @functools.cached_property
    def reader(self):
        """The raster as a ReportLab ImageReader, made once: drawn on many pages, it is encoded
        once (ReportLab keeps the decoded pixels in the reader)."""
        from reportlab.lib.utils import ImageReader

        return ImageReader(io.BytesIO(self.data))


_CACHE: OrderedDict[str, tuple[Logo, tuple[tuple[Path, str], ...]]] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def load_logo(
    source: bytes | bytearray | memoryview | Path | str, name: str | None = None, root: Path | None = None
) -> Logo:
    """A logo from its bytes (`name` gives the file name, for messages), or from a file.

    From bytes (an upload): an SVG may name other pictures only when `root` is given (the folder
    it is taken to lie in); they must lie inside it. From a path: the file is read (only a regular
    file, at most LOGO_MAX_BYTES, inside `root` when it is given) and the pictures an SVG names
    must lie in `root`, or, without it, in the SVG's own folder.

    Raises LogoError with the reason when it is not a usable image.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > LOGO_MAX_BYTES:
            raise LogoError(f"it is {_mb(len(data))}; kort reads logos of at most {_mb(LOGO_MAX_BYTES)}")
        return _load(data, name or "logo", root, root)
    path = Path(source)
    try:
        data = read_regular_file(path, LOGO_MAX_BYTES, root)
    except FileReadError as exc:
        raise LogoError(str(exc)) from None
    folder = path.parent
    return _load(data, name or path.name, folder, root if root is not None else folder)


def _load(data: bytes, name: str, base: Path | None, root: Path | None) -> Logo:
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest}:{base}:{root}"
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit is not None:
        logo, refs = hit
        if all(_digest_of(path) == ref_digest for path, ref_digest in refs):
            with _CACHE_LOCK:
                _CACHE.move_to_end(key)
            return logo
    kind = _kind(data, name)
    if kind == "svg":
        logo, refs = _load_svg(data, name, digest, base, root)
    else:
        pixels, width, height, raster_kind = _raster(data)
        logo, refs = Logo(name, float(width), float(height), None, pixels, digest, raster_kind), ()
    with _CACHE_LOCK:
        _CACHE[key] = (logo, refs)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return logo


def _digest_of(path: Path) -> str:
    try:
        return hashlib.sha256(read_regular_file(path, LOGO_MAX_BYTES)).hexdigest()
    except FileReadError:
        return ""


def _kind(data: bytes, name: str) -> str:
    """svg, or raster: by the bytes first (a PNG saved as .svg is still a PNG), then by the name."""
    if data.startswith(_PNG) or data.startswith(_JPEG):
        return "raster"
    if data.startswith(b"\x1f\x8b"):
        raise LogoError("it is a compressed file (.svgz or .gz); save the logo as a plain SVG or PNG")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return "svg"
    return "svg" if name.lower().endswith(".svg") else "raster"


# --- PNG and JPG ------------------------------------------------------------------------------


def _raster(data: bytes) -> tuple[bytes, int, int, str]:
    """Check a PNG or JPG completely; return the bytes to draw, the size in pixels and the kind.

    The bytes are the file's own when ReportLab can embed them as they are; a picture turned by
    its EXIF orientation, or in a mode ReportLab does not draw (16-bit, CMYK PNG...), is written
    again as PNG, upright.
    """
    import warnings

    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = _FORMATS.get(image.format or "")
                if kind is None:
                    raise LogoError(f"it is a {image.format or 'unknown kind of'} picture, not a PNG or JPG")
                width, height = image.size
                _check_pixels(width, height)
                image.load()  # decode every pixel: a truncated or corrupt file fails here
                orientation = image.getexif().get(0x0112, 1) if kind == "jpeg" else 1
                if orientation in (1, None) and _drawable_mode(image, kind):
                    return data, width, height, kind
                upright = ImageOps.exif_transpose(image)
                mode = "RGBA" if "A" in upright.mode or "transparency" in upright.info else "RGB"
                if upright.mode in ("1", "L", "LA") and mode == "RGB":
                    mode = "L"
                out = io.BytesIO()
                upright.convert(mode).save(out, "PNG")
                return out.getvalue(), upright.width, upright.height, "png"
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:.0f} megapixels" if found else "too many pixels"
        raise LogoError(f"the picture has {size}; kort reads logos of at most {_megapixels()}") from None
    except Image.UnidentifiedImageError:
        raise LogoError("the file is not a PNG or JPG picture" if data else "the file is empty") from None
    except Exception as exc:  # noqa: BLE001 - Pillow parses untrusted bytes and raises many kinds
        raise LogoError(f"not a readable PNG or JPG image ({_reason(exc)})") from None


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise LogoError("the picture has no pixels")
    if width * height > LOGO_MAX_PIXELS:
        raise LogoError(
            f"the picture is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"kort reads logos of at most {_megapixels()}"
        )


def _megapixels() -> str:
    side = int(LOGO_MAX_PIXELS**0.5)
    return f"{LOGO_MAX_PIXELS / 1e6:g} megapixels (e.g. {side} x {side})"


def _drawable_mode(image, kind: str) -> bool:
    """Modes that ReportLab embeds as they are: JPEG in grey, RGB or CMYK; PNG in 1, L, LA, P,
    RGB or RGBA (16-bit and other modes are converted)."""
    if kind == "jpeg":
        return image.mode in ("L", "RGB", "CMYK")
    return image.mode in ("1", "L", "LA", "P", "RGB", "RGBA")


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


# --- SVG --------------------------------------------------------------------------------------


def _load_svg(
    data: bytes, name: str, digest: str, base: Path | None, root: Path | None
) -> tuple[Logo, tuple[tuple[Path, str], ...]]:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=False
    )
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LogoError(f"not a valid SVG: {exc.msg or exc} (is the file complete?)") from None
    except Exception as exc:  # noqa: BLE001 - lxml on untrusted bytes
        raise LogoError(f"not a valid SVG ({_reason(exc)})") from None
    if not isinstance(tree.tag, str) or etree.QName(tree).localname != "svg":
        tag = etree.QName(tree).localname if isinstance(tree.tag, str) else "?"
        raise LogoError(f"not an SVG (the file holds <{tag}>, not <svg>)")
    refs = _check_svg_tree(tree, base, root)
    drawing = _render_svg(tree)
    width, height = float(drawing.width or 0), float(drawing.height or 0)
    if not (LOGO_MIN_POINTS <= width <= LOGO_MAX_POINTS and LOGO_MIN_POINTS <= height <= LOGO_MAX_POINTS):
        raise LogoError(
            f"the SVG's size ({width:g} x {height:g} points) is not usable; give <svg> a width and "
            f"height (or a viewBox) between {LOGO_MIN_POINTS:g} and {LOGO_MAX_POINTS:g}"
        )
    return Logo(name, width, height, drawing, b"", digest, "svg"), refs


def _check_svg_tree(tree, base: Path | None, root: Path | None) -> tuple[tuple[Path, str], ...]:
    """Check the limits and every picture the SVG names; embed those pictures in the tree.

    Returns the files read (with their sha256), which the cache checks again before reuse.
    """
    from lxml import etree

    ids: dict[str, object] = {}
    elements = numbers = style = 0
    fonts: set[str] = set()
    stack = [(tree, 1)]
    while stack:
        el, depth = stack.pop()
        if not isinstance(el.tag, str):  # an entity or processing instruction left unexpanded
            continue
        elements += 1
        if depth > SVG_MAX_DEPTH:
            raise LogoError(f"the SVG nests groups more than {SVG_MAX_DEPTH} deep (line {el.sourceline})")
        if elements > SVG_MAX_ELEMENTS:
            raise LogoError(f"the SVG has more than {SVG_MAX_ELEMENTS:,} elements; simplify it or save it as PNG")
        if el.get("id"):
            ids.setdefault(el.get("id"), el)
        family = el.get("font-family")
        if family:
            fonts.add(family.strip())
        for match in re.finditer(r"font-family\s*:\s*([^;\"'}]+|\"[^\"]*\"|'[^']*')", el.get("style") or ""):
            fonts.add(match.group(1).strip())
        if etree.QName(el).localname == "style" and el.text:
            style += len(el.text)
            if style > SVG_MAX_STYLE_BYTES:
                raise LogoError(
                    f"the SVG's style sheets are longer than {SVG_MAX_STYLE_BYTES // 1000} KB; "
                    "simplify it (e.g. export with styles as attributes) or save it as PNG"
                )
            fonts.update(m.group(1).strip() for m in re.finditer(r"font-family\s*:\s*([^;}]+)", el.text))
        for attr in ("d", "points"):
            value = el.get(attr)
            if value:
                numbers += sum(1 for _ in _NUMBER.finditer(value, 0, min(len(value), 16 * SVG_MAX_NUMBERS)))
                if numbers > SVG_MAX_NUMBERS:
                    raise LogoError(
                        f"the SVG's paths have more than {SVG_MAX_NUMBERS:,} coordinates (line {el.sourceline}); "
                        "simplify it or save it as PNG"
                    )
        stack.extend((child, depth + 1) for child in el)
    if len(fonts) > SVG_MAX_FONTS:
        raise LogoError(f"the SVG names {len(fonts)} fonts; kort draws SVG logos with at most {SVG_MAX_FONTS}")
    _check_use_expansion(tree, ids)

    read: list[tuple[Path, str]] = []
    budget = [LOGO_MAX_PIXELS]
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        attr = _XLINK if el.get(_XLINK) is not None else "href" if el.get("href") is not None else None
        if attr is None:
            continue
        local = etree.QName(el).localname
        href = (el.get(attr) or "").strip()
        if local not in ("image", "use", "feImage", "pattern", "linearGradient", "radialGradient", "tref"):
            continue  # a link (<a href>) or metadata: svglib does not follow it
        if not href or href.startswith("#"):
            continue
        line = el.sourceline
        if href.lower().startswith("data:"):
            if local != "image":
                raise LogoError(f"the SVG's <{local}> on line {line} holds embedded data kort cannot draw")
            el.set(attr, _embedded(href, line, budget))
            continue
        if local != "image":
            raise LogoError(
                f"the SVG's <{local}> on line {line} uses another file ('{_short(href)}'); "
                "kort draws an SVG logo only from itself: copy what it uses into it, or save it as PNG"
            )
        el.set(attr, _linked(href, line, base, root, budget, read))
    return tuple(read)


def _check_use_expansion(tree, ids: dict[str, object]) -> None:
    """What svglib would draw, counting every copy <use> makes, must stay under SVG_MAX_ELEMENTS;
    a <use> of itself (directly or through others) is refused."""
    from lxml import etree

    uses = [el for el in tree.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "use"]
    if not uses:
        return
    sizes: dict[object, int] = {}
    active: set[object] = set()

    def target(el):
        href = (el.get(_XLINK) or el.get("href") or "").strip()
        return ids.get(href[1:]) if href.startswith("#") else None

    def size_of(start) -> int:
        # iterative post-order: an element's size is 1 + its children's + its <use> target's
        work = [(start, False)]
        while work:
            el, done = work.pop()
            if el in sizes:
                continue
            parts = [c for c in el if isinstance(c.tag, str)]
            ref = target(el) if etree.QName(el).localname == "use" else None
            if ref is not None:
                parts.append(ref)
            if done:
                active.discard(el)
                total = 1 + sum(sizes.get(p, 0) for p in parts)
                sizes[el] = min(total, SVG_MAX_ELEMENTS + 1)
                if total > SVG_MAX_ELEMENTS:
                    raise LogoError(
                        f"the SVG draws more than {SVG_MAX_ELEMENTS:,} elements through <use> "
                        f"(line {el.sourceline}); simplify it or save it as PNG"
                    )
                continue
            if el in active:
                raise LogoError(f"the SVG's <use> on line {el.sourceline} uses itself")
            active.add(el)
            work.append((el, True))
            for p in parts:
                if p in active:
                    raise LogoError(f"the SVG's <use> on line {el.sourceline} uses itself")
                if p not in sizes:
                    work.append((p, False))
        return sizes[start]

    size_of(tree)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DATA = re.compile(r"^data:([^,;]*)((?:;[^,;]*)*),(.*)$", re.DOTALL | re.IGNORECASE)


def _embedded(href: str, line: int, budget: list[int]) -> str:
    """A picture embedded in the SVG as a data: URI, checked as a logo is and written the one way
    svglib reads (data:image/png;base64,...)."""
    match = _DATA.match(href)
    if not match:
        raise LogoError(f"the SVG's picture on line {line} is not a readable data: URI")
    media = match.group(1).strip().lower() or "text/plain"
    params = [p.strip().lower() for p in match.group(2).split(";") if p.strip()]
    payload = match.group(3)
    if media not in ("image/png", "image/jpeg", "image/jpg", "image/pjpeg"):
        kind = media.split("/")[-1].upper() if "/" in media else media
        raise LogoError(
            f"the SVG embeds a {kind} picture on line {line}; kort draws embedded PNG and JPG pictures only: "
            "save the logo as PNG"
        )
    if len(payload) > LOGO_MAX_BYTES * 4 // 3 + 4:
        raise LogoError(f"the SVG's picture on line {line} is larger than {_mb(LOGO_MAX_BYTES)}")
    try:
        if "base64" in params:
            raw = base64.b64decode(re.sub(r"[\s]+", "", urllib.parse.unquote(payload)), validate=True)
        else:
            raw = urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise LogoError(f"the SVG's picture on line {line} is not valid base64 (is the file complete?)") from None
    return _as_data_uri(raw, f"the SVG's picture on line {line}", budget)


def _linked(
    href: str, line: int, base: Path | None, root: Path | None, budget: list[int], read: list[tuple[Path, str]]
) -> str:
    """A picture the SVG names by file name: it must be a PNG or JPG inside the pack's folder."""
    shown = _short(href)
    parsed = urllib.parse.urlsplit(href)
    if base is None or root is None:
        raise LogoError(
            f"the SVG's picture on line {line} is another file ('{shown}'); an uploaded SVG must hold its "
            "pictures itself (embedded), or be saved as PNG"
        )
    if parsed.scheme and parsed.scheme.lower() != "file" or parsed.netloc or len(parsed.scheme) == 1:
        raise LogoError(
            f"the SVG's picture on line {line} is on the web or another drive ('{shown}'); kort reads only the pack"
        )
    rel = urllib.parse.unquote(parsed.path)
    if os.path.isabs(rel):
        raise LogoError(
            f"the SVG's picture on line {line} is named by a full path ('{shown}'); "
            "put it beside the SVG and name it relative to it"
        )
    path = base / rel
    if not inside(path, root):
        raise LogoError(f"the SVG's picture on line {line} ('{shown}') lies outside the pack folder")
    if path.suffix.lower() == ".svg":
        raise LogoError(
            f"the SVG's picture on line {line} is another SVG ('{shown}'); kort draws pictures in SVG logos "
            "only as PNG or JPG"
        )
    try:
        raw = read_regular_file(path, LOGO_MAX_BYTES, root)
    except FileReadError as exc:
        raise LogoError(f"the SVG's picture on line {line} ('{shown}') cannot be used: {exc}") from None
    read.append((path, hashlib.sha256(raw).hexdigest()))
    return _as_data_uri(raw, f"the SVG's picture on line {line} ('{shown}')", budget)


def _as_data_uri(raw: bytes, what: str, budget: list[int]) -> str:
    try:
        pixels, width, height, kind = _raster(raw)
    except LogoError as exc:
        raise LogoError(f"{what}: {exc}") from None
    budget[0] -= width * height
    if budget[0] < 0:
        raise LogoError(f"the SVG's pictures have more than {_megapixels()} together")
    return f"data:image/{'png' if kind == 'png' else 'jpeg'};base64," + base64.b64encode(pixels).decode("ascii")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _render_svg(tree):
    """Convert the checked tree with svglib, its messages kept out of the user's terminal. The
    source is given as an in-memory file, so svglib resolves no file name itself."""
    import logging

    from svglib.svglib import SvgRenderer

    logger = logging.getLogger("svglib")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers, logger.propagate = [logging.NullHandler()], False
    try:
        drawing = SvgRenderer(io.BytesIO(b"")).render(tree)
    except RecursionError:
        raise LogoError(f"the SVG is nested too deeply to draw (more than {SVG_MAX_DEPTH} levels)") from None
    except Exception as exc:  # noqa: BLE001 - svglib raises a variety of parse errors
        raise LogoError(f"not a valid SVG ({_reason(exc)})") from None
    finally:
        logger.setLevel(saved[0])
        logger.propagate, logger.handlers = saved[1], saved[2]
    if drawing is None:
        raise LogoError("not a valid SVG (it has nothing to draw)")
    _readers_for_images(drawing)
    return drawing


def _readers_for_images(drawing) -> None:
    """Give each picture in the drawing an ImageReader, made once, in place of svglib's PIL image
    (or file name): `_draw_svg` draws them as image objects, which ReportLab writes once however
    often the logo is drawn, with their transparency."""
    from reportlab.graphics.shapes import Group, Image
    from reportlab.lib.utils import ImageReader

    stack = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, Image):
            node.path = ImageReader(node.path) if hasattr(node.path, "mode") else None
        elif isinstance(node, Group):
            stack.extend(node.contents)


@functools.cache
def _svg_renderer():
    """ReportLab's PDF renderer, drawing pictures as image objects (its own draws them inline,
    which fails on a canvas without ASCII85, as kort's are, and loses transparency), and never
    a picture named by a file."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.utils import ImageReader

    class Renderer(renderPDF._PDFRenderer):
        def drawImage(self, image):
            if isinstance(image.path, ImageReader):
                self._canvas.drawImage(image.path, image.x, image.y, image.width, image.height, mask="auto")

    return Renderer


# --- drawing ----------------------------------------------------------------------------------


def draw_logo(
    c, logo: Logo, x: float, y: float, max_w: float, max_h: float, centre: bool = True
) -> tuple[float, float]:
    """Draw the logo scaled to fit max_w x max_h with its lower-left at (x, y) (centred in the box
    when `centre`); return the size it was drawn at."""
    scale = min(max_w / logo.width, max_h / logo.height)
    w, h = logo.width * scale, logo.height * scale
    if centre:
        x, y = x + (max_w - w) / 2, y + (max_h - h) / 2
    if logo.drawing is not None:
        from reportlab.graphics.renderbase import renderScaledDrawing

        c.saveState()
        c.translate(x, y)
        c.scale(scale, scale)
        with logo._lock:
            _svg_renderer()().draw(renderScaledDrawing(logo.drawing), c, 0, 0)
        c.restoreState()
    else:
        with logo._lock:  # the reader keeps its decoded pixels; one drawer at a time
            c.drawImage(logo.reader, x, y, w, h, mask="auto", preserveAspectRatio=True)
    return w, h


def check_qr(text: str) -> None:
    """Raise QRError when `text` cannot be printed as a QR code that a phone can scan."""
    size = len(text.encode("utf-8"))
    if not text.strip():
        raise QRError("the link is empty; a QR code needs a web address or e-mail")
    if size > QR_MAX_BYTES:
        raise QRError(
            f"the link is {size} characters long; a QR code kort prints holds at most {QR_MAX_BYTES} "
            "(longer ones are too dense to scan): use a shorter address"
        )


def draw_qr(c, text: str, x: float, y: float, size: float) -> None:
    """Draw `text` as a QR code, `size` points square, lower-left at (x, y); QRError when the
    text is too long for one (see check_qr)."""
    check_qr(text)
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    try:
        widget = QrCodeWidget(text, barBorder=0)
        x0, y0, x1, y1 = widget.getBounds()
    except Exception as exc:  # noqa: BLE001 - ReportLab raises a bare Exception on overflow
        raise QRError(f"the link cannot be made into a QR code ({_reason(exc)})") from None
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)
