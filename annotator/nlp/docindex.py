"""Per-doc lookups computed once: spaCy rebuilds ``doc.sents`` and ``doc.ents`` on every
access, which made detection cost more than the parse itself."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "annotator_index"


class DocIndex:
    def __init__(self, doc: Doc) -> None:
        self.text: str = doc.text
        self.ents: list[Span] = list(doc.ents)
        self.starts = [sent.start for sent in doc.sents]
        self.length = len(doc)
        self.entity_of: dict[int, int] = {}
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.entity_of[i] = n

    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.starts, i) - 1
        end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
        return self.starts[k], end


def index(doc: Doc) -> DocIndex:
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = DocIndex(doc)
    return found


def sent_bounds(token: Token) -> tuple[int, int]:
    return index(token.doc).sent_bounds(token.i)
