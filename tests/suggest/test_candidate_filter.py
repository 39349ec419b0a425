"""Learning from edits: candidates a team keeps rejecting lose confidence at the next import,
the ones it keeps gain it, and a few edits change nothing. Both backends."""

from __future__ import annotations

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.storage import queries as q

PLANS = "The committee plans to review the {n} budget for the harbour next spring."
SAYS = "The mayor said the {n} budget for the harbour was balanced at last."


def _candidate(db, template: str, n: int) -> int:  # type: ignore[no-untyped-def]
    """One stored candidate as detection makes it: an intention ("plans to …") at 0.5 or a
    speech clause ("said …") at 0.9."""
    text = template.format(n=f"number {n}")
    if "plans" in template:
        cue, content, kind, confidence = "plans", text[text.index("to review"):-1], "intention", 0.5
    else:
        cue, content, kind, confidence = "said", text[text.index("the number"):-1], "speech", 0.9
    start, at = text.index(content), text.index(cue)
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text=text, source="Test", statements=(
            StatementSpan(start, start + len(content), origin="indirect", cue_start=at,
                          cue_end=at + len(cue), speaker_start=0, speaker_end=3,
                          kind=kind, confidence=confidence, suggested_label="report"),)))
        return q.article_statements(s, article)[0].id


def _review(db, pairs: int) -> None:  # type: ignore[no-untyped-def]
    """alice marks every intention "not a statement" and labels every speech candidate."""
    for n in range(pairs):
        ops.set_label(db, statement_id=_candidate(db, PLANS, n), annotator="alice",
                      label="not_statement")
        ops.set_label(db, statement_id=_candidate(db, SAYS, n), annotator="alice", label="claim")


def _imported(db, tmp_path, text: str) -> list:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.txt"
    path.write_text(text, encoding="utf-8")
    ops.import_articles(db, [path])
    with db.session() as s:
        (article,) = [a for a in q.article_ids(s)
                      if q.article_bundle(s, a, None).article.text.strip() == text.strip()]
        return list(q.article_statements(s, article))


NEW = ("The agency plans to close two clinics in the county next year.\n\n"
       "The governor said the clinics would stay open through the winter.")


def test_a_few_edits_leave_the_rules_alone(db, tmp_path):
    _review(db, 8)
    summary = ops.train_candidate_filter(db)
    assert not summary.stored and "fewer than the 40 needed" in summary.kept_rules
    assert (summary.reviewed, summary.kept, summary.rejected) == (16, 8, 8)
    found = {s.kind: s.confidence for s in _imported(db, tmp_path, NEW)}
    assert found == {"intention": 0.5, "speech": 0.9}  # exactly the rules' confidence


def test_rejected_kinds_sink_and_kept_ones_hold_at_the_next_import(db, tmp_path):
    _review(db, 60)
    summary = ops.train_candidate_filter(db)
    assert summary.stored, summary.kept_rules
    assert summary.metrics["log_loss"] < summary.metrics["rules_log_loss"]
    found = {s.kind: s.confidence for s in _imported(db, tmp_path, NEW)}
    assert found["intention"] < 0.5 and found["speech"] >= 0.9
    # Once the edits no longer support it (reviews cleared), retraining removes the filter.
    with db.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice")
        for article in q.article_ids(s):
            for st in q.article_statements(s, article):
                q.set_label(s, st.id, alice.id, None)
    assert not ops.train_candidate_filter(db).stored
    assert ops.load_candidate_filter(db) is None


def test_train_command_reports_the_filter(db, db_url):
    from click.testing import CliRunner

    from annotator.cli.main import cli

    _review(db, 30)
    result = CliRunner().invoke(cli, ["train", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "candidates reviewed: 60 (30 kept, 30 not a statement)" in result.output
    assert "stored the candidate filter" in result.output

