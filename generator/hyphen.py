"""Where long words may be broken: pyphen's patterns (LibreOffice's dictionaries), loaded fast.

Parsing Swedish patterns takes pyphen about 0.1 s, as long as drawing two hundred cards. The
build (setup.py) stores the parsed patterns of each language kort speaks with `marshal`, next to
a digest of the pattern file they came from; at run time kort hands them to pyphen's own cache
when the installed pyphen still has that very file, and otherwise lets pyphen parse as usual.
ReportLab's paragraph hyphenation asks pyphen too, so it gets the same patterns.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
from pathlib import Path

# No imports from the package: the build loads this file on its own to store the patterns.
_PACKAGE = Path(__file__).resolve().parent

LANGUAGES = ("sv", "da")
EDGE = 4  # letters kept together at either end of a word: "verk-samhet", never "ve-rksamhet"
FROM = 9  # letters: only long words (Swedish and Danish compounds) are broken; "nå-gon" reads badly
PUNCTUATION = '.,;:!?”»«’"()'  # stripped before a word is measured for hyphenation
_FORMAT = 1


def compiled_path(lang: str, root: Path | None = None) -> Path:
    """Where the build puts the parsed patterns of `lang`."""
    base = root if root is not None else _PACKAGE
    return base / "_data" / "hyphen" / f"{lang}.marshal"


@functools.cache
def hyphenator(lang: str):
    """A pyphen hyphenator for `lang`, from the stored patterns when they are current."""
    import pyphen

    _prime(pyphen, lang)
    return pyphen.Pyphen(lang=lang, left=EDGE, right=EDGE)


@functools.lru_cache(maxsize=65536)
def points(word: str, lang: str) -> tuple[int, ...]:
    """Where `word` may be broken (at least EDGE letters either side); () for short words."""
    core = word.lstrip(PUNCTUATION)
    lead = len(word) - len(core)
    core = core.rstrip(PUNCTUATION)
    if len(core) < FROM or not core.isalpha():
        return ()
    return tuple(lead + p for p in hyphenator(lang).positions(core))


def _prime(pyphen, lang: str) -> None:
    """Put stored patterns into pyphen's cache; silently leave pyphen to parse when they do not
    match its file (another pyphen version) or pyphen's internals have changed."""
    try:
        source = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        stored = compiled_path(lang)
        if source in pyphen.hdcache or not stored.is_file():
            return
        version, digest, patterns, maxlen = marshal.loads(stored.read_bytes())
        if version != _FORMAT or digest != _digest(source):
            return
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.cache, hd.maxlen = patterns, {}, maxlen
        pyphen.hdcache[source] = hd
    except (AttributeError, KeyError, OSError, TypeError, ValueError, EOFError):
        return


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def compile_patterns(root: Path) -> list[Path]:
    """Parse the patterns of every language kort speaks and store them under `root` (the build
    calls this); a language whose patterns marshal cannot hold is left to parse at run time."""
    import pyphen

    written = []
    for lang in LANGUAGES:
        source = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        hd = pyphen.HyphDict(source)
        patterns = {k: (start, tuple(values)) for k, (start, values) in hd.patterns.items()}
        if not all(type(v) is int for _, values in patterns.values() for v in values):
            continue  # nonstandard hyphenation (DataInt with data): not for marshal
        target = compiled_path(lang, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(marshal.dumps((_FORMAT, _digest(source), patterns, hd.maxlen)))
        written.append(target)
    return written
