"""Read YAML safely into a node tree that remembers where every value came from.

Values are kept as PyYAML nodes rather than constructed objects, so that the model stage can
report `file:line` for each field and read plain scalars as the text the user typed: YAML 1.1
would otherwise turn an unquoted `no` into False or `1:30` into 90.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Location, Problem
from .typography import strip_invisible

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


YAML_MAX_BYTES = 2 * 1024 * 1024  # a content file; the largest shipped one is 20 KB
YAML_MAX_DEPTH = 50  # blocks within blocks; kort's formats need fewer than 10
YAML_MAX_VALUES = 1_000_000  # values in a file, counting each repetition by an alias (*name)

# Line breaks that Word and web pages paste but YAML would read as the end of a line (U+2028,
# U+2029, U+0085) or refuse outright (vertical tab and form feed, Word's manual line and page
# breaks): each becomes a space before parsing, so the line numbers stay those of the editor.
_PASTED_BREAKS = re.compile("[\u2028\u2029\u0085\x0b\x0c]")
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_SAVE_UTF8 = "save the file as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8)"


def load_yaml(path: Path, problems: list[Problem], text: str | None = None, root: Path | None = None) -> Node | None:
    """Compose one YAML file (or `text` given for it, e.g. an editor's unsaved copy) into nodes;
    record syntax errors and duplicate keys as problems.

    Only a regular file of at most YAML_MAX_BYTES is read (a named pipe or device never blocks or
    streams), and with `root` only one that lies inside it once links are followed; it must be
    UTF-8 (a byte order mark is skipped); blocks may nest YAML_MAX_DEPTH deep, aliases may not
    refer to the block they are in, and the file may hold YAML_MAX_VALUES values with every alias
    expanded, so that nothing later walks without bound.
    """
    from .assets import FileReadError, read_regular_file

    if text is not None:
        if len(text.encode("utf-8", "surrogatepass")) > YAML_MAX_BYTES:
            problems.append(Problem(Location(path, 1), f"the text is larger than {YAML_MAX_BYTES:,} bytes"))
            return None
        return compose_text(text.removeprefix("\ufeff"), path, problems)
    try:
        data = read_regular_file(path, YAML_MAX_BYTES, root)
    except FileReadError as exc:
        text = str(exc)
        too_large = "at most" in text or "larger" in text  # a file, with lines, but too many
        hint = (
            "split the material into several files"
            if too_large
            else "copy the file into the pack instead of linking to it"
            if "outside" in text
            else ""
        )
        problems.append(Problem(Location(path, 1 if too_large else 0), f"cannot read the file: {exc}", hint))
        return None
    text = _decode(data, path, problems)
    if text is None:
        return None
    return compose_text(text, path, problems)


def compose_text(text: str, path: Path, problems: list[Problem]) -> Node | None:
    """Compose YAML text read from `path` into nodes, within kort's limits; record problems as
    `load_yaml` does."""
    if _PASTED_BREAKS.search(text):
        text = _PASTED_BREAKS.sub(" ", text)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as fast_exc:
        if "nesting depth" in str(fast_exc):  # libyaml's own limit (1,000) is far beyond kort's
            problems.append(_depth_problem(path, _deep_line(text) or _mark_line(fast_exc)))
        else:
            problems.append(_syntax_problem(path, _detailed(text, fast_exc)))
        return None
    except yaml.reader.ReaderError as exc:
        problems.append(_reader_problem(path, text, exc))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(Location(path), f"YAML error: {exc}"))
        return None
    except RecursionError:
        problems.append(_depth_problem(path, _deep_line(text)))
        return None
    if node is None:
        problems.append(
            Problem(
                Location(path, 1), "the file is empty", "start from a shipped file, e.g. `kort new DIR`, or delete it"
            )
        )
        return None
    if not _check_tree(node, path, problems):
        return None
    return node


def _decode(data: bytes, path: Path, problems: list[Problem]) -> str | None:
    """The file's text: UTF-8, with or without a byte order mark; UTF-16 and UTF-32 (Windows'
    "Unicode") and other encodings are named with the line of the first byte that is wrong."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            problems.append(Problem(Location(path, 1), f"the file is saved as {name}, not UTF-8", _SAVE_UTF8))
            return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:200]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        problems.append(Problem(Location(path, 1), "the file is saved as UTF-16, not UTF-8", _SAVE_UTF8))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1]
        guess = bad.decode("cp1252", errors="replace")
        seen = f" ('{guess}' in Windows-1252)" if guess.isprintable() and guess != "\ufffd" else ""
        problems.append(
            Problem(
                Location(path, line),
                f"the file is not UTF-8 text: byte 0x{bad.hex().upper()}{seen} on this line ({exc.reason})",
                _SAVE_UTF8,
            )
        )
        return None


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    return exc.problem_mark.line + 1 if exc.problem_mark else 0


