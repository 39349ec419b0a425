"""The window retrains the suggestion model in the background as labels come in, shows
where each suggestion came from, and lets a lead switch the model off."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator import ops
from annotator.storage import queries as q
from tests.gui.test_labelling import settle
from tests.suggest.test_training import DENY, _project, _statement


def _window(qtbot, db, who: str = "bob"):  # type: ignore[no-untyped-def]
    from annotator.gui import create_main_window

    win = create_main_window(db, who)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.statement_table.setFocus()
    return win


def _article_of(db, statement_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return next(a for a in q.article_ids(s)
                    if any(st.id == statement_id for st in q.article_statements(s, a)))


def test_enough_new_labels_retrain_in_the_background_and_refresh_in_place(qtbot, db):
    unlabelled, _ = _project(db, labelled=20)  # 40 labels, no model yet
    win = _window(qtbot, db)
    # Started by the window itself: 40 labels since there is no model, and 25 are enough.
    trained = []
    win.trainer.trained.connect(trained.append)
    qtbot.waitUntil(lambda: bool(trained), timeout=120_000)
    assert trained[0].version == 1
    deny = unlabelled[DENY]
    assert _statement(db, deny[0]).suggestion_model == 1
    win.control.open_article(_article_of(db, deny[0]))
    settle(qtbot, win)
    assert "denial — model v1, 40 labels" in win.detail.suggestion.text()

    win.trainer.every = 3  # the next training after three more labels
    for sid in deny[1:4]:
        win.control.open_article(_article_of(db, sid))
        settle(qtbot, win)
        if sid == deny[3]:
            with qtbot.waitSignal(win.trainer.trained, timeout=120_000) as second:
                qtbot.keyClick(win.statement_table, Qt.Key.Key_3)  # denial
        else:
            qtbot.keyClick(win.statement_table, Qt.Key.Key_3)
    assert second.args[0].version == 2 and second.args[0].examples == 43
    with db.session() as s:
        bob = q.get_or_create_annotator(s, "bob").id
        assert all(q.get_label(s, sid, bob).label == "denial" for sid in deny[1:4])
    assert _statement(db, deny[5]).suggestion_model == 2
    # What bob saw when he labelled stays: a labelled statement is never re-scored.
    assert _statement(db, deny[3]).suggestion_model == 1
    # Ctrl+Shift+T retrains now; the open article's suggestion changes in place.
    win.control.open_article(_article_of(db, deny[5]))
    settle(qtbot, win)
    assert "model v2" in win.detail.suggestion.text()
    with qtbot.waitSignal(win.trainer.trained, timeout=120_000):
        qtbot.keyClick(win.statement_table, Qt.Key.Key_T,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "model v3" in win.detail.suggestion.text(), timeout=30_000)
    assert win.control.statement_id == deny[5]


def test_a_lead_switches_the_model_off_from_the_team_menu(qtbot, db):
    unlabelled, _ = _project(db)
    ops.train(db)
    ops.set_lead(db, name="lena")
    win = _window(qtbot, db, "lena")
    qtbot.waitUntil(lambda: win.trainer.status is not None, timeout=30_000)
    assert win.model_action.isChecked()
    win.control.open_article(_article_of(db, unlabelled[DENY][0]))
    settle(qtbot, win)
    with qtbot.waitSignal(win.trainer.statusChanged, timeout=60_000):
        win.model_action.trigger()  # off
    assert not win.model_action.isChecked()
    assert _statement(db, unlabelled[DENY][0]).suggestion_model is None
    qtbot.waitUntil(lambda: "rules" in win.detail.suggestion.text(), timeout=30_000)
    assert ops.suggestion_status(db).enabled is False


def test_only_leads_may_switch_the_model(qtbot, db):
    unlabelled, _ = _project(db)
    ops.train(db)
    win = _window(qtbot, db, "bob")
    qtbot.waitUntil(lambda: win.trainer.status is not None, timeout=30_000)
    win.model_action.trigger()
    assert win.model_action.isChecked() and "Only leads" in win.status_saved.text()
    assert ops.suggestion_status(db).enabled is True
    assert _statement(db, unlabelled[DENY][0]).suggestion_model == 1
