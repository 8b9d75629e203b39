"""Write files so that an existing one is replaced only by a complete new one.

`AtomicBatch` draws every PDF of a build into a hidden temporary file beside its target,
`.<name>.<pid>-<random>.part`, and moves them all into place only when all are complete:

- new files get the permissions the umask gives (a colleague on a shared drive can open them),
  and a replaced file keeps its own;
- a failed build, Ctrl-C, SIGTERM or SIGHUP removes every temporary file and every folder the
  batch created, and leaves every existing file as it was; after SIGKILL, which nothing can
  catch, the next batch writing into the same folder removes the temporary files of builds that
  are no longer running (kort's own pattern only, only in the folders it writes, only files
  older than the batch);
- two targets of the same name in one batch are refused before either is written (the second
  would silently replace the first);
- an OS error becomes an `OutputError` that says what really happened (permission denied, the
  disk is full, a read-only drive, a file where a folder should be...) and which targets were
  and were not replaced.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import KortError, display_path


@dataclass(frozen=True)
class Meta:
    """PDF metadata: title, author (the publisher), subject and language tag."""

    title: str
    author: str
    subject: str
    lang: str  # BCP 47, e.g. sv-SE


def new_canvas(target, size: tuple[float, float], meta: Meta):
    """A ReportLab canvas made the way every PDF of kort's is: the embedded font, compressed binary
    streams (ASCII85 makes files a quarter larger and slower to write), reproducible bytes, the
    language tag and the document information. Card sheets and handouts both start here."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from . import fonts

    rl_config.useA85 = 0  # read when each stream is written, so set before any page
    fonts.register()
    target = target if hasattr(target, "write") else str(target)  # a file or a path
    c = Canvas(target, pagesize=size, invariant=1, pageCompression=1, initialFontName=fonts.REGULAR, lang=meta.lang)
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setCreator("kort")
    c.setViewerPreference("DisplayDocTitle", "true")  # a viewer's title bar shows the title, not the file name
    _add_xmp(c, meta)
    return c


def _add_xmp(c, meta: Meta) -> None:
    """XMP metadata (title, language, author, subject), as accessibility checkers and archives
    read it; a tagged handout's post-pass adds its PDF/UA identification."""
    from xml.sax.saxutils import escape

    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    creator = (
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>" if meta.author else ""
    )
    subject = f"<dc:description>{alt(meta.subject)}</dc:description>" if meta.subject else ""
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<dc:title>{alt(meta.title)}</dc:title>{creator}{subject}"
        f"<dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>"
        "<pdf:Producer>kort</pdf:Producer><xmp:CreatorTool>kort</xmp:CreatorTool>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp.encode("utf-8"))
    c.setCatalogEntry("Metadata", c._doc.Reference(stream))


# kort writes PDFs (build), PNGs (preview) and YAML (new); older kort named its files by mkstemp
_PART = re.compile(r"^\.(?P<name>.+\.(?:pdf|png|yaml))\.(?:(?P<pid>\d+)-)?[A-Za-z0-9_]{6,8}\.part$")
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def describe_os_error(exc: OSError) -> str:
    """The reason of an OS error in plain words: what the user can act on."""
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "the file is open in another program (close it in the PDF viewer)"
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the drive is read-only",
        errno.ENOTDIR: "a file is in the way where a folder should be",
        errno.EISDIR: "it is a folder",
        errno.EEXIST: "a file of that name is in the way",
        errno.ENOENT: "the folder does not exist (was it moved, or the drive disconnected?)",
        errno.ENAMETOOLONG: "the name is too long",
        errno.EIO: "input/output error (is the drive still connected?)",
        errno.EBUSY: "the file is in use",
        errno.ETXTBSY: "the file is in use",
        errno.EMFILE: "too many open files",
    }
    if getattr(errno, "EDQUOT", None) is not None:
        reasons[errno.EDQUOT] = "the disk quota is used up"
    return reasons.get(exc.errno, (exc.strerror or str(exc) or type(exc).__name__).lower())


_HINTS = {
    "permission denied": "choose another folder with --out, or check its permissions",
    "the disk is full": "free some space, or choose another folder with --out",
    "the disk quota is used up": "free some space, or choose another folder with --out",
    "the drive is read-only": "choose a folder you can write to with --out",
    "a file is in the way where a folder should be": "rename or remove that file, or choose another folder with --out",
    "a file of that name is in the way": "rename or remove that file, or choose another folder with --out",
    "it is a folder": "rename or remove that folder, or choose another folder with --out",
}


