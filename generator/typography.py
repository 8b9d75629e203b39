"""Typographic clean-up of user text: curly quotes, proper dashes and no-break spaces."""

from __future__ import annotations

import re

# Swedish prints ”citat” with the same mark on both sides; Danish print uses »citat«.
_QUOTES = {"sv": ("\u201d", "\u201d"), "da": ("\u00bb", "\u00ab")}
_DOUBLE = re.compile(r'"([^"\n]*)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SINGLE = re.compile(r"'([^'\n]*)'")
_SPACED_HYPHEN = re.compile(r"(?<=\s)--?(?=\s)")
_RANGE = re.compile(r"(?<=\d)-(?=\d)")


def smarten(text: str, lang: str) -> str:
    """Return `text` with straight quotes, spaced hyphens and number ranges typeset for `lang`."""
    if not any(c in text for c in "\"'-"):
        return text
    open_q, close_q = _QUOTES.get(lang, ("\u201d", "\u201d"))
    text = _DOUBLE.sub(lambda m: f"{open_q}{m.group(1)}{close_q}", text)
    text = _APOSTROPHE.sub("\u2019", text)
    text = _SINGLE.sub(lambda m: f"\u2019{m.group(1)}\u2019", text)
    text = _SPACED_HYPHEN.sub("\u2013", text)
    return _RANGE.sub("\u2013", text)
