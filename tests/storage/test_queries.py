from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.storage import queries as q

TEXT = "Peskov said the reports were baseless. 🇷🇺 Putin warned of a response."


def _add_article(db, text: str = TEXT) -> int:
    draft = ArticleDraft(
        text=text, title="Kremlin", source="TASS", published="2024-11-18",
        meta={"origin": "tass.txt"},
        entities=(EntitySpan(0, 6, "PERSON"), EntitySpan(42, 47, "PERSON")),
        statements=(StatementSpan(0, 38, origin="indirect", speaker_start=0, speaker_end=6,
                                  speaker_entity=0, cue_start=7, cue_end=11,
                                  suggested_label="denial", suggested_score=0.9),
                    StatementSpan(42, len(text), speaker_entity=1, suggested_label="warning")),
    )
    with db.transaction() as s:
        article_id = q.add_article(s, draft)
    assert article_id is not None
    return article_id


def test_article_round_trips_with_entities_and_statements(db):
    article_id = _add_article(db)
    with db.session() as s:
        article = q.get_article(s, article_id)
        entities = q.article_entities(s, article_id)
        statements = q.article_statements(s, article_id)
    assert article.text == TEXT and article.source == "TASS" and article.meta == {"origin": "tass.txt"}
    assert article.imported_at is not None and article.imported_at.tzinfo is not None
    assert [(e.start, e.end, e.label) for e in entities] == [(0, 6, "PERSON"), (42, 47, "PERSON")]
    first = statements[0]
    assert (first.start, first.end, first.cue_start, first.cue_end) == (0, 38, 7, 11)
    assert first.speaker_entity_id == entities[0].id
    assert first.suggested_label == "denial" and first.suggested_score == pytest.approx(0.9)
    assert statements[1].speaker_entity_id == entities[1].id


def test_same_text_twice_is_stored_once(db):
    _add_article(db)
    with db.transaction() as s:
        # White space differences do not make a new article.
        assert q.add_article(s, ArticleDraft(text="  " + TEXT.replace(" ", "\n", 1))) is None
    with db.session() as s:
        assert q.stats(s).articles == 1


