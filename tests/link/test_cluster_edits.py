"""Unlink, merge and split: people's edits of clusters outlive linking again."""

from __future__ import annotations

import pytest

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.errors import AnnotatorError
from annotator.storage import queries as q

QUOTE = ("“We will not raise the bus fares this year, whatever the council decides about the "
         "budget,” said Ana Ruiz.")
VARIANTS = [
    QUOTE,
    "“We are not going to raise bus fares this year, whatever the city council decides on "
    "the budget,” said Ana Ruiz.",
    "Ana Ruiz said: “We will not raise bus fares this year, whatever the council decides "
    "about the budget.”",
]


def _article(text: str, outlet: str) -> ArticleDraft:
    start = text.index("“")
    end = text.index("”") + 1
    name = text.index("Ana Ruiz")
    return ArticleDraft(text=text, title=outlet, source=outlet,
                        entities=(EntitySpan(name, name + 8, "PERSON"),),
                        statements=(StatementSpan(start, end, speaker_entity=0),))


@pytest.fixture
def three(db):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ids = [q.add_article(s, _article(t, f"Outlet {n}")) for n, t in enumerate(VARIANTS)]
        statements = [q.article_statements(s, a)[0].id for a in ids]
        lead = q.get_or_create_annotator(s, "lena").id
    ops.link(db)
    return statements, lead


def _clusters(db) -> dict[int, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {sid: c for sid, (c, _) in q.cluster_sizes(s).items()}


def test_three_outlets_quoting_one_mayor_form_one_cluster_with_similarities(db, three):
    statements, _ = three
    assert set(_clusters(db)) == set(statements) and len(set(_clusters(db).values())) == 1
    variants = ops.variants(db, statements[0])
    assert sorted(s.id for s, _ in variants) == statements[1:]
    assert all(0.5 <= similarity <= 1 for _, similarity in variants)


def test_an_unlinked_statement_stays_out_after_linking_again(db, three):
    statements, lead = three
    assert ops.unlink(db, statement_id=statements[2], annotator_id=lead) == 2
    assert statements[2] not in _clusters(db)
    ops.link(db, rebuild=True)
    assert statements[2] not in _clusters(db) and len(_clusters(db)) == 2


def test_a_split_and_a_merge_are_kept_too(db, three):
    statements, lead = three
    assert ops.split_cluster(db, statement_ids=[statements[0]], annotator_id=lead) == 2
    ops.link(db, rebuild=True)
    clusters = _clusters(db)
    assert statements[0] not in clusters and clusters[statements[1]] == clusters[statements[2]]
    cluster = ops.merge_cluster(db, statement_ids=[statements[0], statements[1]],
                                annotator_id=lead)
    ops.link(db, rebuild=True)  # merging the clusters undoes the split between them
    assert set(_clusters(db).values()) == {cluster} and len(_clusters(db)) == 3
    with db.session() as s:
        edits = q.cluster_edits(s)
    assert (min(statements[:2]), max(statements[:2]), False) in edits


def test_edits_name_statements_that_exist(db, three):
    _, lead = three
    with pytest.raises(AnnotatorError, match="no statement 999"):
        ops.unlink(db, statement_id=999, annotator_id=lead)
    with pytest.raises(AnnotatorError, match="at least two"):
        ops.merge_cluster(db, statement_ids=[1], annotator_id=lead)


def test_a_deleted_statement_leaves_its_cluster(db, three):
    statements, _ = three
    ops.delete_statement(db, statement_id=statements[1])
    ops.link(db)
    assert set(_clusters(db)) == {statements[0], statements[2]}


def test_the_cli_edits_clusters_and_only_leads_merge_and_split(db, db_url, three):
    from click.testing import CliRunner

    from annotator.cli.main import cli

    statements, _ = three
    runner = CliRunner()
    base = ["--db", db_url]
    out = runner.invoke(cli, ["cluster", "split", str(statements[0]), "--as", "bob", *base])
    assert out.exit_code == 1 and "bob is not a lead" in out.output
    out = runner.invoke(cli, ["cluster", "unlink", str(statements[0]), "--as", "bob", *base])
    assert out.exit_code == 0 and "unlinked from 2 variant(s)" in out.output
    out = runner.invoke(cli, ["cluster", "merge", *map(str, statements), "--as", "lena", *base])
    assert out.exit_code == 1 and "lena is not a lead" in out.output
    ops.set_lead(db, name="lena")
    out = runner.invoke(cli, ["cluster", "merge", *map(str, statements), "--as", "lena", *base])
    assert out.exit_code == 0, out.output
    assert len(set(_clusters(db).values())) == 1 and len(_clusters(db)) == 3
