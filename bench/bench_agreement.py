"""Agreement over N doubly-labelled statements (issue 6 target: 100,000 in under 2 s).

    python bench/bench_agreement.py [--statements 100000] [--db URL]

Times `ops.agreement` (reading the votes from the database and computing every figure),
and, side by side, the `krippendorff` package's alpha alone on the same votes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator import ops  # noqa: E402
from annotator.storage import open_database  # noqa: E402

LABELS = ["warning", "claim", "denial", "report"]


def build(path: Path, statements: int) -> None:
    open_database(path).close()
    rng = random.Random(0)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    per_article = 10
    with conn:
        conn.executemany("INSERT INTO annotators (id, name, is_lead, created_at) "
                         "VALUES (?, ?, 0, CURRENT_TIMESTAMP)", [(1, "alice"), (2, "bob")])
        conn.executemany("INSERT INTO articles (id, content_hash, text, source, meta, imported_at) "
                         "VALUES (?, ?, 'x', ?, '{}', CURRENT_TIMESTAMP)",
                         ((a, f"{a:064x}", f"Outlet {a % 7}") for a in range(1, statements // per_article + 1)))
        conn.executemany("INSERT INTO statements (id, article_id, start, \"end\", origin) "
                         "VALUES (?, ?, ?, ?, 'model')",
                         ((s, s // per_article + 1, s % per_article, s % per_article + 1)
                          for s in range(statements)))
        rows = []
        for s in range(statements):
            truth = rng.choice(LABELS)
            for annotator in (1, 2):
                label = truth if rng.random() < 0.8 else rng.choice(LABELS)
                rows.append((s, annotator, label))
        conn.executemany("INSERT INTO labels (statement_id, annotator_id, label, created_at, "
                         "updated_at, time_spent_ms) VALUES (?, ?, ?, CURRENT_TIMESTAMP, "
                         "CURRENT_TIMESTAMP, 0)", rows)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100_000)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "agreement.db"
    build(path, args.statements)
    db = open_database(path)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        report = ops.agreement(db)
        times.append(time.perf_counter() - start)
    print(f"{report.statements:,} doubly-labelled statements: ops.agreement best "
          f"{min(times):.2f} s, worst {max(times):.2f} s (target < 2 s); "
          f"alpha {report.alpha:.4f}, percent {report.percent:.4f}")
    try:
        import krippendorff
        import numpy as np
    except ImportError:
        return
    with db.session() as s:
        from annotator.storage import queries as q

        votes = q.agreement_votes(s)
    index = {label: i for i, label in enumerate(LABELS)}
    ids = {sid: n for n, sid in enumerate(sorted({v[0] for v in votes}))}
    data = np.full((2, len(ids)), np.nan)
    for sid, _, name, label in votes:
        data[0 if name == "alice" else 1, ids[sid]] = index[label]
    start = time.perf_counter()
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    print(f"krippendorff package, alpha only, votes already in memory: "
          f"{time.perf_counter() - start:.2f} s (alpha {alpha:.4f})")


if __name__ == "__main__":
    main()
