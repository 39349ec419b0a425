"""Entity corrections in storage: a retype keeps the entity (and the speakers pointing at
it), an extension or a shrink re-points the speakers, a stale correction is refused, and
each is one history entry. Both backends."""

from __future__ import annotations

import pytest

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.entities import retype
from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.storage import queries as q

TEXT = "Presidential Spokesman Dmitry Peskov said the reports were baseless in Kyiv."


def _article(db) -> int:  # type: ignore[no-untyped-def]
    dmitry = TEXT.index("Presidential")
    with db.transaction() as s:
        return q.add_article(s, ArticleDraft(
            text=TEXT, entities=(EntitySpan(dmitry, TEXT.index(" Peskov"), "ORG"),
                                 EntitySpan(TEXT.index("Kyiv"), TEXT.index("Kyiv") + 4, "PERSON")),
            statements=(StatementSpan(TEXT.index("the reports"), TEXT.index(" in Kyiv"),
                                      speaker_start=dmitry, speaker_end=TEXT.index(" Peskov"),
                                      speaker_entity=0),)))


def _state(db, article: int):  # type: ignore[no-untyped-def]
    with db.session() as s:
        found = {TEXT[e.start:e.end]: (e.label, e.id, e.origin)
                 for e in q.article_entities(s, article)}
        statement = q.article_statements(s, article)[0]
    return found, statement


def test_retyping_keeps_the_entity_and_extending_moves_the_speaker(db):
    article = _article(db)
    before, statement = _state(db, article)
    kyiv = TEXT.index("Kyiv")
    with db.session() as s:
        entities = q.article_entities(s, article)
    remove, add = retype(entities, kyiv, kyiv + 4, "GPE")
    ops.edit_entities(db, article_id=article, remove=remove, add=add)
    after, _ = _state(db, article)
    assert after["Kyiv"] == ("GPE", before["Kyiv"][1], "manual")  # same id, new type

    # "Presidential Spokesman Dmitry" (ORG) becomes "Dmitry Peskov" (PERSON): the
    # statement's speaker follows to the new entity.
    start = TEXT.index("Dmitry")
    with db.session() as s:
        entities = q.article_entities(s, article)
    remove, add = retype(entities, start, start + len("Dmitry Peskov"), "PERSON")
    assert remove == [(0, TEXT.index(" Peskov"), "ORG")]
    ops.edit_entities(db, article_id=article, remove=remove, add=add)
    after, statement = _state(db, article)
    assert "Presidential Spokesman Dmitry" not in after
    assert after["Dmitry Peskov"][0] == "PERSON"
    assert statement.speaker_entity_id == after["Dmitry Peskov"][1]
    assert [e.action for e in ops.history(db, action="entity")] == ["entity", "entity"]


def test_a_stale_or_impossible_correction_is_refused_and_changes_nothing(db):
    article = _article(db)
    before, _ = _state(db, article)
    with pytest.raises(NotFoundError, match="changed meanwhile"):
        ops.edit_entities(db, article_id=article, remove=[(0, 5, "ORG")], add=[(0, 5, "GPE")])
    with pytest.raises(InvalidLabelError):
        ops.edit_entities(db, article_id=article, remove=[], add=[(10, 999, "GPE")])
    with pytest.raises(NotFoundError):
        ops.edit_entities(db, article_id=999_999, remove=[], add=[(0, 3, "GPE")])
    assert _state(db, article)[0] == before
    assert ops.history(db, action="entity") == []


def test_removing_an_entity_leaves_its_speaker_mention(db):
    article = _article(db)
    with db.session() as s:
        entities = q.article_entities(s, article)
    remove, add = retype(entities, 0, TEXT.index(" Peskov"), None)
    ops.edit_entities(db, article_id=article, remove=remove, add=add)
    after, statement = _state(db, article)
    assert "Presidential Spokesman Dmitry" not in after
    assert statement.speaker_entity_id is None and statement.speaker_start == 0
