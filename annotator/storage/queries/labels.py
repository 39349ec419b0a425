"""Label types, annotators, labels and their history, statistics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.core.models import Annotator, HistoryEntry, Label, LabelChange, LabelType, Stats
from annotator.storage.queries.history import record_edit
from annotator.storage.queries._rows import aware, to_annotator, to_label, visible_to
from annotator.storage.schema import (
    AnnotatorRow,
    ArticleRow,
    EntityRow,
    LabelHistoryRow,
    LabelRow,
    LabelTypeRow,
    StatementRow,
    utcnow,
)

def label_types(session: Session) -> list[LabelType]:
    rows = session.scalars(select(LabelTypeRow).order_by(LabelTypeRow.position, LabelTypeRow.key))
    return [LabelType(r.key, r.name, r.colour, r.shortcut, r.position, r.description, r.kind)
            for r in rows]


def get_or_create_annotator(session: Session, name: str, *, is_lead: bool = False) -> Annotator:
    name = name.strip()
    if not name:
        raise InvalidLabelError("An annotator needs a name.")
    query = select(AnnotatorRow).where(AnnotatorRow.name == name)
    row = session.scalars(query).first()
    if row is None:
        try:
            with session.begin_nested():  # the same person may start on two machines at once
                row = AnnotatorRow(name=name, is_lead=is_lead)
                session.add(row)
        except IntegrityError:
            row = session.scalars(query).one()
    return to_annotator(row)


def annotators(session: Session) -> list[Annotator]:
    return [to_annotator(r) for r in session.scalars(select(AnnotatorRow).order_by(AnnotatorRow.name))]


def set_label(
    session: Session, statement_id: int, annotator_id: int, label: str | None,
    *, time_spent_ms: int = 0, note: str | None = None, at: datetime | None = None,
    op_id: str | None = None, propagated_from: int | None = None,
) -> LabelChange:
    """Set (or with ``label=None`` clear) one annotator's label on a statement, and append
    the change to the history. Setting the label it already has changes nothing. ``at``
    restores the time of a label made elsewhere (import-labels). ``op_id`` is the window's
    id for the change: a change whose id is in the history already is not made again (a
    journal replayed after a crash). ``propagated_from``: the variant (the same utterance in
    another outlet) the label was given from; None: labelled here."""
    if op_id is not None:
        done = session.execute(select(LabelHistoryRow).where(LabelHistoryRow.op_id == op_id)
                               ).scalar_one_or_none()
        if done is not None:
            return LabelChange(statement_id, annotator_id, done.old_label, done.new_label,
                               aware(done.changed_at))
    if label is not None and session.get(LabelTypeRow, label) is None:
        raise InvalidLabelError(f"{label!r} is not a label of this project's scheme.")
    if session.get(StatementRow, statement_id) is None:
        raise NotFoundError(f"There is no statement {statement_id}.")
    row = _label_row(session, statement_id, annotator_id)
    # The same annotator on another machine may insert the row between our read and our
    # insert (then we update theirs: last wins), and even clear it again before we re-read
    # (then we insert after all): loop until one of the two holds. The time is taken only
    # once our write holds (see append_history), so history order is commit order.
    while label is not None and row is None:
        try:
            now = at or utcnow()
            with session.begin_nested():
                session.add(LabelRow(statement_id=statement_id, annotator_id=annotator_id,
                                     label=label, note=note, created_at=now, updated_at=now,
                                     time_spent_ms=time_spent_ms,
                                     propagated_from=propagated_from))
            now = append_history(session, statement_id, annotator_id, None, label, at, op_id)
            return LabelChange(statement_id, annotator_id, None, label, now)
        except IntegrityError:
            row = _label_row(session, statement_id, annotator_id)
    now = at or utcnow()  # after _label_row's lock: a concurrent writer has committed
    old = row.label if row is not None else None
    if label is None and row is not None:
        session.delete(row)
    elif label is not None and row is not None:
        row.label, row.updated_at = label, now
        row.time_spent_ms += time_spent_ms
        row.propagated_from = propagated_from
        if note is not None:
            row.note = note
    if old != label:
        now = append_history(session, statement_id, annotator_id, old, label, at, op_id)
    session.flush()
    return LabelChange(statement_id, annotator_id, old, label, now)


def _label_row(session: Session, statement_id: int, annotator_id: int) -> LabelRow | None:
    return session.scalars(
        select(LabelRow).where(LabelRow.statement_id == statement_id,
                               LabelRow.annotator_id == annotator_id).with_for_update()
    ).first()


def append_history(session: Session, statement_id: int, annotator_id: int, old: str | None,
                   new: str | None, at: datetime | None = None,
                   op_id: str | None = None) -> datetime:
    """One history row, stamped when it is written (or at ``at``, a restored change).

    Written after the label row's lock is held, so for one annotator's label the stamps
    follow commit order. On PostgreSQL the stamp is the server's clock_timestamp(): every
    machine of a team shares one clock, and it is read at the insert, not at the start of
    the transaction as now() would be. Returns the stamp."""
    session.flush()  # the label row first: its lock orders us against other writers
    row = insert(LabelHistoryRow).values(statement_id=statement_id, annotator_id=annotator_id,
                                         old_label=old, new_label=new, op_id=op_id)
    if at is None and session.get_bind().dialect.name == "postgresql":
        stamp = session.execute(row.values(changed_at=func.clock_timestamp())
                                .returning(LabelHistoryRow.changed_at)).scalar_one()
        return aware(stamp)
    stamp = at or utcnow()  # SQLite: one writer at a time holds the lock while we stamp
    session.execute(row.values(changed_at=stamp))
    return stamp


def set_label_on_server(connection: Connection, statement_id: int, annotator_id: int,
                        label: str | None, *, time_spent_ms: int = 0,
                        op_id: str | None = None) -> LabelChange:
    """:func:`set_label` in one round trip: PostgreSQL's ``annotator_set_label()``
    (migration 0008) does the checks, the lock, the write and the history row in the
    server. ``connection`` is in autocommit, so the call is its own transaction."""
    try:
        old, new, stamp, _applied = connection.execute(
            text("SELECT * FROM annotator_set_label(:s, :a, :l, :t, :o)"),
            {"s": statement_id, "a": annotator_id, "l": label, "t": time_spent_ms, "o": op_id},
        ).one()
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        diag = getattr(exc.orig, "diag", None)
        message = getattr(diag, "message_primary", None) or str(exc.orig)
        if state == "P0002":
            raise NotFoundError(message) from None
        if state == "22023":
            raise InvalidLabelError(message) from None
        raise
    return LabelChange(statement_id, annotator_id, old, new, aware(stamp))


def get_label(session: Session, statement_id: int, annotator_id: int) -> Label | None:
    row = session.scalars(select(LabelRow).where(LabelRow.statement_id == statement_id,
                                                 LabelRow.annotator_id == annotator_id)).first()
    return None if row is None else to_label(row)


def label_history(
    session: Session, *, statement_id: int | None = None, annotator_id: int | None = None,
) -> list[HistoryEntry]:
    query = select(LabelHistoryRow).order_by(LabelHistoryRow.id)
    if statement_id is not None:
        query = query.where(LabelHistoryRow.statement_id == statement_id)
    if annotator_id is not None:
        query = query.where(LabelHistoryRow.annotator_id == annotator_id)
    return [HistoryEntry(r.id, r.statement_id, r.annotator_id, r.old_label, r.new_label,
                         aware(r.changed_at), r.op_id) for r in session.scalars(query)]


def labelled_count(session: Session, annotator_id: int) -> tuple[int, int]:
    """(statements this annotator has labelled, statements in the database)."""
    done = session.scalar(select(func.count()).select_from(LabelRow)
                          .where(LabelRow.annotator_id == annotator_id)) or 0
    lead = bool(session.scalar(select(AnnotatorRow.is_lead)
                               .where(AnnotatorRow.id == annotator_id)))
    total = session.scalar(select(func.count()).select_from(StatementRow)
                           .where(visible_to(annotator_id, lead))) or 0
    return done, total


def set_note(session: Session, statement_id: int, annotator_id: int, note: str | None) -> None:
    row = session.scalars(select(LabelRow).where(LabelRow.statement_id == statement_id,
                                                 LabelRow.annotator_id == annotator_id)).first()
    if row is None:
        raise NotFoundError("Label the statement before adding a note.")
    old, row.note = row.note, note or None
    session.flush()
    if old != row.note:
        article_id = session.scalar(select(StatementRow.article_id)
                                    .where(StatementRow.id == statement_id))
        record_edit(session, "note", statement_id=statement_id, article_id=article_id,
                    annotator_id=annotator_id, before=None if old is None else {"note": old},
                    after=None if row.note is None else {"note": row.note})


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
