"""Export records (statements, spans and doccano JSONL), built from streamed ExportArticles.

The formats are declared in ``annotator.io.formats``; the spaCy DocBin and CoNLL writers
live in annotator.nlp (the only package importing spaCy) and reuse the same selection.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.core.models import (
    LABEL_SCHEME_VERSION,
    REJECT,
    Article,
    Entity,
    ExportArticle,
    ExportStatement,
    Statement,
    Vote,
)

SCHEMA_VERSION = "1"
Tokenize = Callable[[str], list[tuple[str, int, int]]]  # text -> [(token, start, end)]


@dataclass(frozen=True)
class Options:
    gold: bool = False
    include_unlabelled: bool = False


# --- which (statement, label) pairs a record is made for -------------------------------------


def choices(item: ExportStatement, options: Options) -> list[tuple[Vote | None, bool]]:
    """(vote, is gold) for every record this statement gives: with --gold the adjudicated
    label where one exists, else every annotator's own label (disagreement kept)."""
    if options.gold and item.gold is not None:
        return [(item.gold, True)]
    if len(item.votes) == 1 and item.votes[0].label != REJECT:  # the common case, fast
        return [(item.votes[0], False)]
    votes = [(v, False) for v in item.votes if v.label != REJECT]
    if not votes and options.include_unlabelled and not any(v.label == REJECT for v in item.votes):
        return [(None, False)]
    return votes


# --- statements JSONL ------------------------------------------------------------------------


def statement_records(articles: Iterable[ExportArticle], options: Options) -> Iterator[dict[str, Any]]:
    for exported in articles:
        article = exported.article
        context = _ArticleContext(article, exported.entities)
        for item in exported.statements:
            for vote, is_gold in choices(item, options):
                yield _statement_record(context, item, vote, is_gold)


class _ArticleContext:
    """What every record of one article shares, computed once per article."""

    __slots__ = ("article", "meta", "entities", "starts", "types", "by_id", "pipeline")

    def __init__(self, article: Article, entities: tuple[Entity, ...]) -> None:
        self.article = article
        self.meta = _article_meta(article)
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]
        self.types = {e.id: e.label for e in entities}
        self.by_id = {e.id: e for e in entities}
        self.pipeline = {"name": article.pipeline, "version": article.pipeline_version}

    def entity(self, entity_id: int | None) -> dict[str, Any] | None:
        """The entity a speaker mention resolves to ("he" -> "Dmitry Peskov"), in the article's
        offsets."""
        e = self.by_id.get(entity_id) if entity_id is not None else None
        if e is None:
            return None
        return {"text": self.article.text[e.start:e.end], "start": e.start, "end": e.end,
                "label": e.label}

    def inside(self, start: int, end: int) -> list[dict[str, Any]]:
        """Entities within [start, end), with offsets relative to ``start``."""
        text = self.article.text
        out = []
        for e in self.entities[bisect_left(self.starts, start):]:
            if e.start >= end:
                break
            if e.end <= end:
                out.append({"text": text[e.start:e.end], "start": e.start - start,
                            "end": e.end - start, "label": e.label})
        return out


