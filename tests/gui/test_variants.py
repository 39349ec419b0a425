"""The same utterance in other outlets, in the window: listed, opened, labelled with one
key and undone with one, unlinked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator import ops
from annotator.storage import queries as q
from tests.gui.test_labelling import key, settle
from tests.link.test_cluster_edits import VARIANTS, _article


@pytest.fixture
def variants_window(qtbot, db):  # type: ignore[no-untyped-def]
    from annotator.gui import create_main_window

    with db.transaction() as s:
        ids = [q.add_article(s, _article(t, outlet))
               for t, outlet in zip(VARIANTS, ["TASS", "CGTN", "Newsweek"])]
        statements = [q.article_statements(s, a)[0].id for a in ids]
    ops.link(db)
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    win.statement_table.setFocus()
    qtbot.waitUntil(lambda: win.control.idle and win.control.article_id == ids[0])
    yield win, ids, statements
    win.close()


def _labels(db) -> dict[int, tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    from annotator.storage.schema import LabelRow

    with db.session() as s:
        return {r.statement_id: (r.label, r.propagated_from) for r in s.query(LabelRow)}


def test_the_details_say_who_else_reported_it(qtbot, variants_window):
    win, _, _ = variants_window
    assert win.detail.variants.isVisible()
    assert win.detail.variants.title.text() == "Also reported by CGTN, Newsweek (2)"
    assert win.detail.variants.list.count() == 2


def test_v_gives_the_label_to_every_variant_and_one_undo_takes_it_back(qtbot, variants_window,
                                                                       db):
    win, _, statements = variants_window
    first = statements[0]
    win.control.set_current(first)
    key(qtbot, win, Qt.Key.Key_2)  # claim
    win.control.set_current(first)
    key(qtbot, win, Qt.Key.Key_V)
    assert _labels(db) == {first: ("claim", None), statements[1]: ("claim", first),
                           statements[2]: ("claim", first)}
    assert "yours: claim (given from a variant)" in win.detail.variants.list.item(0).text()
    key(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _labels(db) == {first: ("claim", None)}
    key(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _labels(db) == {}


def test_a_variant_labelled_differently_is_flagged(qtbot, variants_window, db):
    win, _, statements = variants_window
    with db.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        q.set_label(s, statements[2], alice, "denial")
    win.control.open_article(win.control.article_id, statements[0], fresh=True)
    settle(qtbot, win)
    win.control.set_current(statements[0])
    key(qtbot, win, Qt.Key.Key_2)
    win.control.set_current(statements[0])
    settle(qtbot, win)
    assert win.detail.variants.title.text().endswith("— 1 labelled differently")
    flagged = [win.detail.variants.list.item(n) for n in range(2)
               if "yours: denial" in win.detail.variants.list.item(n).text()]
    assert len(flagged) == 1 and flagged[0].foreground().color().name() == "#b3261e"


def test_shift_v_opens_each_variant_in_turn(qtbot, variants_window):
    win, ids, statements = variants_window
    key(qtbot, win, Qt.Key.Key_V, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: win.control.article_id == ids[1])
    assert win.control.statement_id == statements[1]


def test_ctrl_u_unlinks_and_it_stays_unlinked(qtbot, variants_window, db):
    win, _, statements = variants_window
    key(qtbot, win, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.detail.variants.isVisible())
    ops.link(db, rebuild=True)
    assert ops.variants(db, statements[0]) == []
    assert [s.id for s, _ in ops.variants(db, statements[1])] == [statements[2]]
