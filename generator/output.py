"""Write files so that an existing one is replaced only by a complete new one."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


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
    return c


class AtomicBatch:
    """Temporary files for several targets, moved into place together only when all are complete.

    Used as a context manager: leaving it with an exception removes every temporary file and
    leaves every existing target as it was.
    """

    def __init__(self):
        self._pairs: list[tuple[Path, Path]] = []

    def add(self, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        self._pairs.append((Path(tmp), target))
        return Path(tmp)

    def __enter__(self) -> "AtomicBatch":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                for tmp, _target in self._pairs:
                    with open(tmp, "rb+") as fh:
                        os.fsync(fh.fileno())
                for tmp, target in self._pairs:
                    os.replace(tmp, target)
        finally:
            for tmp, _target in self._pairs:
                if tmp.exists():
                    tmp.unlink()
