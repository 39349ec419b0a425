"""Gold labels and the streamed selection of an export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    String,
    any_,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from annotator.core.errors import InvalidLabelError
from annotator.core.models import Article, Entity, ExportArticle, ExportStatement, Statement, Vote
from annotator.storage.queries.history import record_edit
from annotator.storage.queries._rows import STATEMENT_COLUMNS, aware
from annotator.storage.schema import (
    AnnotatorRow,
    ClusterMemberRow,
    GoldLabelRow,
    ArticleRow,
    EntityRow,
    LabelRow,
    LabelTypeRow,
    StatementRow,
    utcnow,
)

def set_gold(session: Session, statement_id: int, lead_id: int, label: str | None,
             rationale: str | None = None) -> None:
    """Set (or with ``None`` remove) the adjudicated label of a statement."""
    if label is not None and session.get(LabelTypeRow, label) is None:
        raise InvalidLabelError(f"{label!r} is not a label of this project's scheme.")
    row = session.scalars(select(GoldLabelRow).where(GoldLabelRow.statement_id == statement_id)).first()
    before = None if row is None else {"label": row.label, "rationale": row.rationale}
    if label is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(GoldLabelRow(statement_id=statement_id, label=label, annotator_id=lead_id,
                                 rationale=rationale))
    else:
        row.label, row.annotator_id, row.rationale, row.decided_at = label, lead_id, rationale, utcnow()
    session.flush()
    after = None if label is None else {"label": label, "rationale": rationale}
    if before != after:
        article_id = session.scalar(select(StatementRow.article_id)
                                    .where(StatementRow.id == statement_id))
        record_edit(session, "gold", statement_id=statement_id, article_id=article_id,
                    annotator_id=lead_id, before=before, after=after)


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
    chunk: int | None = None,
) -> Iterator[ExportArticle]:
    """Articles with their statements, votes (annotators' labels) and gold labels, a chunk
    of articles at a time, so memory stays flat however large the project is. Votes are
    filtered by annotator and label. PostgreSQL reads 2,000 articles a query (a round trip
    each); SQLite 900, under the 999 parameters older SQLite builds allow a statement."""
    if chunk is None:
        chunk = 2000 if session.get_bind().dialect.name == "postgresql" else 900
    sizes = dict(session.execute(select(ClusterMemberRow.cluster_id, func.count())
                                 .group_by(ClusterMemberRow.cluster_id)).all())
    for i in range(0, len(ids), chunk):
        yield from _export_chunk(session, ids[i:i + chunk], annotators, labels,
                                 include_unlabelled, gold, sizes)


def _export_chunk(session: Session, ids: list[int], annotators: list[str] | None,
                  labels: list[str] | None, include_unlabelled: bool,
                  gold_wanted: bool, sizes: dict[int, int]) -> Iterator[ExportArticle]:
    connection = session.connection()
    run = connection.execute  # Core rows: no ORM layer per row on large exports
    postgres = connection.dialect.name == "postgresql"

    def among(column: Any) -> Any:
        """``column IN ids``; on PostgreSQL ``= ANY(one array)``, which psycopg sends as one
        parameter instead of 2,000 placeholders it would parse per query."""
        if postgres:
            return column == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
        return column.in_(ids)

    articles = {r.id: r for r in run(select(
        ArticleRow.id, ArticleRow.content_hash, ArticleRow.text, ArticleRow.title, ArticleRow.source,
        ArticleRow.url, ArticleRow.published, ArticleRow.language, ArticleRow.meta,
        ArticleRow.pipeline, ArticleRow.pipeline_version, ArticleRow.imported_at)
        .where(among(ArticleRow.id))).all()}
    # The three large selections (entities, statements, votes: one row per label) hold only
    # integers, text and floats, so they are read as plain tuples. Ordered by article first,
    # they follow the (article_id, start) indexes: no sort in the database.
    entities: dict[int, list[Entity]] = {}
    for row in _tuples(connection, select(
            EntityRow.id, EntityRow.article_id, EntityRow.start, EntityRow.end, EntityRow.label,
            EntityRow.origin).where(among(EntityRow.article_id))
            .order_by(EntityRow.article_id, EntityRow.start, EntityRow.end)):
        if row[1] in entities:
            entities[row[1]].append(Entity(*row))
        else:
            entities[row[1]] = [Entity(*row)]
    statements: dict[int, list[Statement]] = {}
    for row in _tuples(connection, select(*STATEMENT_COLUMNS)
                       .where(among(StatementRow.article_id))
                       .order_by(StatementRow.article_id, StatementRow.start, StatementRow.end)):
        if row[1] in statements:
            statements[row[1]].append(Statement(*row))
        else:
            statements[row[1]] = [Statement(*row)]
    # The raw stored time: on SQLite a string, parsed below by the C datetime.fromisoformat
    # (SQLAlchemy's SQLite DATETIME parses with a Python regex, per row).
    raw_time = type_coerce(LabelRow.updated_at, String)
    vote_query = (select(LabelRow.statement_id, AnnotatorRow.name, LabelRow.label,
                         raw_time, LabelRow.time_spent_ms, LabelRow.note)
                  .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
                  .join(StatementRow, StatementRow.id == LabelRow.statement_id)
                  .where(among(StatementRow.article_id)))
    if annotators:
        vote_query = vote_query.where(AnnotatorRow.name.in_(annotators))
    if labels:
        vote_query = vote_query.where(LabelRow.label.in_(labels))
    votes: dict[int, list[Vote]] = {}
    several: set[int] = set()
    # Tuple unpacking: indexing costs more than the rest of the loop.
    for statement_id, name, label, at, spent, note in _tuples(connection, vote_query):
        if not isinstance(at, datetime):
            at = datetime.fromisoformat(at + "+00:00")  # stored UTC, without an offset
        elif at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        if statement_id in votes:
            votes[statement_id].append(Vote(name, label, at, spent or 0, note))
            several.add(statement_id)
        else:
            votes[statement_id] = [Vote(name, label, at, spent or 0, note)]
    for statement_id in several:  # votes in the order of the annotators' names
        votes[statement_id].sort(key=_by_annotator)
    gold: dict[int, Vote] = {}
    gold_query = (select(GoldLabelRow.statement_id, AnnotatorRow.name, GoldLabelRow.label,
                         GoldLabelRow.decided_at, GoldLabelRow.rationale)
                  .join(AnnotatorRow, AnnotatorRow.id == GoldLabelRow.annotator_id)
                  .join(StatementRow, StatementRow.id == GoldLabelRow.statement_id)
                  .where(among(StatementRow.article_id)))
    if labels:
        gold_query = gold_query.where(GoldLabelRow.label.in_(labels))
    for r in run(gold_query).all() if gold_wanted else ():
        gold[r.statement_id] = Vote(r.name, r.label, aware(r.decided_at), 0, r.rationale)
    clusters: dict[int, tuple[int, int]] = {}
    if sizes:  # which statements of these articles are variants of others (issue 14)
        for statement_id, cluster_id in _tuples(connection, select(
                ClusterMemberRow.statement_id, ClusterMemberRow.cluster_id)
                .join(StatementRow, StatementRow.id == ClusterMemberRow.statement_id)
                .where(among(StatementRow.article_id))):
            clusters[statement_id] = (cluster_id, sizes.get(cluster_id, 1))
    none: tuple[()] = ()
    for article_id in ids:
        r = articles[article_id]
        article = Article(r.id, r.content_hash, r.text, r.title, r.source, r.url, r.published,
                          r.language, dict(r.meta or {}), r.pipeline, r.pipeline_version,
                          aware(r.imported_at))
        items = []
        for s in statements.get(article_id, none):
            mine = votes.get(s.id)
            decided = gold.get(s.id) if gold else None
            if mine is not None:
                items.append(ExportStatement(s, tuple(mine), decided, clusters.get(s.id)))
            elif decided is not None or include_unlabelled:
                items.append(ExportStatement(s, none, decided, clusters.get(s.id)))
        yield ExportArticle(article, tuple(entities.get(article_id, none)), tuple(items))


def _by_annotator(vote: Vote) -> str:
    return vote.annotator


def _tuples(connection: Connection, statement: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as the driver's own tuples. SQLAlchemy compiles the statement
    for this database (placeholders, the expanded IN list); the driver's cursor runs it, which
    skips building a Row per row: a tenth of a large export's time. Only for columns the
    driver already returns as the right Python type (integers, text, floats)."""
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, params)
        return cursor.fetchall()
    finally:
        cursor.close()
