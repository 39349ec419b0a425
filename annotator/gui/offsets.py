"""Storage counts code points; Qt counts UTF-16 code units. Convert at this boundary only."""

from __future__ import annotations

from bisect import bisect_left


class Utf16Map:
    """Maps code point offsets of ``text`` to UTF-16 offsets and back, in O(log n)."""

    def __init__(self, text: str) -> None:
        # Code point offsets of characters outside the Basic Multilingual Plane (2 units each).
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_u16 = [i + n for n, i in enumerate(self._astral)]
        self.length = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_codepoint(self, offset: int) -> int:
        # A UTF-16 offset in the middle of a surrogate pair maps to the character's start.
        return offset - bisect_left(self._astral_u16, offset)
