"""Assignment, leads, gold labels, review items, merging a laptop's database."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.core.errors import InvalidLabelError
from annotator.storage import open_database
from annotator.storage import queries as q


def _articles(db, n: int = 6) -> list[int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return [q.add_article(s, ArticleDraft(text=f"Article {i}: the mayor said it is safe.",
                                              source="Wire" if i % 2 else "Post",
                                              statements=(StatementSpan(12, 38),)))
                for i in range(n)]


def test_assign_gives_each_article_k_annotators_balanced_and_keeps_existing(db):
    ids = _articles(db)
    assert ops.assign(db, overlap=2, annotators=["alice", "bob", "carol"]) == 12
    with db.session() as s:
        people = {a.name: a.id for a in q.annotators(s)}
        per_person = {n: q.assigned_articles(s, i) for n, i in people.items()}
    assert sorted(len(v) for v in per_person.values()) == [4, 4, 4]
    counts = Counter(a for v in per_person.values() for a in v)
    assert set(counts.values()) == {2} and set(counts) == set(ids)
    assert ops.assign(db, overlap=2, annotators=["alice", "bob", "carol"]) == 0  # nothing new
    assert ops.assign(db, overlap=3, annotators=["alice", "bob", "carol"]) == 6
    with pytest.raises(InvalidLabelError):
        ops.assign(db, overlap=4, annotators=["alice", "bob", "carol"])


def test_an_annotators_queue_comes_first_in_their_list(db):
    ids = _articles(db, 4)
    with db.transaction() as s:
        dana = q.get_or_create_annotator(s, "dana")
        s.add(__import__("annotator.storage.schema", fromlist=["AssignmentRow"]).AssignmentRow(
            article_id=ids[2], annotator_id=dana.id))
    assert ops.article_ids(db, annotator_id=dana.id)[0] == ids[2]
    assert ops.article_ids(db) == ids


def test_only_leads_set_gold_labels_and_review_lists_disagreements(db):
    ids = _articles(db, 2)
    with db.transaction() as s:
        first = q.article_statements(s, ids[0])[0].id
        second = q.article_statements(s, ids[1])[0].id
        for name, a, b in (("alice", "claim", "report"), ("bob", "denial", "report")):
            who = q.get_or_create_annotator(s, name).id
            q.set_label(s, first, who, a)
            q.set_label(s, second, who, b)
    with db.transaction() as s:  # text cut by the database: code points, as Python counts
        text = "🇺🇦 𝔗𝔥𝔢 envoy said “we will respond”, 😀 officials added."
        emoji = q.add_article(s, ArticleDraft(text=text, statements=(StatementSpan(
            text.index("“"), text.index("”") + 1),)))
        third = q.article_statements(s, emoji)[0].id
        for name, label in (("alice", "warning"), ("bob", "claim")):
            q.set_label(s, third, q.get_or_create_annotator(s, name).id, label)
    items = ops.review_items(db)
    assert [i["text"] for i in items if i["statement_id"] == third] == ["“we will respond”"]
    items = [i for i in items if i["statement_id"] != third]
    assert [i["statement_id"] for i in items] == [first]  # only the disagreement
    assert items[0]["votes"] == [("alice", "claim"), ("bob", "denial")]
    assert len(ops.review_items(db, include_agreed=True)) == 3
    with pytest.raises(InvalidLabelError, match="not a lead"):
        ops.set_gold(db, statement_id=first, lead="alice", label="denial")
    ops.set_lead(db, name="lena")
    ops.set_gold(db, statement_id=first, lead="lena", label="denial", rationale="rejects the report")
    item = ops.review_items(db)[0]
    assert (item["statement_id"], item["gold"], item["rationale"]) == (
        first, "denial", "rejects the report")
    ops.set_gold(db, statement_id=first, lead="lena", label=None)
    assert ops.review_items(db)[0]["gold"] is None


def test_merge_brings_a_laptops_labels_in_and_reports_conflicts(tmp_path: Path):
    team = open_database(tmp_path / "team.db")
    laptop = open_database(tmp_path / "laptop.db")
    for db in (team, laptop):
        _articles(db, 2)
    with laptop.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        q.set_label(s, q.article_statements(s, 1)[0].id, alice, "claim")
        q.set_label(s, q.article_statements(s, 2)[0].id, alice, "report")
    with team.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        q.set_label(s, q.article_statements(s, 2)[0].id, alice, "warning")
    summary = ops.merge(team, laptop)
    assert summary.restored == 1 and len(summary.conflicts) == 1
    with team.session() as s:
        assert q.get_label(s, q.article_statements(s, 1)[0].id, alice).label == "claim"
        assert q.get_label(s, q.article_statements(s, 2)[0].id, alice).label == "warning"


def test_agreement_from_the_database(db):
    ids = _articles(db, 4)
    plan = {"alice": ["claim", "claim", "denial", "report"], "bob": ["claim", "denial", "denial", "report"]}
    with db.transaction() as s:
        for name, labels in plan.items():
            who = q.get_or_create_annotator(s, name).id
            for article_id, label in zip(ids, labels):
                q.set_label(s, q.article_statements(s, article_id)[0].id, who, label)
    report = ops.agreement(db)
    assert report.statements == 4 and report.percent == 0.75
    assert report.pairs[0].a == "alice" and report.pairs[0].statements == 4
    assert {g.name: g.statements for g in report.by_source} == {"Post": 2, "Wire": 2}
    assert report.labels == ["claim", "denial", "report"]  # scheme order


def test_agreement_cli(tmp_path: Path):
    from tests.cli.test_cli import run

    db = open_database(tmp_path / "a.db")
    test_agreement_from_the_database(db)
    db.close()
    text = run("agreement", "--db", str(tmp_path / "a.db"), "--by", "annotator-pair")
    assert text.returncode == 0 and "percent agreement:  75.0%" in text.stdout
    assert "alice / bob" in text.stdout and "confusion" in text.stdout
    data = json.loads(run("agreement", "--db", str(tmp_path / "a.db"), "--json").stdout)
    assert data["statements"] == 4 and data["confusion"]["claim"]["denial"] == 1
    assert run("agreement", "--db", str(tmp_path / "a.db"), "--by", "source").stdout.count("Post") == 1
    assign = run("assign", "--overlap", "2", "--annotators", "alice,bob", "--db", str(tmp_path / "a.db"))
    assert assign.returncode == 0 and "added 8 assignments" in assign.stdout
    assert "lena is a lead" in run("lead", "lena", "--new", "--db", str(tmp_path / "a.db")).stdout
