"""Direct quotations found on the character level, across sentence and paragraph breaks.

Sentence splitters often put a closing mark into the next "sentence" and news style
continues a quote over a paragraph break by opening the next paragraph with a new mark and
never closing the first; both are handled here, before any tokenisation.
"""

from __future__ import annotations

import re

# opening mark -> closing marks it accepts
_DOUBLE = {"“": "”“", "„": "“”", "«": "»", "»": "«", "‹": "›", '"': '"'}
_PARAGRAPH = re.compile(r"\n\s*")
MAX_QUOTE_CHARS = 4_000


_DOUBLED = re.compile(r"''|``")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of direct quotes, including their marks, in text order.

    Doubled apostrophes (''…'', and ``…'' as some wires and the Penn Treebank print them)
    are quotation marks: each pair is read as one " of the same length, so offsets hold."""
    marked = _DOUBLED.sub(lambda m: '"' + m.group()[1], text) if "''" in text or "``" in text \
        else text
    spans = _double_quotes(marked)
    if marked is not text:  # a span ending on the first of a pair takes the second too
        spans = [(s, e + 1 if e < len(text) and text[e - 1:e + 1] == "''" else e) for s, e in spans]
    spans += _single_quotes(text, spans)
    return sorted(spans)


def _double_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    open_at, closers = -1, ""
    while i < n:
        ch = text[i]
        if open_at < 0:
            if ch in _DOUBLE and _can_open(text, i):
                open_at, closers = i, _DOUBLE[ch]
        elif ch == "\n":
            nxt = _PARAGRAPH.match(text, i)
            j = nxt.end() if nxt else i + 1
            if j < n and text[j] in _DOUBLE and _DOUBLE[text[j]] == closers:
                i = j  # the quote continues in the next paragraph: skip its new opening mark
            elif j < n and text[j] == closers[0] and _can_open(text, j):
                i = j
            else:  # an unclosed quote ends with its paragraph
                _add(spans, text, open_at, i)
                open_at = -1
        elif ch in closers and not (ch == '"' and _can_open(text, i) and not _can_close(text, i)):
            _add(spans, text, open_at, i + 1)
            open_at = -1
        i += 1
    if open_at >= 0:
        _add(spans, text, open_at, n)
    return spans


def _single_quotes(text: str, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """‘…’ outside double quotes; ’ between letters is an apostrophe, never a closing mark."""
    spans = []
    for match in re.finditer(r"(?<![\w’'])‘(?=\w)([^‘\n]{1,300}?)’(?!\w)", text):
        start, end = match.span()
        if not any(s <= start < e for s, e in doubles):
            spans.append((start, end))
    return spans


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:/,;") and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    # Longer than any quote news prints (several paragraphs come to 2,000-3,000 characters):
    # a stray mark in a page without line breaks, which would make every statement after it
    # "part of the quote" and cost detection time in proportion to the page's length squared.
    if 2 < end - start <= MAX_QUOTE_CHARS:
        spans.append((start, end))


def quote_words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0]:span[1]].split())
