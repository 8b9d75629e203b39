"""Write the content-format reference (docs/content-format.md) from the models themselves, so the
documentation can never drift from what kort accepts: `python -m generator.reference`."""

from __future__ import annotations

import dataclasses
import sys
import typing

from . import model
from .schema import read_plan

INTRO = """# Content format reference

Every file under `content/<lang>/` (or in a pack made with `kort new`) is one piece of material.
Its `kind:` says what it is. Keys are English; values are your Swedish or Danish text. Text after
a colon may be quoted; it must be quoted when it contains `: ` or ` #`. Lists are lines starting
with `- `. Check a file with `kort validate PATH`: every problem is reported as `file:line` with a
hint.

This page is generated from kort's models (`python -m generator.reference > docs/content-format.md`);
a test fails when it is out of date.
"""

EXAMPLE = """## Example: a small deck

```yaml
kind: deck
title: Vårt samtalsmingel
publisher: Ekby kommun
approach:
  principles:
    - id: tillit
      title: Tillit
      text: Vi litar på varandras kunskap.
questions:
  - id: tillit-kollega
    text: Berätta om en gång då du kände tillit till en kollega.
    principle: tillit
  - Vad är det bästa med att samarbeta?
```
"""


def _type_name(tp) -> str:
    kind, arg = read_plan(tp)  # the types named as the schema reads them
    if kind == "optional":
        return _type_name(arg)
    if kind == "list":
        return f"list of {_type_name(arg)}"
    if kind == "dict":
        return "keys and values"
    if kind == "literal":
        return " or ".join(f"`{a}`" for a in arg)
    if kind == "model":
        return f"[{tp.NOUN}](#{tp.NOUN})"
    return {str: "text", int: "whole number", float: "number", bool: "true or false"}.get(tp, str(tp))


def _default(f: dataclasses.Field) -> str:
    if f.default is not dataclasses.MISSING:
        value = f.default
        if value in (None, "", ()):
            return "–"
        if dataclasses.is_dataclass(value):
            return "see below"
        return f"`{value}`"
    if f.default_factory is not dataclasses.MISSING:
        return "–"
    return "**required**"


def section(cls) -> str:
    hints = typing.get_type_hints(cls)
    doc = " ".join((cls.__doc__ or "").split())
    lines = [f"### {cls.NOUN}", "", doc, ""]
    if getattr(cls, "SHORTHAND", None):
        lines += [f"May be written as plain text, which then fills `{cls.SHORTHAND}`.", ""]
    lines += ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for f in dataclasses.fields(cls):
        if f.name == "where":
            continue
        lines.append(f"| `{f.name}` | {_type_name(hints[f.name])} | {_default(f)} | {f.metadata.get('doc', '')} |")
    return "\n".join(lines) + "\n"


def reference() -> str:
    kinds = ["## Kinds of material", ""]
    kinds += [
        f"- `kind: {name}` – {' '.join((cls.__doc__ or '').split())} See [{cls.NOUN}](#{cls.NOUN})."
        for name, cls in model.KINDS.items()
    ]
    parts = [INTRO, "\n".join(kinds) + "\n", EXAMPLE, "## Files\n"]
    parts += [section(cls) for cls in model.KINDS.values()]
    parts.append("## Parts\n")
    parts += [
        section(cls)
        for cls in (
            model.Question,
            model.Approach,
            model.Principle,
            model.Point,
            model.Steps,
            model.ChecklistSection,
            model.ChecklistPoint,
            model.Meeting,
            model.Minutes,
            model.Section,
            model.Colours,
        )
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
