"""Label keypress → committed row, against SQLite's floor (a bare sqlite3 insert+commit).

    python bench/bench_label_commit.py [--db URL] [--runs 300]

Target (issue 4): under 5 ms median on SQLite; under 10 ms on PostgreSQL on localhost.
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import compare, report  # noqa: E402

from annotator import ops  # noqa: E402
from annotator.core import ArticleDraft, StatementSpan  # noqa: E402
from annotator.storage import open_database  # noqa: E402
from annotator.storage import queries as q  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = open_database(args.db or tmp / "bench.db")
    with db.transaction() as s:
        text = " ".join(f"Sentence {i} said something." for i in range(200))
        article = q.add_article(s, ArticleDraft(
            text=text + str(tmp), statements=tuple(StatementSpan(i * 10, i * 10 + 9)
                                                   for i in range(200))))
        ids = [st.id for st in q.article_statements(s, article)]
    labels = itertools.cycle(["warning", "claim", "denial", "report"])
    targets = itertools.cycle(ids)

    floor = sqlite3.connect(tmp / "floor.db", isolation_level=None)
    floor.execute("PRAGMA journal_mode=WAL")
    floor.execute("PRAGMA synchronous=NORMAL")
    floor.execute("CREATE TABLE l (statement INTEGER, label TEXT, at TEXT)")

    def label_keypress() -> None:
        ops.set_label(db, statement_id=next(targets), annotator="bench", label=next(labels))

    def sqlite_floor() -> None:
        floor.execute("BEGIN IMMEDIATE")
        floor.execute("INSERT INTO l VALUES (?, ?, datetime('now'))", (1, "claim"))
        floor.execute("COMMIT")

    ta, tb, ratio = compare((f"ops.set_label ({db.engine.dialect.name})", label_keypress),
                            ("bare sqlite3 insert + commit", sqlite_floor), runs=args.runs)
    report(ta, tb, ratio=ratio)
    db.close()


if __name__ == "__main__":
    main()
