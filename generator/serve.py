"""`kort serve`: a local web editor for a content pack, with a live preview of every card.

One page (`generator/editor/`, plain HTML, CSS and JavaScript, no build step) edits the pack in
forms; this module is its server: the standard library's threaded HTTP server, in the shape of
mkdocs' `serve` (a thread that watches the files, a long-poll endpoint that says "changed").
The YAML files stay the source of truth: the page holds each file's data, the server turns it
back into the file's own text with `yamledit` (comments kept) and draws through `api`.

Safety, for a server that can write files: it listens on 127.0.0.1 only; it answers only
requests whose Host is the address it serves (DNS rebinding); every request that changes
something carries the token of this server start (`X-Kort-Token`, embedded in the page); it
reads and writes only inside the pack; uploads are capped and checked like logos; and a
request that fails returns a JSON message and leaves the server running.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import io
import json
import logging
import os
import re
import secrets
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import api, yamledit
from .errors import ContentError, KortError, Problem, UsageError

log = logging.getLogger("kort.serve")

EDITOR_DIR = Path(__file__).resolve().parent / "editor"
LANGUAGES = ("sv", "da")
PAGE_LANGUAGES = ("sv", "da", "en")
MAX_UPLOAD = 5 * 1024 * 1024  # logos and spreadsheets
MAX_JSON = 2 * 1024 * 1024  # the page's own requests: a pack's data is far smaller
LONG_POLL_SECONDS = 25.0
WATCH_SECONDS = 0.3
PREVIEW_PIXELS = 560  # the longer side of a card preview, in pixels
SHEET_DPI = 96  # pages of the whole sheet, and of handouts
HANDOUT_PREVIEW_DPI = 72  # the page beside the forms
IMAGE_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
CARD_SIZES = ("a7", "a6", "a8", "poker", "bridge", "tarot", "square", "business")
_CUSTOM_SIZE = re.compile(r"^\d{1,3}(\.\d)?x\d{1,3}(\.\d)?$")
_FOLDER_NAME = re.compile(r"^[^\\/:*?\"<>|.\x00-\x1f][^\\/:*?\"<>|\x00-\x1f]{0,63}$")


class HttpError(Exception):
    """Raised inside a request to answer with an HTTP error and a JSON message."""

    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.extra = extra


@dataclass(frozen=True)
class Version:
    """What a file was when it was read: compared before saving so that changes made meanwhile
    in another program are never overwritten."""

    mtime_ns: int
    size: int
    sha256: str


def _version_of(path: Path) -> tuple[Version, bytes] | None:
    try:
        data = path.read_bytes()
        st = path.stat()
    except FileNotFoundError:
        return None
    return Version(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest()), data


def write_atomic(path: Path, data: bytes, umask: int = 0o022) -> None:
    """Replace `path` with `data` all at once: a temporary file in the same folder, synced, with
    the old file's mode, moved over it. A reader sees the old file or the new one, never half."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _peek(text: str) -> dict:
    """The top keys of a YAML text as plain strings (kind, language), or {} when it is not YAML."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _problem_json(p: Problem, workspace: "Workspace", overridden: set[Path]) -> dict:
    path = Path(p.where.path)
    rel = workspace.rel(path)
    line = p.where.line if path.resolve() not in overridden else 0  # the preview's text has other lines
    return {
        "file": rel,
        "name": path.name,
        "line": line or None,
        "key": p.where.key,
        "message": p.message,
        "hint": p.hint,
    }


class Workspace:
    """The pack being edited: its files, what the editor last saw of them, a watcher thread and
    caches of loaded packs and drawn PDFs. Drawing is serialised (one engine lock): ReportLab's
    caches and pdfium are not made for threads, and one user does one thing at a time."""

    def __init__(self, root: Path, deck: Path | None = None):
        self.root = root.resolve()
        self.umask = _umask()
        self.lock = threading.RLock()  # files and what is known of them
        self.engine = threading.Lock()  # loading and drawing
        self.changed = threading.Condition(self.lock)
        self.generation = 0  # counts changes made by other programs (the page waits for these)
        self.epoch = 0  # counts every change of the files on disk (caches are kept per epoch)
        self.history: list[tuple[int, set[str]]] = []
        self.known: dict[str, Version] = {}  # rel -> the version the editor last read or wrote
        self.seen: dict[str, tuple[int, int]] = {}  # rel -> (mtime_ns, size) the watcher last saw
        self.packs: OrderedDict[str, api.Pack] = OrderedDict()
        self.pdfs: OrderedDict[str, dict[str, bytes]] = OrderedDict()
        self.stopping = threading.Event()
        self.first_deck = self.rel(deck.resolve()) if deck else None
        self.listing()  # fails early for a folder that is not a pack
        with self.lock:
            for rel, path in self.listing().items():
                found = _version_of(path)
                if found:
                    self.known[rel] = found[0]
                    self.seen[rel] = (found[0].mtime_ns, found[0].size)
        self.watcher = threading.Thread(target=self._watch, name="kort-watch", daemon=True)

    # ------------------------------------------------------------ files

    def rel(self, path: Path) -> str | None:
        """A path as the page names it (`sv/mingel.yaml`), or None when it lies outside the pack."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def inside(self, rel: str) -> Path:
        """The file `rel` names inside the pack; refuse `..`, absolute paths and links that lead out."""
        if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel:
            raise HttpError(403, "that path is not inside the pack")
        parts = Path(rel).parts
        if Path(rel).is_absolute() or any(part in ("..", "") for part in parts) or parts[0].startswith("."):
            raise HttpError(403, "that path is not inside the pack")
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root):
            raise HttpError(403, "that path is not inside the pack")
        return path

    def listing(self) -> dict[str, Path]:
        """The pack's YAML files, as kort finds them: at the root and in its sv/ and da/ folders."""
        folders = [self.root] + [self.root / lang for lang in LANGUAGES if (self.root / lang).is_dir()]
        found = {}
        for folder in folders:
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file():
                    rel = self.rel(path)
                    if rel is not None:  # a link out of the pack is neither read nor written
                        found[rel] = path.resolve()
        if not found:
            raise UsageError(f"{self.root} holds no content: no .yaml files in it or in sv/ or da/")
        return found

    def assets(self) -> dict[str, tuple[int, int]]:
        """Pictures in the pack's folders (logos), with their mtime and size, for the watcher."""
        found = {}
        for folder in [self.root] + [self.root / lang for lang in LANGUAGES]:
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith("."):
                        try:
                            st = path.stat()
                        except OSError:
                            continue
                        found[self.rel(path) or path.name] = (st.st_mtime_ns, st.st_size)
        return found

    def lang_of(self, rel: str) -> str | None:
        first = rel.split("/")[0]
        if first in LANGUAGES:
            return first
        lang = _peek(self.inside(rel).read_text(encoding="utf-8", errors="replace")).get("language")
        return lang if lang in LANGUAGES else None

    def read(self, rel: str) -> dict:
        """One file as the page edits it: its kind, data (or why it cannot be read) and version."""
        path = self.inside(rel)
        found = _version_of(path)
        if found is None:
            raise HttpError(404, f"{rel} does not exist")
        version, raw = found
        with self.lock:
            if self._observe(rel, version):
                self._announce({rel})
        entry: dict[str, Any] = {"version": version.sha256, "lang": self.lang_of(rel)}
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return entry | {"kind": "unknown", "error": "the file is not UTF-8 text", "text": None, "data": None}
        try:
            data = yamledit.read(text)
        except yamledit.YamlEditError as exc:
            found_kind = re.search(r"^kind:\s*['\"]?([a-z]+)", text, re.MULTILINE)  # kort's default is deck
            kind = found_kind.group(1) if found_kind else "deck"
            return entry | {"kind": kind, "error": str(exc), "line": exc.line, "text": text, "data": None}
        kind = (data.get("kind") if isinstance(data, dict) else None) or "deck"
        if not isinstance(data, dict):
            return entry | {"kind": "unknown", "error": "the file is not a block of keys", "text": text, "data": None}
        return entry | {"kind": str(kind), "data": data, "error": None}

    def state(self) -> dict:
        files = {}
        for rel in self.listing():
            files[rel] = self.read(rel)
        decks = [rel for rel, f in files.items() if f["kind"] == "deck"]
        preferred = [self.first_deck] if self.first_deck in decks else []
        preferred += [d for d in decks if d.endswith("/mingel.yaml")] + decks
        inherited = {}
        for rel in decks:
            data = files[rel]["data"]
            if data and data.get("extends") and files[rel]["lang"]:
                inherited[rel] = self.inherited(str(data["extends"]), files[rel]["lang"])
        with self.lock:
            generation = self.generation
        return {
            "pack": {"name": self.root.name, "root": str(self.root)},
            "deck": preferred[0] if preferred else None,
            "files": files,
            "inherited": inherited,
            "generation": generation,
            "limits": {"upload_bytes": MAX_UPLOAD},
        }

    def inherited(self, name: str, lang: str) -> dict | None:
        """What a deck that `extends: name` starts from: the shipped deck's title, intro,
        principles (as written in its file, to copy) and questions."""
        shipped = _shipped(lang)
        try:
            material = shipped.material(name, lang)
        except KortError:
            return None
        raw = _peek(material.source.path.read_text(encoding="utf-8"))
        deck = material.model
        return {
            "name": name,
            "title": deck.title,
            "intro": deck.intro,
            "publisher": deck.publisher,
            "approach": raw.get("approach"),
            "questions": [
                {"id": q.id, "text": q.text, "principle": q.principle, "category": q.category} for q in deck.questions
            ],
        }

    # ------------------------------------------------------------ loading and drawing

    def texts(self, files: Any) -> dict[Path, str]:
        """The page's unsaved data of each file, as YAML text for kort to load."""
        if not isinstance(files, dict):
            raise HttpError(400, "'files' must map file names to their data")
        known = self.listing()
        texts = {}
        for rel, item in files.items():
            path = self.inside(rel)
            if rel not in known:
                raise HttpError(404, f"{rel} is not a file of this pack")
            if not isinstance(item, dict):
                raise HttpError(400, f"{rel}: send its data or its text")
            if isinstance(item.get("text"), str):
                texts[path] = item["text"]  # a file the forms cannot read, edited as text
            elif "data" in item:
                texts[path] = yamledit.preview_text(item["data"])
            else:
                raise HttpError(400, f"{rel}: send its data or its text")
        return texts

    def load(self, texts: dict[Path, str], lang: str | None) -> api.Pack:
        """The pack with these unsaved texts, loaded once (kept for the next requests)."""
        digest = hashlib.sha256(repr((self.epoch, lang, sorted((str(p), t) for p, t in texts.items()))).encode())
        key = digest.hexdigest()
        pack = self.packs.get(key)
        if pack is None:
            pack = api.load_pack(self.root, lang=lang or "all", texts=texts)
            self.packs[key] = pack
            while len(self.packs) > 8:
                self.packs.popitem(last=False)
        self.packs.move_to_end(key)
        return pack

    def render(self, pack: api.Pack, options: api.Options, name: str | None, key: str) -> dict[str, bytes]:
        """The PDFs of a material, drawn once for these texts and options."""
        cache_key = hashlib.sha256(repr((self.epoch, key, options, name)).encode()).hexdigest()
        found = self.pdfs.get(cache_key)
        if found is None:
            found = api.render(pack, options, name)
            self.pdfs[cache_key] = found
            while len(self.pdfs) > 4:
                self.pdfs.popitem(last=False)
        return found

    def _deck(self, rel: Any) -> tuple[Path, str, str | None]:
        if not isinstance(rel, str):
            raise HttpError(400, "'deck' must name the deck's file")
        path = self.inside(rel)
        return path, path.stem, self.lang_of(rel)

    def problems(self, pack_problems, overridden: set[Path]) -> list[dict]:
        return [_problem_json(p, self, overridden) for p in pack_problems]

    def preview(self, body: dict) -> dict:
        """One card (front and back) or one handout page as pictures, with the problems found."""
        texts = self.texts(body.get("files", {}))
        options = print_options(body.get("print"))
        target = body.get("target") or {}
        deck_path, name, lang = self._deck(body.get("deck"))
        overridden = {p.resolve() for p in texts}
        started = time.perf_counter()
        with self.engine:
            pack = self.load(texts, lang)
            if pack.problems:
                return {"problems": self.problems(pack.problems, overridden), "images": None}
            if "handout" in target:
                return self._handout_preview(pack, target, options, texts, overridden, lang)
            try:
                material = pack.material(name, lang)
                ids = api.card_ids(pack, name, lang, options)
            except ContentError as exc:
                return {"problems": self.problems(exc.problems, overridden), "images": None}
            card_id = _card_for(material, target, deck_path, ids)
            try:
                pdf = api.card_pdf(pack, name, card_id, lang, options)
            except ContentError as exc:
                return {
                    "problems": self.problems(exc.problems, overridden),
                    "images": None,
                    "card": {"id": card_id, "number": ids.index(card_id) + 1, "count": len(ids)},
                }
            front, back = _card_pictures(pdf)
        return {
            "problems": [],
            "images": {"front": front, "back": back},
            "card": {"id": card_id, "number": ids.index(card_id) + 1, "count": len(ids)},
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def _handout_preview(self, pack, target, options, texts, overridden, lang) -> dict:
        rel = target.get("handout")
        path = self.inside(rel)
        page = _int(target.get("page", 1), 1, 10_000)
        key = hashlib.sha256(repr(sorted((str(p), t) for p, t in texts.items())).encode()).hexdigest()
        try:
            pdfs = self.render(pack, options, path.stem, key)
        except ContentError as exc:
            return {"problems": self.problems(exc.problems, overridden), "images": None}
        pdf = next((data for target_path, data in pdfs.items() if Path(target_path).stem == path.stem), None)
        if pdf is None:
            raise HttpError(404, f"{rel} is not a handout")
        pages = _page_count(pdf)
        page = min(page, pages)
        picture = api.page_png(pdf, page, HANDOUT_PREVIEW_DPI)
        return {"problems": [], "images": {"page": _data_url(picture)}, "page": page, "pages": pages}

    def check(self, body: dict) -> dict:
        """Every problem a build would meet (every card fitted, every PDF drawn into memory)."""
        texts = self.texts(body.get("files", {}))
        options = print_options(body.get("print"))
        _path, _name, lang = self._deck(body.get("deck"))
        overridden = {p.resolve() for p in texts}
        with self.engine:
            pack = self.load(texts, lang)
            if pack.problems:
                return {"problems": self.problems(pack.problems, overridden)}
            return {"problems": self.problems(api.check(pack, options), overridden)}

    def sheet(self, body: dict) -> dict:
        """Printed pages as pictures: page `page` of the deck and, when it is a front, its back;
        or a page of a handout (`handout`: its file)."""
        texts = self.texts(body.get("files", {}))
        options = print_options(body.get("print"))
        _path, name, lang = self._deck(body.get("deck"))
        handout = body.get("handout")
        if handout is not None:
            stem = self.inside(handout).stem
            material, wanted, paired = stem, f"{self.lang_of(handout)}/{stem}.pdf", False
        else:
            material, wanted = name, f"{lang}/{name}.pdf"
            paired = (options.layout or "sheet") == "sheet" and options.backs is not False
        overridden = {p.resolve() for p in texts}
        page = _int(body.get("page", 1), 1, 100_000)
        with self.engine:
            pack = self.load(texts, lang)
            if pack.problems:
                return {"problems": self.problems(pack.problems, overridden), "images": None}
            key = hashlib.sha256(repr(sorted((str(p), t) for p, t in texts.items())).encode()).hexdigest()
            try:
                pdfs = self.render(pack, options, material, key)
            except ContentError as exc:
                return {"problems": self.problems(exc.problems, overridden), "images": None}
            if wanted not in pdfs:
                raise HttpError(404, f"this pack makes no {wanted}")
            pdf = pdfs[wanted]
            pages = _page_count(pdf)
            page = min(page, pages)
            pictures = [_data_url(api.page_png(pdf, page, SHEET_DPI))]
            if paired and page % 2 == 1 and page < pages:
                pictures.append(_data_url(api.page_png(pdf, page + 1, SHEET_DPI)))
        return {"problems": [], "images": pictures, "page": page, "pages": pages, "paired": paired}

    def download(self, body: dict) -> tuple[str, bytes]:
        """A PDF to print, with the page's unsaved changes: the deck, its principles, a handout,
        or the test page for lining up the backs."""
        texts = self.texts(body.get("files", {}))
        options = print_options(body.get("print"))
        _path, name, lang = self._deck(body.get("deck"))
        what = body.get("what")
        if what == "testpage":
            options = replace(options, test_page=True)
            wanted, material = f"{lang}/registration-test.pdf", name
        elif what == "deck":
            wanted, material = f"{lang}/{name}.pdf", name
        elif what == "principles":
            wanted, material = f"{lang}/{name}-principles.pdf", name
        elif isinstance(what, str) and what.startswith("handout:"):
            stem = self.inside(what.split(":", 1)[1]).stem
            wanted, material = f"{self.lang_of(what.split(':', 1)[1])}/{stem}.pdf", stem
        else:
            raise HttpError(400, "'what' must be deck, principles, testpage or handout:FILE")
        overridden = {p.resolve() for p in texts}
        with self.engine:
            pack = self.load(texts, lang)
            if pack.problems:
                raise HttpError(422, "the pack has problems", problems=self.problems(pack.problems, overridden))
            key = hashlib.sha256(repr(sorted((str(p), t) for p, t in texts.items())).encode()).hexdigest()
            try:
                pdfs = self.render(pack, options, material, key)
            except ContentError as exc:
                raise HttpError(422, "the pack has problems", problems=self.problems(exc.problems, overridden))
        if wanted not in pdfs:
            raise HttpError(404, f"this pack makes no {wanted}")
        suffix = {"fold": "-fold", "single": "-printshop"}.get(options.layout or "", "")
        filename = Path(wanted).stem + (suffix if what == "deck" else "") + ".pdf"
        return filename, pdfs[wanted]

    # ------------------------------------------------------------ saving

    def save(self, body: dict) -> dict:
        """Write the page's changes into the files, each atomically, keeping comments and order;
        refuse (409) when a file changed on disk since the page read it."""
        files = body.get("files")
        if not isinstance(files, dict) or not files:
            raise HttpError(400, "'files' must map file names to their data and version")
        known = self.listing()
        with self.lock:
            plans = []
            conflicts = {}
            for rel, item in files.items():
                if rel not in known or not isinstance(item, dict):
                    raise HttpError(404, f"{rel} is not a file of this pack")
                path = self.inside(rel)
                found = _version_of(path)
                if found is None:
                    raise HttpError(404, f"{rel} does not exist any more")
                version, raw = found
                if not hmac.compare_digest(str(item.get("version", "")), version.sha256):
                    conflicts[rel] = self.read(rel)
                    continue
                text = raw.decode("utf-8")
                if isinstance(item.get("text"), str):
                    new_text = item["text"]
                elif "data" in item:
                    try:
                        new_text = yamledit.update(text, item["data"])
                    except yamledit.YamlEditError as exc:
                        raise HttpError(422, f"{rel}: {exc}") from None
                else:
                    raise HttpError(400, f"{rel}: send its data or its text")
                plans.append((rel, path, new_text, text))
            if conflicts:
                raise HttpError(409, "changed on disk since the page read it", conflicts=conflicts)
            saved = {}
            for rel, path, new_text, old_text in plans:
                if new_text != old_text:
                    write_atomic(path, new_text.encode("utf-8"), self.umask)
                    self._written(rel, path)
                    log.info("saved %s", rel)
                saved[rel] = self.read(rel)
        return {"files": saved}

    def merge(self, body: dict) -> dict:
        """The user's changes (base → mine) put on top of the file as it is now on disk."""
        rel = body.get("file")
        if not isinstance(rel, str) or rel not in self.listing():
            raise HttpError(404, f"{rel} is not a file of this pack")
        theirs = self.read(rel)
        if theirs["data"] is None:
            raise HttpError(422, f"{rel} has a mistake the editor cannot read: {theirs['error']}")
        merged, conflicts = yamledit.merge(body.get("base"), body.get("mine"), theirs["data"])
        return {"file": theirs | {"data": merged}, "conflicts": conflicts}

    def new_file(self, body: dict) -> dict:
        """Create a branding file (from `kort new`'s explained template) or a handout."""
        what = body.get("what")
        lang = body.get("lang")
        if lang not in LANGUAGES:
            raise HttpError(400, "'lang' must be sv or da")
        folder = self.root / lang
        if what == "branding":
            from .resources import package_path

            path = folder / "branding.yaml"
            text = package_path("templates", "scaffold", lang, "branding.yaml").read_text(encoding="utf-8")
        elif what == "handout":
            from .model import slugify

            title = str(body.get("title") or "").strip()
            if not title:
                raise HttpError(400, "a new handout needs a title")
            stem = slugify(title) or "handout"
            path = folder / f"{stem}.yaml"
            n = 2
            while path.exists():
                path, n = folder / f"{stem}-{n}.yaml", n + 1
            data = {"kind": "handout", "title": title, "sections": [{"title": title, "text": ""}]}
            text = yamledit.update("", data)
        else:
            raise HttpError(400, "'what' must be branding or handout")
        with self.lock:
            if path.exists():
                raise HttpError(409, f"{self.rel(path)} already exists")
            folder.mkdir(exist_ok=True)
            write_atomic(path, text.encode("utf-8"), self.umask)
            rel = self.rel(path)
            self._written(rel, path)
        return {"rel": rel, "file": self.read(rel)}

    def upload_logo(self, filename: str, body: bytes, beside: str | None) -> dict:
        """Save an uploaded logo in the pack (beside its branding file), after checking that it
        really is a PNG, JPG or SVG and that kort can draw it."""
        suffix = _sniff_image(body)
        from .model import slugify

        stem = slugify(Path(filename or "logo").stem) or "logo"
        folder = self.inside(beside).parent if beside else self.root
        if not folder.is_relative_to(self.root):
            raise HttpError(403, "that path is not inside the pack")
        path, n = folder / f"{stem}{suffix}", 2
        while path.exists() and path.read_bytes() != body:
            path, n = folder / f"{stem}-{n}{suffix}", n + 1
        with self.lock:
            if not path.exists():
                write_atomic(path, body, self.umask)
        lang = folder.name if folder.name in LANGUAGES else "sv"
        probe = f"kind: branding\norganisation: x\nlogo: {json.dumps(path.name)}\n"
        with self.engine:
            problems = api.load_text(probe, lang=lang, name="branding.yaml", folder=folder).problems
        if problems:
            path.unlink(missing_ok=True)
            raise HttpError(422, problems[0].message, hint=problems[0].hint)
        with self.lock:
            self.epoch += 1
        return {"logo": path.name, "rel": self.rel(path)}

    # ------------------------------------------------------------ watching

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()

    def _watch(self) -> None:
        assets = self.assets()
        while not self.stopping.wait(WATCH_SECONDS):
            try:
                now = self.assets()
                self.poll(assets != now)
                assets = now
            except Exception:  # a file vanishing mid-scan: look again next time
                log.debug("watch", exc_info=True)

    def _observe(self, rel: str, version: Version) -> bool:
        """Note what a file is now; True when that is not what the editor last saw of it."""
        self.seen[rel] = (version.mtime_ns, version.size)
        old = self.known.get(rel)
        self.known[rel] = version
        return old is None or old.sha256 != version.sha256

    def _written(self, rel: str, path: Path) -> None:
        """The editor wrote this file itself: no news for the pages, but the caches are old."""
        found = _version_of(path)
        if found:
            self._observe(rel, found[0])
        self.epoch += 1

    def _announce(self, changed: set[str]) -> None:
        """Wake the pages waiting for changes (`""` stands for pictures such as the logo)."""
        self.generation += 1
        self.history.append((self.generation, changed or {""}))
        del self.history[:-100]
        self.epoch += 1
        self.changed.notify_all()

    def poll(self, assets_changed: bool = False) -> set[str]:
        """Look for files changed by another program; wake the pages waiting for changes."""
        changed: set[str] = set()
        try:
            listing = self.listing()
        except UsageError:
            listing = {}
        with self.lock:
            for rel, path in listing.items():
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                if self.seen.get(rel) == (st.st_mtime_ns, st.st_size):
                    continue
                found = _version_of(path)
                if found is not None and self._observe(rel, found[0]):
                    changed.add(rel)
            for rel in set(self.known) - set(listing):
                del self.known[rel]
                self.seen.pop(rel, None)
                changed.add(rel)
            if changed or assets_changed:
                self._announce(changed)
        return changed

    def changes(self, since: int, timeout: float = LONG_POLL_SECONDS) -> dict:
        """Wait until something changed after generation `since` (or the time is up)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.generation <= since and not self.stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(left)
            files: set[str] = set()
            for generation, rels in self.history:
                if generation > since:
                    files |= rels
            return {"generation": self.generation, "changed": sorted(f for f in files if f), "assets": "" in files}


_SHIPPED: dict[str, api.Pack] = {}
_SHIPPED_LOCK = threading.Lock()


def _shipped(lang: str) -> api.Pack:
    """The shipped content of a language, loaded once a process (it does not change)."""
    with _SHIPPED_LOCK:
        if lang not in _SHIPPED:
            _SHIPPED[lang] = api.load_pack(lang=lang)
        return _SHIPPED[lang]


def _card_for(material, target: dict, deck_path: Path, ids: list[str]) -> str:
    """The card the page asks for: one of the pack's own questions by its place in the file
    (its id may come from its text, which is being typed), or a card by id."""
    if "question" in target:
        key = f"questions[{_int(target['question'], 0, 1_000_000)}]"
        for q in material.model.questions:
            if q.where and q.where.key == key and Path(q.where.path).resolve() == deck_path:
                if q.id in ids:
                    return q.id
    card = target.get("card")
    if isinstance(card, str) and card in ids:
        return card
    if not ids:
        raise HttpError(404, "the deck has no cards")
    return ids[0]


def _card_pictures(pdf: bytes) -> tuple[str, str | None]:
    """A card's front and back as PNG data URLs, from the one-card PDF that `api.card_pdf` draws.

    Both pages come from one PDF and are encoded with fast PNG compression: `api.card_png`
    would draw the card twice and compress at PIL's default level, which costs more than the
    drawing (see the report: an `api.card_pngs` would do this)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pictures = []
        for index in range(min(2, len(doc))):
            page = doc[index]
            width, height = page.get_size()
            scale = PREVIEW_PIXELS / max(width, height)
            image = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=1)
            pictures.append(_data_url(buffer.getvalue()))
    finally:
        doc.close()
    return pictures[0], (pictures[1] if len(pictures) > 1 else None)