class OutputError(KortError):
    """An OS error while writing the output, told truthfully: which file could not be written,
    at which step, the real reason, and which targets were replaced and which are as they were.
    `reason` is the reason alone (e.g. "the disk is full"); `cause` the OSError."""

    def __init__(self, path: Path | None, cause: OSError, step: str = "", replaced=(), kept=()):
        self.path, self.cause, self.step = path, cause, step
        self.reason = describe_os_error(cause)
        self.replaced, self.kept = list(replaced), list(kept)
        where = f" {display_path(path)}" if path is not None else ""
        if not self.replaced:
            outcome = "nothing was replaced"
        else:
            done = ", ".join(display_path(p) for p in self.replaced)
            left = ", ".join(display_path(p) for p in self.kept)
            outcome = f"{done} {'was' if len(self.replaced) == 1 else 'were'} replaced already"
            outcome += f"; {left} {'is' if len(self.kept) == 1 else 'are'} as before" if left else ""
        hint = _HINTS.get(self.reason, "")
        detail = f"{step}: {self.reason}" if step else self.reason
        head = f"cannot write{where}: {detail}" if path is not None else detail
        super().__init__(f"{head}; {outcome}" + (f"\n    hint: {hint}" if hint else ""))


class Terminated(SystemExit):
    """Raised in the main thread when the process is asked to stop (SIGTERM, SIGHUP) inside a
    batch, so that the batch removes its temporary files; exits with 128 + the signal."""

    def __init__(self, signum: int, replaced: bool = False):
        super().__init__(128 + signum)
        self.signum, self.replaced = signum, replaced


def stop_on_signals() -> None:
    """From now on, SIGTERM or SIGHUP raise Terminated in the main thread (a whole command, not
    only its batch of files, stops cleanly)."""

    def stop(signum, frame):
        raise Terminated(signum)

    if threading.current_thread() is threading.main_thread():
        for sig in _SIGNALS:
            try:
                signal.signal(sig, stop)
            except (ValueError, OSError):
                pass


