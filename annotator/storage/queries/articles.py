"""Articles, their entities and statements; the article list and bundle of the window."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session

from annotator.core.errors import InvalidLabelError, NotFoundError, StatementInUseError
from annotator.core.models import (
    Article,
    ArticleBundle,
    ArticleDraft,
    ArticleSummary,
    Entity,
    RemovedLabel,
    Statement,
    VariantInfo,
)
from annotator.core.text import content_hash
from annotator.storage.queries.history import BOUNDS, SPEAKER, record_edit, snapshot
from annotator.storage.queries._rows import aware, to_statement, visible_to
from annotator.storage.queries.labels import append_history
from annotator.storage.schema import (
    AnnotatorRow,
    AssignmentRow,
    ArticleRow,
    ClusterMemberRow,
    EntityRow,
    GoldLabelRow,
    LabelRow,
    StatementRow,
)

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
    # One statement per span (the table's unique key): a second candidate with the same
    # span adds nothing an annotator could tell apart.
    statements, spans = [], set()
    for s in draft.statements:
        if (s.start, s.end) not in spans:
            spans.add((s.start, s.end))
            statements.append(s)
    if statements:
        session.execute(insert(StatementRow), [{
            "article_id": article.id, "start": s.start, "end": s.end, "origin": s.origin,
            "speaker_start": s.speaker_start, "speaker_end": s.speaker_end,
            "speaker_entity_id": entity_ids[s.speaker_entity] if s.speaker_entity is not None else None,
            "cue_start": s.cue_start, "cue_end": s.cue_end,
            "suggested_label": s.suggested_label, "suggested_score": s.suggested_score,
            "rule_label": s.suggested_label, "rule_score": s.suggested_score,
            "kind": s.kind, "confidence": s.confidence,
        } for s in statements])
    return article.id


def add_articles(session: Session, drafts: list[ArticleDraft]) -> list[int | None]:
    """Store several articles, each whole or not at all (a savepoint each)."""
    ids: list[int | None] = []
    for draft in drafts:
        with session.begin_nested():
            ids.append(add_article(session, draft))
    return ids


def existing_hashes(session: Session, hashes: list[str]) -> set[str]:
    """Which of these content hashes are already stored."""
    found: set[str] = set()
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        found.update(session.scalars(select(ArticleRow.content_hash)
                                     .where(ArticleRow.content_hash.in_(chunk))))
    return found


def get_article(session: Session, article_id: int) -> Article:
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"There is no article {article_id}.")
    return Article(
        id=row.id, content_hash=row.content_hash, text=row.text, title=row.title,
        source=row.source, url=row.url, published=row.published, language=row.language,
        meta=dict(row.meta or {}), pipeline=row.pipeline, pipeline_version=row.pipeline_version,
        imported_at=aware(row.imported_at),
    )


def article_entities(session: Session, article_id: int) -> list[Entity]:
    rows = session.scalars(select(EntityRow).where(EntityRow.article_id == article_id)
                           .order_by(EntityRow.start, EntityRow.end))
    return [Entity(r.id, r.article_id, r.start, r.end, r.label, r.origin) for r in rows]


def article_statements(session: Session, article_id: int, visible: Any = None) -> list[Statement]:
    """The article's statements in text order (``visible``: only those, see visible_to)."""
    query = select(StatementRow).where(StatementRow.article_id == article_id)
    if visible is not None:
        query = query.where(visible)
    rows = session.scalars(query.order_by(StatementRow.start, StatementRow.end))
    return [to_statement(r) for r in rows]


