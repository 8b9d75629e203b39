"""`kort new`: write an editable content pack whose comments explain every field.

Everything is checked before anything is written: a file that exists is replaced only with
--force, and never when it is a symbolic link, a folder or anything but a regular file, or when
the pack's language folder leads (by a symbolic link) out of the folder given. The files are then
written together through an AtomicBatch: each one complete or not at all, a replaced file keeps
its permissions, and on any failure every file is as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .resources import package_path

FILES = {"mingel": ("mingel.yaml", "branding.yaml"), "empty": ("kort.yaml", "branding.yaml")}


def display_path(path: Path) -> str:
    """A path as the user gave it, relative to the working folder when below it, with symbolic
    links left as they are (errors.display_path resolves them, which would name the link's
    target where the message is about the link)."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return str(path)


def scaffold(folder: Path, base: str, lang: str, force: bool = False) -> list[tuple[Path, bool]]:
    """Write the pack's files; refuse (naming them) to replace existing ones unless `force`.

    Returns each path written and whether it replaced a file.
    """
    from .assets import inside
    from .output import AtomicBatch

    sources = [package_path("templates", "scaffold", lang, name) for name in FILES[base]]
    targets = [folder / lang / name for name in FILES[base]]
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is a file, not a folder; nothing was written")
    for path in (folder / lang, *targets):
        if os.path.lexists(path) and path.is_symlink():
            raise UsageError(
                f"{display_path(path)} is a symbolic link; kort new does not write through links "
                "(it could replace a file outside the pack); nothing was written. Remove the link, "
                "or choose another folder"
            )
    lang_folder = folder / lang
    if os.path.lexists(lang_folder) and not lang_folder.is_dir():
        raise UsageError(f"{display_path(lang_folder)} is a file, not a folder; nothing was written")
    if lang_folder.exists() and not inside(lang_folder, folder):
        raise UsageError(f"{display_path(lang_folder)} leads out of {display_path(folder)}; nothing was written")
    odd = [t for t in targets if os.path.lexists(t) and not t.is_file()]
    if odd:
        raise UsageError(f"{display_path(odd[0])} is not a file (a folder?); nothing was written. Remove or rename it")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(display_path(t) for t in existing)
        raise UsageError(
            f"{names} already exist{'s' if len(existing) == 1 else ''}; nothing was written. "
            f"Choose another folder, or add --force to replace {'it' if len(existing) == 1 else 'them'}"
        )
    texts = [source.read_text(encoding="utf-8") for source in sources]
    written = []
    with AtomicBatch() as batch:
        for text, target in zip(texts, targets):
            replaced = target.exists()
            batch.add(target).write_text(text, encoding="utf-8")
            written.append((target, replaced))
    return written
