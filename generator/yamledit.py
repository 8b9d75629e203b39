"""Change a YAML file's data and keep what its author wrote: comments, key order, quotes, folds.

The editor (`kort serve`) holds each file as plain data (dicts, lists, strings), the way JSON
carries it. `read` turns a file into that data; `update` writes changed data back into the
file's own text with ruamel.yaml's round trip, touching only what changed:

- an unchanged value keeps its node, so its quotes, folded lines and comments stay;
- a changed text keeps its style (quoted, folded `>-`, literal `|`);
- a new key is put where the file's comments already show it (`# title: ...` becomes
  `title: ...`), else in kort's usual order, and takes over the comments below its neighbour;
- a deleted key or list item hands the comments below it to the one before it;
- list items are matched by equality, then by `id`, then by position, so that reordering and
  deleting questions moves their comments with them.

`merge` joins the user's unsaved changes with a version changed on disk meanwhile, and
`preview_text` writes data quickly (PyYAML, no comments) for the live preview.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

FOLD_WIDTH = 96  # folded text (`>-`) is wrapped at about this column, like the shipped files

# kort's usual order of keys, for keys the user adds in the editor (a key not listed goes last).
KEY_ORDER = [
    "kind", "language", "extends", "id", "name", "title", "subtitle", "organisation", "logo", "text",
    "summary", "principle", "category", "publisher", "source", "colour", "colours", "primary",
    "secondary", "accent", "intro", "approach", "points_intro", "points", "principles", "steps",
    "items", "numbered", "lettered", "closing", "sections", "drop", "questions", "footer", "contact",
]  # fmt: skip
_RANK = {k: i for i, k in enumerate(KEY_ORDER)}


class YamlEditError(Exception):
    """Raised when a file's text is not YAML the editor can read (with the line, when known)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


# ---------------------------------------------------------------- reading


def _yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
    y = YAML()  # round trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap the author's long lines
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def guess_indent(text: str) -> tuple[int, int, int]:
    """The file's indentation as ruamel names it: (mapping, sequence, offset); kort's own
    files use 2 for keys and put `- ` two spaces in (2, 4, 2)."""
    mapping = sequence = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, line in zip(lines, lines[1:]):
        head = len(prev) - len(prev.lstrip(" "))
        body = prev.strip()
        if not body.endswith(":") and not re.search(r":\s*(#.*)?$", body):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent < head or (indent == head and not line.lstrip().startswith("- ")):
            continue
        if line.lstrip().startswith("- "):
            if offset is None:
                offset = indent - head
                after = line.lstrip()[2:]
                sequence = offset + 2 + (len(after) - len(after.lstrip(" ")))
        elif mapping is None and not body.startswith("- "):
            mapping = indent - head
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    if offset is None:
        offset, sequence = 2, 4
    return mapping, max(sequence, offset + 2), offset


def parse(text: str):
    """The round-trip tree of a file's text; raise YamlEditError naming the line when it is not YAML."""
    try:
        return _yaml(guess_indent(text)).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlEditError(f"YAML syntax error: {problem}", mark.line + 1 if mark else 0) from None


def read(text: str) -> Any:
    """The file's data as plain JSON-able values."""
    return plain(parse(text))


def plain(node: Any) -> Any:
    """A round-trip node as plain dicts, lists, strings, numbers, booleans and None."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return str(node)


def preview_text(data: Any) -> str:
    """Data as YAML text, fast and without comments: what the live preview loads. Every string
    is written so that kort reads it back as the same text."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)


# ---------------------------------------------------------------- writing