class AtomicBatch:
    """Temporary files for several targets, moved into place together only when all are complete.

    Used as a context manager: leaving it with an exception (or a SIGTERM or SIGHUP) removes
    every temporary file and every folder it created, and leaves every existing target as it
    was. See the module's docstring for permissions, stale files and errors.
    """

    def __init__(self):
        self._pairs: list[tuple[Path, Path]] = []
        self._created: list[Path] = []  # folders this batch made, outermost first
        self._swept: set[Path] = set()
        self._saved: dict[int, object] = {}
        self._pending: list[int] = []
        self.started = time.time()

    def add(self, target: Path) -> Path:
        """A new temporary file for `target`, created empty with the permissions the target will
        have; the target's folder (and its parents) are made when missing."""
        if any(os.path.abspath(t) == os.path.abspath(target) for _tmp, t in self._pairs):
            raise KortError(
                f"two of the files this run writes would both be {display_path(target)}; nothing was replaced\n"
                "    hint: rename one of the content files"
            )
        folder = target.parent
        self._make_folders(folder, target)
        if folder not in self._swept:
            self._swept.add(folder)
            sweep_stale_parts(folder, self.started)
        if target.is_dir():
            raise OutputError(target, IsADirectoryError(errno.EISDIR, "Is a directory"))
        mode = _mode_for(target)
        while True:
            tmp = folder / f".{_short_name(target.name)}.{os.getpid()}-{secrets.token_hex(3)}.part"
            self._pairs.append((tmp, target))
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            except FileExistsError:
                self._pairs.pop()
                continue
            except OSError as exc:
                self._pairs.pop()
                raise OutputError(target, exc, f"cannot create a file in {display_path(folder)}") from None
            break
        try:
            if mode is not None:
                os.fchmod(fd, mode) if hasattr(os, "fchmod") else os.chmod(tmp, mode)
        except OSError:
            pass  # a file system without modes (a shared drive mounted as FAT or SMB)
        finally:
            os.close(fd)
        return tmp

    def _make_folders(self, folder: Path, target: Path) -> None:
        missing = []
        probe = folder
        while not os.path.lexists(probe) and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        if not probe.is_dir():  # the nearest thing that exists is a file: it is in the way
            raise OutputError(
                target, NotADirectoryError(errno.ENOTDIR, "Not a directory"), f"{display_path(probe)} is a file"
            )
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise OutputError(
                        target, NotADirectoryError(errno.ENOTDIR, "Not a directory"), f"{display_path(path)} is a file"
                    ) from None
                continue
            except OSError as exc:
                raise OutputError(target, exc, f"cannot create the folder {display_path(path)}") from None
            self._created.append(path)

    def __enter__(self) -> "AtomicBatch":
        self.started = time.time()
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNALS:
                try:
                    self._saved[sig] = signal.signal(sig, self._on_signal)
                except (ValueError, OSError):  # not settable here (an embedding application)
                    pass
        return self

    def _on_signal(self, signum, frame) -> None:
        raise Terminated(signum)

    def _hold_signals(self) -> None:
        """While files are moved or removed, a signal is noted and acted on afterwards."""
        for sig in self._saved:
            signal.signal(sig, lambda signum, frame: self._pending.append(signum))

    def _restore_signals(self) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)
        self._saved.clear()

    def __exit__(self, exc_type, exc, tb) -> None:
        self._hold_signals()
        replaced: list[Path] = []
        try:
            if exc_type is None:
                self._commit(replaced)
        except BaseException:
            self._cleanup(failed=not replaced)
            raise
        else:
            self._cleanup(failed=exc_type is not None)
        finally:
            self._restore_signals()
        if exc_type is not None and issubclass(exc_type, OSError) and not isinstance(exc, OutputError):
            target = self._target_of(getattr(exc, "filename", None))
            if target is not None:
                raise OutputError(target, exc) from exc
            where = Path(exc.filename) if getattr(exc, "filename", None) else None
            raise OutputError(
                None, exc, f"the build stopped at {display_path(where)}" if where else "the build stopped"
            ) from exc
        if self._pending:
            raise Terminated(self._pending[0], replaced=True)
        return None

    def _target_of(self, filename) -> Path | None:
        if not filename:
            return None
        for tmp, target in self._pairs:
            if os.fspath(tmp) == os.fspath(filename):
                return target
        return None

    def _commit(self, replaced: list[Path]) -> None:
        for tmp, target in self._pairs:  # everything that can be checked before the first move
            if target.is_dir():
                raise OutputError(target, IsADirectoryError(errno.EISDIR, "Is a directory"))
            try:
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise OutputError(target, exc) from None
        for i, (tmp, target) in enumerate(self._pairs):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                kept = [t for _tmp, t in self._pairs[i:]]
                raise OutputError(target, exc, "moving the new file into place failed", list(replaced), kept) from None
            replaced.append(target)

    def _cleanup(self, failed: bool) -> None:
        for tmp, _target in self._pairs:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            except OSError:
                pass  # nothing more can be done; the next batch sweeps it
        if failed:
            for folder in reversed(self._created):
                try:
                    folder.rmdir()  # only when empty: a folder the user has put files in stays
                except OSError:
                    break


def _short_name(name: str, limit: int = 200) -> str:
    """The end of `name` in at most `limit` bytes of UTF-8, so that the temporary file's name
    stays within the 255 bytes file systems allow when the target's own name nearly fills them."""
    while len(name.encode("utf-8")) > limit:
        name = name[1:]
    return name


def _mode_for(target: Path) -> int | None:
    """The permissions of the file being replaced; None for a new file (the umask decides)."""
    try:
        info = os.stat(target)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def sweep_stale_parts(folder: Path, before: float) -> list[Path]:
    """Remove the temporary files that killed builds left in `folder`: only names of kort's own
    pattern (`.<name>.<pid>-<random>.part`, or the older `.<name>.<random>.part`), only regular
    files, only those last changed before `before`, and none of a build that is still running.
    Returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_mtime >= before:
            continue
        pid = match.group("pid")
        if pid and int(pid) != os.getpid() and _running(int(pid), info.st_mtime):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _running(pid: int, changed: float) -> bool:
    """Whether the build that named a temporary file may still be writing it."""
    if sys.platform == "win32":  # os.kill(pid, 0) would stop the process there: go by age only
        return time.time() - changed < 3600
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
