"""Errors that reach the user as a clean message and an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Location:
    """A place in a user's file: the path, a 1-based line number (0 when unknown) and the key path
    of the value in the file (e.g. `questions[3].text`, lists counted from 0), which lets an editor
    put a message next to its field."""

    path: Path
    line: int = 0
    key: str = ""

    def at(self, key: str) -> "Location":
        """The same place, naming a key below it (`questions[3]` → `questions[3].principle`)."""
        return Location(self.path, self.line, f"{self.key}.{key}" if self.key else key)

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}" if self.line else display_path(self.path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input: where, what, and how to fix it."""

    where: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    import os

    try:  # absolute, but links not followed: a linked file is shown by the name the user gave it
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(Path.cwd()))))
        except ValueError:
            return str(path)


class KortError(click.ClickException):
    """Raised for any failure the user can fix; exits with code 2 and no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: D102 - click's signature
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class ContentError(KortError):
    """Raised when content or layout files have problems; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        body = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{head} in the content; nothing was written.\n{body}")


class UsageError(KortError):
    """Raised when command-line options or paths do not make sense together."""
