"""Lines that are page furniture, not news: cookie notices, language pickers, addresses,
photo credits, bylines. Statements never come from them."""

from __future__ import annotations

from annotator.core.lexicon import Lexicon


def boilerplate_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and is_boilerplate(body, lexicon):
            spans.append((start, start + len(line.rstrip("\r\n"))))
        start += len(line)
    return spans


def is_boilerplate(line: str, lexicon: Lexicon) -> bool:
    if lexicon.boilerplate.search(line):
        return True
    words = line.split()
    # Menus and scraps: a few words with no sentence punctuation and no lower-case verb-ish word.
    return len(words) <= 3 and not line.endswith((".", "!", "?", "”", '"'))