def _detailed(text: str, fast_exc: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """PyYAML's own parser says more precisely what is wrong (a tab, an open quote); libyaml's
    message is kept when the pure-Python parser itself runs out of stack."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as detailed:
        return detailed
    except (yaml.YAMLError, RecursionError):
        pass
    return fast_exc


def _reader_problem(path: Path, text: str, exc) -> Problem:
    """A character YAML does not allow (a control character pasted with text)."""
    import unicodedata

    found = re.search("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]", text)
    position = found.start() if found else 0  # libyaml counts bytes, not characters
    line = text.count("\n", 0, position) + 1
    ch = found.group() if found else ""

    name = unicodedata.name(ch, "") if ch else ""
    what = f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}, a control character" if ch else "a character"
    return Problem(
        Location(path, line),
        f"the line holds an invisible character YAML does not allow ({what})",
        "delete it: retype the text around it, or paste it as plain text",
    )


def _depth_problem(path: Path, line: int) -> Problem:
    return Problem(
        Location(path, line),
        f"the blocks are nested more than {YAML_MAX_DEPTH} deep",
        "check the indentation and the brackets [ ] and { } on this line",
    )


def _deep_line(text: str) -> int:
    """The line where the nesting first goes deeper than YAML_MAX_DEPTH, from the parser's events
    (which need no stack)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > YAML_MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return 0


def _check_tree(root: Node, path: Path, problems: list[Problem]) -> bool:
    """One pass over every distinct node.

    It takes out of every key and value the invisible characters that text pasted from Word or
    the web carries (typography.strip_invisible: zero-width spaces, direction marks, soft
    hyphens; and NFC), so that keys, kinds, ids and colours are what they look like; it reports
    duplicate keys (the file still reads); and it checks the limits that protect every later
    walk, returning False when one is exceeded: nesting deeper than YAML_MAX_DEPTH and, in a file
    with aliases (*name), an alias inside the block it names (a loop) and more than
    YAML_MAX_VALUES values once aliases are expanded ("billion laughs").
    """
    start = len(problems)
    seen: set[int] = set()
    count = 0
    level, depth = [root], 1
    while level:  # level by level: the depth is the level's, and no tuple is made per node
        if depth > YAML_MAX_DEPTH:
            problems.append(_depth_problem(path, line_of(level[0])))
            return False
        below: list[Node] = []
        for node in level:
            if isinstance(node, ScalarNode):
                if not node.value.isascii():
                    node.value = strip_invisible(node.value)
            elif isinstance(node, MappingNode):
                for key, _value in node.value:  # before the duplicate check: 'title\u200b' is 'title'
                    if isinstance(key, ScalarNode) and not key.value.isascii():
                        key.value = strip_invisible(key.value)
                _duplicate_keys(node, path, problems)
                for key, value in node.value:
                    below.append(key)
                    below.append(value)
            elif isinstance(node, SequenceNode):
                below += node.value
        count += len(level)
        seen.update(map(id, level))
        if len(seen) < count:  # a node met twice: an alias; check no shared node twice
            break
        level, depth = below, depth + 1
    if len(seen) == count:
        return True
    del problems[start:]  # the walk over shared nodes reports each duplicate key once
    return _check_aliases(root, path, problems)


def _check_aliases(root: Node, path: Path, problems: list[Problem]) -> bool:
    """The limits again for a file whose aliases share nodes: each node's expanded size and height
    are summed from its children's once (so a billion laughs costs what its text does), and an
    alias met while its own block is still open is a loop."""
    done: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded values, height)
    active: set[int] = {id(root)}
    stack: list[tuple[Node, list[Node], int]] = [(root, _children(root, path, problems), 0)]

    def fail(problem: Problem) -> bool:
        problems.append(problem)
        return False

    while stack:
        node, kids, i = stack[-1]
        if i < len(kids):
            stack[-1] = (node, kids, i + 1)
            child = kids[i]
            key = id(child)
            if key in active:
                at = kids[i - 1] if isinstance(node, MappingNode) and i % 2 else node
                return fail(
                    Problem(
                        Location(path, line_of(at)),
                        "an alias (*name) here refers to the block it is in, so the block would never end",
                        "copy the text instead of using an alias",
                    )
                )
            if key in done:
                if len(stack) + done[key][1] > YAML_MAX_DEPTH:
                    return fail(_depth_problem(path, line_of(child)))
                continue
            if len(stack) + 1 > YAML_MAX_DEPTH:
                return fail(_depth_problem(path, line_of(child)))
            active.add(key)
            stack.append((child, _children(child, path, problems), 0))
            continue
        stack.pop()
        active.discard(id(node))
        size, height = 1, 1
        for kid in kids:
            kid_size, kid_height = done[id(kid)]
            size += kid_size
            height = max(height, kid_height + 1)
        if size > YAML_MAX_VALUES:
            return fail(
                Problem(
                    Location(path, line_of(node)),
                    f"the file holds more than {YAML_MAX_VALUES:,} values once its aliases (*name) are expanded",
                    "use fewer aliases, or split the material into several files",
                )
            )
        done[id(node)] = (size, height)
    return True


def _children(node: Node, path: Path, problems: list[Problem]) -> list[Node]:
    if isinstance(node, ScalarNode):
        node.value = strip_invisible(node.value)
        return []
    if isinstance(node, MappingNode):
        for key, _value in node.value:
            if isinstance(key, ScalarNode):
                key.value = strip_invisible(key.value)
        _duplicate_keys(node, path, problems)
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


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


def _duplicate_keys(node: MappingNode, path: Path, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for key, _value in node.value:
        if isinstance(key, ScalarNode):
            if key.value in seen:
                problems.append(
                    Problem(
                        Location(path, line_of(key)),
                        f"the key '{key.value}' appears twice in the same block (first on line {seen[key.value]})",
                        "keep one of them; YAML would silently use the last",
                    )
                )
            else:
                seen[key.value] = line_of(key)
