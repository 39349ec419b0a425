"""spaCy-side export: tokens for the spans format, and DocBins for `spacy train`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from annotator.core.models import ExportArticle
from annotator.io.atomic import atomic_path
from annotator.io.export import Options, choices


@lru_cache(maxsize=4)
def _blank(lang: str):  # type: ignore[no-untyped-def]
    # The rule-based tokenizer of the language: the same tokens the trained pipelines make.
    return spacy.blank(lang)


def tokenizer(lang: str = "en") -> Callable[[str], list[tuple[str, int, int]]]:
    nlp = _blank(lang)

    def tokenize(text: str) -> list[tuple[str, int, int]]:
        return [(t.text, t.idx, t.idx + len(t.text)) for t in nlp.tokenizer(text)]

    return tokenize


def write_docbins(articles: Iterable[ExportArticle], target: Path, *, options: Options,
                  scheme: list[str], lang: str = "en",
                  on_article: Callable[[], None] | None = None) -> tuple[int, int, Path]:
    """Two DocBins: ``target`` holds article docs (statements in ``doc.spans["statements"]``,
    entities in ``doc.ents``), one per article and annotator; ``<stem>.statements.spacy``
    holds one doc per labelled statement with ``doc.cats`` one-hot over ``scheme``.
    Both are written under temporary names and renamed only when complete."""
    nlp = _blank(lang)
    article_bin = DocBin(store_user_data=True)
    statement_bin = DocBin(store_user_data=True)
    n_articles = n_statements = 0
    for exported in articles:
        text = exported.article.text
        base = nlp.make_doc(text)
        ents = [base.char_span(e.start, e.end, label=e.label, alignment_mode="contract")
                for e in exported.entities]
        base.ents = filter_spans([e for e in ents if e is not None])
        groups: dict[str, list[tuple[int, int, str]]] = {}
        for item in exported.statements:
            for vote, is_gold in choices(item, options):
                if vote is None or vote.label not in scheme:
                    continue
                who = "gold" if is_gold else vote.annotator
                s = item.statement
                groups.setdefault(who, []).append((s.start, s.end, vote.label))
                statement_doc = nlp.make_doc(text[s.start:s.end])
                statement_doc.cats = {key: float(key == vote.label) for key in scheme}
                statement_doc.user_data["annotator"] = who
                statement_doc.user_data["article"] = exported.article.content_hash
                statement_bin.add(statement_doc)
                n_statements += 1
        for who, spans in sorted(groups.items()):
            doc = Doc(base.vocab, words=[t.text for t in base],
                      spaces=[bool(t.whitespace_) for t in base], ents=[
                          f"B-{t.ent_type_}" if t.ent_iob_ == "B" else
                          f"I-{t.ent_type_}" if t.ent_iob_ == "I" else "O" for t in base])
            doc.spans["statements"] = [
                doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in spans]
            doc.user_data["annotator"] = who
            doc.user_data["article"] = exported.article.content_hash
            article_bin.add(doc)
            n_articles += 1
        if on_article is not None:
            on_article()
    statements_path = target.with_name(target.stem + ".statements.spacy")
    with atomic_path(target) as tmp_articles, atomic_path(statements_path) as tmp_statements:
        article_bin.to_disk(tmp_articles)
        statement_bin.to_disk(tmp_statements)
    return n_articles, n_statements, statements_path