def _statement_record(context: _ArticleContext, item: ExportStatement, vote: Vote | None,
                      is_gold: bool) -> dict[str, Any]:
    s = item.statement
    article = context.article
    meta = context.meta
    text = article.text
    speaker_type = context.types.get(s.speaker_entity_id) if s.speaker_entity_id else None
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": f"{article.content_hash[:16]}:{s.start}-{s.end}",
        "text": text[s.start:s.end],
        "label": vote.label if vote else None,
        "gold": is_gold,
        "article": meta,
        "start": s.start,
        "end": s.end,
        "speaker": None if s.speaker_start is None else {
            "text": text[s.speaker_start:s.speaker_end], "start": s.speaker_start,
            "end": s.speaker_end, "entity_type": speaker_type,
            "entity": context.entity(s.speaker_entity_id)},
        "cue": None if s.cue_start is None else {
            "text": text[s.cue_start:s.cue_end], "start": s.cue_start, "end": s.cue_end},
        "entities": context.inside(s.start, s.end),
        "annotator": vote.annotator if vote else None,
        "annotated_at": vote.at.isoformat().replace("+00:00", "Z") if vote else None,
        "time_spent_ms": vote.time_spent_ms if vote and not is_gold else None,
        "suggested_label": s.suggested_label,
        "suggested_score": s.suggested_score,
        "suggestion_model": s.suggestion_model,
        "origin": s.origin,
        "kind": s.kind,
        "confidence": s.confidence,
        "label_scheme_version": LABEL_SCHEME_VERSION,
        "pipeline": context.pipeline,
        # Other outlets' reports of the same utterance: keep a cluster on one side of a split.
        "cluster": None if item.cluster is None else {"id": item.cluster[0],
                                                      "size": item.cluster[1]},
    }
    if vote is not None and vote.note and not is_gold:
        record["note"] = vote.note
    if is_gold:
        record["rationale"] = vote.note if vote else None
        record["votes"] = [{"annotator": v.annotator, "label": v.label} for v in item.votes]
    return record


# --- spans JSONL (Prodigy / spaCy task format) -------------------------------------------------


def span_records(articles: Iterable[ExportArticle], options: Options,
                 tokenize: Tokenize) -> Iterator[dict[str, Any]]:
    """One record per article and annotator (with --gold, the gold labels as annotator
    "gold" where they exist). Speaker links are ``relations`` as Prodigy's rel.manual writes
    them, so span readers ignore them."""
    for exported in articles:
        groups = by_annotator(exported, options)
        if not groups:
            continue
        tokens = tokenize(exported.article.text)
        for annotator, items in sorted(groups.items()):
            yield _span_record(exported, annotator, items, tokens)


def _span_record(exported: ExportArticle, annotator: str,
                 items: list[tuple[ExportStatement, Vote | None]],
                 tokens: list[tuple[str, int, int]]) -> dict[str, Any]:
    article = exported.article
    starts = [t[1] for t in tokens]
    ends = [t[2] for t in tokens]
    spans, relations = [], []
    for item, vote in items:
        s = item.statement
        first, last = _token_range(starts, ends, s.start, s.end)
        span = {"start": s.start, "end": s.end, "token_start": first, "token_end": last,
                "label": vote.label if vote else None}
        spans.append(span)
        if s.speaker_start is not None:
            h_first, h_last = _token_range(starts, ends, s.speaker_start, s.speaker_end)
            relations.append({
                "head": h_last, "child": last, "label": "SPEAKER",
                "head_span": {"start": s.speaker_start, "end": s.speaker_end,
                              "token_start": h_first, "token_end": h_last, "label": "SPEAKER"},
                "child_span": dict(span)})
    input_hash = _hash32(article.text)
    times = [v.at for _, v in items if v is not None]
    return {
        "schema_version": SCHEMA_VERSION,
        "text": article.text,
        "tokens": [{"text": t, "start": a, "end": b, "id": i} for i, (t, a, b) in enumerate(tokens)],
        "spans": spans,
        "relations": relations,
        "meta": _article_meta(article),
        "answer": "accept",
        "_input_hash": input_hash,
        "_task_hash": _hash32(f"{input_hash}|{annotator}|" +
                              "|".join(f"{s['start']}-{s['end']}-{s['label']}" for s in spans)),
        "_annotator_id": annotator or None,
        "_timestamp": int(max(times).timestamp()) if times else None,
        "_view_id": "spans_manual",
    }


def _token_range(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int]:
    """First and last (inclusive) token overlapping [start, end)."""
    first = max(0, bisect_right(ends, start))
    last = max(first, bisect_left(starts, end) - 1)
    return first, last


# --- doccano JSONL (sequence labelling with relations) ----------------------------------------

