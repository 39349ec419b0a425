"""Query functions: session first, core dataclasses out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone

from sqlalchemy import String, and_, case, func, insert, or_, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.core.models import (
    Annotator,
    Article,
    ArticleBundle,
    ArticleDraft,
    ArticleSummary,
    Entity,
    ExportArticle,
    ExportStatement,
    HistoryEntry,
    Label,
    LabelChange,
    LabelType,
    Statement,
    Stats,
    Vote,
)
from annotator.core.text import content_hash
from annotator.storage.schema import (
    AnnotatorRow,
    AssignmentRow,
    GoldLabelRow,
    ArticleRow,
    EntityRow,
    LabelHistoryRow,
    LabelRow,
    LabelTypeRow,
    StatementRow,
    utcnow,
)

# --- label types and annotators ----------------------------------------------------------


def label_types(session: Session) -> list[LabelType]:
    rows = session.scalars(select(LabelTypeRow).order_by(LabelTypeRow.position, LabelTypeRow.key))
    return [LabelType(r.key, r.name, r.colour, r.shortcut, r.position, r.description, r.kind)
            for r in rows]


def get_or_create_annotator(session: Session, name: str, *, is_lead: bool = False) -> Annotator:
    name = name.strip()
    if not name:
        raise InvalidLabelError("An annotator needs a name.")
    row = session.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
    if row is None:
        row = AnnotatorRow(name=name, is_lead=is_lead)
        session.add(row)
        session.flush()
    return _annotator(row)


def annotators(session: Session) -> list[Annotator]:
    return [_annotator(r) for r in session.scalars(select(AnnotatorRow).order_by(AnnotatorRow.name))]


# --- articles ------------------------------------------------------------------------------


def add_article(session: Session, draft: ArticleDraft) -> int | None:
    """Store an article with its entities and statements; None when its text is already there."""
    digest = content_hash(draft.text)
    if session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest)) is not None:
        return None
    article = ArticleRow(
        content_hash=digest, text=draft.text, title=draft.title, source=draft.source,
        url=draft.url, published=draft.published, language=draft.language,
        meta=dict(draft.meta), pipeline=draft.pipeline, pipeline_version=draft.pipeline_version,
    )
    session.add(article)
    session.flush()
    # Core bulk inserts (ids back in parameter order): the ORM unit of work cost more per
    # article than the rest of the import outside spaCy.
    entity_ids: list[int] = []
    if draft.entities:
        entity_ids = list(session.scalars(
            insert(EntityRow).returning(EntityRow.id, sort_by_parameter_order=True),
            [{"article_id": article.id, "start": e.start, "end": e.end, "label": e.label,
              "origin": "model"} for e in draft.entities]))
    if draft.statements:
        session.execute(insert(StatementRow), [{
            "article_id": article.id, "start": s.start, "end": s.end, "origin": s.origin,
            "speaker_start": s.speaker_start, "speaker_end": s.speaker_end,
            "speaker_entity_id": entity_ids[s.speaker_entity] if s.speaker_entity is not None else None,
            "cue_start": s.cue_start, "cue_end": s.cue_end,
            "suggested_label": s.suggested_label, "suggested_score": s.suggested_score,
        } for s in draft.statements])
    return article.id


def get_article(session: Session, article_id: int) -> Article:
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"There is no article {article_id}.")
    return Article(
        id=row.id, content_hash=row.content_hash, text=row.text, title=row.title,
        source=row.source, url=row.url, published=row.published, language=row.language,
        meta=dict(row.meta or {}), pipeline=row.pipeline, pipeline_version=row.pipeline_version,
        imported_at=_aware(row.imported_at),
    )


def article_entities(session: Session, article_id: int) -> list[Entity]:
    rows = session.scalars(select(EntityRow).where(EntityRow.article_id == article_id)
                           .order_by(EntityRow.start, EntityRow.end))
    return [Entity(r.id, r.article_id, r.start, r.end, r.label, r.origin) for r in rows]


def article_statements(session: Session, article_id: int) -> list[Statement]:
    rows = session.scalars(select(StatementRow).where(StatementRow.article_id == article_id)
                           .order_by(StatementRow.start, StatementRow.end))
    return [_statement(r) for r in rows]


# --- labels --------------------------------------------------------------------------------


def set_label(
    session: Session, statement_id: int, annotator_id: int, label: str | None,
    *, time_spent_ms: int = 0, note: str | None = None, at: datetime | None = None,
) -> LabelChange:
    """Set (or with ``label=None`` clear) one annotator's label on a statement, and append
    the change to the history. Setting the label it already has changes nothing. ``at``
    restores the time of a label made elsewhere (import-labels)."""
    if label is not None and session.get(LabelTypeRow, label) is None:
        raise InvalidLabelError(f"{label!r} is not a label of this project's scheme.")
    if session.get(StatementRow, statement_id) is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    row = _label_row(session, statement_id, annotator_id)
    now = at or utcnow()
    if label is not None and row is None:
        try:
            with session.begin_nested():  # the same annotator on another machine may race us
                session.add(LabelRow(statement_id=statement_id, annotator_id=annotator_id,
                                     label=label, note=note, created_at=now, updated_at=now,
                                     time_spent_ms=time_spent_ms))
            _append_history(session, statement_id, annotator_id, None, label, now)
            return LabelChange(statement_id, annotator_id, None, label, now)
        except IntegrityError:
            row = _label_row(session, statement_id, annotator_id)  # theirs: update it (last wins)
    old = row.label if row is not None else None
    if label is None and row is not None:
        session.delete(row)
    elif label is not None and row is not None:
        row.label, row.updated_at = label, now
        row.time_spent_ms += time_spent_ms
        if note is not None:
            row.note = note
    if old != label:
        _append_history(session, statement_id, annotator_id, old, label, now)
    session.flush()
    return LabelChange(statement_id, annotator_id, old, label, now)


def _label_row(session: Session, statement_id: int, annotator_id: int) -> LabelRow | None:
    return session.scalars(
        select(LabelRow).where(LabelRow.statement_id == statement_id,
                               LabelRow.annotator_id == annotator_id).with_for_update()
    ).first()


def _append_history(session: Session, statement_id: int, annotator_id: int, old: str | None,
                    new: str | None, at: datetime) -> None:
    session.add(LabelHistoryRow(statement_id=statement_id, annotator_id=annotator_id,
                                old_label=old, new_label=new, changed_at=at))
    session.flush()


def get_label(session: Session, statement_id: int, annotator_id: int) -> Label | None:
    row = session.scalars(select(LabelRow).where(LabelRow.statement_id == statement_id,
                                                 LabelRow.annotator_id == annotator_id)).first()
    return None if row is None else _label(row)


def label_history(
    session: Session, *, statement_id: int | None = None, annotator_id: int | None = None,
) -> list[HistoryEntry]:
    query = select(LabelHistoryRow).order_by(LabelHistoryRow.id)
    if statement_id is not None:
        query = query.where(LabelHistoryRow.statement_id == statement_id)
    if annotator_id is not None:
        query = query.where(LabelHistoryRow.annotator_id == annotator_id)
    return [HistoryEntry(r.id, r.statement_id, r.annotator_id, r.old_label, r.new_label,
                         _aware(r.changed_at)) for r in session.scalars(query)]


# --- statistics ----------------------------------------------------------------------------


def stats(session: Session) -> Stats:
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    per_label = dict(session.execute(
        select(LabelTypeRow.key, func.count(LabelRow.id))
        .outerjoin(LabelRow, LabelRow.label == LabelTypeRow.key)
        .group_by(LabelTypeRow.key, LabelTypeRow.position).order_by(LabelTypeRow.position)
    ).tuples().all())
    per_annotator = dict(session.execute(
        select(AnnotatorRow.name, func.count(LabelRow.id))
        .join(LabelRow, LabelRow.annotator_id == AnnotatorRow.id)
        .group_by(AnnotatorRow.name).order_by(AnnotatorRow.name)
    ).tuples().all())
    return Stats(
        articles=count(ArticleRow), entities=count(EntityRow), statements=count(StatementRow),
        labels=count(LabelRow), labels_per_label=per_label, labels_per_annotator=per_annotator,
    )


# --- row → core ----------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _annotator(row: AnnotatorRow) -> Annotator:
    return Annotator(row.id, row.name, row.is_lead)


def _statement(r: StatementRow) -> Statement:
    return Statement(
        id=r.id, article_id=r.article_id, start=r.start, end=r.end, origin=r.origin,
        speaker_start=r.speaker_start, speaker_end=r.speaker_end,
        speaker_entity_id=r.speaker_entity_id, cue_start=r.cue_start, cue_end=r.cue_end,
        suggested_label=r.suggested_label, suggested_score=r.suggested_score,
    )


def _label(r: LabelRow) -> Label:
    return Label(r.id, r.statement_id, r.annotator_id, r.label, _aware(r.created_at),
                 _aware(r.updated_at), r.time_spent_ms, r.note)


def existing_hashes(session: Session, hashes: list[str]) -> set[str]:
    """Which of these content hashes are already stored."""
    found: set[str] = set()
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        found.update(session.scalars(select(ArticleRow.content_hash)
                                     .where(ArticleRow.content_hash.in_(chunk))))
    return found


def add_articles(session: Session, drafts: list[ArticleDraft]) -> list[int | None]:
    """Store several articles, each whole or not at all (a savepoint each)."""
    ids: list[int | None] = []
    for draft in drafts:
        with session.begin_nested():
            ids.append(add_article(session, draft))
    return ids


# --- the annotation window -----------------------------------------------------------------


def article_ids(session: Session, *, annotator_id: int | None = None, text: str | None = None,
                source: str | None = None, status: str | None = None) -> list[int]:
    """Ids of the articles matching the filters: the annotator's assigned queue first, then the
    rest, each in import order (the list loads rows lazily)."""
    query = select(ArticleRow.id)
    if annotator_id is not None:
        queued = select(AssignmentRow.article_id).where(AssignmentRow.annotator_id == annotator_id)
        query = query.order_by(case((ArticleRow.id.in_(queued), 0), else_=1))
    query = query.order_by(ArticleRow.id)
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(ArticleRow.title.ilike(pattern), ArticleRow.text.ilike(pattern)))
    if source:
        query = query.where(ArticleRow.source == source)
    if status and annotator_id is not None:
        totals = (select(StatementRow.article_id, func.count().label("n"))
                  .group_by(StatementRow.article_id).subquery())
        done = (select(StatementRow.article_id, func.count().label("n"))
                .join(LabelRow, LabelRow.statement_id == StatementRow.id)
                .where(LabelRow.annotator_id == annotator_id)
                .group_by(StatementRow.article_id).subquery())
        n_total = func.coalesce(totals.c.n, 0)
        n_done = func.coalesce(done.c.n, 0)
        query = (query.outerjoin(totals, totals.c.article_id == ArticleRow.id)
                 .outerjoin(done, done.c.article_id == ArticleRow.id))
        condition = {"unlabelled": n_done == 0,
                     "in progress": and_(n_done > 0, n_done < n_total),
                     "done": and_(n_done > 0, n_done >= n_total)}[status]
        query = query.where(condition)
    return list(session.scalars(query))


def article_summaries(session: Session, ids: list[int], annotator_id: int | None) -> list[ArticleSummary]:
    """Rows for the given ids (one visible page of the list), in the order given."""
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.source, ArticleRow.published)
        .where(ArticleRow.id.in_(ids)))}
    totals = dict(session.execute(
        select(StatementRow.article_id, func.count()).where(StatementRow.article_id.in_(ids))
        .group_by(StatementRow.article_id)).tuples().all())
    done: dict[int, int] = {}
    if annotator_id is not None:
        done = dict(session.execute(
            select(StatementRow.article_id, func.count())
            .join(LabelRow, LabelRow.statement_id == StatementRow.id)
            .where(StatementRow.article_id.in_(ids), LabelRow.annotator_id == annotator_id)
            .group_by(StatementRow.article_id)).tuples().all())
    return [ArticleSummary(i, rows[i].title, rows[i].source, rows[i].published,
                           totals.get(i, 0), done.get(i, 0)) for i in ids if i in rows]


def sources(session: Session) -> list[str]:
    return [s for s in session.scalars(select(ArticleRow.source).distinct()
                                       .order_by(ArticleRow.source)) if s]


def article_bundle(session: Session, article_id: int, annotator_id: int | None) -> ArticleBundle:
    article = get_article(session, article_id)
    labels: dict[int, str] = {}
    notes: dict[int, str] = {}
    if annotator_id is not None:
        for statement_id, label, note in session.execute(
                select(LabelRow.statement_id, LabelRow.label, LabelRow.note)
                .join(StatementRow, StatementRow.id == LabelRow.statement_id)
                .where(StatementRow.article_id == article_id,
                       LabelRow.annotator_id == annotator_id)):
            labels[statement_id] = label
            if note:
                notes[statement_id] = note
    votes: dict[int, list[tuple[str, str]]] = {}
    lead = annotator_id is not None and bool(session.scalar(
        select(AnnotatorRow.is_lead).where(AnnotatorRow.id == annotator_id)))
    if lead:  # blind by default: only a lead sees everyone's labels
        for statement_id, name, label in session.execute(
                select(LabelRow.statement_id, AnnotatorRow.name, LabelRow.label)
                .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
                .join(StatementRow, StatementRow.id == LabelRow.statement_id)
                .where(StatementRow.article_id == article_id).order_by(AnnotatorRow.name)):
            votes.setdefault(statement_id, []).append((name, label))
    return ArticleBundle(article, tuple(article_entities(session, article_id)),
                         tuple(article_statements(session, article_id)), labels, notes, votes)


def labelled_count(session: Session, annotator_id: int) -> tuple[int, int]:
    """(statements this annotator has labelled, statements in the database)."""
    done = session.scalar(select(func.count()).select_from(LabelRow)
                          .where(LabelRow.annotator_id == annotator_id)) or 0
    total = session.scalar(select(func.count()).select_from(StatementRow)) or 0
    return done, total


def add_statement(session: Session, article_id: int, start: int, end: int, *,
                  origin: str = "manual") -> Statement:
    """A statement an annotator marks by hand (or the existing one with exactly that span)."""
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise NotFoundError(f"There is no article {article_id}.")
    if not 0 <= start < end <= len(article.text):
        raise InvalidLabelError(f"{start}-{end} is not a span of article {article_id}.")
    row = session.scalars(select(StatementRow).where(
        StatementRow.article_id == article_id, StatementRow.start == start,
        StatementRow.end == end)).first()
    if row is None:
        row = StatementRow(article_id=article_id, start=start, end=end, origin=origin)
        session.add(row)
        session.flush()
    return _statement(row)


def update_statement(session: Session, statement_id: int, **changes: int | None) -> Statement:
    """Change a statement's span or speaker (start, end, speaker_start, speaker_end,
    speaker_entity_id)."""
    allowed = {"start", "end", "speaker_start", "speaker_end", "speaker_entity_id"}
    row = session.get(StatementRow, statement_id)
    if row is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    for key, value in changes.items():
        if key not in allowed:
            raise TypeError(key)
        setattr(row, key, value)
    text_length = session.scalar(select(func.length(ArticleRow.text))
                                 .where(ArticleRow.id == row.article_id)) or 0
    if not 0 <= row.start < row.end <= text_length:
        raise InvalidLabelError(f"{row.start}-{row.end} is not a span of the article.")
    session.flush()
    return _statement(row)


def delete_statement(session: Session, statement_id: int) -> None:
    row = session.get(StatementRow, statement_id)
    if row is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    session.delete(row)
    session.flush()


def set_note(session: Session, statement_id: int, annotator_id: int, note: str | None) -> None:
    row = session.scalars(select(LabelRow).where(LabelRow.statement_id == statement_id,
                                                 LabelRow.annotator_id == annotator_id)).first()
    if row is None:
        raise NotFoundError("Label the statement before adding a note.")
    row.note = note or None
    session.flush()


# --- gold labels and export ----------------------------------------------------------------


def set_gold(session: Session, statement_id: int, lead_id: int, label: str | None,
             rationale: str | None = None) -> None:
    """Set (or with ``None`` remove) the adjudicated label of a statement."""
    if label is not None and session.get(LabelTypeRow, label) is None:
        raise InvalidLabelError(f"{label!r} is not a label of this project's scheme.")
    row = session.scalars(select(GoldLabelRow).where(GoldLabelRow.statement_id == statement_id)).first()
    if label is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(GoldLabelRow(statement_id=statement_id, label=label, annotator_id=lead_id,
                                 rationale=rationale))
    else:
        row.label, row.annotator_id, row.rationale, row.decided_at = label, lead_id, rationale, utcnow()
    session.flush()


def export_ids(
    session: Session, *, annotators: list[str] | None = None, labels: list[str] | None = None,
    sources: list[str] | None = None, include_unlabelled: bool = False, gold: bool = False,
) -> list[int]:
    """Ids of the articles an export covers: those with a matching vote (or gold label),
    or every article of the sources with ``include_unlabelled``."""
    query = select(ArticleRow.id).order_by(ArticleRow.id)
    if sources:
        query = query.where(ArticleRow.source.in_(sources))
    if not include_unlabelled:
        voted = select(StatementRow.article_id).join(LabelRow, LabelRow.statement_id == StatementRow.id)
        if annotators:
            voted = voted.join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id) \
                .where(AnnotatorRow.name.in_(annotators))
        if labels:
            voted = voted.where(LabelRow.label.in_(labels))
        condition = ArticleRow.id.in_(voted)
        if gold:
            decided = select(StatementRow.article_id).join(
                GoldLabelRow, GoldLabelRow.statement_id == StatementRow.id)
            if labels:
                decided = decided.where(GoldLabelRow.label.in_(labels))
            condition = or_(condition, ArticleRow.id.in_(decided))
        query = query.where(condition)
    return list(session.scalars(query))


def iter_export(
    session: Session, ids: list[int], *, annotators: list[str] | None = None,
    labels: list[str] | None = None, include_unlabelled: bool = False, gold: bool = False,
    chunk: int = 500,
) -> Iterator[ExportArticle]:
    """Articles with their statements, votes (annotators' labels) and gold labels, a chunk
    of articles at a time, so memory stays flat however large the project is. Votes are
    filtered by annotator and label."""
    for i in range(0, len(ids), chunk):
        yield from _export_chunk(session, ids[i:i + chunk], annotators, labels,
                                 include_unlabelled, gold)


# In the order of Statement's fields: rows become core dataclasses without ORM objects.
_STATEMENT_COLUMNS = (
    StatementRow.id, StatementRow.article_id, StatementRow.start, StatementRow.end,
    StatementRow.origin, StatementRow.speaker_start, StatementRow.speaker_end,
    StatementRow.speaker_entity_id, StatementRow.cue_start, StatementRow.cue_end,
    StatementRow.suggested_label, StatementRow.suggested_score,
)


def _export_chunk(session: Session, ids: list[int], annotators: list[str] | None,
                  labels: list[str] | None, include_unlabelled: bool,
                  gold_wanted: bool) -> Iterator[ExportArticle]:
    run = session.connection().execute  # Core rows: no ORM layer per row on large exports
    articles = {r.id: r for r in run(select(
        ArticleRow.id, ArticleRow.content_hash, ArticleRow.text, ArticleRow.title, ArticleRow.source,
        ArticleRow.url, ArticleRow.published, ArticleRow.language, ArticleRow.meta,
        ArticleRow.pipeline, ArticleRow.pipeline_version, ArticleRow.imported_at)
        .where(ArticleRow.id.in_(ids))).all()}
    entities: dict[int, list[Entity]] = {}
    for row in run(select(EntityRow.id, EntityRow.article_id, EntityRow.start,
                          EntityRow.end, EntityRow.label, EntityRow.origin)
                   .where(EntityRow.article_id.in_(ids))
                   .order_by(EntityRow.start, EntityRow.end)).all():
        entities.setdefault(row[1], []).append(Entity(*row))
    statements: dict[int, list[Statement]] = {}
    for row in run(select(*_STATEMENT_COLUMNS).where(StatementRow.article_id.in_(ids))
                               .order_by(StatementRow.start, StatementRow.end)).all():
        statements.setdefault(row[1], []).append(Statement(*row))
    # The raw stored time: on SQLite a string, parsed below by the C datetime.fromisoformat
    # (SQLAlchemy's SQLite DATETIME parses with a Python regex, per row).
    raw_time = type_coerce(LabelRow.updated_at, String)
    vote_query = (select(LabelRow.statement_id, AnnotatorRow.name, LabelRow.label,
                         raw_time, LabelRow.time_spent_ms, LabelRow.note)
                  .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
                  .join(StatementRow, StatementRow.id == LabelRow.statement_id)
                  .where(StatementRow.article_id.in_(ids)).order_by(AnnotatorRow.name))
    if annotators:
        vote_query = vote_query.where(AnnotatorRow.name.in_(annotators))
    if labels:
        vote_query = vote_query.where(LabelRow.label.in_(labels))
    votes: dict[int, list[Vote]] = {}
    # Tuple unpacking: attribute lookups on rows cost more than the rest of the loop.
    for statement_id, name, label, at, spent, note in run(vote_query).all():
        if not isinstance(at, datetime):
            at = datetime.fromisoformat(at + "+00:00")  # stored UTC, without an offset
        elif at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        if statement_id in votes:
            votes[statement_id].append(Vote(name, label, at, spent or 0, note))
        else:
            votes[statement_id] = [Vote(name, label, at, spent or 0, note)]
    gold: dict[int, Vote] = {}
    gold_query = (select(GoldLabelRow.statement_id, AnnotatorRow.name, GoldLabelRow.label,
                         GoldLabelRow.decided_at, GoldLabelRow.rationale)
                  .join(AnnotatorRow, AnnotatorRow.id == GoldLabelRow.annotator_id)
                  .join(StatementRow, StatementRow.id == GoldLabelRow.statement_id)
                  .where(StatementRow.article_id.in_(ids)))
    if labels:
        gold_query = gold_query.where(GoldLabelRow.label.in_(labels))
    for r in run(gold_query).all() if gold_wanted else ():
        gold[r.statement_id] = Vote(r.name, r.label, _aware(r.decided_at), 0, r.rationale)
    for article_id in ids:
        r = articles[article_id]
        article = Article(r.id, r.content_hash, r.text, r.title, r.source, r.url, r.published,
                          r.language, dict(r.meta or {}), r.pipeline, r.pipeline_version,
                          _aware(r.imported_at))
        items = tuple(ExportStatement(s, tuple(votes.get(s.id, ())), gold.get(s.id))
                      for s in statements.get(article_id, ())
                      if include_unlabelled or s.id in votes or s.id in gold)
        yield ExportArticle(article, tuple(entities.get(article_id, ())), items)


def find_article_by_hash(session: Session, content_hash: str) -> int | None:
    return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))


def find_statement(session: Session, article_id: int, start: int, end: int) -> int | None:
    return session.scalar(select(StatementRow.id).where(
        StatementRow.article_id == article_id, StatementRow.start == start, StatementRow.end == end))


# --- teams ----------------------------------------------------------------------------------


def set_lead(session: Session, name: str, is_lead: bool = True) -> Annotator:
    who = get_or_create_annotator(session, name)
    row = session.get(AnnotatorRow, who.id)
    row.is_lead = is_lead
    session.flush()
    return _annotator(row)


def assign(session: Session, overlap: int, annotator_names: list[str] | None = None) -> int:
    """Give every article ``overlap`` annotators (keeping assignments already made), always to
    the least loaded annotator not yet on it. Returns how many assignments were added."""
    if annotator_names:
        people = [get_or_create_annotator(session, n) for n in annotator_names]
    else:
        people = annotators(session)
    if not people:
        raise NotFoundError("There are no annotators to assign articles to; name them with --annotators.")
    if overlap < 1 or overlap > len(people):
        raise InvalidLabelError(f"An overlap of {overlap} needs between 1 and {len(people)} annotators.")
    ids = {p.id for p in people}
    load = Counter({p.id: 0 for p in people})
    current: dict[int, set[int]] = {}
    for article_id, annotator_id in session.execute(select(AssignmentRow.article_id,
                                                           AssignmentRow.annotator_id)):
        current.setdefault(article_id, set()).add(annotator_id)
        if annotator_id in ids:
            load[annotator_id] += 1
    added = 0
    for article_id in session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)):
        have = current.get(article_id, set()) & ids
        for _ in range(overlap - len(have)):
            pick = min((p for p in ids if p not in have), key=lambda p: (load[p], p))
            session.add(AssignmentRow(article_id=article_id, annotator_id=pick))
            have.add(pick)
            load[pick] += 1
            added += 1
    session.flush()
    return added


def assigned_articles(session: Session, annotator_id: int) -> list[int]:
    return list(session.scalars(select(AssignmentRow.article_id)
                                .where(AssignmentRow.annotator_id == annotator_id)
                                .order_by(AssignmentRow.article_id)))


def agreement_votes(session: Session, *, sources: list[str] | None = None,
                    ) -> list[tuple[int, str | None, str, str]]:
    """(statement id, outlet, annotator, label) of every statement labelled by two or more."""
    multi = (select(LabelRow.statement_id).group_by(LabelRow.statement_id)
             .having(func.count() >= 2))
    query = (select(LabelRow.statement_id, ArticleRow.source, AnnotatorRow.name, LabelRow.label)
             .join(StatementRow, StatementRow.id == LabelRow.statement_id)
             .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
             .where(LabelRow.statement_id.in_(multi)))
    if sources:
        query = query.where(ArticleRow.source.in_(sources))
    return [tuple(r) for r in session.connection().execute(query).all()]  # type: ignore[misc]


def review_items(session: Session, *, include_agreed: bool = False) -> list[dict]:  # type: ignore[type-arg]
    """Statements for adjudication: those where annotators disagree (with include_agreed,
    every statement labelled by two or more), with every vote and any gold label."""
    votes: dict[int, list[tuple[str, str]]] = {}
    for statement_id, _, name, label in agreement_votes(session):
        votes.setdefault(statement_id, []).append((name, label))
    chosen = {sid: v for sid, v in votes.items()
              if include_agreed or len({label for _, label in v}) > 1}
    if not chosen:
        return []
    gold = dict(session.execute(select(GoldLabelRow.statement_id, GoldLabelRow.label)
                                .where(GoldLabelRow.statement_id.in_(list(chosen)))).tuples().all())
    rationale = dict(session.execute(select(GoldLabelRow.statement_id, GoldLabelRow.rationale)
                                     .where(GoldLabelRow.statement_id.in_(list(chosen)))).tuples().all())
    rows = session.execute(select(StatementRow.id, StatementRow.article_id, StatementRow.start,
                                  StatementRow.end, ArticleRow.text, ArticleRow.title,
                                  ArticleRow.source)
                           .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
                           .where(StatementRow.id.in_(list(chosen)))
                           .order_by(StatementRow.article_id, StatementRow.start)).all()
    return [{"statement_id": r.id, "article_id": r.article_id, "text": r.text[r.start:r.end],
             "title": r.title, "source": r.source, "votes": sorted(chosen[r.id]),
             "gold": gold.get(r.id), "rationale": rationale.get(r.id)} for r in rows]
