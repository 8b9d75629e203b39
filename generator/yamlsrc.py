"""Read YAML safely into a node tree that remembers where every value came from.

Values are kept as PyYAML nodes rather than constructed objects, so that the model stage can
report `file:line` for each field and read plain scalars as the text the user typed: YAML 1.1
would otherwise turn an unquoted `no` into False or `1:30` into 90.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Location, Problem

_NULL, _STR = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's composer (about ten times faster than PyYAML's, same line marks), with the one
    distinction kort reads from tags: empty or not. Every other plain scalar stays the text the
    user typed, so YAML 1.1's guessing of booleans, numbers and times is skipped altogether."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return _SEQ if kind is SequenceNode else _MAP


_LOADER = _Loader

__all__ = ["Node", "MappingNode", "ScalarNode", "SequenceNode", "load_yaml", "line_of"]


def line_of(node: Node) -> int:
    """Return the 1-based line where a node starts."""
    return node.start_mark.line + 1


def load_yaml(path: Path, problems: list[Problem], text: str | None = None) -> Node | None:
    """Compose one YAML file (or `text` given for it, e.g. an editor's unsaved copy) into nodes;
    record syntax errors and duplicate keys as problems."""
    if text is not None:
        return compose_text(text, path, problems)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                Location(path), f"the file is not UTF-8 text ({exc.reason})", "save the file as UTF-8 in your editor"
            )
        )
        return None
    except OSError as exc:
        problems.append(Problem(Location(path), f"cannot read the file: {exc.strerror}"))
        return None
    return compose_text(text, path, problems)


def compose_text(text: str, path: Path, problems: list[Problem]) -> Node | None:
    """Compose YAML text read from `path` into nodes; record problems as `load_yaml` does."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as fast_exc:
        exc = fast_exc
        try:  # PyYAML's own parser says more precisely what is wrong (a tab, an open quote)
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as detailed:
            exc = detailed
        problems.append(_syntax_problem(path, exc))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(Location(path), f"YAML error: {exc}"))
        return None
    if node is None:
        problems.append(
            Problem(
                Location(path, 1), "the file is empty", "start from a shipped file, e.g. `kort new DIR`, or delete it"
            )
        )
        return None
    _check_duplicate_keys(node, path, problems)
    return node


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    what = exc.problem or "invalid YAML"
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else 0
    context = exc.context or ""
    if exc.context_mark and "quoted scalar" in context:
        # The error surfaces where the file ends; the mistake is the quote that was opened.
        line = exc.context_mark.line + 1
        return Problem(
            Location(path, line),
            "YAML syntax error: a quoted text starts on this line but its "
            f"closing quote is missing (the file reads on to line {problem_line})",
            "add the closing quote, or remove the opening one",
        )
    return Problem(Location(path, problem_line), f"YAML syntax error: {what}", _syntax_hint(what))


def _syntax_hint(what: str) -> str:
    if "\\t" in what or "\t" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "a text containing ': ' must be put in quotes, e.g. text: \"Fråga: hur?\""
    if "could not find expected ':'" in what or "simple key" in what:
        return "check the indentation and that every key ends with ':'"
    if "found character" in what and "cannot start any token" in what:
        return "put the text in quotes"
    return "check indentation and quotes on this line and the one before"


def _check_duplicate_keys(node: Node, path: Path, problems: list[Problem]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        problems.append(
                            Problem(
                                Location(path, line_of(key)),
                                f"the key '{key.value}' appears twice in the same block "
                                f"(first on line {seen[key.value]})",
                                "keep one of them; YAML would silently use the last",
                            )
                        )
                    else:
                        seen[key.value] = line_of(key)
                stack.append(value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
