"""Every change is audited: statements made, deleted and restored, bounds, speakers, notes,
gold decisions and cluster edits go to an append-only history beside the labels'."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.errors import NotFoundError
from annotator.storage import queries as q

TEXT = "Peskov said the reports were baseless. Putin warned of a response, aides said."


def _article(db) -> tuple[int, list[int], list[int]]:
    draft = ArticleDraft(
        text=TEXT, title="Kremlin", source="TASS",
        entities=(EntitySpan(0, 6, "PERSON"), EntitySpan(39, 44, "PERSON")),
        statements=(StatementSpan(12, 38, origin="indirect", speaker_start=0, speaker_end=6,
                                  speaker_entity=0, cue_start=7, cue_end=11),
                    StatementSpan(39, 66, speaker_entity=1)))
    with db.transaction() as s:
        article_id = q.add_article(s, draft)
        statements = [st.id for st in q.article_statements(s, article_id)]
        entities = [e.id for e in q.article_entities(s, article_id)]
    return article_id, statements, entities


def test_every_kind_of_edit_is_in_the_history_with_who_and_what(db):
    article_id, (first, second), entities = _article(db)
    alice = ops.annotator(db, "alice")
    lena = ops.set_lead(db, name="lena")
    ops.set_label(db, statement_id=first, label="claim", annotator_id=alice.id)
    ops.update_statement(db, statement_id=first, annotator_id=alice.id, start=16, end=38)
    ops.update_statement(db, statement_id=second, annotator_id=alice.id,
                         speaker_start=39, speaker_end=44, speaker_entity_id=entities[1])
    ops.set_note(db, statement_id=first, annotator_id=alice.id, note="a denial?")
    made = ops.add_statement(db, article_id=article_id, start=68, end=77,
                             annotator_id=alice.id).statement
    ops.set_gold(db, statement_id=first, lead="lena", label="denial", rationale="rejects it")
    ops.delete_statement(db, statement_id=made.id, annotator="alice")
    back = ops.restore_statement(db, statement=made, annotator_id=alice.id).statement

    trail = ops.history(db)
    assert [(e.action, e.annotator) for e in trail] == [
        ("label", "alice"), ("bounds", "alice"), ("speaker", "alice"), ("note", "alice"),
        ("create", "alice"), ("gold", "lena"), ("delete", "alice"), ("restore", "alice")]
    by_action = {e.action: e for e in trail}
    assert by_action["bounds"].before == {"start": 12, "end": 38}
    assert by_action["bounds"].after == {"start": 16, "end": 38}
    assert by_action["bounds"].article_id == article_id
    assert by_action["speaker"].after == {"speaker_start": 39, "speaker_end": 44,
                                          "speaker_entity_id": entities[1]}
    assert by_action["note"].before is None and by_action["note"].after == {"note": "a denial?"}
    assert by_action["gold"].after == {"label": "denial", "rationale": "rejects it"}
    assert by_action["create"].after["origin"] == "manual"
    assert by_action["delete"].before["start"] == 68
    assert by_action["restore"].statement_id == back.id
    assert by_action["restore"].after["was"] == made.id
    assert [e.at for e in trail] == sorted(e.at for e in trail)

    assert [e.action for e in ops.history(db, annotator="lena")] == ["gold"]
    assert [e.action for e in ops.history(db, statement_id=first)] == [
        "label", "bounds", "note", "gold"]
    assert [e.action for e in ops.history(db, action="bounds")] == ["bounds"]
    assert [e.action for e in ops.history(db, limit=2)] == ["delete", "restore"]
    with pytest.raises(NotFoundError, match="no annotator named 'bob'"):
        ops.history(db, annotator="bob")
    assert lena.is_lead


def test_changes_that_change_nothing_are_not_recorded(db):
    _, (first, _), _ = _article(db)
    alice = ops.annotator(db, "alice")
    ops.set_label(db, statement_id=first, label="claim", annotator_id=alice.id)
    ops.update_statement(db, statement_id=first, annotator_id=alice.id, start=12, end=38)
    ops.set_note(db, statement_id=first, annotator_id=alice.id, note="")
    assert [e.action for e in ops.history(db)] == ["label"]


def test_the_edit_history_is_append_only(db):
    _, (first, _), _ = _article(db)
    ops.update_statement(db, statement_id=first, start=13, end=38)
    for sql in ("UPDATE edit_history SET action = 'gold'", "DELETE FROM edit_history"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.transaction() as s:
                s.connection().exec_driver_sql(sql)
    assert [e.action for e in ops.history(db)] == ["bounds"]


def test_history_outlives_the_statement_and_keeps_the_first_bounds(db):
    _, (first, second), _ = _article(db)
    ops.update_statement(db, statement_id=first, start=13, end=38)
    ops.update_statement(db, statement_id=first, start=16, end=37)
    with db.session() as s:
        assert q.first_bounds(s, [first, second]) == {first: (12, 38)}
    ops.delete_statement(db, statement_id=first)
    assert [e.action for e in ops.history(db, statement_id=first)] == [
        "bounds", "bounds", "delete"]


def test_cluster_edits_are_in_the_trail(db):
    _, (first, second), _ = _article(db)
    lena = ops.set_lead(db, name="lena")
    ops.merge_cluster(db, statement_ids=[first, second], annotator_id=lena.id)
    ops.unlink(db, statement_id=second, annotator_id=lena.id)
    trail = ops.history(db, statement_id=second, action="cluster")
    assert [(e.action, e.after) for e in trail] == [("together", {"variant": first}),
                                                    ("apart", {"variant": first})]
