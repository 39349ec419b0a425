"""Assignment, leads, the votes agreement is computed from, the adjudication queue."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.core.models import Annotator
from annotator.storage.queries._rows import to_annotator
from annotator.storage.queries.labels import annotators, get_or_create_annotator
from annotator.storage.schema import (
    AnnotatorRow,
    AssignmentRow,
    GoldLabelRow,
    ArticleRow,
    LabelRow,
    StatementRow,
)

def set_lead(session: Session, name: str, is_lead: bool = True) -> Annotator:
    who = get_or_create_annotator(session, name)
    row = session.get(AnnotatorRow, who.id)
    row.is_lead = is_lead
    session.flush()
    return to_annotator(row)


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


def _labelled_by_several() -> Select[tuple[int]]:
    """Ids of the statements two or more annotators have labelled (a subquery)."""
    return select(LabelRow.statement_id).group_by(LabelRow.statement_id).having(func.count() >= 2)


def agreement_votes(session: Session, *, sources: list[str] | None = None,
                    ) -> list[tuple[int, str | None, str, str]]:
    """(statement id, outlet, annotator, label) of every statement labelled by two or more."""
    multi = _labelled_by_several()
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
    # Selected by the same subquery as the votes, then narrowed in Python: a list of ids
    # as parameters would pass PostgreSQL's 65,535-parameter limit on large projects.
    multi = _labelled_by_several()
    gold, rationale = {}, {}
    for statement_id, label, why in session.execute(
            select(GoldLabelRow.statement_id, GoldLabelRow.label, GoldLabelRow.rationale)
            .where(GoldLabelRow.statement_id.in_(multi))):
        gold[statement_id], rationale[statement_id] = label, why
    text = func.substr(ArticleRow.text, StatementRow.start + 1,  # in characters, both databases
                       StatementRow.end - StatementRow.start)
    rows = [r for r in session.execute(
        select(StatementRow.id, StatementRow.article_id, text.label("text"),
               ArticleRow.title, ArticleRow.source)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .where(StatementRow.id.in_(multi))
        .order_by(StatementRow.article_id, StatementRow.start)) if r.id in chosen]
    return [{"statement_id": r.id, "article_id": r.article_id, "text": r.text,
             "title": r.title, "source": r.source, "votes": sorted(chosen[r.id]),
             "gold": gold.get(r.id), "rationale": rationale.get(r.id)} for r in rows]


def review_context(session: Session, statement_id: int) -> dict:  # type: ignore[type-arg]
    """What a lead needs to settle one statement: its paragraph (and where the statement
    is in it), the article's title and outlet, every vote in full with its note, and the
    gold label."""
    row = session.execute(select(StatementRow.article_id, StatementRow.start, StatementRow.end,
                                 ArticleRow.text, ArticleRow.title, ArticleRow.source)
                          .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
                          .where(StatementRow.id == statement_id)).first()
    if row is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    text = row.text
    lo = text.rfind("\n", 0, row.start) + 1
    hi = text.find("\n", row.end)
    hi = len(text) if hi < 0 else hi
    votes = [(name, label, note) for name, label, note in session.execute(
        select(AnnotatorRow.name, LabelRow.label, LabelRow.note)
        .join(AnnotatorRow, AnnotatorRow.id == LabelRow.annotator_id)
        .where(LabelRow.statement_id == statement_id).order_by(AnnotatorRow.name))]
    gold = session.execute(select(GoldLabelRow.label, GoldLabelRow.rationale, AnnotatorRow.name)
                           .join(AnnotatorRow, AnnotatorRow.id == GoldLabelRow.annotator_id)
                           .where(GoldLabelRow.statement_id == statement_id)).first()
    return {"statement_id": statement_id, "article_id": row.article_id, "title": row.title,
            "source": row.source, "paragraph": text[lo:hi], "start": row.start - lo,
            "end": row.end - lo, "votes": votes,
            "gold": None if gold is None else {"label": gold.label, "rationale": gold.rationale,
                                               "by": gold.name}}