def _page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise HttpError(400, f"'{value}' is not a whole number")
    try:
        number = int(value)
    except ValueError:
        raise HttpError(400, f"'{value}' is not a whole number") from None
    return max(low, min(high, number))


def print_options(given: Any) -> api.Options:
    """The page's print choices as the library's Options; anything unexpected is refused."""
    given = given or {}
    if not isinstance(given, dict):
        raise HttpError(400, "'print' must be a block of choices")
    choices = {
        "layout": ("sheet", "single", "fold"),
        "paper": ("a4", "a3", "letter"),
        "duplex": ("long-edge", "short-edge"),
        "cut_guides": ("marks", "lines", "both", "none"),
    }
    values: dict[str, Any] = {}
    for key, allowed in choices.items():
        if given.get(key) is not None:
            if given[key] not in allowed:
                raise HttpError(400, f"'{key}' must be one of {', '.join(allowed)}")
            values[key] = given[key]
    card = given.get("card")
    if card is not None:
        if not isinstance(card, str) or not (card in CARD_SIZES or _CUSTOM_SIZE.match(card)):
            raise HttpError(400, f"'card' must be one of {', '.join(CARD_SIZES)} or WxH in mm")
        values["card"] = card
    if given.get("bleed") is not None:
        bleed = given["bleed"]
        if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not 0 <= bleed <= 10:
            raise HttpError(400, "'bleed' must be a number of mm from 0 to 10")
        values["bleed"] = float(bleed)
    for key in ("backs", "ink_saving"):
        if given.get(key) is not None:
            if not isinstance(given[key], bool):
                raise HttpError(400, f"'{key}' must be true or false")
            values[key] = given[key]
    return api.Options(**values)