def article_ids(session: Session, *, annotator_id: int | None = None, text: str | None = None,
                source: str | None = None, status: str | None = None) -> list[int]:
    """Ids of the articles matching the filters: the annotator's assigned queue first, then the
    rest, each in import order (the list loads rows lazily)."""
    query = select(ArticleRow.id).order_by(ArticleRow.id)  # the primary key's order: no sort
    if text:
        # What was typed, literally: % and _ are not wildcards here.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(ArticleRow.title.ilike(pattern, escape="\\"),
                                ArticleRow.text.ilike(pattern, escape="\\")))
    if source:
        query = query.where(ArticleRow.source == source)
    if status and annotator_id is not None:
        totals = (select(StatementRow.article_id, func.count().label("n"))
                  .where(visible_to(annotator_id, _is_lead(session, annotator_id)))
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
    # Plain rows, not ORM results: 100,000 ids in a third of the time.
    ids = [row[0] for row in session.connection().execute(query)]
    if annotator_id is not None:
        # The queue first (kept apart in Python: ordering 100,000 rows by "assigned?" in SQL
        # is a sort of them all, five times slower than reading them in key order).
        queued = set(session.scalars(select(AssignmentRow.article_id)
                                     .where(AssignmentRow.annotator_id == annotator_id)))
        if queued:
            ids = [i for i in ids if i in queued] + [i for i in ids if i not in queued]
    return ids


def article_summaries(session: Session, ids: list[int], annotator_id: int | None) -> list[ArticleSummary]:
    """Rows for the given ids (one visible page of the list), in the order given."""
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.source, ArticleRow.published)
        .where(ArticleRow.id.in_(ids)))}
    totals = dict(session.execute(
        select(StatementRow.article_id, func.count())
        .where(StatementRow.article_id.in_(ids),
               visible_to(annotator_id, _is_lead(session, annotator_id)))
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


def _is_lead(session: Session, annotator_id: int | None) -> bool:
    return annotator_id is not None and bool(session.scalar(
        select(AnnotatorRow.is_lead).where(AnnotatorRow.id == annotator_id)))


def share_statements(session: Session, statement_ids: list[int], lead_id: int) -> int:
    """A lead makes statements made by hand everyone's; how many were private."""
    rows = list(session.scalars(select(StatementRow).where(StatementRow.id.in_(statement_ids))))
    missing = set(statement_ids) - {r.id for r in rows}
    if missing:
        raise NotFoundError(f"There is no statement {min(missing)}.")
    shared = 0
    for row in rows:
        if row.private_to is not None:
            record_edit(session, "share", statement_id=row.id, article_id=row.article_id,
                        annotator_id=lead_id, before={"private_to": row.private_to})
            row.private_to = None
            shared += 1
    session.flush()
    return shared


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
                         tuple(article_statements(session, article_id,
                                                  visible_to(annotator_id, lead))),
                         labels, notes, votes, article_variants(session, article_id, annotator_id))


def article_variants(session: Session, article_id: int,
                     annotator_id: int | None) -> dict[int, list[VariantInfo]]:
    """For each statement of the article in a cluster: the other members, with their
    outlet, text, similarity and this annotator's label (two queries; none when the
    article's statements are in no cluster)."""
    own = dict(session.execute(
        select(ClusterMemberRow.statement_id, ClusterMemberRow.cluster_id)
        .join(StatementRow, StatementRow.id == ClusterMemberRow.statement_id)
        .where(StatementRow.article_id == article_id)).all())
    if not own:
        return {}
    length = StatementRow.end - StatementRow.start
    query = (select(ClusterMemberRow.cluster_id, StatementRow.id, StatementRow.article_id,
                    ArticleRow.source, ArticleRow.title,
                    func.substr(ArticleRow.text, StatementRow.start + 1, length),
                    ClusterMemberRow.similarity, LabelRow.label, LabelRow.propagated_from)
             .join(StatementRow, StatementRow.id == ClusterMemberRow.statement_id)
             .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .outerjoin(LabelRow, and_(LabelRow.statement_id == StatementRow.id,
                                       LabelRow.annotator_id == annotator_id))
             .where(ClusterMemberRow.cluster_id.in_(set(own.values())))
             .order_by(ArticleRow.source, StatementRow.id))
    members: dict[int, list[VariantInfo]] = {}
    for cluster, sid, aid, source, title, text, similarity, label, origin in session.execute(query):
        members.setdefault(cluster, []).append(
            VariantInfo(sid, aid, source, title, " ".join((text or "").split()), similarity,
                        label if annotator_id is not None else None, origin))
    return {sid: [v for v in members.get(cluster, []) if v.statement_id != sid]
            for sid, cluster in own.items()}


def add_statement(session: Session, article_id: int, start: int, end: int, *,
                  origin: str = "manual", annotator_id: int | None = None) -> Statement:
    """A statement an annotator marks by hand (or the existing one with exactly that span).
    A new one goes to the history as made by ``annotator_id``."""
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise NotFoundError(f"There is no article {article_id}.")
    if not 0 <= start < end <= len(article.text):
        raise InvalidLabelError(f"{start}-{end} is not a span of article {article_id}.")
    row = session.scalars(select(StatementRow).where(
        StatementRow.article_id == article_id, StatementRow.start == start,
        StatementRow.end == end)).first()
    if row is not None and row.private_to is not None and row.private_to != annotator_id:
        row.private_to = None  # two annotators found it by themselves: it is everyone's
        session.flush()
        record_edit(session, "share", statement_id=row.id, article_id=article_id,
                    annotator_id=annotator_id, after={"found again": True})
    if row is None:
        private = None
        if origin == "manual" and annotator_id is not None and not session.scalar(
                select(AnnotatorRow.is_lead).where(AnnotatorRow.id == annotator_id)):
            private = annotator_id  # blind: others see it once a lead shares it
        row = StatementRow(article_id=article_id, start=start, end=end, origin=origin,
                           private_to=private)
        session.add(row)
        session.flush()
        record_edit(session, "create", statement_id=row.id, article_id=article_id,
                    annotator_id=annotator_id, after=snapshot(row))
    return to_statement(row)


def update_statement(session: Session, statement_id: int, *, annotator_id: int | None = None,
                     **changes: int | None) -> Statement:
    """Change a statement's span or speaker (start, end, speaker_start, speaker_end,
    speaker_entity_id). What changed goes to the history (``bounds``, ``speaker``), the
    fields before and after, as ``annotator_id``'s change."""
    allowed = {"start", "end", "speaker_start", "speaker_end", "speaker_entity_id"}
    row = session.get(StatementRow, statement_id)
    if row is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    was = snapshot(row, BOUNDS + SPEAKER)
    for key, value in changes.items():
        if key not in allowed:
            raise TypeError(key)
        setattr(row, key, value)
    text_length = session.scalar(select(func.length(ArticleRow.text))
                                 .where(ArticleRow.id == row.article_id)) or 0
    if not 0 <= row.start < row.end <= text_length:
        raise InvalidLabelError(f"{row.start}-{row.end} is not a span of the article.")
    session.flush()
    now = snapshot(row, BOUNDS + SPEAKER)
    for action, fields in (("bounds", BOUNDS), ("speaker", SPEAKER)):
        if any(was[f] != now[f] for f in fields):
            record_edit(session, action, statement_id=statement_id, article_id=row.article_id,
                        annotator_id=annotator_id, before={f: was[f] for f in fields},
                        after={f: now[f] for f in fields})
    return to_statement(row)


def statement_article(session: Session, statement_id: int) -> int:
    """The article a statement belongs to."""
    article_id = session.scalar(select(StatementRow.article_id)
                                .where(StatementRow.id == statement_id))
    if article_id is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    return article_id


def deletion_refusal(session: Session, statement_id: int, annotator_id: int | None) -> str | None:
    """Why this annotator (not a lead) may not delete the statement, or None when they may:
    anyone else's label on it, or a gold label, keeps it."""
    others = session.scalar(select(func.count()).select_from(LabelRow).where(
        LabelRow.statement_id == statement_id, LabelRow.annotator_id != annotator_id)) or 0
    settled = session.scalar(select(func.count()).select_from(GoldLabelRow)
                             .where(GoldLabelRow.statement_id == statement_id)) or 0
    if not (others or settled):
        return None
    what = (f"{others} other annotator{'s have' if others != 1 else ' has'} labelled it"
            if others else "a lead has settled it")
    return (f"This statement cannot be deleted: {what}. Mark it \"not a statement\" (S) "
            "instead, or ask a lead.")


def delete_statement(session: Session, statement_id: int, annotator_id: int | None = None,
                     *, others_allowed: bool = True) -> list[RemovedLabel]:
    """Delete a statement with its labels and gold label. Every label removed is written to
    the history (label → none) first, so the audit trail shows the removal. With
    ``others_allowed=False`` a statement that anyone but ``annotator_id`` has labelled, or
    that has a gold label, is refused (see deletion_refusal). Returns the labels removed."""
    row = session.get(StatementRow, statement_id)
    if row is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    votes = session.execute(select(LabelRow.annotator_id, AnnotatorRow.name, LabelRow.label,
                                   LabelRow.note)
                            .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
                            .where(LabelRow.statement_id == statement_id)
                            .order_by(AnnotatorRow.name)
                            .with_for_update(of=LabelRow)).all()
    if not others_allowed:
        refusal = deletion_refusal(session, statement_id, annotator_id)
        if refusal is not None:
            raise StatementInUseError(refusal)
    for who, _, label, _ in votes:
        append_history(session, statement_id, who, label, None)
    gold = session.execute(select(AnnotatorRow.name, GoldLabelRow.label, GoldLabelRow.rationale)
                           .join(AnnotatorRow, AnnotatorRow.id == GoldLabelRow.annotator_id)
                           .where(GoldLabelRow.statement_id == statement_id)).all()
    removed = snapshot(row)
    if gold:
        removed["gold"] = gold[0].label
    record_edit(session, "delete", statement_id=statement_id, article_id=row.article_id,
                annotator_id=annotator_id, before=removed)
    session.delete(row)
    session.flush()
    return ([RemovedLabel(name, label, note) for _, name, label, note in votes]
            + [RemovedLabel(name, label, rationale, gold=True) for name, label, rationale in gold])


def restore_statement(session: Session, statement: Statement, *,
                      annotator_id: int | None = None) -> Statement:
    """Put back a deleted statement with every field it had (a new id; or the statement
    that has since been made with the same span). The history keeps the id it had as
    ``after["was"]``."""
    existing = session.scalars(select(StatementRow).where(
        StatementRow.article_id == statement.article_id, StatementRow.start == statement.start,
        StatementRow.end == statement.end)).first()
    if existing is not None:
        return to_statement(existing)
    if session.get(ArticleRow, statement.article_id) is None:
        raise NotFoundError(f"There is no article {statement.article_id}.")
    speaker_entity = statement.speaker_entity_id
    if speaker_entity is not None and session.get(EntityRow, speaker_entity) is None:
        speaker_entity = None
    row = StatementRow(
        article_id=statement.article_id, start=statement.start, end=statement.end,
        origin=statement.origin, speaker_start=statement.speaker_start,
        speaker_end=statement.speaker_end, speaker_entity_id=speaker_entity,
        cue_start=statement.cue_start, cue_end=statement.cue_end,
        suggested_label=statement.suggested_label, suggested_score=statement.suggested_score,
        kind=statement.kind, confidence=statement.confidence, private_to=statement.private_to)
    session.add(row)
    session.flush()
    record_edit(session, "restore", statement_id=row.id, article_id=row.article_id,
                annotator_id=annotator_id, after={**snapshot(row), "was": statement.id})
    return to_statement(row)


def find_article_by_hash(session: Session, content_hash: str) -> int | None:
    return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))


