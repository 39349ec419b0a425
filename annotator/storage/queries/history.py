"""The audit trail: every change people made, of every kind, append-only.

Labels have had their own history from the start (label_history: undo reads it); every
other change goes to edit_history, and the cluster edits are in cluster_edits. ``audit``
reads the three as one trail, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.core.models import AuditEntry
from annotator.storage.queries._rows import aware
from annotator.storage.schema import (
    AnnotatorRow,
    ClusterEditRow,
    EditHistoryRow,
    LabelHistoryRow,
    StatementRow,
    utcnow,
)

# A statement's fields each kind of edit touches (what before/after hold).
BOUNDS = ("start", "end")
SPEAKER = ("speaker_start", "speaker_end", "speaker_entity_id")
SNAPSHOT = ("start", "end", "origin", "kind", "confidence", *SPEAKER, "cue_start", "cue_end")


def record_edit(session: Session, action: str, *, statement_id: int | None,
                article_id: int | None, annotator_id: int | None,
                before: dict[str, Any] | None = None,
                after: dict[str, Any] | None = None) -> None:
    """Append one change to edit_history, stamped by the server's clock on PostgreSQL (as
    label history is, so the two sort together)."""
    row = insert(EditHistoryRow).values(statement_id=statement_id, article_id=article_id,
                                        annotator_id=annotator_id, action=action,
                                        before=before, after=after)
    if session.get_bind().dialect.name == "postgresql":
        row = row.values(changed_at=func.clock_timestamp())
    else:
        row = row.values(changed_at=utcnow())
    session.execute(row)


def snapshot(row: StatementRow, fields: tuple[str, ...] = SNAPSHOT) -> dict[str, Any]:
    return {name: getattr(row, name) for name in fields}


def audit(session: Session, *, statement_id: int | None = None,
          annotator_id: int | None = None, action: str | None = None,
          limit: int | None = None) -> list[AuditEntry]:
    """The trail, oldest first; with ``limit``, only the newest that many."""
    names = dict(session.execute(select(AnnotatorRow.id, AnnotatorRow.name)).tuples().all())
    entries: list[tuple[datetime, int, int, AuditEntry]] = []

    def want(kind: str) -> bool:
        return action is None or action == kind or (action == "cluster" and
                                                    kind in ("apart", "together"))

    if want("label"):
        query = select(LabelHistoryRow).order_by(LabelHistoryRow.id.desc())
        if statement_id is not None:
            query = query.where(LabelHistoryRow.statement_id == statement_id)
        if annotator_id is not None:
            query = query.where(LabelHistoryRow.annotator_id == annotator_id)
        for r in session.scalars(query.limit(limit)):
            at = aware(r.changed_at)
            entries.append((at, 0, r.id, AuditEntry(
                at, "label", names.get(r.annotator_id), r.statement_id, None,
                None if r.old_label is None else {"label": r.old_label},
                None if r.new_label is None else {"label": r.new_label})))
    edits = select(EditHistoryRow).order_by(EditHistoryRow.id.desc())
    if statement_id is not None:
        edits = edits.where(EditHistoryRow.statement_id == statement_id)
    if annotator_id is not None:
        edits = edits.where(EditHistoryRow.annotator_id == annotator_id)
    if action is not None:
        edits = edits.where(EditHistoryRow.action == action)
    for e in session.scalars(edits.limit(limit)):
        at = aware(e.changed_at)
        entries.append((at, 1, e.id, AuditEntry(
            at, e.action, names.get(e.annotator_id) if e.annotator_id else None,
            e.statement_id, e.article_id, e.before, e.after)))
    if want("apart") or want("together"):
        clusters = select(ClusterEditRow).order_by(ClusterEditRow.id.desc())
        if statement_id is not None:
            clusters = clusters.where((ClusterEditRow.statement_a == statement_id)
                                      | (ClusterEditRow.statement_b == statement_id))
        if annotator_id is not None:
            clusters = clusters.where(ClusterEditRow.annotator_id == annotator_id)
        for c in session.scalars(clusters.limit(limit)):
            kind = "apart" if c.apart else "together"
            if not want(kind):
                continue
            at = aware(c.made_at)
            this, other = ((c.statement_a, c.statement_b) if statement_id in (None, c.statement_a)
                           else (c.statement_b, c.statement_a))
            entries.append((at, 2, c.id, AuditEntry(at, kind, names.get(c.annotator_id), this,
                                                    None, None, {"variant": other})))
    entries.sort(key=lambda e: e[:3])
    trail = [entry for *_, entry in entries]
    return trail[-limit:] if limit is not None else trail


def first_bounds(session: Session, statement_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each statement's bounds before anyone first changed them (detection's, for a
    candidate); statements whose bounds were never changed are left out."""
    found: dict[int, tuple[int, int]] = {}
    for start in range(0, len(statement_ids), 1000):
        chunk = statement_ids[start:start + 1000]
        for sid, before in session.execute(
                select(EditHistoryRow.statement_id, EditHistoryRow.before)
                .where(EditHistoryRow.action == "bounds",
                       EditHistoryRow.statement_id.in_(chunk))
                .order_by(EditHistoryRow.id)):
            if sid not in found and before and "start" in before and "end" in before:
                found[sid] = (int(before["start"]), int(before["end"]))
    return found
