"""Turn YAML nodes into frozen dataclasses, collecting every problem with file:line.

A model is a plain dataclass. Field metadata may carry `doc` (used in messages and the format
reference) and `check` (a function returning an error message, or "" when the value is fine).
A field named `where` of type Location is filled with the position of the node it came from.
A dataclass with a `SHORTHAND` class attribute may also be written as a bare scalar, which then
fills that one field (a question can be a plain string).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import types
import typing
from pathlib import Path
from typing import Any, Literal

from .errors import Location, Problem
from .yamlsrc import MappingNode, Node, ScalarNode, SequenceNode, line_of

_MISSING = object()
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


class Reader:
    """Converts nodes of one file, appending problems to a shared list."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def at(self, node: Node, keypath: str = "") -> Location:
        return Location(self.path, line_of(node), keypath)

    def problem(self, node: Node, message: str, hint: str = "", keypath: str | None = None) -> None:
        self.problems.append(Problem(self.at(node, self.keypath if keypath is None else keypath), message, hint))

    keypath = ""  # the key path of the value being read, for problems

    def read(self, tp: Any, node: Node, key: str, keypath: str | None = None) -> Any:
        """Convert `node` to type `tp`; on failure record a problem and return _MISSING."""
        if keypath is not None:
            self.keypath = keypath
        here = self.keypath
        kind, arg = read_plan(tp)
        if kind == "optional":
            if _is_null(node):
                return None
            return self.read(arg, node, key, here)
        if kind == "str":  # first: by far the most common
            return self._scalar(node, key, "a text")
        if kind == "list":
            if not isinstance(node, SequenceNode):
                self.problem(node, f"'{key}' must be a list", "write each item on its own line starting with '- '")
                return _MISSING
            items = [self.read(arg, item, f"{key}[{i + 1}]", f"{here}[{i}]") for i, item in enumerate(node.value)]
            self.keypath = here
            return _MISSING if any(i is _MISSING for i in items) else tuple(items)
        if kind == "dict":
            if not isinstance(node, MappingNode):
                self.problem(node, f"'{key}' must be a block of keys (name: value)")
                return _MISSING
            items = {k.value: self.read(arg, v, k.value, _join(here, k.value)) for k, v in node.value}
            self.keypath = here
            return _MISSING if any(i is _MISSING for i in items.values()) else items
        if kind == "literal":
            value = self._scalar(node, key, "one of " + ", ".join(map(str, arg)))
            if value is _MISSING:
                return _MISSING
            if value not in arg:
                guess = difflib.get_close_matches(value, [str(c) for c in arg], n=1)
                hint = f"did you mean '{guess[0]}'?" if guess else "choose one of: " + ", ".join(map(str, arg))
                self.problem(node, f"'{key}' is '{value}', which is not allowed", hint)
                return _MISSING
            return value
        if kind == "model":
            return self.read_model(tp, node, key)
        if kind == "bool":
            value = self._scalar(node, key, "true or false")
            if value is _MISSING:
                return _MISSING
            if value.lower() in _TRUE:
                return True
            if value.lower() in _FALSE:
                return False
            self.problem(node, f"'{key}' must be true or false, not '{value}'")
            return _MISSING
        if kind == "number":
            value = self._scalar(node, key, "a number")
            if value is _MISSING:
                return _MISSING
            try:
                number = tp(value)
            except ValueError:
                number = None
            if number is None or not math.isfinite(number) or abs(number) > 1e6:
                what = "a whole number" if tp is int else "a number"
                self.problem(node, f"'{key}' must be {what}, not '{value}'", "write digits only, e.g. 12 or 3.5")
                return _MISSING
            return number
        raise TypeError(f"schema cannot read type {tp!r}")  # a bug in a model, not user input

    def _scalar(self, node: Node, key: str, expected: str) -> Any:
        if isinstance(node, ScalarNode):
            if _is_null(node) and node.value in ("", "~", "null"):
                self.problem(node, f"'{key}' is empty; it must be {expected}", "write a value after the colon")
                return _MISSING
            return node.value
        kind = "a list" if isinstance(node, SequenceNode) else "a block of keys"
        hint = "put the text on the same line as the key, in quotes if it contains ':' or '#'"
        self.problem(node, f"'{key}' must be {expected}, but it is {kind}", hint)
        return _MISSING

    def read_model(self, cls: type, node: Node, key: str) -> Any:
        here = self.keypath
        fields = _fields(cls)
        shorthand = getattr(cls, "SHORTHAND", None)
        if isinstance(node, ScalarNode) and shorthand:
            value = self.read(fields[shorthand].type, node, key, _join(here, shorthand))
            self.keypath = here
            if value is _MISSING:
                return _MISSING
            check = fields[shorthand].metadata.get("check")
            message = check(value) if check else ""
            if message:
                hint = fields[shorthand].metadata.get("hint", "")
                self.problem(node, f"'{key}': {message}", hint, _join(here, shorthand))
                return _MISSING
            return self._construct(cls, fields, {shorthand: value}, node, key)
        if not isinstance(node, MappingNode):
            self.problem(
                node, f"'{key}' must be a block of keys (name: value)", "indent the keys below it by two spaces"
            )
            return _MISSING
        values: dict[str, Any] = {}
        guessed: set[str] = set()
        failed = False
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if name not in fields or name == "where":
                known = [n for n in fields if n != "where"]
                guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"did you mean '{guess[0]}'?" if guess else "known keys here: " + ", ".join(known)
                self.problem(key_node, f"unknown key '{name}' in {_label(cls, key)}", hint, _join(here, name))
                guessed.update(guess)
                failed = True
                continue
            value = self.read(fields[name].type, value_node, name, _join(here, name))
            self.keypath = here
            if value is _MISSING:
                failed = True
                continue
            check = fields[name].metadata.get("check")
            message = check(value) if check else ""
            if message:
                self.problem(
                    value_node, f"'{name}': {message}", fields[name].metadata.get("hint", ""), _join(here, name)
                )
                failed = True
                continue
            values[name] = value
        missing = [
            f
            for f in fields.values()
            if f.name not in values
            and f.name != "where"
            and _required(f)
            and not _failed_key(node, f.name)
            and f.name not in guessed
        ]
        for f in missing:
            doc = f.metadata.get("doc", "")
            self.problem(
                node,
                f"{_label(cls, key)} is missing the key '{f.name}'",
                f"add '{f.name}:'" + (f" ({doc})" if doc else ""),
                _join(here, f.name),
            )
            failed = True
        if failed:
            return _MISSING
        return self._construct(cls, fields, values, node, key)

    def _construct(self, cls, fields, values, node, key):
        if "where" in fields:
            values["where"] = self.at(node, self.keypath)
        try:
            return cls(**values)
        except ValueError as exc:  # raised by a model's __post_init__ cross-field check
            self.problem(node, f"{_label(cls, key)}: {exc}")
            return _MISSING


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def read_file_model(cls: type, node: Node, path: Path, problems: list[Problem]) -> Any | None:
    """Convert a whole file's root node into `cls`; None when anything was wrong."""
    value = Reader(path, problems).read_model(cls, node, path.name)
    return None if value is _MISSING else value