def find_statement(session: Session, article_id: int, start: int, end: int) -> int | None:
    return session.scalar(select(StatementRow.id).where(
        StatementRow.article_id == article_id, StatementRow.start == start, StatementRow.end == end))


def article_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ArticleRow)) or 0


def replace_entities(session: Session, article_id: int, remove: list[tuple[int, int, str]],
                     add: list[tuple[int, int, str]], *,
                     annotator_id: int | None = None) -> list[Entity]:
    """Correct an article's entities: those at the ``remove`` spans (start, end, type) go
    and the ``add`` ones come (made by hand). An entity whose span stays and only its type
    changes keeps its id; a statement whose speaker was a removed entity is re-pointed to
    the added entity its speaker mention overlaps, if any. The change goes to the history
    (``entity``: the entities before and after). Returns the article's entities now."""
    text_length = session.scalar(select(func.length(ArticleRow.text))
                                 .where(ArticleRow.id == article_id))
    if text_length is None:
        raise NotFoundError(f"There is no article {article_id}.")
    for start, end, label in add:
        if not 0 <= start < end <= text_length or not label.strip():
            raise InvalidLabelError(f"{start}-{end} {label!r} is not an entity of the article.")
    rows = list(session.scalars(select(EntityRow).where(EntityRow.article_id == article_id)))
    by_span = {(r.start, r.end, r.label): r for r in rows}
    gone = [by_span[span] for span in dict.fromkeys(remove) if span in by_span]
    if len(gone) != len(set(remove)):
        raise NotFoundError("The article's entities have changed meanwhile; open it again.")
    kept_ids: dict[tuple[int, int], EntityRow] = {}
    for start, end, label in add:
        reuse = next((r for r in gone if (r.start, r.end) == (start, end)), None)
        if reuse is not None:
            gone.remove(reuse)
            reuse.label, reuse.origin = label, "manual"
            kept_ids[(start, end)] = reuse
        else:
            row = EntityRow(article_id=article_id, start=start, end=end, label=label,
                            origin="manual")
            session.add(row)
            kept_ids[(start, end)] = row
    session.flush()
    if gone:
        gone_by_id = {r.id: r for r in gone}
        for st in session.scalars(select(StatementRow).where(
                StatementRow.speaker_entity_id.in_(list(gone_by_id)))):
            old = gone_by_id[st.speaker_entity_id]
            mention = ((st.speaker_start, st.speaker_end) if st.speaker_start is not None
                       and st.speaker_end is not None else (old.start, old.end))
            target = next((r for (s, e), r in kept_ids.items()
                           if s < mention[1] and mention[0] < e), None)
            st.speaker_entity_id = target.id if target is not None else None
        session.flush()
        for r in gone:
            session.delete(r)
        session.flush()
    record_edit(session, "entity", statement_id=None, article_id=article_id,
                annotator_id=annotator_id,
                before={"entities": [list(span) for span in remove]} if remove else None,
                after={"entities": [list(span) for span in add]} if add else None)
    return article_entities(session, article_id)