def _sniff_image(data: bytes) -> str:
    """The suffix a logo's bytes really are (.png, .jpg, .svg); refuse anything else, and SVGs
    that could reach outside the file (entities, external references, scripts)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:65536].lower():
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HttpError(415, "the SVG file is not UTF-8 text") from None
        lowered = text.lower()
        if "<!doctype" in lowered or "<!entity" in lowered:
            raise HttpError(415, "SVG files with a DOCTYPE or entities are not accepted; save it again as plain SVG")
        if "<script" in lowered or re.search(r"\son[a-z]+\s*=", lowered):
            raise HttpError(415, "SVG files with scripts are not accepted")
        if "<image" in lowered or re.search(r"href\s*=\s*[\"'](?!#)", lowered):
            raise HttpError(415, "the SVG refers to other files; save it as one self-contained SVG, or as PNG")
        import xml.etree.ElementTree as ET

        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise HttpError(415, f"not a valid SVG ({exc})") from None
        if not root.tag.lower().endswith("svg"):
            raise HttpError(415, "not an SVG picture")
        return ".svg"
    raise HttpError(415, "a logo must be a PNG, JPG or SVG picture")


def read_table(filename: str, data: bytes) -> dict:
    """The columns of a CSV or XLSX file, to import questions from one of them."""
    rows: list[list[str]] = []
    if data.startswith(b"PK\x03\x04"):
        try:
            import openpyxl
        except ImportError:
            raise HttpError(501, "reading Excel files needs openpyxl: pip install openpyxl (or save the sheet as CSV)")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for files that are not workbooks
            raise HttpError(415, f"not an Excel workbook kort can read ({type(exc).__name__})") from None
        try:
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    rows.append(["" if v is None else str(v).strip() for v in row[:50]])
                    if len(rows) >= 5000:
                        break
                if any(any(cell for cell in row) for row in rows):
                    break
                rows = []
        finally:
            book.close()
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise HttpError(415, "old Excel files (.xls) cannot be read; save the sheet as .xlsx or CSV")
    else:
        import csv

        for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # Excel on Windows saves CSV as cp1252
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise HttpError(415, "not a CSV or XLSX file")
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append([cell.strip() for cell in row[:50]])
            if len(rows) >= 5000:
                break
    rows = [row for row in rows if any(row)]
    width = max((len(r) for r in rows), default=0)
    columns = [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]
    return {"columns": columns, "rows": len(rows)}


# ---------------------------------------------------------------- the HTTP side


class Editor:
    """What the HTTP handler serves: the workspace (None until a pack is created or opened),
    the token of this server start, and the addresses it answers to."""

    def __init__(self, workspace: Workspace | None, cwd: Path):
        self.workspace = workspace
        self.cwd = cwd.resolve()
        self.token = secrets.token_urlsafe(32)
        self.hosts: set[str] = set()
        self.origins: set[str] = set()
        self.open_lock = threading.Lock()

    def bind(self, port: int) -> None:
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    def need_workspace(self) -> Workspace:
        if self.workspace is None:
            raise HttpError(409, "no pack is open yet")
        return self.workspace

    def folders(self) -> list[dict]:
        """Folders in the working folder that hold content, to open one."""
        found = []
        for path in sorted([self.cwd] + [p for p in self.cwd.iterdir() if p.is_dir()]):
            if path.name.startswith(".") and path != self.cwd:
                continue
            langs = [lang for lang in LANGUAGES if (path / lang).is_dir() and any((path / lang).glob("*.yaml"))]
            if langs:
                found.append({"name": "." if path == self.cwd else path.name, "langs": langs})
        return found

    def open(self, workspace: Workspace) -> None:
        with self.open_lock:
            if self.workspace is not None:
                raise HttpError(409, "a pack is already open; start kort serve again to open another")
            self.workspace = workspace
            workspace.start()
            _warm_up(workspace)

    def folder(self, name: Any) -> Path:
        if not isinstance(name, str) or not (name == "." or _FOLDER_NAME.match(name)) or name.strip() != name:
            raise HttpError(400, "write a folder name without / or \\, not starting with a dot")
        path = (self.cwd / name).resolve()
        if not (path == self.cwd or path.parent == self.cwd):
            raise HttpError(403, "the folder must lie in the folder kort serve was started in")
        return path


class Handler(http.server.BaseHTTPRequestHandler):
    """One request: checks Host, token and sizes, routes, and always answers (JSON on errors)."""

    server_version = "kort"
    protocol_version = "HTTP/1.1"
    editor: Editor  # set on the subclass made for each server

    # -------------------------------------------------------- plumbing

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's names
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def _handle(self, method: str) -> None:
        self._unread = self.headers.get("Content-Length", "0") not in ("", "0")
        try:
            self._check(method)
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            route = _ROUTES.get((method, url.path))
            if route is not None:
                route(self, query)
            elif method == "GET" and url.path.startswith("/static/"):
                self._static(url.path[len("/static/") :])
            elif any(path == url.path for _m, path in _ROUTES) or url.path.startswith("/static/"):
                raise HttpError(405, f"{method} is not allowed here")
            else:
                raise HttpError(404, "nothing here")
        except HttpError as exc:
            self._json({"error": str(exc), **exc.extra}, exc.status)
        except (ContentError, UsageError, KortError) as exc:
            problems = getattr(exc, "problems", None)
            self._json({"error": exc.format_message(), "problems": [str(p) for p in problems or []]}, 422)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # a bug must not stop the server: say so, log it, carry on
            log.error("kort serve: %s %s failed\n%s", method, self.path, traceback.format_exc())
            self._json({"error": f"kort failed unexpectedly ({type(exc).__name__}: {exc})"}, 500)

    def _check(self, method: str) -> None:
        """DNS rebinding: only our own address. Changes: only with this server start's token."""
        if self.headers.get("Host", "") not in self.editor.hosts:
            self.close_connection = True
            raise HttpError(403, "this server answers only to its own address (127.0.0.1 or localhost)")
        if method not in ("GET", "HEAD"):
            origin = self.headers.get("Origin")
            if origin is not None and origin not in self.editor.origins:
                self.close_connection = True
                raise HttpError(403, "requests from other sites are refused")
            if not hmac.compare_digest(self.headers.get("X-Kort-Token", ""), self.editor.token):
                self.close_connection = True
                raise HttpError(403, "this request needs the page's token; reload the page")

    def _body(self, limit: int) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise HttpError(411, "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            raise HttpError(411, "send the body with a Content-Length") from None
        if length < 0:
            self.close_connection = True
            raise HttpError(400, "a negative Content-Length")
        self._unread = False
        if length > limit:
            if length <= 4 * MAX_UPLOAD:  # read and drop it, so that the browser sees the answer
                while length > 0:
                    length -= len(self.rfile.read(min(length, 1 << 16)) or b"\0" * length)
            else:
                self.close_connection = True  # not read: this connection cannot be used again
            raise HttpError(413, f"too large: the most is {limit / (1024 * 1024):g} MB", limit=limit)
        return self.rfile.read(length)

    def _json_body(self) -> dict:
        raw = self._body(MAX_JSON)
        try:
            body = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HttpError(400, f"the request is not JSON ({exc})") from None
        if not isinstance(body, dict):
            raise HttpError(400, "the request must be a JSON object")
        return body

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("X-Frame-Options", "DENY")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if getattr(self, "_unread", False):
            self.close_connection = True  # a body left unread would be taken for the next request
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    # -------------------------------------------------------- pages and files

    def _page(self, query: dict) -> None:
        html = (EDITOR_DIR / "index.html").read_text(encoding="utf-8")
        lang = page_language(self.headers.get("Accept-Language", ""))
        html = html.replace("{{lang}}", lang).replace("{{token}}", self.editor.token)
        csp = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
        )
        self._send(200, html.encode("utf-8"), "text/html; charset=utf-8", {"Content-Security-Policy": csp})

    def _static(self, name: str) -> None:
        name = urllib.parse.unquote(name)
        allowed = {p.name: p for p in EDITOR_DIR.iterdir() if p.is_file()}
        if not re.fullmatch(r"[a-z0-9_-]+\.(js|css|json|svg)", name) or name not in allowed:
            raise HttpError(404, "no such file")
        types = {"js": "text/javascript", "css": "text/css", "json": "application/json", "svg": "image/svg+xml"}
        body = allowed[name].read_bytes()
        self._send(200, body, types[name.rsplit(".", 1)[1]] + "; charset=utf-8")

    def _asset(self, query: dict) -> None:
        """A picture of the pack (the logo, for the page to show); only inside the pack."""
        workspace = self.editor.need_workspace()
        path = workspace.inside(query.get("path", ""))
        content_type = IMAGE_SUFFIXES.get(path.suffix.lower())
        if content_type is None:
            raise HttpError(403, "only pictures (PNG, JPG, SVG) are served")
        if not path.is_file():
            raise HttpError(404, "no such picture")
        data = path.read_bytes()
        headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}
        self._send(200, data, content_type, headers)

    # -------------------------------------------------------- the API

    def _state(self, query: dict) -> None:
        workspace = self.editor.workspace
        if workspace is None:
            self._json({"pack": None, "cwd": str(self.editor.cwd), "folders": self.editor.folders()})
            return
        self._json(workspace.state())

    def _file(self, query: dict) -> None:
        workspace = self.editor.need_workspace()
        rel = query.get("path", "")
        workspace.inside(rel)
        if rel not in workspace.listing():
            raise HttpError(404, f"{rel} is not a file of this pack")
        self._json(workspace.read(rel))

    def _changes(self, query: dict) -> None:
        workspace = self.editor.need_workspace()
        since = _int(query.get("since", "0"), -1, 1 << 62)
        timeout = min(LONG_POLL_SECONDS, max(0.0, float(query.get("timeout", LONG_POLL_SECONDS))))
        self._json(workspace.changes(since, timeout))

    def _post(self, method: str) -> None:
        result = getattr(self.editor.need_workspace(), method)(self._json_body())
        self._json(result)

    def _download(self, query: dict) -> None:
        filename, pdf = self.editor.need_workspace().download(self._json_body())
        quoted = urllib.parse.quote(filename)
        self._send(200, pdf, "application/pdf", {"Content-Disposition": f"attachment; filename*=UTF-8''{quoted}"})

    def _upload(self, query: dict) -> None:
        workspace = self.editor.need_workspace()
        body = self._body(MAX_UPLOAD)
        self._json(workspace.upload_logo(query.get("name", "logo"), body, query.get("beside") or None))

    def _import(self, query: dict) -> None:
        self.editor.need_workspace()
        body = self._body(MAX_UPLOAD)
        self._json(read_table(query.get("name", ""), body))

    def _create(self, query: dict) -> None:
        body = self._json_body()
        if body.get("folder") == ".":
            raise HttpError(400, "write a name for the new folder")
        folder = self.editor.folder(body.get("folder"))
        lang = body.get("lang", "sv")
        base = body.get("base", "mingel")
        if lang not in LANGUAGES or base not in ("mingel", "empty"):
            raise HttpError(400, "choose sv or da, and mingel or empty")
        from .scaffold import scaffold

        with self.editor.open_lock:
            if self.editor.workspace is not None:
                raise HttpError(409, "a pack is already open; start kort serve again to open another")
        try:
            scaffold(folder, base, lang)
        except UsageError as exc:
            raise HttpError(409, exc.format_message()) from None
        self.editor.open(Workspace(folder))
        self._json(self.editor.workspace.state())

    def _open(self, query: dict) -> None:
        folder = self.editor.folder(self._json_body().get("folder"))
        if not folder.is_dir():
            raise HttpError(404, "no such folder")
        try:
            workspace = Workspace(folder)
        except UsageError as exc:
            raise HttpError(422, exc.format_message()) from None
        self.editor.open(workspace)
        self._json(workspace.state())


