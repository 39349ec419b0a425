"""The real window driven by real key presses; results checked in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.storage import queries as q


def labels(db, annotator: str = "alice") -> dict[str, str]:  # type: ignore[no-untyped-def]
    """statement text -> label, for this annotator."""
    with db.session() as s:
        who = q.get_or_create_annotator(s, annotator)
        out = {}
        for article_id in q.article_ids(s):
            bundle = q.article_bundle(s, article_id, who.id)
            for st in bundle.statements:
                if st.id in bundle.labels:
                    out[bundle.article.text[st.start:st.end]] = bundle.labels[st.id]
    return out


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.statement_table, k, modifier)
    settle(qtbot, window)


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the database worker has done (and reported) what the window asked."""
    qtbot.waitUntil(lambda: window.control.idle, timeout=10_000)


def current_text(window) -> str:  # type: ignore[no-untyped-def]
    c = window.control
    s = c.current
    return c.bundle.article.text[s.start:s.end] if s else ""


def test_each_label_key_labels_and_moves_to_the_next_unlabelled(qtbot, window, db):
    assert current_text(window) == "the reports were baseless"
    key(qtbot, window, Qt.Key.Key_3)
    assert labels(db) == {"the reports were baseless": "denial"}
    assert current_text(window) == "“We will respond to any attack,”"
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_2)
    assert labels(db) == {"the reports were baseless": "denial",
                          "“We will respond to any attack,”": "warning",
                          "the decision would mean war": "claim"}
    # Nothing is left unlabelled, so the last statement stays current; relabel it.
    assert current_text(window) == "the decision would mean war"
    key(qtbot, window, Qt.Key.Key_4)
    assert labels(db)["the decision would mean war"] == "report"
    assert window.statement_table.model().data(window.statement_table.model().index(2, 5)) == "Report"
    assert "3/3 in this article" in window.status_progress.text()
    assert window.status_saved.text() == "saved"


def test_enter_accepts_the_suggestion_and_zero_or_delete_clears(qtbot, window, db):
    key(qtbot, window, Qt.Key.Key_Return)
    assert labels(db) == {"the reports were baseless": "denial"}
    key(qtbot, window, Qt.Key.Key_K)
    key(qtbot, window, Qt.Key.Key_0)
    assert labels(db) == {}
    key(qtbot, window, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_K)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert labels(db) == {}


def test_s_marks_not_a_statement(qtbot, window, db):
    key(qtbot, window, Qt.Key.Key_S)
    assert labels(db) == {"the reports were baseless": "not_statement"}


def test_j_k_arrows_move_between_statements(qtbot, window):
    key(qtbot, window, Qt.Key.Key_J)
    assert current_text(window) == "“We will respond to any attack,”"
    key(qtbot, window, Qt.Key.Key_Down)
    assert current_text(window) == "the decision would mean war"
    key(qtbot, window, Qt.Key.Key_Up)
    key(qtbot, window, Qt.Key.Key_K)
    assert current_text(window) == "the reports were baseless"


def test_n_p_and_ctrl_arrows_move_between_articles(qtbot, window, articles):
    c = window.control
    key(qtbot, window, Qt.Key.Key_N)
    assert c.article_id == articles["two"] and "Article 2/2" in window.status_article.text()
    key(qtbot, window, Qt.Key.Key_P)
    assert c.article_id == articles["one"]
    key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert c.article_id == articles["two"]
    key(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert c.article_id == articles["one"]


def test_undo_and_redo_across_articles(qtbot, window, db, articles):
    key(qtbot, window, Qt.Key.Key_3)       # article one: denial
    key(qtbot, window, Qt.Key.Key_N)
    key(qtbot, window, Qt.Key.Key_1)       # article two: warning
    assert labels(db) == {"the reports were baseless": "denial", "“We will respond,”": "warning"}
    ctrl = Qt.KeyboardModifier.ControlModifier
    key(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert labels(db) == {"the reports were baseless": "denial"}
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # goes back to article one
    assert labels(db) == {} and window.control.article_id == articles["one"]
    assert window.control.statements.label_of(window.control.statement_id) is None
    key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert labels(db) == {"the reports were baseless": "denial"}
    key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert labels(db) == {"the reports were baseless": "denial", "“We will respond,”": "warning"}
    assert window.control.article_id == articles["two"]
    with db.session() as s:
        history = [(h.old_label, h.new_label) for h in q.label_history(s)]
    assert history == [(None, "denial"), (None, "warning"), ("warning", None), ("denial", None),
                       (None, "denial"), (None, "warning")]


def test_clicking_a_statement_and_a_label_button(qtbot, window, db):
    table = window.statement_table
    rect = table.visualRect(table.model().index(2, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_text(window) == "the decision would mean war"
    qtbot.mouseClick(window.label_buttons.buttons["warning"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert labels(db) == {"the decision would mean war": "warning"}


def test_question_mark_lists_every_shortcut(qtbot, window):
    from PySide6.QtWidgets import QTableWidget

    qtbot.keyClick(window.statement_table, "?")
    dialog = window.shortcuts_dialog
    table = dialog.findChild(QTableWidget)
    shown = {table.item(row, 0).text() for row in range(table.rowCount())}
    assert dialog.isVisible()
    assert {"1", "2", "3", "4", "S", "Return / Enter", "0 / Delete", "J / Down", "K / Up",
            "N / Ctrl+Right", "P / Ctrl+Left", "Ctrl+Z", "Ctrl+Shift+Z / Ctrl+Y", "?"} <= shown


def test_tooltips_show_shortcuts(window):
    assert "(2)" in window.label_buttons.buttons["claim"].toolTip()
    action = window.findChild(type(window.undo_action), "actionNextStatement")
    assert "J" in action.toolTip()
