"""`kort new`: write an editable content pack whose comments explain every field."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError, display_path
from .resources import package_path

FILES = {"mingel": ("mingel.yaml", "branding.yaml"), "empty": ("kort.yaml", "branding.yaml")}


def scaffold(folder: Path, base: str, lang: str, force: bool = False) -> list[tuple[Path, bool]]:
    """Write the pack's files; refuse (naming them) to replace existing ones unless `force`.

    Returns each path written and whether it replaced a file.
    """
    sources = [package_path("templates", "scaffold", lang, name) for name in FILES[base]]
    targets = [folder / lang / name for name in FILES[base]]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(display_path(t) for t in existing)
        raise UsageError(
            f"{names} already exist{'s' if len(existing) == 1 else ''}; nothing was written. "
            f"Choose another folder, or add --force to replace {'it' if len(existing) == 1 else 'them'}"
        )
    written = []
    for source, target in zip(sources, targets):
        replaced = target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append((target, replaced))
    return written
