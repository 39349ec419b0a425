"""Kill -9 a typist at random moments while it labels as fast as it can, then start again
and deliver its journal: count acknowledged labels lost and changes applied twice.

    python bench/bench_kill.py --trials 100                 # SQLite
    python bench/bench_kill.py --trials 30 --db postgresql://postgres@127.0.0.1:5432/test

Fails (exit 1) on the first lost or duplicated label; the CI test runs 3 trials of the same.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.session.test_outbox import _kill_trials  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (a fresh schema is used)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "kill.db")
        schema = None
        if args.db:
            import psycopg

            schema = "bench_" + uuid.uuid4().hex[:10]
            with psycopg.connect(args.db, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            url = f"{args.db}?options=-csearch_path%3D{schema}"
        started = time.perf_counter()
        try:
            _kill_trials(url, Path(tmp), args.trials, seed=args.seed)
        finally:
            if schema:
                with psycopg.connect(args.db, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")
        print(f"{args.trials} kills on {'PostgreSQL' if args.db else 'SQLite'}: "
              f"0 acknowledged labels lost, 0 applied twice "
              f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