_ROUTES = {
    ("GET", "/"): Handler._page,
    ("HEAD", "/"): Handler._page,
    ("GET", "/api/state"): Handler._state,
    ("GET", "/api/file"): Handler._file,
    ("GET", "/api/asset"): Handler._asset,
    ("GET", "/api/changes"): Handler._changes,
    ("POST", "/api/preview"): lambda h, q: h._post("preview"),
    ("POST", "/api/check"): lambda h, q: h._post("check"),
    ("POST", "/api/sheet"): lambda h, q: h._post("sheet"),
    ("POST", "/api/save"): lambda h, q: h._post("save"),
    ("POST", "/api/merge"): lambda h, q: h._post("merge"),
    ("POST", "/api/new"): lambda h, q: h._post("new_file"),
    ("POST", "/api/download"): Handler._download,
    ("POST", "/api/upload"): Handler._upload,
    ("POST", "/api/import"): Handler._import,
    ("POST", "/api/create"): Handler._create,
    ("POST", "/api/open"): Handler._open,
}


def page_language(accept: str) -> str:
    """The page's language from the browser's Accept-Language: sv, da or en (the default)."""
    best, best_q = "en", -1.0
    for position, part in enumerate(accept.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in PAGE_LANGUAGES and q - position * 1e-6 > best_q:
            best, best_q = primary, q - position * 1e-6
    return best


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a waiting long-poll must not keep the process alive
    allow_reuse_address = os.name != "nt"  # on Windows it would let two servers share a port


def _warm_up(workspace: Workspace) -> None:
    """Draw one card in the background so that the first preview does not pay for imports and fonts."""

    def run() -> None:
        try:
            decks = [
                rel
                for rel, path in workspace.listing().items()
                if _peek(path.read_text("utf-8")).get("kind", "deck") == "deck"
            ]
            if decks:
                _path, name, lang = workspace._deck(decks[0])
                with workspace.engine:
                    pack = workspace.load({}, lang)
                    if not pack.problems:
                        ids = api.card_ids(pack, name, lang)
                        _card_pictures(api.card_pdf(pack, name, ids[-1], lang))
        except Exception:  # only a head start; a real request reports any problem
            log.debug("warm-up", exc_info=True)

    threading.Thread(target=run, name="kort-warm-up", daemon=True).start()


@dataclass
class Running:
    """A server started by `start`: its address, and how to stop it."""

    url: str
    server: Server
    editor: Editor
    thread: threading.Thread | None = None

    def stop(self) -> None:
        if self.editor.workspace:
            self.editor.workspace.stop()
        self.server.shutdown()
        self.server.server_close()


def pack_folder(path: Path) -> tuple[Path, Path | None]:
    """The pack folder of a command-line PATH (a pack, a language folder or a deck file), and
    the deck file when one was named."""
    path = path.resolve()
    if not path.exists():
        raise UsageError(f"{path} does not exist; create a pack with `kort new {path.name}` or `kort serve` alone")
    if path.is_file():
        parent = path.parent
        return (parent.parent if parent.name in LANGUAGES else parent), path
    if path.name in LANGUAGES and not any((path / lang).is_dir() for lang in LANGUAGES):
        return path.parent, None
    return path, None


def make_editor(pack: Path | None, cwd: Path | None = None) -> Editor:
    """The editor of a pack (a pack folder, a language folder or a deck file), or of none yet."""
    workspace = None
    if pack is not None:
        root, deck = pack_folder(pack)
        workspace = Workspace(root, deck)
    return Editor(workspace, cwd or Path.cwd())


def start(
    pack: Path | None = None,
    port: int = 0,
    cwd: Path | None = None,
    background: bool = True,
    editor: Editor | None = None,
) -> Running:
    """Start the editor's server on 127.0.0.1; with port 0, on a free port."""
    editor = editor or make_editor(pack, cwd)
    workspace = editor.workspace
    handler = type("BoundHandler", (Handler,), {"editor": editor})
    server = Server(("127.0.0.1", port), handler)
    editor.bind(server.server_address[1])
    if workspace:
        workspace.start()
        _warm_up(workspace)
    running = Running(f"http://127.0.0.1:{server.server_address[1]}/", server, editor)
    if background:
        running.thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="kort-serve", daemon=True
        )
        running.thread.start()
    return running


def run(pack: Path | None, port: int | None = None, open_browser: bool = True) -> None:
    """`kort serve`: start the server, say where, open the browser, stop cleanly on Ctrl-C."""
    import click

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    candidates = [port] if port is not None else list(range(8000, 8020))
    editor = make_editor(pack)
    running = None
    for candidate in candidates:
        try:
            running = start(port=candidate, background=False, editor=editor)
            break
        except OSError as exc:
            if port is not None or candidate == candidates[-1]:
                raise UsageError(f"cannot listen on 127.0.0.1:{candidate} ({exc.strerror}); choose another --port")
    assert running is not None
    what = f"editing {running.editor.workspace.root}" if running.editor.workspace else "no pack open yet"
    click.echo(f"kort serve: {what}\n  open {running.url} in your browser; Ctrl-C stops the server")
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(running.url,), daemon=True).start()
    try:
        running.server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        click.echo("\nkort serve: stopped")
    finally:
        if running.editor.workspace:
            running.editor.workspace.stop()
        running.server.server_close()
