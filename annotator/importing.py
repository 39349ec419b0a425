"""Import use case: files → articles with entities and statement candidates in the database.

Long work in the style of the rest of annotator: a plain function taking ``progress(done,
total)`` and a ``cancelled()`` check; the CLI passes a progress bar, the GUI a Qt adapter.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from annotator.core.boundaries import BoundaryModel
from annotator.core.candidates import CandidateFilter, facts_of
from annotator.core.models import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.text import content_hash
from annotator.io.readers import InputProblem, RawArticle, count_inputs, read_inputs
from annotator.detecting import load_boundaries, load_filter
from annotator.storage import Database, queries

Progress = Callable[[int, int], None]


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    failed: list[InputProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    words: int = 0
    seconds: float = 0.0
    pipeline: str = ""
    links: int = 0  # new statements linked to variants (the same utterance elsewhere)
    clusters: int = 0  # clusters of variants in the database afterwards
    bounds_moved: int = 0  # candidate edges moved where annotators taught (annotator train)
    labels: int = 0  # labels an annotated file brought (a doccano export, say)

    @property
    def articles_per_second(self) -> float:
        return self.imported / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"imported": self.imported, "duplicates": self.duplicates,
                "failed": [{"where": p.where, "message": p.message} for p in self.failed],
                "warnings": list(self.warnings), "cancelled": self.cancelled,
                "words": self.words, "seconds": round(self.seconds, 3),
                "pipeline": self.pipeline, "links": self.links, "clusters": self.clusters,
                "bounds_moved": self.bounds_moved, "labels": self.labels}


def import_articles(
    db: Database, paths: Iterable[str | Path], *, model: str | None = None,
    source: str | None = None, batch_size: int = 32, processes: int = 1,
    progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import every article under ``paths``; bad files and lines are reported, not fatal.

    Each article is stored whole (entities and statements with it) or not at all; a cancel
    or an interrupt leaves every article either fully in or fully out.
    """
    from annotator.nlp import analyse, load_pipeline  # spaCy loads only when importing

    paths = list(paths)
    summary = ImportSummary()
    started = time.perf_counter()
    total = count_inputs(paths)
    done = 0
    stop = cancelled or (lambda: False)

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    pipeline = load_pipeline(model)
    summary.pipeline = f"{pipeline.name} {pipeline.version}"
    if progress is not None:
        progress(0, total)
    fresh = _new_articles(db, read_inputs(paths, source=source), summary, step, stop)
    docs = pipeline.pipe_with_context(((a.text, a) for a in fresh),
                                      batch_size=batch_size, processes=processes)
    pending: list[ArticleDraft] = []
    learnt: CandidateFilter | None | bool = False  # read with the first doc, not before the
    bounds: BoundaryModel | None = None            # workers start (as the duplicate check is)
    for doc, raw in docs:
        if learnt is False:
            learnt = load_filter(db)  # what annotators kept and rejected (annotator train)
            bounds = load_boundaries(db)  # and where they moved candidates' edges
        ents, statements = analyse(doc, raw.given.entities if raw.given else None)
        if bounds is not None:
            statements = _rebound(bounds, raw.text, statements, summary)
        if isinstance(learnt, CandidateFilter):
            statements = _reweigh(learnt, raw.text, ents, statements)
        pending.append(_draft(raw, ents, statements, pipeline.name, pipeline.version))
        summary.words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        if len(pending) >= batch_size:
            _store(db, pending, summary, step)
        if stop():
            summary.cancelled = True
            break
    _store(db, pending, summary, step)
    summary.cancelled = summary.cancelled or (stop() and done < total)
    summary.seconds = time.perf_counter() - started
    return summary


def _new_articles(db: Database, items: Iterator[RawArticle | InputProblem],
                  summary: ImportSummary, step: Callable[[int], None],
                  stop: Callable[[], bool]) -> Iterator[RawArticle]:
    """Drop bad inputs (recorded) and duplicates (already stored, or twice in this import)
    before the pipeline spends time on them."""
    seen: set[str] = set()
    while not stop():
        chunk = list(islice(items, 256))
        if not chunk:
            return
        articles = []
        for item in chunk:
            if isinstance(item, InputProblem):
                summary.failed.append(item)
                step(1)
            elif item.given is not None and not item.given.detect:  # stored as it is
                summary.warnings.extend(item.warnings)
                _store_given(db, item, summary)
                step(1)
            else:
                summary.warnings.extend(item.warnings)
                articles.append((content_hash(item.text), item))
        with db.session() as session:
            stored = queries.existing_hashes(session, [h for h, _ in articles])
        for digest, article in articles:
            if digest in stored or digest in seen:
                summary.duplicates += 1
                step(1)
                continue
            seen.add(digest)
            yield article


