"""Progress figures, counted in the database (a few grouped queries, whatever the size)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.progress import AnnotatorProgress, ProjectProgress, week_agreement
from annotator.storage.queries._rows import aware
from annotator.storage.queries.teams import _labelled_by_several
from annotator.storage.schema import (
    AnnotatorRow,
    ArticleRow,
    AssignmentRow,
    LabelHistoryRow,
    LabelRow,
    LabelTypeRow,
    StatementRow,
)


def progress(session: Session) -> ProjectProgress:
    names = dict(session.execute(select(AnnotatorRow.id, AnnotatorRow.name)).tuples().all())
    labelled = dict(session.execute(select(LabelRow.annotator_id, func.count())
                                    .group_by(LabelRow.annotator_id)).tuples().all())
    assigned = dict(session.execute(
        select(AssignmentRow.annotator_id, func.count(StatementRow.id))
        .join(StatementRow, StatementRow.article_id == AssignmentRow.article_id)
        .group_by(AssignmentRow.annotator_id)).tuples().all())
    done = dict(session.execute(
        select(AssignmentRow.annotator_id, func.count(LabelRow.id))
        .join(StatementRow, StatementRow.article_id == AssignmentRow.article_id)
        .join(LabelRow, (LabelRow.statement_id == StatementRow.id)
              & (LabelRow.annotator_id == AssignmentRow.annotator_id))
        .group_by(AssignmentRow.annotator_id)).tuples().all())
    annotators = tuple(sorted(
        (AnnotatorProgress(names[i], labelled.get(i, 0), assigned.get(i, 0), done.get(i, 0))
         for i in names if labelled.get(i) or assigned.get(i)), key=lambda a: a.name))
    order = [key for key, in session.execute(select(LabelTypeRow.key)
                                             .order_by(LabelTypeRow.position))]
    per_label = dict.fromkeys(order, 0)
    per_outlet: dict[str, dict[str, int]] = {}
    for outlet, label, n in session.execute(
            select(ArticleRow.source, LabelRow.label, func.count())
            .join(StatementRow, StatementRow.id == LabelRow.statement_id)
            .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .group_by(ArticleRow.source, LabelRow.label)):
        per_label[label] = per_label.get(label, 0) + n
        per_outlet.setdefault(outlet or "(no outlet)", dict.fromkeys(order, 0))[label] = n
    return ProjectProgress(annotators, per_label, dict(sorted(per_outlet.items())),
                           _per_hour(session), _agreement(session))


def _per_hour(session: Session) -> tuple[tuple[datetime, int], ...]:
    """Label changes (a label given or changed, not cleared) per hour, in UTC."""
    if session.get_bind().dialect.name == "postgresql":
        hour = func.date_trunc("hour", func.timezone("UTC", LabelHistoryRow.changed_at))
    else:
        hour = func.strftime("%Y-%m-%d %H:00:00", LabelHistoryRow.changed_at)
    rows = session.execute(select(hour, func.count())
                           .where(LabelHistoryRow.new_label.is_not(None))
                           .group_by(hour).order_by(hour)).all()
    out = []
    for value, n in rows:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        out.append((aware(moment).astimezone(timezone.utc), n))
    return tuple(out)


def _agreement(session: Session):  # type: ignore[no-untyped-def]
    votes = [(sid, source, label, aware(when)) for sid, source, label, when in session.execute(
        select(LabelRow.statement_id, ArticleRow.source, LabelRow.label, LabelRow.updated_at)
        .join(StatementRow, StatementRow.id == LabelRow.statement_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .where(LabelRow.statement_id.in_(_labelled_by_several())))]
    return week_agreement(votes)