SPEAKER, CUE, STATEMENT = "SPEAKER", "CUE", "STATEMENT"  # span labels beside the scheme's


def doccano_records(articles: Iterable[ExportArticle], options: Options) -> Iterator[dict[str, Any]]:
    """One line per article and annotator, as doccano's "sequence labeling" projects with
    relations import and export it: ``entities`` (the article's named entities, each
    statement labelled with its label, or STATEMENT when unlabelled, and the speaker and
    cue mentions that are no entity), ``relations`` from a speaker to its statement
    (SPEAKER) and from a cue to its statement (CUE). doccano keeps the other keys as
    metadata: the annotator and the article's identity, as in the other exports. Spans
    overlap (an entity inside a statement): allow overlapping spans in the project."""
    for exported in articles:
        for annotator, items in sorted(by_annotator(exported, options).items()):
            yield _doccano_record(exported, annotator, items)


def _doccano_record(exported: ExportArticle, annotator: str,
                    items: list[tuple[ExportStatement, Vote | None]]) -> dict[str, Any]:
    spans: list[dict[str, Any]] = []
    at: dict[tuple[int, int, str], int] = {}

    def span(start: int, end: int, label: str) -> int:
        key = (start, end, label)
        if key not in at:
            at[key] = len(spans)
            spans.append({"id": len(spans), "start_offset": start, "end_offset": end,
                          "label": label})
        return at[key]

    entity_at = {}
    for e in sorted(exported.entities, key=lambda e: (e.start, e.end)):
        entity_at[(e.start, e.end)] = span(e.start, e.end, e.label)
    relations: list[dict[str, Any]] = []
    for item, vote in sorted(items, key=lambda pair: (pair[0].statement.start,
                                                      pair[0].statement.end)):
        s = item.statement
        statement = span(s.start, s.end, vote.label if vote else STATEMENT)
        for kind, head in attributions(s, entity_at, span):
            relations.append({"id": len(relations), "from_id": head, "to_id": statement,
                              "type": kind})
    return {"text": exported.article.text, "entities": spans, "relations": relations,
            "annotator": annotator or None, "article": _article_meta(exported.article),
            "schema_version": SCHEMA_VERSION}


# --- shared ----------------------------------------------------------------------------------


def attributions(s: Statement, entity_at: dict[tuple[int, int], Any],
                 mention: Callable[[int, int, str], Any]) -> Iterator[tuple[str, Any]]:
    """(SPEAKER or CUE, the id of its span) for a statement's speaker and cue, as the
    formats with spans and relations (doccano, Label Studio, brat) link them: a speaker
    that is an entity is that entity's span, any other mention a span ``mention(start,
    end, kind)`` makes."""
    for start, end, kind in ((s.speaker_start, s.speaker_end, SPEAKER),
                             (s.cue_start, s.cue_end, CUE)):
        if start is None or end is None:
            continue
        head = entity_at.get((start, end)) if kind == SPEAKER else None
        yield kind, head if head is not None else mention(start, end, kind)


def by_annotator(exported: ExportArticle, options: Options,
                  ) -> dict[str, list[tuple[ExportStatement, Vote | None]]]:
    """An article's records grouped by whose they are ("gold" for adjudicated labels, ""
    for unlabelled candidates)."""
    groups: dict[str, list[tuple[ExportStatement, Vote | None]]] = {}
    for item in exported.statements:
        for vote, is_gold in choices(item, options):
            key = "gold" if is_gold else (vote.annotator if vote else "")
            groups.setdefault(key, []).append((item, vote))
    return groups


def _article_meta(article: Article) -> dict[str, Any]:
    return {"id": article.id, "content_hash": article.content_hash, "source": article.source,
            "url": article.url, "title": article.title, "published": article.published,
            "meta": article.meta}


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _hash32(text: str) -> int:
    """A stable signed 32-bit hash (Prodigy's hashes are 32-bit ints)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big", signed=True)


