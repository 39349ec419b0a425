"""Import throughput against bare ``nlp.pipe`` with the same pipeline, batch size and processes.

    python bench/bench_import.py [--articles 200] [--words 600] [--batch-size 32] [--processes 1]
                                 [--learnt-bounds] [--no-link]

``--learnt-bounds``: every import database holds a boundary model (learnt from a team that
moves edges, as tests/suggest/test_boundary_learning.py teaches it), so import moves edges.

Target (issue 3): within 10 % of bare nlp.pipe (the model is the limit). Both sides run on
the same synthetic corpus (sentences of the seed articles); the runs alternate so machine noise
hits both, and the best of ``--rounds`` is compared.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import articles  # noqa: E402

from annotator import ops  # noqa: E402
from annotator.nlp import load_pipeline  # noqa: E402
from annotator.core.boundaries import SETTING  # noqa: E402
from annotator.storage import open_database, queries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--learnt-bounds", action="store_true")
    parser.add_argument("--no-link", action="store_true",
                        help="leave out linking new statements to their variants (issue 14), "
                             "to see detection and storage alone")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus.jsonl"
    records = list(articles(args.articles, args.words))
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    pipeline = load_pipeline()
    bounds = learnt_bounds(tmp) if args.learnt_bounds else None
    if args.no_link:
        ops.link = lambda db, **kw: ops.LinkSummary(0, 0, 0, 0, 0.0, 0.5, False)  # type: ignore[assignment]

    bare_times, import_times = [], []
    for round_ in range(args.rounds):
        start = time.perf_counter()
        for _ in pipeline.pipe(texts, batch_size=args.batch_size, processes=args.processes):
            pass
        bare_times.append(time.perf_counter() - start)
        db = open_database(tmp / f"round{round_}.db")
        if bounds is not None:
            with db.transaction() as session:
                queries.set_setting(session, SETTING, bounds)
        start = time.perf_counter()
        summary = ops.import_articles(db, [corpus], batch_size=args.batch_size,
                                      processes=args.processes)
        import_times.append(time.perf_counter() - start)
        db.close()
        assert summary.imported == args.articles, summary.as_dict()
    bare, full = min(bare_times), min(import_times)
    print(f"{args.articles} articles, {words:,} words, batch {args.batch_size}, "
          f"{args.processes} process(es), best of {args.rounds}")
    print(f"bare nlp.pipe        {bare:7.2f} s   {words / bare:8,.0f} words/s")
    print(f"annotator import     {full:7.2f} s   {words / full:8,.0f} words/s "
          f"({summary.imported / full:,.1f} articles/s)")
    print(f"ratio import / bare  {full / bare:7.3f}"
          + (f"  (with a boundary model: {summary.bounds_moved:,} edges moved)" if bounds else ""))


def learnt_bounds(tmp: Path) -> dict:  # type: ignore[type-arg]
    """A boundary model as a team that starts at "that" and ends at the stop teaches it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.suggest.test_boundary_learning import _review, _sentences, _write_folder

    db = open_database(tmp / "teach.db")
    taught = _sentences(40)
    ops.import_articles(db, [_write_folder(tmp / "teach", taught)])
    _review(db, set(taught))
    assert ops.train_boundaries(db).stored
    with db.session() as session:
        model = queries.get_setting(session, SETTING)
    db.close()
    return model


if __name__ == "__main__":
    main()
