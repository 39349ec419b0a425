"""Per-doc lookups computed once: spaCy rebuilds ``doc.sents`` and ``doc.ents`` on every
access, which made detection cost more than the parse itself."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "annotator_index"


class DocIndex:
    def __init__(self, doc: Doc) -> None:
        self.text: str = doc.text
        self.ents: list[Span] = list(doc.ents)
        self.sent_start = [0] * len(doc)
        self.sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i], self.sent_end[i] = sent.start, sent.end
        self.entity_of: dict[int, int] = {}
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self.entity_of[i] = n


def index(doc: Doc) -> DocIndex:
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = DocIndex(doc)
    return found


def sent_bounds(token: Token) -> tuple[int, int]:
    ix = index(token.doc)
    return ix.sent_start[token.i], ix.sent_end[token.i]
