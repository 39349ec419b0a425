"""Several processes labelling the same statements at once: no lost updates, full history."""

from __future__ import annotations

import multiprocessing
import random

from annotator.core import ArticleDraft, StatementSpan
from annotator.storage import open_database
from annotator.storage import queries as q

LABELS = ["warning", "claim", "denial", "report", None]
WORKERS = 4
CHANGES = 100


def worker(url: str, number: int, statement_ids: list[int], results) -> None:  # type: ignore[no-untyped-def]
    """Annotator p0 works from two processes (two machines); p1 and p2 from one each."""
    from annotator import ops

    rng = random.Random(number)
    name = ["p0", "p0", "p1", "p2"][number]
    done = []
    try:
        with open_database(url) as db:
            for _ in range(CHANGES):
                change = ops.set_label(db, statement_id=rng.choice(statement_ids), annotator=name,
                                       label=rng.choice(LABELS))
                done.append((change.statement_id, name, change.old_label, change.new_label))
        results.put(("ok", done))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put(("error", repr(exc)))


def test_concurrent_labelling_loses_nothing(db_url: str):
    with open_database(db_url) as db, db.transaction() as s:
        article = q.add_article(s, ArticleDraft(
            text="x" * 200, statements=tuple(StatementSpan(i * 10, i * 10 + 5) for i in range(5))))
        ids = [st.id for st in q.article_statements(s, article)]
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    processes = [ctx.Process(target=worker, args=(db_url, n, ids, results)) for n in range(WORKERS)]
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert errors == []
    committed = [c for _, changes in outcomes for c in changes]
    assert len(committed) == WORKERS * CHANGES
    with open_database(db_url) as db, db.session() as s:
        names = {a.id: a.name for a in q.annotators(s)}
        history = q.label_history(s)
        labels = {(sid, names[a.id]): q.get_label(s, sid, a.id) for sid in ids
                  for a in q.annotators(s)}
    # Every change that changed something is in the history, exactly once.
    def key(row: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple("" if v is None else str(v) for v in row)

    real = sorted(((sid, who, old, new) for sid, who, old, new in committed if old != new), key=key)
    recorded = sorted(((h.statement_id, names[h.annotator_id], h.old_label, h.new_label)
                       for h in history), key=key)
    assert recorded == real
    # Each stored label is the last change in its history; the chain has no gaps.
    for (sid, who), label in labels.items():
        chain = [h for h in history if h.statement_id == sid and names[h.annotator_id] == who]
        if chain:
            assert (label.label if label else None) == chain[-1].new_label
            for before, after in zip(chain, chain[1:]):
                assert after.old_label == before.new_label  # no lost update
                assert after.changed_at >= before.changed_at  # stamped in commit order
        else:
            assert label is None


def first_use(url: str, barrier, results) -> None:  # type: ignore[no-untyped-def]
    from annotator import ops

    try:
        with open_database(url) as db:
            barrier.wait(timeout=60)
            results.put(ops.annotator(db, "newcomer").id)
    except BaseException as exc:
        results.put(repr(exc))


def test_one_new_annotator_starting_on_several_machines_at_once(db_url: str):
    open_database(db_url).close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(6), ctx.Queue()
    processes = [ctx.Process(target=first_use, args=(db_url, barrier, results)) for _ in range(6)]
    for p in processes:
        p.start()
    ids = [results.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    assert len(set(ids)) == 1 and isinstance(ids[0], int), ids


def test_a_label_another_machine_sets_and_clears_while_we_insert_is_kept(pg_url: str,
                                                                        monkeypatch):
    """Read committed on PostgreSQL: between our "no label yet" and our insert, the same
    annotator on another machine labels the statement (our insert collides), and before we
    re-read, clears it again. Our label must still be stored, not only its history."""
    from annotator import ops
    from annotator.storage.queries import labels as label_queries

    with open_database(pg_url) as db, db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text="x" * 40, statements=(StatementSpan(0, 5),)))
        statement = q.article_statements(s, article)[0].id
        q.get_or_create_annotator(s, "p0")
    other = open_database(pg_url)  # the other machine
    real = label_queries._label_row
    reads = []

    def interleaved(session, statement_id, annotator_id):  # type: ignore[no-untyped-def]
        reads.append(statement_id)
        if len(reads) == 1:  # our first read; then the other machine labels the statement
            found = real(session, statement_id, annotator_id)
            _on_other(lambda: ops.set_label(other, statement_id=statement, annotator="p0",
                                            label="claim"))
            return found
        if len(reads) == 2:  # after our insert collided: the other machine clears it
            _on_other(lambda: ops.set_label(other, statement_id=statement, annotator="p0",
                                            label=None))
        return real(session, statement_id, annotator_id)

    def _on_other(action) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(label_queries, "_label_row", real)
        try:
            action()
        finally:
            monkeypatch.setattr(label_queries, "_label_row", interleaved)

    monkeypatch.setattr(label_queries, "_label_row", interleaved)
    with open_database(pg_url) as db:
        change = ops.set_label(db, statement_id=statement, annotator="p0", label="warning")
        monkeypatch.setattr(label_queries, "_label_row", real)
        with db.session() as s:
            p0 = q.get_or_create_annotator(s, "p0").id
            stored = q.get_label(s, statement, p0)
            entries = q.label_history(s, statement_id=statement)
            history = [(h.old_label, h.new_label) for h in entries]
    other.close()
    # Our change was begun before the other machine's two, but committed after them: its
    # stamp must come after theirs (history order is commit order).
    stamps = [h.changed_at for h in entries]
    assert stamps == sorted(stamps), stamps
    assert len(reads) == 2, reads  # the interleaving really happened: read, collide, re-read
    assert change.new_label == "warning"
    assert stored is not None and stored.label == "warning"
    assert history == [(None, "claim"), ("claim", None), (None, "warning")]
