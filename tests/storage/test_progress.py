"""Progress figures: done / assigned per annotator, labels per label and outlet, labels per
hour, agreement per outlet by week. Both backends (the hour is grouped in SQL)."""

from __future__ import annotations

from datetime import datetime, timezone

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.storage import queries as q


def test_progress_counts_what_each_annotator_has_done_and_agreement_by_outlet(db):
    with db.transaction() as s:
        ids = []
        for outlet in ("Ledger", "Post"):
            article = q.add_article(s, ArticleDraft(
                text=f"The mayor said the bridge at {outlet} is safe. The port said no.",
                source=outlet, statements=(StatementSpan(15, 40), StatementSpan(44, 60))))
            ids += [st.id for st in q.article_statements(s, article)]
    alice, bob = ops.annotator(db, "alice"), ops.annotator(db, "bob")
    ops.annotator(db, "carol")  # has done nothing: not listed
    assert ops.assign(db, overlap=1, annotators=["alice", "bob"]) == 2
    for sid, a, b in zip(ids, ["claim", "denial", "claim", "report"],
                         ["claim", "claim", None, None]):
        ops.set_label(db, statement_id=sid, label=a, annotator_id=alice.id)
        if b:
            ops.set_label(db, statement_id=sid, label=b, annotator_id=bob.id)
    p = ops.progress(db)
    by_name = {a.name: a for a in p.annotators}
    assert set(by_name) == {"alice", "bob"}
    assert by_name["alice"].labelled == 4 and by_name["bob"].labelled == 2
    assert by_name["alice"].assigned == 2 and by_name["bob"].assigned == 2
    # Each has one article (two statements) assigned: alice labelled both of hers.
    assert by_name["alice"].done == 2 and by_name["alice"].share == 1.0
    assert p.per_label["claim"] == 4 and p.per_label["denial"] == 1 and p.per_label["warning"] == 0
    assert {k: sum(v.values()) for k, v in p.per_outlet.items()} == {"Ledger": 4, "Post": 2}
    assert sum(n for _, n in p.per_hour) == 6
    (hour, n), = p.per_hour
    now = datetime.now(timezone.utc)
    assert hour.tzinfo is not None and abs((now - hour).total_seconds()) < 2 * 3600
    assert hour.minute == 0 and hour.second == 0
    (week,) = p.agreement["Ledger"]
    assert (week.statements, week.agreed) == (2, 1)
    assert "Post" not in p.agreement  # nobody labelled a Post statement twice
    assert p.hours(3)[-1] == (hour, 6) and [n for _, n in p.hours(3)[:-1]] == [0, 0]
    assert p.as_dict()["agreement_per_outlet"]["Ledger"][0]["percent"] == 0.5
