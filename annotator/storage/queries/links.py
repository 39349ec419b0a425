"""Statements that report the same utterance: links, clusters and people's edits of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from annotator.core.errors import NotFoundError
from annotator.core.models import Article, Entity, Statement
from annotator.storage.queries._rows import to_statement
from annotator.storage.schema import (
    ArticleRow,
    ClusterEditRow,
    ClusterMemberRow,
    EntityRow,
    LinkVocabRow,
    LinkWordsRow,
    StatementLinkRow,
    StatementRow,
    utcnow,
)

_BATCH = 5000


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    """The distinct values, sorted, a batch at a time (IN lists stay within every
    database's limits)."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), _BATCH):
        yield ordered[i:i + _BATCH]


def linkable_articles(session: Session, article_ids: Iterable[int] | None = None
                      ) -> list[tuple[Article, list[Statement], list[Entity]]]:
    """Each article (all, or those given) with its statements and entities, read in three
    queries: what the linker needs to say what each statement says and who said it."""
    articles: dict[int, tuple[Article, list[Statement], list[Entity]]] = {}
    chunks = [None] if article_ids is None else list(_chunks(article_ids))
    for chunk in chunks:
        query = select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.text,
                       ArticleRow.title, ArticleRow.source, ArticleRow.published)
        if chunk is not None:
            query = query.where(ArticleRow.id.in_(chunk))
        for aid, digest, text, title, source, published in session.connection().execute(query):
            articles[aid] = (Article(aid, digest, text, title, source, published=published),
                             [], [])
        statements = select(StatementRow).order_by(StatementRow.article_id, StatementRow.start)
        entities = select(EntityRow.id, EntityRow.article_id, EntityRow.start, EntityRow.end,
                          EntityRow.label)
        if chunk is not None:
            statements = statements.where(StatementRow.article_id.in_(chunk))
            entities = entities.where(EntityRow.article_id.in_(chunk))
        for row in session.scalars(statements):
            if row.article_id in articles:
                articles[row.article_id][1].append(to_statement(row))
        for eid, aid, start, end, label in session.connection().execute(entities):
            if aid in articles:
                articles[aid][2].append(Entity(eid, aid, start, end, label))
    return [articles[a] for a in sorted(articles)]


def unlinked_articles(session: Session) -> list[int]:
    """Articles with a statement not linked yet (no link words)."""
    query = (select(StatementRow.article_id).distinct()
             .outerjoin(LinkWordsRow, LinkWordsRow.statement_id == StatementRow.id)
             .where(LinkWordsRow.statement_id.is_(None)))
    return [aid for (aid,) in session.connection().execute(query)]


def store_linked(session: Session, rows: list[tuple[int, bytes, str, str, bool, str]], *,
                 replace_all: bool) -> None:
    """Linking saw these statements: (id, word ids, text, speaker, is a person,
    affiliation). Kept instead of what was there for them (``replace_all``: instead of
    everything)."""
    if replace_all:
        session.execute(delete(LinkWordsRow))
    else:
        for chunk in _chunks(r[0] for r in rows):
            session.execute(delete(LinkWordsRow).where(LinkWordsRow.statement_id.in_(chunk)))
    rows = sorted(rows)
    for i in range(0, len(rows), 2000):  # a chunk at a time: memory stays flat
        chunk = rows[i:i + 2000]
        session.execute(insert(LinkWordsRow), [
            {"statement_id": sid, "word_ids": words, "content": content,
             "speaker": speaker, "speaker_is_person": person, "affiliation": affiliation}
            for sid, words, content, speaker, person, affiliation in chunk])


def link_words(session: Session) -> list[tuple[int, int, bytes]]:
    """(statement id, article id, word ids as 32-bit integers) of every linked statement."""
    query = (select(LinkWordsRow.statement_id, StatementRow.article_id, LinkWordsRow.word_ids)
             .join(StatementRow, StatementRow.id == LinkWordsRow.statement_id)
             .order_by(LinkWordsRow.statement_id))
    return [(sid, aid, bytes(ids)) for sid, aid, ids in session.connection().execute(query)]


