"""ORM rows to core dataclasses (shared by the query modules)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import or_

from annotator.core.models import Annotator, Label, Statement
from annotator.storage.schema import AnnotatorRow, LabelRow, StatementRow


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def to_annotator(row: AnnotatorRow) -> Annotator:
    return Annotator(row.id, row.name, row.is_lead)


def to_statement(r: StatementRow) -> Statement:
    return Statement(
        id=r.id, article_id=r.article_id, start=r.start, end=r.end, origin=r.origin,
        speaker_start=r.speaker_start, speaker_end=r.speaker_end,
        speaker_entity_id=r.speaker_entity_id, cue_start=r.cue_start, cue_end=r.cue_end,
        suggested_label=r.suggested_label, suggested_score=r.suggested_score,
        suggestion_model=r.suggestion_model, kind=r.kind, confidence=r.confidence,
        private_to=r.private_to,
    )


def to_label(r: LabelRow) -> Label:
    return Label(r.id, r.statement_id, r.annotator_id, r.label, aware(r.created_at),
                 aware(r.updated_at), r.time_spent_ms, r.note)


# In the order of Statement's fields: rows become core dataclasses without ORM objects.
STATEMENT_COLUMNS = (
    StatementRow.id, StatementRow.article_id, StatementRow.start, StatementRow.end,
    StatementRow.origin, StatementRow.speaker_start, StatementRow.speaker_end,
    StatementRow.speaker_entity_id, StatementRow.cue_start, StatementRow.cue_end,
    StatementRow.suggested_label, StatementRow.suggested_score, StatementRow.suggestion_model,
    StatementRow.kind, StatementRow.confidence, StatementRow.private_to,
)


def visible_to(annotator_id: int | None, lead: bool):  # type: ignore[no-untyped-def]
    """The statements an annotator sees: everyone's, and those they made by hand that no
    lead has shared yet (a lead, or no annotator at all, sees every statement)."""
    if annotator_id is None or lead:
        return StatementRow.id.is_not(None)
    return or_(StatementRow.private_to.is_(None), StatementRow.private_to == annotator_id)
