"""The journal of unconfirmed label changes: durable, delivered in order, never twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path


from annotator import ops
from annotator.core.errors import DatabaseUnavailableError, NotFoundError
from annotator.outbox import Change, Outbox, deliver
from annotator.storage import open_database, queries as q
from tests.storage.test_queries import _add_article


def _change(statement_id: int = 1, label: str | None = "claim") -> Change:
    return Change.new(statement_id=statement_id, article_id=7, annotator_id=3, label=label)


def test_changes_survive_a_restart_until_confirmed(tmp_path: Path):
    box = Outbox.for_database("sqlite:///x.db", tmp_path)
    first, second = _change(1), _change(2, None)
    box.add(first)
    box.add(second)
    box.confirm(first.op_id)
    box.close()
    again = Outbox.for_database("sqlite:///x.db", tmp_path)
    assert again.pending() == [second]
    assert again.pending_for(7) == {2: second}
    again.confirm(second.op_id)
    assert len(again) == 0 and again.path.stat().st_size == 0  # emptied once all are in


def test_readers_never_wait_for_the_disk_and_a_line_being_synced_is_never_cut(
        tmp_path: Path, monkeypatch):
    import threading

    box = Outbox.for_database("sqlite:///x.db", tmp_path)
    first = _change(1)
    box.add(first)
    syncing, release = threading.Event(), threading.Event()
    real = os.fdatasync

    def slow_disk(fd: int) -> None:
        syncing.set()
        release.wait(10)
        real(fd)

    monkeypatch.setattr(os, "fdatasync", slow_disk)
    second = _change(2)
    writer = threading.Thread(target=box.add, args=(second,))
    writer.start()
    assert syncing.wait(10)
    # While the disk is slow: what waits is read at once, and confirming the last pending
    # change does not empty the file under the line being synced.
    assert box.pending() == [first]
    box.confirm(first.op_id)
    release.set()
    writer.join(10)
    box.close()
    assert Outbox.for_database("sqlite:///x.db", tmp_path).pending() == [second]


def test_a_line_torn_by_a_crash_is_ignored_and_a_bad_one_reported(tmp_path: Path):
    box = Outbox.for_database("db", tmp_path)
    kept = _change(1)
    box.add(kept)
    path = box.path
    box.close()
    with open(path, "ab") as fh:
        fh.write(b'{"change": {"op_id": "half-writ')  # power lost mid-write
    again = Outbox.for_database("db", tmp_path)
    assert again.pending() == [kept] and again.problems == []
    later = _change(2)
    again.add(later)  # starts on a line of its own
    again.close()
    with open(path, "ab") as fh:
        fh.write(b"garbage\n")
    third = Outbox.for_database("db", tmp_path)
    assert third.pending() == [kept, later]
    assert len(third.problems) == 1 and "line 3" in third.problems[0]


def test_two_windows_take_two_files_and_a_crashed_ones_changes_are_adopted(tmp_path: Path):
    one = Outbox.for_database("db", tmp_path)
    two = Outbox.for_database("db", tmp_path)
    assert one.path != two.path
    left = _change(5)
    two.add(left)
    two.close()  # that window crashed
    one.close()
    three = Outbox.for_database("db", tmp_path)
    assert three.pending() == [left]
    assert all(p.stat().st_size == 0 for p in tmp_path.glob("*.jsonl") if p != three.path)


def test_delivery_stops_at_an_outage_and_sets_refused_changes_aside(tmp_path: Path):
    box = Outbox.for_database("db", tmp_path)
    changes = [_change(n) for n in range(4)]
    for change in changes:
        box.add(change)
    written: list[int] = []

    def write(change: Change):
        if change.statement_id == 1:
            raise NotFoundError("There is no statement 1.")
        if change.statement_id == 3:
            raise DatabaseUnavailableError("The server is away.")
        written.append(change.statement_id)
        return None

    result = deliver(box, write)
    assert written == [0, 2] and result.waiting == "The server is away."
    assert [c.statement_id for c, _ in result.refused] == [1]
    assert box.pending() == [changes[3]]
    refused = [json.loads(line) for line in box.path.with_suffix(".refused.jsonl").open()]
    assert refused[0]["change"]["statement_id"] == 1 and "no statement" in refused[0]["reason"]


# --- kill -9 while labels are typed --------------------------------------------------------

TYPIST = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from annotator import ops
    from annotator.outbox import Change, Outbox, deliver
    from annotator.storage import open_database, queries as q

    url, folder, annotator_id, *statements = sys.argv[1:]
    db = open_database(url)
    box = Outbox.for_database(url, Path(folder))
    wake = threading.Event()

    def write(change):
        return ops.set_label(db, statement_id=change.statement_id, label=change.label,
                             annotator_id=change.annotator_id, op_id=change.op_id)

    def worker():
        while True:
            wake.wait(); wake.clear()
            deliver(box, write)

    threading.Thread(target=worker, daemon=True).start()
    labels = ["claim", "denial", "warning", "report"]
    # Like the window, start from the labels the statements have, so every key changes one.
    with db.session() as s:
        now = {sid: q.get_label(s, int(sid), int(annotator_id)) for sid in statements}
    turn = {sid: labels.index(now[sid].label) + 1 if now[sid] else 0 for sid in statements}
    while True:
        for sid in statements:
            label = labels[turn[sid] % 4]
            turn[sid] += 1
            change = Change.new(statement_id=int(sid), article_id=1,
                                annotator_id=int(annotator_id), label=label)
            box.add(change)
            print(change.op_id, flush=True)  # acknowledged: the window would show it now
            wake.set()
""")


def _kill_trials(url: str, tmp_path: Path, trials: int, seed: int = 1) -> None:
    import random

    rng = random.Random(seed)
    db = open_database(url)
    article = _add_article(db)
    with db.transaction() as s:
        statements = [st.id for st in q.article_statements(s, article)]
        annotator_id = q.get_or_create_annotator(s, "typist").id
    folder = tmp_path / "outbox"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    acknowledged: list[str] = []
    for _ in range(trials):
        proc = subprocess.Popen(
            [sys.executable, "-c", TYPIST, url, str(folder), str(annotator_id),
             *map(str, statements)], stdout=subprocess.PIPE, env=env, text=True)
        time.sleep(rng.uniform(0.8, 2.0))
        assert proc.poll() is None, "the typist stopped by itself before it was killed"
        proc.kill()  # SIGKILL: no clean-up of any kind
        out, _ = proc.communicate()
        typed = [line for line in out.splitlines() if len(line) == 36]
        acknowledged += typed
        # The next start delivers what the killed one left.
        box = Outbox.for_database(url, folder)
        deliver(box, lambda c: ops.set_label(db, statement_id=c.statement_id, label=c.label,
                                             annotator_id=c.annotator_id, op_id=c.op_id))
        assert len(box) == 0
        box.close()
    with db.session() as s:
        history = q.label_history(s, annotator_id=annotator_id)
    db.close()
    assert len(acknowledged) > 10 * trials  # the typist got going each time
    print(f"{len(acknowledged)} acknowledged changes over {trials} kills")
    stored = [h.op_id for h in history]
    assert set(acknowledged) <= set(stored), "an acknowledged label was lost"
    assert len(stored) == len(set(stored)), "a change was applied twice"
    for sid in statements:  # each statement's history is one unbroken chain
        chain = [h for h in history if h.statement_id == sid]
        assert all(a.new_label == b.old_label for a, b in zip(chain, chain[1:]))


def test_killed_while_typing_loses_and_duplicates_nothing(db_url: str, tmp_path: Path):
    _kill_trials(db_url, tmp_path, trials=3)