def _store_given(db: Database, raw: RawArticle, summary: ImportSummary) -> None:
    """An article with its own entities, statements and labels (from another tool's file):
    added if new (its entities and statements are the file's), and its labels given to it
    either way — one line per annotator of the same article is how doccano exports — in
    one transaction. A label an annotator already gave differently is kept and reported."""
    given = raw.given
    assert given is not None
    where = raw.origin
    with db.transaction() as session:
        article_id = queries.find_article_by_hash(session, content_hash(raw.text))
        if article_id is None:
            draft = _draft(raw, given.entities, tuple(
                StatementSpan(s.start, s.end, origin="imported",
                              speaker_start=s.speaker[0] if s.speaker else None,
                              speaker_end=s.speaker[1] if s.speaker else None,
                              speaker_entity=next((i for i, e in enumerate(given.entities)
                                                   if s.speaker == (e.start, e.end)), None),
                              cue_start=s.cue[0] if s.cue else None,
                              cue_end=s.cue[1] if s.cue else None)
                for s in given.statements), None, None)  # type: ignore[arg-type]
            article_id = queries.add_article(session, draft)
            summary.imported += 1
        known = {label.key for label in queries.label_types(session)}
        for s in given.statements:
            statement_id = queries.find_statement(session, article_id, s.start, s.end)
            if statement_id is None:
                statement_id = queries.add_statement(session, article_id, s.start, s.end,
                                                     origin="imported").id
            for annotator, label in s.labels:
                if label not in known:
                    summary.warnings.append(f"{where}: {label!r} is not a label of this "
                                            f"project's scheme; left out")
                    continue
                who = queries.get_or_create_annotator(session, annotator)
                existing = queries.get_label(session, statement_id, who.id)
                if existing is not None and existing.label != label:
                    summary.warnings.append(f"{where}: {who.name} labelled it {existing.label!r}"
                                            f" here and {label!r} in the file; kept "
                                            f"{existing.label!r}")
                elif existing is None:
                    queries.set_label(session, statement_id, who.id, label)
                    summary.labels += 1


def _reweigh(learnt: CandidateFilter, text: str, ents: tuple[EntitySpan, ...],
             statements: tuple[StatementSpan, ...]) -> tuple[StatementSpan, ...]:
    """Each candidate's confidence moved by the candidate filter learnt from edits."""
    return tuple(replace(s, confidence=learnt.adjust(s.confidence, facts_of(
        text, s.kind, s.origin, s.start, s.end, (s.cue_start, s.cue_end),
        s.speaker_start is not None,
        ents[s.speaker_entity].label if s.speaker_entity is not None else None)))
        for s in statements)


def _rebound(model: BoundaryModel, text: str, statements: tuple[StatementSpan, ...],
             summary: ImportSummary) -> tuple[StatementSpan, ...]:
    """Each candidate's edges moved where the team puts them (never onto another
    candidate's span, across its cue or speaker, or off its line)."""
    taken = {(s.start, s.end) for s in statements}
    moved = []
    for s in statements:
        blocked = tuple((a, b) for a, b in ((s.cue_start, s.cue_end),
                                            (s.speaker_start, s.speaker_end))
                        if a is not None and b is not None)
        start, end = model.apply(text, s.start, s.end, s.kind, s.origin, blocked)
        if (start, end) != (s.start, s.end) and (start, end) not in taken:
            taken.discard((s.start, s.end))
            taken.add((start, end))
            summary.bounds_moved += (start != s.start) + (end != s.end)
            s = replace(s, start=start, end=end)
        moved.append(s)
    return tuple(moved)


def _draft(raw: RawArticle, ents, statements, pipeline: str, version: str) -> ArticleDraft:  # type: ignore[no-untyped-def]
    return ArticleDraft(
        text=raw.text, title=raw.title, source=raw.source, url=raw.url, published=raw.published,
        language=raw.language, meta=dict(raw.meta), entities=ents, statements=statements,
        pipeline=pipeline, pipeline_version=version,
    )


def _store(db: Database, pending: list[ArticleDraft], summary: ImportSummary,
           step: Callable[[int], None]) -> None:
    if not pending:
        return
    with db.transaction() as session:
        ids = queries.add_articles(session, pending)
    added = sum(1 for i in ids if i is not None)
    summary.imported += added
    summary.duplicates += len(ids) - added
    step(len(ids))
    pending.clear()
