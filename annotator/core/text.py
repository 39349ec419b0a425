"""Text identity (articles are identified by a hash of their normalised text) and word
boundaries."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, unified line breaks, runs of white space folded to one space, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the same article imported twice hashes alike."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


_RUN = re.compile(r"[\w'’-]+")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that it cuts no word in two (letters, digits, apostrophes and
    hyphens inside a word count as the word)."""
    if 0 < start < len(text) and _word(text[start - 1]) and _word(text[start]):
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-_"):
            start -= 1  # back to the word's first character (words are short)
    if 0 < end < len(text) and _word(text[end - 1]) and _word(text[end]):
        found = _RUN.match(text, end)
        end = found.end() if found else end
    return start, end


def _word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_"


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A statement's span as every export gives it: whole words (a span stored before
    selections were snapped may cut one: "en of course" is "then of course"), without white
    space at either end."""
    start, end = snap_to_words(text, max(0, start), min(len(text), end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