def word_ids(session: Session, words: Iterable[str], *, fresh: bool = False) -> dict[str, int]:
    """The number of each word, numbering the ones not seen yet (``fresh``: forget every
    number first, as linking everything again does)."""
    if fresh:
        session.execute(delete(LinkVocabRow))
    wanted = sorted(set(words))
    known: dict[str, int] = {}
    for i in range(0, len(wanted), 900):
        known.update(session.connection().execute(
            select(LinkVocabRow.word, LinkVocabRow.id).where(
                LinkVocabRow.word.in_(wanted[i:i + 900]))).all())
    missing = [w for w in wanted if w not in known]
    if missing:
        start = (session.scalar(select(func.max(LinkVocabRow.id))) or 0) + 1
        rows = [{"id": start + n, "word": w} for n, w in enumerate(missing)]
        for i in range(0, len(rows), 20_000):
            session.execute(insert(LinkVocabRow), rows[i:i + 20_000])
        known.update((r["word"], r["id"]) for r in rows)
    return known


def linked_statements(session: Session, statement_ids: Iterable[int]
                      ) -> list[tuple[int, int, str, str, bool, str, str | None, str | None]]:
    """(id, article id, text, speaker, is a person, affiliation, outlet, published) of
    linked statements, as linking saw them."""
    out = []
    for chunk in _chunks(statement_ids):
        query = (select(LinkWordsRow.statement_id, StatementRow.article_id, LinkWordsRow.content,
                        LinkWordsRow.speaker, LinkWordsRow.speaker_is_person,
                        LinkWordsRow.affiliation, ArticleRow.source, ArticleRow.published)
                 .join(StatementRow, StatementRow.id == LinkWordsRow.statement_id)
                 .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
                 .where(LinkWordsRow.statement_id.in_(chunk)))
        out.extend(tuple(row) for row in session.connection().execute(query))
    return out  # type: ignore[return-value]


def links_touching(session: Session, statement_ids: Iterable[int]) -> list[tuple[int, int, float]]:
    out = []
    for chunk in _chunks(statement_ids):
        query = select(StatementLinkRow.statement_a, StatementLinkRow.statement_b,
                       StatementLinkRow.score).where(or_(
                           StatementLinkRow.statement_a.in_(chunk),
                           StatementLinkRow.statement_b.in_(chunk)))
        out.extend((a, b, score) for a, b, score in session.connection().execute(query))
    return out


def cluster_members_of(session: Session, statement_ids: Iterable[int]) -> dict[int, tuple[int, float]]:
    out = {}
    for chunk in _chunks(statement_ids):
        query = select(ClusterMemberRow.statement_id, ClusterMemberRow.cluster_id,
                       ClusterMemberRow.similarity).where(
                           ClusterMemberRow.statement_id.in_(chunk))
        out.update((sid, (c, sim)) for sid, c, sim in session.connection().execute(query))
    return out


def cluster_members_of_clusters(session: Session, statement_ids: Iterable[int]) -> list[int]:
    """Every member of the clusters these statements are in."""
    clusters = {c for c, _ in cluster_members_of(session, statement_ids).values()}
    if not clusters:
        return []
    return list(session.scalars(select(ClusterMemberRow.statement_id).where(
        ClusterMemberRow.cluster_id.in_(sorted(clusters)))))


def cluster_counts(session: Session) -> tuple[int, int]:
    """(clusters, statements in a cluster)."""
    row = session.execute(select(func.count(func.distinct(ClusterMemberRow.cluster_id)),
                                 func.count())).one()
    return int(row[0]), int(row[1])


def forget_linking(session: Session, statement_id: int) -> None:
    """A statement's words changed (new bounds): link it again next time."""
    session.execute(delete(LinkWordsRow).where(LinkWordsRow.statement_id == statement_id))
    session.execute(delete(StatementLinkRow).where(or_(
        StatementLinkRow.statement_a == statement_id, StatementLinkRow.statement_b == statement_id)))


def replace_links(session: Session, links: Iterable[tuple[int, int, float]], *,
                  of: Iterable[int] | None = None) -> None:
    """Store ``links`` (a < b): instead of every link there was, or (``of``) instead of the
    links of those statements only."""
    if of is None:
        session.execute(delete(StatementLinkRow))
    else:
        for chunk in _chunks(of):
            session.execute(delete(StatementLinkRow).where(or_(
                StatementLinkRow.statement_a.in_(chunk), StatementLinkRow.statement_b.in_(chunk))))
    rows = [{"statement_a": a, "statement_b": b, "score": score} for a, b, score in links]
    for i in range(0, len(rows), _BATCH):
        session.execute(insert(StatementLinkRow), rows[i:i + _BATCH])


def stored_links(session: Session) -> list[tuple[int, int, float]]:
    query = select(StatementLinkRow.statement_a, StatementLinkRow.statement_b,
                   StatementLinkRow.score)
    return [(a, b, score) for a, b, score in session.connection().execute(query)]