def update(text: str, data: Any) -> str:
    """The file's text with its data replaced by `data`, keeping everything else the author wrote."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text[len(bom) :].replace("\r\n", "\n")
    indent = guess_indent(body)
    tree = parse(body) if body.strip() else None
    if isinstance(tree, CommentedMap) and isinstance(data, dict):
        body, tree = _uncomment_new_keys(body, tree, data)
    for keep_styles in (True, False):
        out = _dump(_update(tree, data, keep_styles), indent)
        if plain(_yaml(indent).load(out)) == plain_data(data):
            return bom + out.replace("\n", newline)
        tree = parse(body) if body.strip() else None  # try again without the old styles
    raise YamlEditError("the editor could not write this data as YAML that reads back the same")


def plain_data(data: Any) -> Any:
    """Data as JSON would carry it (tuples as lists), for comparisons."""
    return json.loads(json.dumps(data))


def _dump(tree: Any, indent: tuple[int, int, int]) -> str:
    buffer = io.StringIO()
    _yaml(indent).dump(tree, buffer)
    return buffer.getvalue()


def _update(node: Any, data: Any, styles: bool = True, depth: int = 0) -> Any:
    """`node` changed to hold `data`: the same object where it can be, else a new node."""
    if isinstance(data, dict) and isinstance(node, CommentedMap):
        gone = [k for k in node if str(k) not in data]
        for key, value in data.items():  # new keys first: they take over comments of keys that go
            if not any(str(k) == key for k in node):
                _insert_key(node, key, _build(value))
        for key in gone:
            _delete_key(node, key, comment_out=depth <= 1)
        for key, value in data.items():
            old_key = next(k for k in node if str(k) == key)
            below = _take_rest(node, old_key)  # the lines after the whole value, wherever it ends now
            new = _update(node[old_key], value, styles, depth + 1)
            if new is not node[old_key]:
                node[old_key] = new
            _add_rest_in_map(node, old_key, below)
        return node
    if isinstance(data, list) and isinstance(node, CommentedSeq):
        _update_seq(node, data, styles)
        return node
    if not isinstance(node, (dict, list)) and not isinstance(data, (dict, list)):
        if plain(node) == data and type(plain(node)) is type(data):
            return node
        return _styled(node, data) if styles else _unstyled(data)
    return _build(data)


def _styled(old: Any, value: Any) -> Any:
    """A new scalar written the way the old one was (quoted, folded, literal)."""
    if not isinstance(value, str):
        return value
    if "\n" in value.rstrip("\n"):
        return LiteralScalarString(value)
    if isinstance(old, FoldedScalarString):
        return _folded(value)
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(value)
    if isinstance(old, DoubleQuotedScalarString) and str(old):  # an empty text is quoted only to be empty
        return DoubleQuotedScalarString(value)
    if isinstance(old, SingleQuotedScalarString) and str(old):
        return SingleQuotedScalarString(value)
    return _unstyled(value)


def _unstyled(value: Any) -> Any:
    """A scalar written plainly where YAML allows it (quoted where it must be). Plain `str` would
    not do in place of an old value: ruamel gives a new text the old one's quotes."""
    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value.rstrip("\n") else PlainScalarString(value)
    return value


def _folded(value: str) -> FoldedScalarString:
    """Folded text (`>-`) wrapped at spaces near FOLD_WIDTH (counting a usual indentation)."""
    folded = FoldedScalarString(value)
    width, column, last_space, folds = FOLD_WIDTH - 4, 0, -1, []
    for i, ch in enumerate(value):
        if ch == " " and 0 < i < len(value) - 1 and value[i - 1] != " " and value[i + 1] != " ":
            last_space = i
        column += 1
        if column > width and last_space > (folds[-1] if folds else -1):
            folds.append(last_space)
            column = i - last_space
    folded.fold_pos = folds
    return folded


def _build(data: Any) -> Any:
    """A new node for data the file did not have."""
    if isinstance(data, dict):
        node = CommentedMap()
        for key in sorted(data, key=lambda k: _RANK.get(k, len(KEY_ORDER))):  # kort's usual order
            node[key] = _build(data[key])
        return node
    if isinstance(data, list):
        return CommentedSeq([_build(v) for v in data])
    if isinstance(data, str) and "\n" in data.rstrip("\n"):
        return LiteralScalarString(data)
    return data


