"""Exports carry clusters of variants, can give one record per cluster, and split without
letting a cluster cross from train to test."""

from __future__ import annotations

import io
import json

import pytest

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.errors import InputError
from annotator.io.validate import record_problem
from annotator.storage import queries as q
from tests.link.test_cluster_edits import VARIANTS, _article

OTHERS = [f"“The harbour road {n} will reopen on day {n} of the works,” said the port "
          f"director number {n}." for n in range(40)]


@pytest.fixture
def project(db):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ids = [q.add_article(s, _article(t, f"Outlet {n}")) for n, t in enumerate(VARIANTS)]
        for n, text in enumerate(OTHERS):
            start, end = text.index("“"), text.index("”") + 1
            ids.append(q.add_article(s, ArticleDraft(
                text=text, title=f"Port {n}", source="Port News",
                entities=(EntitySpan(0, 3, "ORG"),),
                statements=(StatementSpan(start, end),))))
        statements = [q.article_statements(s, a)[0].id for a in ids]
        alice = q.get_or_create_annotator(s, "alice").id
        bob = q.get_or_create_annotator(s, "bob").id
        for sid, label in zip(statements[:3], ["claim", "warning", "claim"]):
            q.set_label(s, sid, alice, label)
        q.set_label(s, statements[0], bob, "claim")
        for sid in statements[3:]:
            q.set_label(s, sid, alice, "report")
    ops.link(db)
    return statements


def _records(db, **options) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    out = io.StringIO()
    ops.export(db, format="statements", stream=out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_record_names_its_cluster(db, project):
    records = _records(db)
    clustered = [r for r in records if r["cluster"]]
    assert len(clustered) == 4  # three variants, one of them labelled twice
    assert {r["cluster"]["size"] for r in clustered} == {3}
    assert len({r["cluster"]["id"] for r in clustered}) == 1
    assert all(r["cluster"] is None for r in records if r["article"]["source"] == "Port News")
    assert all(record_problem(r, "statements") is None for r in records)


def test_one_record_per_cluster_has_the_majority_label_and_every_variant(db, project):
    records = _records(db, one_per_cluster=True)
    clustered = [r for r in records if r["cluster"]]
    assert len(clustered) == 1 and len(records) == 1 + len(OTHERS)
    (cluster,) = clustered
    assert cluster["label"] == "claim" and len(cluster["variants"]) == 3
    assert record_problem(cluster, "statements") is None
    # A lead's gold label on any variant wins over the votes.
    with db.transaction() as s:
        lena = q.get_or_create_annotator(s, "lena").id
        q.set_gold(s, project[1], lena, "warning")
    (cluster,) = [r for r in _records(db, one_per_cluster=True, gold=True) if r["cluster"]]
    assert cluster["label"] == "warning" and cluster["gold"]


def test_a_split_keeps_each_cluster_in_one_file(db, project, tmp_path):
    for seed in range(8):
        summary = ops.export(db, format="statements", output=tmp_path / "data.jsonl",
                             split=(0.5, 0.25, 0.25), seed=seed)
        files = [tmp_path / f"data.{name}.jsonl" for name in ("train", "dev", "test")]
        assert summary.paths == [str(f) for f in files]
        where = {}
        total = 0
        for n, path in enumerate(files):
            for line in path.read_text().splitlines():
                record = json.loads(line)
                total += 1
                if record["cluster"]:
                    where.setdefault(record["cluster"]["id"], set()).add(n)
        assert total == summary.records == 4 + len(OTHERS)
        assert all(len(files_of) == 1 for files_of in where.values())
    # Forty unclustered statements spread over the three files.
    sizes = [len(f.read_text().splitlines()) for f in files]
    assert all(size > 0 for size in sizes)


def test_a_split_needs_ratios_that_add_up(db, project, tmp_path):
    with pytest.raises(InputError, match="add up to 1"):
        ops.export(db, format="statements", output=tmp_path / "d.jsonl", split=(0.5, 0.2))
    with pytest.raises(InputError, match="statements format"):
        ops.export(db, format="spans", output=tmp_path / "d.jsonl", one_per_cluster=True)