def cluster_edits(session: Session) -> list[tuple[int, int, bool]]:
    """The edit in force for each pair people edited (the newest): (a, b, apart)."""
    query = select(ClusterEditRow.statement_a, ClusterEditRow.statement_b,
                   ClusterEditRow.apart).order_by(ClusterEditRow.id)
    newest: dict[tuple[int, int], bool] = {}
    for a, b, apart in session.connection().execute(query):
        newest[(a, b)] = bool(apart)
    return [(a, b, apart) for (a, b), apart in newest.items()]


def add_cluster_edits(session: Session, pairs: Iterable[tuple[int, int]], *, apart: bool,
                      annotator_id: int) -> int:
    """Record that these pairs are to be kept apart (or together); how many were written."""
    now = utcnow()
    rows = [{"statement_a": min(a, b), "statement_b": max(a, b), "apart": apart,
             "annotator_id": annotator_id, "made_at": now} for a, b in pairs if a != b]
    if rows:
        session.execute(insert(ClusterEditRow), rows)
    return len(rows)


def write_clusters(session: Session, members: dict[int, tuple[int, float]],
                   among: Iterable[int] | None = None) -> None:
    """Every statement's cluster (statement id → (cluster id, similarity)), instead of the
    clusters there were (``among``: of those statements only): only rows that differ are
    written."""
    if among is None:
        before = {sid: (cluster, similarity) for sid, cluster, similarity in
                  session.connection().execute(select(ClusterMemberRow.statement_id,
                                                      ClusterMemberRow.cluster_id,
                                                      ClusterMemberRow.similarity))}
    else:
        before = cluster_members_of(session, among)
    gone = sorted(sid for sid in before if members.get(sid) != before[sid])
    for chunk in _chunks(gone):
        session.execute(delete(ClusterMemberRow).where(ClusterMemberRow.statement_id.in_(chunk)))
    rows = [{"statement_id": sid, "cluster_id": cluster, "similarity": similarity}
            for sid, (cluster, similarity) in sorted(members.items())
            if before.get(sid) != (cluster, similarity)]
    for i in range(0, len(rows), _BATCH):
        session.execute(insert(ClusterMemberRow), rows[i:i + _BATCH])


def cluster_of(session: Session, statement_id: int) -> int | None:
    return session.scalar(select(ClusterMemberRow.cluster_id)
                          .where(ClusterMemberRow.statement_id == statement_id))


def cluster_members(session: Session, cluster_id: int) -> list[tuple[Statement, float]]:
    """The statements of one cluster (in article order), each with its similarity."""
    rows = session.execute(
        select(StatementRow, ClusterMemberRow.similarity)
        .join(ClusterMemberRow, ClusterMemberRow.statement_id == StatementRow.id)
        .where(ClusterMemberRow.cluster_id == cluster_id)
        .order_by(StatementRow.article_id, StatementRow.start)).all()
    return [(to_statement(row), similarity) for row, similarity in rows]


def variants_of(session: Session, statement_id: int) -> list[tuple[Statement, float]]:
    """The other statements in this statement's cluster (none when it is alone)."""
    cluster = cluster_of(session, statement_id)
    if cluster is None:
        return []
    return [(s, sim) for s, sim in cluster_members(session, cluster) if s.id != statement_id]


def cluster_sizes(session: Session, statement_ids: Iterable[int] | None = None
                  ) -> dict[int, tuple[int, int]]:
    """statement id → (cluster id, cluster size), for statements in a cluster."""
    sizes = dict(session.execute(select(ClusterMemberRow.cluster_id, func.count())
                                 .group_by(ClusterMemberRow.cluster_id)).all())
    query = select(ClusterMemberRow.statement_id, ClusterMemberRow.cluster_id)
    wanted = None if statement_ids is None else set(statement_ids)
    out = {}
    for sid, cluster in session.connection().execute(query):
        if wanted is None or sid in wanted:
            out[sid] = (cluster, sizes[cluster])
    return out


def existing_statements(session: Session, statement_ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(statement_ids):
        found.update(session.scalars(select(StatementRow.id).where(StatementRow.id.in_(chunk))))
    return found


def require_statements(session: Session, statement_ids: Iterable[int]) -> None:
    ids = set(statement_ids)
    found = set(session.scalars(select(StatementRow.id).where(StatementRow.id.in_(list(ids)))))
    missing = sorted(ids - found)
    if missing:
        raise NotFoundError(f"There is no statement {missing[0]}.")
