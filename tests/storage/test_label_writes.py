"""The window's label write: one round trip on PostgreSQL, and replaying a change (same
op id) after a crash never applies it twice."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

from annotator import ops
from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.storage import queries as q
from tests.storage.test_queries import _add_article


def _statement_and_annotator(db) -> tuple[int, int]:
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        return statement.id, q.get_or_create_annotator(s, "alice").id


def _history(db, statement_id: int) -> list[tuple[str | None, str | None]]:
    with db.session() as s:
        return [(h.old_label, h.new_label) for h in q.label_history(s, statement_id=statement_id)]


def _label(db, statement_id: int, annotator_id: int) -> str | None:
    with db.session() as s:
        found = q.get_label(s, statement_id, annotator_id)
    return None if found is None else found.label


def test_a_replayed_change_is_applied_once(db):
    sid, aid = _statement_and_annotator(db)
    ops_ = [(str(uuid.uuid4()), label) for label in ("claim", "denial", None, "claim")]
    for _ in range(3):  # the journal replayed twice more after a crash
        changes = [ops.set_label(db, statement_id=sid, annotator_id=aid, label=label, op_id=op)
                   for op, label in ops_]
    assert _history(db, sid) == [(None, "claim"), ("claim", "denial"), ("denial", None),
                                 (None, "claim")]
    assert _label(db, sid, aid) == "claim"
    # A replay reports what the first call did, so the window confirms the right label.
    assert [(c.old_label, c.new_label) for c in changes] == _history(db, sid)


def test_the_same_label_again_changes_nothing(db):
    sid, aid = _statement_and_annotator(db)
    ops.set_label(db, statement_id=sid, annotator_id=aid, label="claim", op_id=str(uuid.uuid4()))
    again = ops.set_label(db, statement_id=sid, annotator_id=aid, label="claim",
                          op_id=str(uuid.uuid4()), time_spent_ms=500)
    assert again.old_label == "claim" and _history(db, sid) == [(None, "claim")]
    with db.session() as s:
        assert q.get_label(s, sid, aid).time_spent_ms == 500


def test_bad_writes_are_the_same_errors_on_every_backend(db):
    sid, aid = _statement_and_annotator(db)
    with pytest.raises(InvalidLabelError, match="not a label"):
        ops.set_label(db, statement_id=sid, annotator_id=aid, label="nonsense", op_id="x1")
    with pytest.raises(NotFoundError, match="no statement"):
        ops.set_label(db, statement_id=sid + 999, annotator_id=aid, label="claim", op_id="x2")
    # The connection is still good after a refused write.
    ops.set_label(db, statement_id=sid, annotator_id=aid, label="claim", op_id="x3")
    assert _label(db, sid, aid) == "claim" and _history(db, sid) == [(None, "claim")]


@pytest.mark.postgres
def test_a_label_change_is_one_statement_on_postgresql(pg_url):
    """One statement in autocommit: no BEGIN, no COMMIT, no pool ping, no annotator lookup.
    At a 20 ms round trip this is the difference between 20 ms and 250 ms per key."""
    from annotator.storage import open_database

    with open_database(pg_url) as db:
        sid, aid = _statement_and_annotator(db)
        ops.set_label(db, statement_id=sid, annotator_id=aid, label="claim", op_id="warm")
        seen: list[str] = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *rest: seen.append(statement))
        transactions: list[str] = []
        event.listen(db.engine, "begin", lambda conn: transactions.append("begin"))
        for label in ("denial", None, "warning"):
            ops.set_label(db, statement_id=sid, annotator_id=aid, label=label,
                          op_id=str(uuid.uuid4()), time_spent_ms=10)
        assert len(seen) == 3, seen
        assert transactions == []
        assert _label(db, sid, aid) == "warning"
        assert _history(db, sid)[-3:] == [("claim", "denial"), ("denial", None), (None, "warning")]


@pytest.mark.postgres
def test_the_windows_reads_send_no_begin_on_postgresql(pg_url):
    """Reading an article for the window is its queries and nothing else: no transaction is
    opened (each BEGIN and COMMIT would be one more round trip to a distant server)."""
    import psycopg

    from annotator.storage import open_database

    with open_database(pg_url) as db:
        article_id = _add_article(db)
        with db.reads() as session:
            bundle = q.article_bundle(session, article_id, None)
            raw = session.connection().connection.driver_connection
            assert raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert len(bundle.statements) == 2
        assert ops.open_article(db, article_id, None).article.id == article_id


def test_one_annotator_on_two_machines_ends_last_writer_wins(db_url):
    """Two windows (two connections) of the same annotator label the same statement: the
    later change wins and both are in the history, in commit order."""
    from annotator.storage import open_database

    with open_database(db_url) as one, open_database(db_url) as two:
        sid, aid = _statement_and_annotator(one)
        ops.set_label(one, statement_id=sid, annotator_id=aid, label="claim", op_id="m1-1")
        ops.set_label(two, statement_id=sid, annotator_id=aid, label="denial", op_id="m2-1")
        ops.set_label(one, statement_id=sid, annotator_id=aid, label="claim", op_id="m1-1")
        assert _label(one, sid, aid) == "denial"  # a replay of an old change is not a new one
        ops.set_label(one, statement_id=sid, annotator_id=aid, label="warning", op_id="m1-2")
        assert _label(two, sid, aid) == "warning"
        assert _history(two, sid) == [(None, "claim"), ("claim", "denial"), ("denial", "warning")]
