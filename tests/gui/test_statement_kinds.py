"""Kinds of attribution in the window: a column, dimmed unlikely candidates, a filter by kind
and one key (H) that hides the unlikely ones, so an annotator can skip them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.storage import queries as q
from tests.gui.test_labelling import current_text, key, labels

TEXT = ("Mayor Ana Ruiz said the bridge would reopen in May. "
        "The council plans to vote on the budget next week. "
        "A new audit found that the fund had overpaid its managers.")


def _span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def kinds_window(qtbot, db):  # type: ignore[no-untyped-def]
    from annotator.gui import create_main_window

    draft = ArticleDraft(
        text=TEXT, title="Kinds", source="Wire",
        entities=(EntitySpan(*_span("Ana Ruiz"), "PERSON"),),
        statements=(
            StatementSpan(*_span("the bridge would reopen in May"), speaker_entity=0,
                          suggested_label="report", kind="speech", confidence=0.9),
            StatementSpan(*_span("to vote on the budget next week"), suggested_label="report",
                          kind="intention", confidence=0.5),
            StatementSpan(*_span("the fund had overpaid its managers"), suggested_label="claim",
                          kind="evidence", confidence=0.75),
        ))
    with db.transaction() as s:
        q.add_article(s, draft)
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.statement_table.setFocus()
    return win


def column(window, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.statement_table.model()
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_kinds_are_shown_and_stored(kinds_window, db):
    assert column(kinds_window, 3) == ["Speech", "Intention", "Evidence"]
    model = kinds_window.statement_table.model()
    unlikely = model.data(model.index(1, 1), Qt.ItemDataRole.FontRole)
    assert unlikely is not None and unlikely.italic()  # the unlikely one looks different
    assert model.data(model.index(0, 1), Qt.ItemDataRole.FontRole) is None
    assert "50%" in model.data(model.index(1, 3), Qt.ItemDataRole.ToolTipRole)


def test_h_hides_the_unlikely_candidates_and_labelling_skips_them(qtbot, kinds_window, db):
    key(qtbot, kinds_window, Qt.Key.Key_H)
    assert column(kinds_window, 3) == ["Speech", "Evidence"]
    assert kinds_window.hidden_note.text() == "1 hidden"
    key(qtbot, kinds_window, Qt.Key.Key_4)  # report; the next unlabelled shown is the audit
    assert current_text(kinds_window) == "the fund had overpaid its managers"
    key(qtbot, kinds_window, Qt.Key.Key_2)
    assert labels(db) == {"the bridge would reopen in May": "report",
                          "the fund had overpaid its managers": "claim"}
    key(qtbot, kinds_window, Qt.Key.Key_H)  # shown again
    assert column(kinds_window, 3) == ["Speech", "Intention", "Evidence"]
    assert kinds_window.hidden_note.text() == ""


def test_filter_by_kind_keeps_labelled_statements_and_the_keys(qtbot, kinds_window, db):
    key(qtbot, kinds_window, Qt.Key.Key_4)  # label the speech one first
    combo = kinds_window.kind_filter
    combo.setCurrentIndex(combo.findData("evidence"))
    assert column(kinds_window, 3) == ["Speech", "Evidence"]  # the labelled one stays
    assert current_text(kinds_window) == "the fund had overpaid its managers"
    assert kinds_window.statement_table.hasFocus() or not combo.hasFocus()
    key(qtbot, kinds_window, Qt.Key.Key_K)
    assert current_text(kinds_window) == "the bridge would reopen in May"
    combo.setCurrentIndex(combo.findData(None))
    assert len(column(kinds_window, 3)) == 3
