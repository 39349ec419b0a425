"""Per-doc lookups computed once: spaCy rebuilds ``doc.sents`` and ``doc.ents`` on every
access, which made detection cost more than the parse itself."""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

_KEY = "annotator_index"


class DocIndex:
    def __init__(self, doc: Doc) -> None:
        self.text: str = doc.text
        self.ents: list[Span] = list(doc.ents)
        self.starts = [sent.start for sent in doc.sents]
        self.length = len(doc)
        self.entity_of: dict[int, int] = {}
        self._sizes: list[int] | None = None
        self.work = 0  # tokens the detection rules visited (see attribution._subtree)
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.entity_of[i] = n

    def subtree_size(self, token: Token) -> int:
        """How many tokens ``token``'s subtree holds (itself included)."""
        if self._sizes is None:
            self._sizes = _subtree_sizes(token.doc)
        return self._sizes[token.i]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.starts, i) - 1
        end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
        return self.starts[k], end


def _subtree_sizes(doc: Doc) -> list[int]:
    """Subtree sizes of every token from the head array, leaves first: O(n)."""
    n = len(doc)
    heads = (numpy.arange(n, dtype=numpy.int64)
             + doc.to_array([HEAD]).astype(numpy.int64).reshape(n)).tolist()
    sizes = [1] * n
    pending = [0] * n  # children not yet added
    for i, h in enumerate(heads):
        if h != i:
            pending[h] += 1
    ready = [i for i in range(n) if pending[i] == 0]
    while ready:
        i = ready.pop()
        h = heads[i]
        if h != i:
            sizes[h] += sizes[i]
            pending[h] -= 1
            if pending[h] == 0:
                ready.append(h)
    return sizes


def index(doc: Doc) -> DocIndex:
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = DocIndex(doc)
    return found


def sent_bounds(token: Token) -> tuple[int, int]:
    return index(token.doc).sent_bounds(token.i)