def test_set_label_upserts_and_records_history(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        ann = q.get_or_create_annotator(s, "alice")
        first = q.set_label(s, statement.id, ann.id, "claim", time_spent_ms=1200)
        second = q.set_label(s, statement.id, ann.id, "denial", time_spent_ms=300)
        same = q.set_label(s, statement.id, ann.id, "denial")
    assert (first.old_label, first.new_label) == (None, "claim")
    assert (second.old_label, second.new_label) == ("claim", "denial")
    assert same.old_label == same.new_label == "denial"
    with db.session() as s:
        label = q.get_label(s, statement.id, ann.id)
        history = q.label_history(s, statement_id=statement.id)
    assert label is not None and label.label == "denial" and label.time_spent_ms == 1500
    assert label.updated_at >= label.created_at
    # An unchanged label writes no history row.
    assert [(h.old_label, h.new_label) for h in history] == [(None, "claim"), ("claim", "denial")]


def test_clearing_a_label_deletes_it_and_is_recorded(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        ann = q.get_or_create_annotator(s, "bob")
        q.set_label(s, statement.id, ann.id, "report")
        q.set_label(s, statement.id, ann.id, None)
    with db.session() as s:
        assert q.get_label(s, statement.id, ann.id) is None
        assert [h.new_label for h in q.label_history(s, annotator_id=ann.id)] == ["report", None]
        assert q.stats(s).labels == 0


def test_each_annotator_has_their_own_label(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        a = q.get_or_create_annotator(s, "alice")
        b = q.get_or_create_annotator(s, "bob")
        q.set_label(s, statement.id, a.id, "claim")
        q.set_label(s, statement.id, b.id, "denial")
    with db.session() as s:
        stats = q.stats(s)
    assert stats.labels == 2
    assert stats.labels_per_label == {"warning": 0, "claim": 1, "denial": 1, "report": 0,
                                      "not_statement": 0}
    assert stats.labels_per_annotator == {"alice": 1, "bob": 1}


def test_unknown_label_and_statement_are_refused(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        ann = q.get_or_create_annotator(s, "alice")
        with pytest.raises(InvalidLabelError):
            q.set_label(s, statement.id, ann.id, "rumour")
        with pytest.raises(NotFoundError):
            q.set_label(s, 999_999, ann.id, "claim")


def test_label_history_is_append_only(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        ann = q.get_or_create_annotator(s, "alice")
        q.set_label(s, statement.id, ann.id, "claim")
    for sql in ("UPDATE label_history SET new_label = 'report'", "DELETE FROM label_history"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.transaction() as s:
                s.connection().exec_driver_sql(sql)
    with db.session() as s:
        assert [h.new_label for h in q.label_history(s)] == ["claim"]


def test_deleting_an_article_removes_its_statements_and_labels_but_keeps_history(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        statement = q.article_statements(s, article_id)[0]
        ann = q.get_or_create_annotator(s, "alice")
        q.set_label(s, statement.id, ann.id, "claim")
    with db.transaction() as s:
        s.connection().exec_driver_sql(f"DELETE FROM articles WHERE id = {article_id}")
    with db.session() as s:
        stats = q.stats(s)
        assert (stats.articles, stats.entities, stats.statements, stats.labels) == (0, 0, 0, 0)
        assert len(q.label_history(s)) == 1


def test_label_types_are_seeded_in_order(db):
    with db.session() as s:
        types = q.label_types(s)
    assert [(t.key, t.shortcut, t.kind) for t in types] == [
        ("warning", "1", "label"), ("claim", "2", "label"), ("denial", "3", "label"),
        ("report", "4", "label"), ("not_statement", "S", "reject")]
    assert all(t.colour.startswith("#") and len(t.colour) == 7 for t in types)


def test_get_or_create_annotator_is_idempotent(db):
    with db.transaction() as s:
        first = q.get_or_create_annotator(s, " alice ")
        again = q.get_or_create_annotator(s, "alice")
        with pytest.raises(InvalidLabelError):
            q.get_or_create_annotator(s, "   ")
    assert first == again
    with db.session() as s:
        assert [a.name for a in q.annotators(s)] == ["alice"]


def test_article_list_filters_and_lazy_summaries(db):
    first = _add_article(db)
    with db.transaction() as s:
        second = q.add_article(s, ArticleDraft(text="The mayor said the bridge is safe.",
                                               source="Wire", statements=(StatementSpan(16, 34),)))
        ann = q.get_or_create_annotator(s, "alice")
        statements = q.article_statements(s, first)
        q.set_label(s, statements[0].id, ann.id, "claim")
    with db.session() as s:
        assert q.article_ids(s) == [first, second]
        assert q.article_ids(s, text="bridge") == [second]
        assert q.article_ids(s, text="BRIDGE is") == [second]  # any case
        # Typed % and _ are literal characters, not wildcards.
        assert q.article_ids(s, text="%") == [] and q.article_ids(s, text="b_idge") == []
        assert q.article_ids(s, text="\\") == []
        assert q.article_ids(s, source="TASS") == [first]
        assert q.article_ids(s, annotator_id=ann.id, status="in progress") == [first]
        assert q.article_ids(s, annotator_id=ann.id, status="unlabelled") == [second]
        assert q.article_ids(s, annotator_id=ann.id, status="done") == []
        rows = q.article_summaries(s, [second, first], ann.id)
    assert [r.id for r in rows] == [second, first]
    assert (rows[1].statements, rows[1].labelled, rows[1].status) == (2, 1, "in progress")
    assert rows[0].status == "unlabelled"


def test_bundle_shows_only_this_annotators_labels(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        a = q.get_or_create_annotator(s, "alice")
        b = q.get_or_create_annotator(s, "bob")
        first, second = q.article_statements(s, article_id)
        q.set_label(s, first.id, a.id, "claim")
        q.set_label(s, second.id, b.id, "warning")
        q.set_note(s, first.id, a.id, "hedged")
    with db.session() as s:
        bundle = q.article_bundle(s, article_id, a.id)
        assert q.labelled_count(s, a.id) == (1, 2)
    assert bundle.labels == {first.id: "claim"} and bundle.notes == {first.id: "hedged"}
    assert len(bundle.entities) == 2 and len(bundle.statements) == 2


def test_deleting_a_statement_records_each_removed_label_and_guards_others_work(db):
    from annotator import ops
    from annotator.core.errors import StatementInUseError

    article_id = _add_article(db)
    with db.transaction() as s:
        a = q.get_or_create_annotator(s, "alice").id
        b = q.get_or_create_annotator(s, "bob").id
        first, second = q.article_statements(s, article_id)
        q.set_label(s, first.id, a, "claim")
        q.set_label(s, first.id, b, "warning")
        q.set_label(s, second.id, a, "report")
    # bob is no lead: alice's label on the first statement keeps it from him.
    assert "1 other annotator has labelled it" in ops.deletion_refusal(
        db, statement_id=first.id, annotator="bob")
    assert ops.deletion_refusal(db, statement_id=second.id, annotator="alice") is None
    with pytest.raises(StatementInUseError, match="1 other annotator has labelled it"):
        ops.delete_statement(db, statement_id=first.id, annotator="bob")
    # alice alone labelled the second: she may delete it; the removal is in the history.
    removed = ops.delete_statement(db, statement_id=second.id, annotator="alice").removed
    assert [(r.annotator, r.label) for r in removed] == [("alice", "report")]
    # A settled statement is kept from annotators too, then a lead deletes it.
    ops.set_lead(db, name="lena")
    ops.set_gold(db, statement_id=first.id, lead="lena", label="claim")
    with db.transaction() as s:
        q.set_label(s, first.id, b, None)
        q.set_label(s, first.id, a, None)
    with pytest.raises(StatementInUseError, match="a lead has settled it"):
        ops.delete_statement(db, statement_id=first.id, annotator="alice")
    with db.transaction() as s:
        q.set_label(s, first.id, a, "claim")
    assert ops.deletion_refusal(db, statement_id=first.id, annotator="lena") is None
    changes = ops.delete_statement(db, statement_id=first.id, annotator="lena")
    assert changes.articles == {article_id} and changes.counts
    removed = changes.removed
    assert [(r.annotator, r.label, r.gold) for r in removed] == [
        ("alice", "claim", False), ("lena", "claim", True)]
    with db.session() as s:
        assert q.article_statements(s, article_id) == []
        history = [(h.statement_id, h.annotator_id, h.old_label, h.new_label)
                   for h in q.label_history(s)]
    assert history[-1] == (first.id, a, "claim", None)
    assert (second.id, a, "report", None) in history
    # The lead's undo puts it back whole: the statement, alice's label, the gold label.
    back = ops.restore_statement(db, statement=first, labels=removed).statement
    with db.session() as s:
        assert q.get_label(s, back.id, a).label == "claim"
    assert "a lead has settled it" in ops.deletion_refusal(db, statement_id=back.id,
                                                           annotator="alice")


def test_statements_can_be_added_adjusted_and_deleted(db):
    article_id = _add_article(db)
    with db.transaction() as s:
        made = q.add_statement(s, article_id, 42, 50)
        again = q.add_statement(s, article_id, 42, 50)
        moved = q.update_statement(s, made.id, start=40, end=55)
        speaker = q.article_entities(s, article_id)[1]
        spoken = q.update_statement(s, made.id, speaker_start=speaker.start,
                                    speaker_end=speaker.end, speaker_entity_id=speaker.id)
        with pytest.raises(InvalidLabelError):
            q.update_statement(s, made.id, end=10_000)
    assert made.id == again.id and made.origin == "manual"
    assert (moved.start, moved.end) == (40, 55) and spoken.speaker_entity_id == speaker.id
    with db.transaction() as s:
        q.delete_statement(s, made.id)
    with db.session() as s:
        assert made.id not in [st.id for st in q.article_statements(s, article_id)]


def test_a_draft_with_the_same_span_twice_is_stored_with_it_once(db):
    from annotator.core import ArticleDraft, StatementSpan

    draft = ArticleDraft(text="The mayor said the bridge is safe.", statements=(
        StatementSpan(15, 33, suggested_label="report"), StatementSpan(15, 33, suggested_label="claim")))
    with db.transaction() as s:
        article = q.add_article(s, draft)
        stored = q.article_statements(s, article)
    assert [(st.start, st.end, st.suggested_label) for st in stored] == [(15, 33, "report")]
