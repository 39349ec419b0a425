"""What an article's fields may hold, checked in one place for every backend.

SQLite stores almost anything; PostgreSQL refuses a NUL character in text and JSON, a lone
surrogate cannot be encoded at all, and its ``varchar(n)`` columns refuse longer values.
Readers pass every field through here, so a file imports the same way on a laptop and on a
team's server, and what was cut or replaced is said in a warning.
"""

from __future__ import annotations

import math
import re
from typing import Any

# The storage schema's column sizes come from here too (annotator/storage/schema.py).
FIELD_LIMITS: dict[str, int | None] = {
    "title": 1_000, "source": 200, "url": 4_000, "published": 40, "language": 16,
}
META_MAX_DEPTH = 32
META_MAX_CHARS = 1_000_000  # all strings of one record's metadata together

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # in one-line fields, \n and \t too
REPLACEMENT = "\ufffd"


class FieldProblem(ValueError):
    """A record whose metadata cannot be stored (said in one sentence)."""


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (``"\\udabc"`` in JSON) become U+FFFD: the text keeps its length, so
    every offset into it stays right, and it can be encoded."""
    count = len(_SURROGATE.findall(text))
    return (_SURROGATE.sub(REPLACEMENT, text), count) if count else (text, 0)


def clean_field(name: str, value: object) -> tuple[str | None, list[str]]:
    """One short article field (title, source, url, published, language): a one-line string
    without control characters, cut to the column's size. Returns (value, warnings)."""
    if value is None:
        return None, []
    text = value if isinstance(value, str) else str(value)
    warnings = []
    text, bad = replace_surrogates(text)
    if bad:
        warnings.append(f"{name}: replaced {_count(bad, 'invalid character')} (lone surrogates)")
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    limit = FIELD_LIMITS.get(name)
    if limit is not None and len(text) > limit:
        warnings.append(f"{name} cut to {limit:,} characters (it had {len(text):,})")
        text = text[:limit].rstrip()
    return text or None, warnings


def clean_meta(meta: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Free metadata as every backend stores it: NUL characters removed and lone surrogates
    replaced (in keys and values), numbers JSON cannot hold (NaN, infinity) kept as text.
    Raises :class:`FieldProblem` for metadata nested deeper than META_MAX_DEPTH or larger
    than META_MAX_CHARS. Iterative, so no input can exhaust the stack."""
    counts = {"nul": 0, "surrogate": 0, "number": 0, "chars": 0}
    root: dict[str, Any] = {}
    stack: list[tuple[Any, Any, int]] = [(meta, root, 1)]
    while stack:
        source, target, depth = stack.pop()
        if depth > META_MAX_DEPTH:
            raise FieldProblem(f"has metadata nested more than {META_MAX_DEPTH} levels deep")
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, value in items:
            if isinstance(source, dict):
                key = _clean_string(str(key), counts)
            if isinstance(value, (dict, list)):
                child: Any = {} if isinstance(value, dict) else []
                stack.append((value, child, depth + 1))
                value = child
            elif isinstance(value, str):
                value = _clean_string(value, counts)
            elif isinstance(value, float) and not math.isfinite(value):
                counts["number"] += 1
                value = str(value)
            if isinstance(target, dict):
                target[key] = value
            else:
                target.append(value)
        if counts["chars"] > META_MAX_CHARS:
            raise FieldProblem(f"has more than {META_MAX_CHARS:,} characters of metadata")
    warnings = []
    if counts["nul"]:
        warnings.append(f"meta: removed {_count(counts['nul'], 'NUL character')}")
    if counts["surrogate"]:
        warnings.append(f"meta: replaced {_count(counts['surrogate'], 'invalid character')} "
                        "(lone surrogates)")
    if counts["number"]:
        warnings.append(f"meta: kept {_count(counts['number'], 'number')} JSON cannot hold "
                        "(NaN or infinite) as text")
    return root, warnings


def _clean_string(text: str, counts: dict[str, int]) -> str:
    counts["chars"] += len(text)
    if "\x00" in text:
        counts["nul"] += text.count("\x00")
        text = text.replace("\x00", "")
    text, bad = replace_surrogates(text)
    counts["surrogate"] += bad
    return text


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'s' if n != 1 else ''}"
