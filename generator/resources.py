"""Where the shipped content, layouts, templates, fonts and catalogs live.

An installed kort reads the copies that the build put in `generator/_data/`; a source checkout
(editable install, or tests run from the clone) reads the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of shipped `content` or `layouts`."""
    bundled = PACKAGE_DIR / "_data" / name
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / name


def package_path(*parts: str) -> Path:
    """Return a path inside the package (fonts, templates, locale)."""
    return PACKAGE_DIR.joinpath(*parts)
