"""The window in front of a server far away (issue 10): the local PostgreSQL behind
bench/delay_proxy.py at 0, 10 and 50 ms one way, and SQLite, offscreen.

    python bench/bench_remote.py [--delays 0 10 50] [--keys 40] [--pg postgresql://…]

For each: the GUI thread's time per label keypress (the key's own handling, and all the
GUI thread's work the key causes: the label shown once journaled, the repaint, the
confirmation; CPU time of the GUI thread, less what the same pause costs with no key),
keypress → row committed on the server, and N → next article shown; side by side with what the same keys cost before
(the synchronous calls the window made on its GUI thread: ops.set_label by name,
ops.open_article), as ratios. Also start-up to the first article and how many SQL
statements it took.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ.setdefault(var, tempfile.mkdtemp())
sys.path.insert(0, str(Path(__file__).resolve().parent))
import delay_proxy  # noqa: E402
from bench_window import synthetic_article  # noqa: E402

from annotator import ops  # noqa: E402
from annotator.storage import open_database  # noqa: E402
from annotator.storage import queries as q  # noqa: E402


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def run(url: str, label: str, keys: int) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from annotator.gui import create_main_window

    db = open_database(url)
    with db.transaction() as s:
        for n in range(6):
            q.add_article(s, synthetic_article(600, 60, 12, seed=n + 11))
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    started = time.perf_counter()
    window = create_main_window(db, "bench")
    window.show()
    QApplication.processEvents()
    startup = (time.perf_counter() - started) * 1000
    startup_statements = len(statements)
    control = window.control
    table = window.statement_table

    added: dict[str, float] = {}
    confirmed: dict[str, float] = {}
    real_add, real_confirm = control.outbox.add, control.outbox.confirm

    def add(change):  # type: ignore[no-untyped-def]
        real_add(change)
        added[change.op_id] = time.perf_counter()

    def confirm(op_id):  # type: ignore[no-untyped-def]
        confirmed[op_id] = time.perf_counter()
        real_confirm(op_id)

    control.outbox.add, control.outbox.confirm = add, confirm  # type: ignore[method-assign]

    def pump(ms: float) -> None:
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            QApplication.processEvents()
            time.sleep(0.0005)

    press, old_press, caused = [], [], []
    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    sids = [s.id for s in control.statements.statements]
    for n in range(keys):
        if n % 10 == 0:
            control.set_current(sids[0])
            control.settle(5000)
            pump(60)
        cpu = time.thread_time()
        pump(60)
        idle_cpu = time.thread_time() - cpu
        cpu = time.thread_time()
        t = time.perf_counter()
        QTest.keyClick(table, digits[n % 4])
        press.append((time.perf_counter() - t) * 1000)
        pump(60)  # a fast annotator: ~15 keys a second
        caused.append((time.thread_time() - cpu - idle_cpu) * 1000)
        t = time.perf_counter()  # the same change as the window made it before (issue 4)
        ops.set_label(db, statement_id=sids[n % len(sids)], annotator="bench-old",
                      label=["warning", "claim"][n % 2])
        old_press.append((time.perf_counter() - t) * 1000)
    control.settle(30_000)
    committed = [(confirmed[op] - added[op]) * 1000 for op in added if op in confirmed]

    nxt, old_open = [], []
    for n in range(5):
        pump(400)  # reading the article: the neighbours are read meanwhile
        before = control.article_id
        t = time.perf_counter()
        QTest.keyClick(table, Qt.Key.Key_N if n % 2 == 0 else Qt.Key.Key_P)
        while control.article_id == before:
            QApplication.processEvents()
        nxt.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        ops.open_article(db, before, control.annotator.id)
        old_open.append((time.perf_counter() - t) * 1000)
    window.close()
    db.close()
    figures = {
        "keypress_gui_ms": _median(press), "keypress_old_ms": _median(old_press),
        "keypress_caused_ms": _median(caused),
        "committed_ms": _median(committed), "next_article_ms": _median(nxt),
        "open_old_ms": _median(old_open), "startup_ms": startup,
        "startup_statements": startup_statements,
    }
    print(f"{label:<22} keypress GUI {figures['keypress_gui_ms']:7.2f} ms (before "
          f"{figures['keypress_old_ms']:7.1f} ms, ratio "
          f"{figures['keypress_gui_ms'] / figures['keypress_old_ms']:.3f}; all it causes "
          f"{figures['keypress_caused_ms']:5.2f} ms CPU) | committed "
          f"{figures['committed_ms']:6.1f} ms | next article {figures['next_article_ms']:6.2f} ms "
          f"(before {figures['open_old_ms']:6.1f} ms) | start-up {startup:6.0f} ms, "
          f"{startup_statements} statements", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delays", type=float, nargs="*", default=[0, 10, 50])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication  # noqa: F401  (one application for all)

    run(str(Path(tempfile.mkdtemp()) / "remote.db"), "SQLite", args.keys)
    import psycopg

    for delay in args.delays:
        schema = "bench_" + uuid.uuid4().hex[:10]
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        proc, port = delay_proxy.start(delay)
        try:
            base = args.pg.replace("127.0.0.1:5432", f"127.0.0.1:{port}")
            run(f"{base}?options=-csearch_path%3D{schema}", f"PostgreSQL +{delay:g} ms",
                args.keys)
        finally:
            proc.kill()
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