# ---- comments: ruamel keeps the comment lines below a value with that value (for a block,
# with its last value, however deep); these helpers move them when values come and go. A
# value's comments are read as (the comment at the end of its line, the lines below it).


def _slot(container: Any, key: Any) -> tuple[Any, Any]:
    """Where the comments below `container[key]` are kept: with its deepest last value."""
    value = container[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        container, key = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = container[key]
    return container, key


def _index(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _is_block(value: Any) -> bool:
    """A `>-` or `|` text: its own last line break is not part of its comments."""
    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def _get(container: Any, key: Any) -> tuple[str, str, CommentToken | None]:
    """The comments below `container[key]`: (end-of-line comment, lines below, the token)."""
    holder, slot = _slot(container, key)
    entry = holder.ca.items.get(slot)
    token = entry[_index(holder)] if entry and len(entry) > _index(holder) else None
    if not isinstance(token, CommentToken):
        return "", "", None
    if _is_block(holder[slot]):
        return "", token.value, token
    eol, rest = _split(token.value)
    return eol, rest, token


def _set(container: Any, key: Any, eol: str, rest: str, like: CommentToken | None = None) -> None:
    """Make the comments below `container[key]` these."""
    holder, slot = _slot(container, key)
    if _is_block(holder[slot]):
        value = (eol + "\n" if eol else "") + rest
    else:
        value = (eol + "\n" if eol else "\n") + rest if (eol or rest) else ""
    entry = holder.ca.items.setdefault(slot, [None] * 4)
    entry[_index(holder)] = _token(value, like) if value else None
    if not any(entry):
        holder.ca.items.pop(slot, None)


def _take_rest(container: Any, key: Any) -> str:
    """Remove and return the lines below `container[key]` (its end-of-line comment stays)."""
    eol, rest, token = _get(container, key)
    if token is not None:
        _set(container, key, eol, "", token)
    return rest


def _add_rest(container: Any, key: Any, rest: str) -> None:
    """Put comment lines below `container[key]`, after those it has."""
    if not rest:
        return
    eol, old, token = _get(container, key)
    _set(container, key, eol, old + rest, token)


def _split(value: str) -> tuple[str, str]:
    """A comment token's text as (the comment at the end of the value's own line, the lines below)."""
    if value.startswith("#"):
        eol, _, rest = value.partition("\n")
        return eol, rest
    return "", value[1:] if value.startswith("\n") else value


def _token(value: str, like: CommentToken | None = None) -> CommentToken:
    mark = like.start_mark if like is not None else CommentMark(0)
    return CommentToken(value, mark, None)


def _delete_key(node: CommentedMap, key: Any, comment_out: bool = False) -> None:
    """Remove a key; the comments below it stay. With `comment_out`, a one-line text value is
    kept as a comment (`# title: ...`), the way kort's new packs show optional keys."""
    keys = list(node)
    position = keys.index(key)
    value = node[key]
    _eol, rest, _token_ = _get(node, key)
    if comment_out and position > 0 and isinstance(value, str) and value.strip() and not _is_block(value):
        single = CommentedMap()
        single[str(key)] = _styled(value, str(value))
        text = _dump(single, (2, 4, 2))
        if text.count("\n") == 1:
            column = node.lc.key(key)[1] if key in getattr(node.lc, "data", {}) else 0
            rest = " " * column + "# " + text + rest
    del node[key]
    node.ca.items.pop(key, None)
    if not rest.strip():
        return  # blank lines alone are not worth keeping: the value before has its own
    if position > 0:
        _add_rest_in_map(node, keys[position - 1], rest)
    elif len(node):
        _put_first(node, rest)


def _add_rest_in_map(node: CommentedMap, key: Any, rest: str) -> None:
    """`_add_rest` for a key of a block; an empty `{}` or `[]` cannot have comment lines after
    its key (they would come before it), so they go to the key before."""
    value = node[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and not len(value) and rest.strip():
        keys = list(node)
        position = keys.index(key)
        if position > 0:
            _add_rest_in_map(node, keys[position - 1], rest)
        else:
            _put_first(node, rest)
        return
    _add_rest(node, key, rest)


def _put_first(container: Any, rest: str) -> None:
    """Comment lines that now stand before the first value of a block (its first went away)."""
    if not rest.strip():
        return
    tokens = []
    for line in rest.splitlines():
        text = line.lstrip(" ")
        tokens.append(CommentToken((text or "") + "\n", CommentMark(len(line) - len(text) if text else 0), None))
    while tokens and tokens[-1].value == "\n":
        tokens.pop()
    old = container.ca.comment[1] if container.ca.comment and len(container.ca.comment) > 1 else None
    container.ca.comment = [None, tokens + list(old or [])]


def _insert_key(node: CommentedMap, key: str, value: Any) -> None:
    """Add a key in kort's usual order; it takes over the comments below the key before it,
    which were written about what follows."""
    keys = list(node)
    rank = _RANK.get(key, len(KEY_ORDER))
    position = next((i for i, k in enumerate(keys) if _RANK.get(str(k), -1) > rank), len(keys))
    rest = _take_rest(node, keys[position - 1]) if position > 0 else ""
    node.insert(position, key, value)
    _add_rest_in_map(node, key, rest)


def _update_seq(seq: CommentedSeq, data: list, styles: bool) -> None:
    """Replace a list's items, reusing the old item (and its comments) that each new one is."""
    old = list(seq)
    tail = _take_rest(seq, len(old) - 1) if old else ""  # the lines after the whole list
    gone_rest = {i: _get(seq, i)[1] for i in range(len(old))}  # for items that go away
    below = {i: seq.ca.items.pop(i, None) for i in range(len(old))}  # below plain items
    used: dict[int, int] = {}  # new index -> old index

    def claim(j: int, test) -> None:
        for i, item in enumerate(old):
            if i not in used.values() and test(i, item):
                used[j] = i
                return

    for j, item in enumerate(data):
        claim(j, lambda i, o, item=item: plain(o) == item)
    for j, item in enumerate(data):
        if j not in used and isinstance(item, dict) and item.get("id"):
            claim(j, lambda i, o, item=item: isinstance(o, dict) and str(o.get("id", "")) == str(item["id"]))
    for j, item in enumerate(data):
        if j not in used and j < len(old) and j not in used.values():
            if isinstance(old[j], dict) == isinstance(item, dict):
                used[j] = j
    items = [_update(old[used[j]], item, styles, 2) if j in used else _build(item) for j, item in enumerate(data)]
    seq.clear()
    seq.ca.items.clear()
    seq.extend(items)
    new_of = {i: j for j, i in used.items()}
    for j, i in used.items():
        if below.get(i):
            seq.ca.items[j] = below[i]
    for i in range(len(old)):  # the comments below an item that went away stay where they were
        rest = gone_rest[i]
        if i in new_of or not rest.strip():
            continue
        before = [new_of[k] for k in range(i - 1, -1, -1) if k in new_of]
        if before:
            _add_rest(seq, before[0], rest)
        elif items:
            _put_first(seq, rest)
    if items:
        _add_rest(seq, len(items) - 1, tail)


def _uncomment_new_keys(text: str, tree: CommentedMap, data: dict) -> tuple[str, CommentedMap]:
    """Turn `# key: example` lines into real keys for the text keys that `data` adds, at the top
    level and one block down (`colours:`), so that a new value lands where the file explains it."""
    lines = text.splitlines(keepends=True)
    changed = False

    def uncomment(key: str, indent: int, start: int, end: int) -> None:
        nonlocal changed
        pattern = re.compile(rf"^ {{{indent}}}# ?{re.escape(key)}:[ \t]+\S")
        hits = [i for i in range(start, end) if pattern.match(lines[i])]
        if len(hits) == 1:
            line = lines[hits[0]]
            lines[hits[0]] = line[:indent] + re.sub(r"^# ?", "", line[indent:])
            changed = True

    for key, value in data.items():
        if key not in tree and isinstance(value, str):
            uncomment(key, 0, 0, len(lines))
    keys = list(tree)
    for n, parent in enumerate(keys):
        block, wanted = tree[parent], data.get(str(parent))
        if not (isinstance(block, CommentedMap) and isinstance(wanted, dict) and len(block)):
            continue
        start = tree.lc.key(parent)[0] + 1
        end = tree.lc.key(keys[n + 1])[0] if n + 1 < len(keys) else len(lines)
        indent = block.lc.key(list(block)[0])[1]
        for key, value in wanted.items():
            if key not in block and isinstance(value, str):
                uncomment(key, indent, start, end)
    if not changed:
        return text, tree
    candidate = "".join(lines)
    try:
        new_tree = parse(candidate)
    except YamlEditError:
        return text, tree
    if not isinstance(new_tree, CommentedMap) or not set(map(str, tree)) <= set(map(str, new_tree)):
        return text, tree
    return candidate, new_tree


# ---------------------------------------------------------------- merging

_MISSING = object()


def merge(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[str]]:
    """Join the user's changes (base → mine) with changes made on disk (base → theirs).

    Returns the merged data and the key paths (`questions[2].text`) that both changed
    differently; there the user's version is kept. Lists of items with ids, or of texts, are
    merged item by item: an item added on either side stays."""
    conflicts: list[str] = []
    result = _merge(base, mine, theirs, "", conflicts)
    return (None if result is _MISSING else result), conflicts


def _merge(base, mine, theirs, path: str, conflicts: list[str]):
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if all(isinstance(x, dict) for x in (mine, theirs)) and (base is _MISSING or isinstance(base, dict)):
        base = base if isinstance(base, dict) else {}
        out = {}
        for key in list(theirs) + [k for k in mine if k not in theirs]:
            value = _merge(
                base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING), _join(path, key), conflicts
            )
            if value is not _MISSING:
                out[key] = value
        return out
    if all(isinstance(x, list) for x in (mine, theirs)) and isinstance(base, list):
        merged = _merge_lists(base, mine, theirs, path, conflicts)
        if merged is not None:
            return merged
    conflicts.append(path)
    return mine


def _identity(item: Any) -> str:
    if isinstance(item, dict) and item.get("id"):
        return "id:" + str(item["id"])
    return "value:" + json.dumps(item, sort_keys=True)


def _merge_lists(base: list, mine: list, theirs: list, path: str, conflicts: list[str]):
    ids = [[_identity(x) for x in side] for side in (base, mine, theirs)]
    if any(len(set(side)) != len(side) for side in ids):
        return None  # repeated items: no safe way to tell them apart
    b, m, t = ({k: x for k, x in zip(keys, side)} for keys, side in zip(ids, (base, mine, theirs)))
    order = [k for k in ids[2] if not (k in b and k not in m)]  # theirs, minus what I removed
    for position, key in enumerate(ids[1]):  # what I added (or changed where they removed it)
        if key in t:
            continue
        if key in b:
            if m[key] == b[key]:
                continue  # they removed it and I did not touch it
            conflicts.append(f"{path}[{position}]")
        previous = next((k for k in reversed(ids[1][:position]) if k in order), None)
        order.insert(order.index(previous) + 1 if previous else 0, key)
    out = []
    for index, key in enumerate(order):
        if key in m and key in t:
            value = _merge(b.get(key, _MISSING), m[key], t[key], f"{path}[{index}]", conflicts)
        else:
            value = m.get(key, t.get(key))
        if value is not _MISSING:
            out.append(value)
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
