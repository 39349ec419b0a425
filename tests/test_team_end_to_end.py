"""Issue 6 end to end: two annotators label the seed articles on one shared database at the
same time, a lead checks agreement and settles every disagreement, gold data is exported
with all votes. Runs against SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import io
import json
import multiprocessing

from annotator import ops
from annotator.io.validate import record_errors
from annotator.storage import open_database


def label_everything(url: str, name: str, results) -> None:  # type: ignore[no-untyped-def]
    """One annotator's session: accept the suggestion, except bob disagrees on every third."""
    try:
        with open_database(url) as db:
            me = ops.annotator(db, name)
            count = 0
            for article_id in ops.article_ids(db, annotator_id=me.id):
                for n, statement in enumerate(ops.open_article(db, article_id, me.id).statements):
                    label = statement.suggested_label or "report"
                    if name == "bob" and n % 3 == 0:
                        label = "report" if label != "report" else "claim"
                    ops.set_label(db, statement_id=statement.id, annotator=name, label=label)
                    count += 1
        results.put((name, count))
    except BaseException as exc:
        results.put((name, repr(exc)))


def test_two_annotators_a_lead_and_gold_export(db_url: str, seeds):
    with open_database(db_url) as db:
        assert ops.import_articles(db, [seeds]).imported == 5
        assert ops.assign(db, overlap=2, annotators=["alice", "bob"]) == 10
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    workers = [ctx.Process(target=label_everything, args=(db_url, name, results))
               for name in ("alice", "bob")]
    for w in workers:
        w.start()
    done = dict(results.get(timeout=300) for _ in workers)
    for w in workers:
        w.join(timeout=60)
    assert all(isinstance(v, int) for v in done.values()), done
    with open_database(db_url) as db:
        statements = ops.stats(db).statements
        assert done == {"alice": statements, "bob": statements}
        report = ops.agreement(db)
        assert report.statements == statements and report.annotators == ["alice", "bob"]
        assert 0 < report.percent < 1 and report.pairs[0].kappa is not None
        assert sum(report.confusion["report"].values()) > 0
        ops.set_lead(db, name="lena")
        disputed = ops.review_items(db)
        assert len(disputed) == statements - round(report.percent * statements)  # two annotators
        for item in disputed:
            alice_vote = dict(item["votes"])["alice"]
            ops.set_gold(db, statement_id=item["statement_id"], lead="lena", label=alice_vote,
                         rationale="the suggestion was right")
        assert all(i["gold"] for i in ops.review_items(db))
        out = io.StringIO()
        ops.export(db, format="statements", stream=out, gold=True)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(record_errors(r, "statements") == [] for r in records)
    gold = [r for r in records if r["gold"]]
    assert len(gold) == len(disputed)
    assert all(sorted(v["annotator"] for v in r["votes"]) == ["alice", "bob"] for r in gold)
    # Agreed statements keep both annotators' records; settled ones appear once, as gold.
    assert len(records) == len(gold) + 2 * (statements - len(disputed))
