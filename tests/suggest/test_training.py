"""`annotator train`: learning from the project's labels changes the suggestions the way the
labels say, is stored as a version, and leaves what annotators saw alone. Both backends."""

from __future__ import annotations

import json
import random

import pytest

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.io.validate import record_errors
from annotator.storage import queries as q

# Two made-up words the rules know nothing about: only the labels can teach what they mean.
DENY, WARN = "zorblax", "quuxify"
FILLER = ["budget", "council", "harbour", "schools", "railway", "taxes", "housing", "water"]


def _article(db, n: int, word: str, cue: str = "said") -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(n)
    content = f"the {rng.choice(FILLER)} {word} plan {n} went to the {rng.choice(FILLER)} board"
    text = f"Officials {cue} {content}."
    start = text.index(content)
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text=text, source="Test", statements=(
            StatementSpan(start, start + len(content), origin="indirect",
                          cue_start=10, cue_end=10 + len(cue), suggested_label="report",
                          suggested_score=0.55),)))
        return q.article_statements(s, article)[0].id


def _project(db, labelled: int = 40):  # type: ignore[no-untyped-def]
    """``labelled`` statements per word labelled by alice, and 10 unlabelled per word."""
    ids = {DENY: [], WARN: []}
    for n in range(labelled + 10):
        for word in ids:
            ids[word].append(_article(db, n * 2 + (word == WARN), word))
    for word, label in ((DENY, "denial"), (WARN, "warning")):
        for sid in ids[word][:labelled]:
            ops.set_label(db, statement_id=sid, annotator="alice", label=label)
    return {word: sids[labelled:] for word, sids in ids.items()}, \
        {word: sids[:labelled] for word, sids in ids.items()}


def _statement(db, sid: int):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return next(st for a in q.article_ids(s) for st in q.article_statements(s, a)
                    if st.id == sid)


def test_training_on_labels_changes_suggestions_the_way_the_labels_say(db):
    unlabelled, labelled = _project(db)
    before = _statement(db, unlabelled[DENY][0])
    assert before.suggested_label == "report" and before.suggestion_model is None
    summary = ops.train(db)
    assert summary.kept_rules is None and summary.version == 1
    assert summary.rescored == 20 and summary.examples == 80
    assert summary.metrics["accuracy"] > summary.metrics["rules_accuracy"]
    for word, label in ((DENY, "denial"), (WARN, "warning")):
        for sid in unlabelled[word]:
            st = _statement(db, sid)
            assert (st.suggested_label, st.suggestion_model) == (label, 1), (word, st)
            assert 0.5 < st.suggested_score <= 1.0
    # What alice saw when she labelled stays as it was.
    assert _statement(db, labelled[DENY][0]).suggestion_model is None


def test_too_few_labels_keep_the_rules_and_say_so(db):
    unlabelled, _ = _project(db, labelled=5)
    summary = ops.train(db, min_labels=30)
    assert summary.version is None and "fewer than the 30 needed" in summary.kept_rules
    assert _statement(db, unlabelled[DENY][0]).suggestion_model is None


def test_each_training_is_a_new_version_and_new_imports_get_its_suggestions(db):
    unlabelled, _ = _project(db)
    assert ops.train(db).version == 1
    assert ops.train(db).version == 2
    assert ops.suggestion_status(db).latest.version == 2
    fresh = _article(db, 999, DENY)  # stored with the rules' suggestion, as an import does
    assert ops.rescore(db) == 1  # what ops.import_articles runs after storing
    st = _statement(db, fresh)
    assert (st.suggested_label, st.suggestion_model) == ("denial", 2)


def test_a_lead_switches_the_model_off_for_a_blind_study_and_back_on(db):
    unlabelled, _ = _project(db)
    ops.train(db)
    with pytest.raises(Exception, match="not a lead"):
        ops.set_suggestion_model(db, enabled=False, lead="alice")
    ops.set_lead(db, name="lena")
    assert ops.set_suggestion_model(db, enabled=False, lead="lena") == 20
    st = _statement(db, unlabelled[DENY][0])
    assert (st.suggested_label, st.suggestion_model) == ("report", None)  # the rules again
    assert "switched off" in ops.train(db).kept_rules
    assert ops.set_suggestion_model(db, enabled=True, lead="lena") == 20
    assert _statement(db, unlabelled[DENY][0]).suggested_label == "denial"


def test_gold_labels_come_first_and_even_splits_are_left_out(db):
    from annotator.storage.queries import training_inputs

    a, b, c = (_article(db, n, DENY) for n in (1, 2, 3))
    ops.set_lead(db, name="lena")
    for sid in (a, b, c):
        ops.set_label(db, statement_id=sid, annotator="alice", label="claim")
    ops.set_label(db, statement_id=b, annotator="bob", label="denial")  # an even split
    ops.set_label(db, statement_id=c, annotator="bob", label="denial")
    ops.set_gold(db, statement_id=c, lead="lena", label="denial")
    with db.session() as s:
        found = {x.statement_id: (x.label, x.source) for x in training_inputs(s)}
    assert found == {c: ("denial", "gold"), a: ("claim", "single")}


def test_exported_suggestions_carry_the_model_version(db, tmp_path):
    _project(db)
    ops.train(db)
    out = tmp_path / "all.jsonl"
    ops.export(db, format="statements", output=out, include_unlabelled=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(record_errors(r, "statements") == [] for r in records)
    versions = {r["suggestion_model"] for r in records if r["label"] is None}
    assert versions == {1}
    assert {r["suggestion_model"] for r in records if r["label"] is not None} == {None}