@functools.cache
def read_plan(tp: Any) -> tuple[str, Any]:
    """How to read a type, worked out once per type: a kind (optional, list, dict, literal, model,
    str, bool, number) and what it holds (the inner type, the allowed values)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return "optional", next(a for a in typing.get_args(tp) if a is not type(None))
    if origin in (list, tuple):
        return "list", typing.get_args(tp)[0]
    if origin is dict:
        return "dict", typing.get_args(tp)[1]
    if origin is Literal:
        return "literal", typing.get_args(tp)
    if dataclasses.is_dataclass(tp):
        return "model", None
    if tp is str:
        return "str", None
    if tp is bool:
        return "bool", None
    if tp in (int, float):
        return "number", None
    return "unknown", None


@functools.cache
def _fields(cls: type) -> dict[str, dataclasses.Field]:
    hints = typing.get_type_hints(cls)
    fields = {}
    for f in dataclasses.fields(cls):
        f.type = hints[f.name]
        fields[f.name] = f
    return fields


def _is_null(node: Node) -> bool:
    """A plain scalar YAML reads as empty: nothing after the colon, `~` or `null`."""
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and node.style is None


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _failed_key(node: MappingNode, name: str) -> bool:
    return any(isinstance(k, ScalarNode) and k.value == name for k, _ in node.value)


def _label(cls: type, key: str) -> str:
    noun = getattr(cls, "NOUN", cls.__name__.lower())
    return f"{noun} '{key}'" if key and not key.endswith(".yaml") else noun
