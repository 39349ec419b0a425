"""Blind labelling: a statement an annotator makes by hand is theirs (and the leads') until
a lead shares it; two annotators who make the same one by themselves share it. Both
backends."""

from __future__ import annotations

import pytest

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.core.errors import InvalidLabelError
from annotator.storage import queries as q

TEXT = "The mayor said the bridge is safe. Engineers disagreed with her on Monday."


def _setup(db):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text=TEXT, statements=(
            StatementSpan(TEXT.index("the bridge"), TEXT.index(". Engineers")),)))
    alice, bob = ops.annotator(db, "alice"), ops.annotator(db, "bob")
    lena = ops.set_lead(db, name="lena")
    return article, alice, bob, lena


def _seen(db, article: int, who) -> list[str]:  # type: ignore[no-untyped-def]
    bundle = ops.open_article(db, article, who.id)
    return [TEXT[s.start:s.end] for s in bundle.statements]


def test_a_hand_made_statement_is_its_makers_and_the_leads_until_shared(db):
    article, alice, bob, lena = _setup(db)
    start = TEXT.index("Engineers")
    made = ops.add_statement(db, article_id=article, start=start, end=len(TEXT) - 1,
                             annotator_id=alice.id).statement
    assert made.private_to == alice.id
    hers = "Engineers disagreed with her on Monday"
    assert hers in _seen(db, article, alice) and hers in _seen(db, article, lena)
    assert hers not in _seen(db, article, bob)
    # Bob's progress does not count it: it is not his to label.
    assert ops.label_progress(db, bob.id) == (0, 1)
    assert ops.label_progress(db, alice.id) == (0, 2)
    (summary,) = ops.article_summaries(db, [article], bob.id)
    assert summary.statements == 1
    with pytest.raises(InvalidLabelError, match="only leads share"):
        ops.share_statements(db, statement_ids=[made.id], lead="alice")
    assert ops.share_statements(db, statement_ids=[made.id], lead="lena") == 1
    assert hers in _seen(db, article, bob)
    assert ops.label_progress(db, bob.id) == (0, 2)
    assert [(e.action, e.annotator) for e in ops.history(db, action="share")] == [
        ("share", "lena")]
    assert ops.share_statements(db, statement_ids=[made.id], lead="lena") == 0


def test_the_same_statement_made_by_two_annotators_is_everyones(db):
    article, alice, bob, _ = _setup(db)
    start = TEXT.index("Engineers")
    first = ops.add_statement(db, article_id=article, start=start, end=len(TEXT) - 1,
                              annotator_id=alice.id).statement
    again = ops.add_statement(db, article_id=article, start=start, end=len(TEXT) - 1,
                              annotator_id=bob.id).statement
    assert again.id == first.id and again.private_to is None
    assert "Engineers disagreed with her on Monday" in _seen(db, article, bob)


def test_a_leads_statement_is_everyones_at_once(db):
    article, _, bob, lena = _setup(db)
    start = TEXT.index("Engineers")
    made = ops.add_statement(db, article_id=article, start=start, end=len(TEXT) - 1,
                             annotator_id=lena.id).statement
    assert made.private_to is None
    assert "Engineers disagreed with her on Monday" in _seen(db, article, bob)
