"""Statements made, bounded and given speakers in the window; annotators; resuming; offsets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator import ops
from annotator.core.errors import DatabaseUnavailableError
from annotator.gui import create_main_window
from annotator.storage import queries as q
from tests.gui.conftest import TEXT_ONE, TEXT_TWO
from tests.gui.test_labelling import current_text, key, labels, settle


def select(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select code point offsets start..end in the article view, as a mouse drag would."""
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_utf16(start))
    cursor.setPosition(view.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_selecting_text_and_pressing_a_label_key_creates_a_labelled_statement(qtbot, window, db):
    start = TEXT_ONE.index("The weather was mild.")
    select(window, start, start + len("The weather was mild."))
    key(qtbot, window, Qt.Key.Key_4)
    assert labels(db)["The weather was mild."] == "report"
    with db.session() as s:
        made = [st for st in q.article_statements(s, window.control.article_id)
                if st.origin == "manual"]
    assert [(m.start, m.end) for m in made] == [(start, start + len("The weather was mild."))]


def test_b_sets_the_current_statements_bounds_to_the_selection(qtbot, window, db):
    start = TEXT_ONE.index("Kremlin spokesman")
    end = TEXT_ONE.index("baseless.") + len("baseless.")
    select(window, start, end)
    key(qtbot, window, Qt.Key.Key_B)
    assert current_text(window) == TEXT_ONE[start:end]
    with db.session() as s:
        first = q.article_statements(s, window.control.article_id)[0]
    assert (first.start, first.end) == (start, end)


def test_bounds_and_speaker_changes_undo_and_redo_with_labels(qtbot, window, db):
    c = window.control
    ctrl = Qt.KeyboardModifier.ControlModifier
    with db.session() as s:
        original = q.article_statements(s, c.article_id)[0]
    key(qtbot, window, Qt.Key.Key_3)  # a label, then the bounds, then the speaker
    key(qtbot, window, Qt.Key.Key_K)
    start = TEXT_ONE.index("Kremlin spokesman")
    end = TEXT_ONE.index("baseless.") + len("baseless.")
    select(window, start, end)
    key(qtbot, window, Qt.Key.Key_B)
    putin = next(e for e in c.bundle.entities if TEXT_ONE[e.start:e.end] == "Putin")
    c.set_speaker(putin.id)
    settle(qtbot, window)

    def first():  # type: ignore[no-untyped-def]
        with db.session() as s:
            return next(st for st in q.article_statements(s, c.article_id) if st.id == original.id)

    assert ((first().start, first().end), first().speaker_entity_id) == ((start, end), putin.id)
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # the speaker goes back
    assert first().speaker_entity_id == original.speaker_entity_id
    assert (first().start, first().end) == (start, end)
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # the bounds go back
    assert (first().start, first().end) == (original.start, original.end)
    assert current_text(window) == "the reports were baseless"
    assert labels(db) == {"the reports were baseless": "denial"}
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # and the label
    assert labels(db) == {}
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert ((first().start, first().end), first().speaker_entity_id) == ((start, end), putin.id)
    assert labels(db) == {TEXT_ONE[start:end]: "denial"}
    assert window.undo_action.text() == "&Undo speaker" and window.undo_action.isEnabled()
    assert window.redo_action.text() == "&Redo" and not window.redo_action.isEnabled()
    key(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert window.undo_action.text() == "&Undo bounds"
    assert window.redo_action.text() == "&Redo speaker"
    # Every step, undo and redo included, is in the audit trail as this annotator's.
    trail = [e for e in ops.history(db, statement_id=original.id) if e.action != "label"]
    assert [e.action for e in trail] == ["bounds", "speaker", "speaker", "bounds", "bounds",
                                         "speaker", "speaker"]
    assert {e.annotator for e in trail} == {c.annotator.name}
    assert trail[0].before == {"start": original.start, "end": original.end}


def test_changing_the_speaker_from_the_list_and_by_ctrl_click(qtbot, window, db):
    c = window.control
    combo = window.detail.speaker
    putin = next(i for i in range(combo.count()) if combo.itemText(i).startswith("Putin"))
    combo.setCurrentIndex(putin)
    combo.activated.emit(putin)
    settle(qtbot, window)
    with db.session() as s:
        statement = q.article_statements(s, c.article_id)[0]
        putin_entity = next(e for e in q.article_entities(s, c.article_id) if e.label == "PERSON"
                            and TEXT_ONE[e.start:e.end] == "Putin")
    assert statement.speaker_entity_id == putin_entity.id
    # Ctrl+click on "Kremlin" in the text makes the organisation the speaker.
    kremlin = TEXT_ONE.index("Kremlin") + 2
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.map.to_utf16(kremlin))
    point = window.view.cursorRect(cursor).center()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, point)
    settle(qtbot, window)
    with db.session() as s:
        statement = q.article_statements(s, c.article_id)[0]
        entity = next(e for e in q.article_entities(s, c.article_id) if e.id == statement.speaker_entity_id)
    assert entity.label == "ORG" and TEXT_ONE[statement.speaker_start:statement.speaker_end] == "Kremlin"


def test_deleting_a_false_candidate(qtbot, window, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    key(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        remaining = [TEXT_ONE[st.start:st.end] for st in q.article_statements(s, window.control.article_id)]
    assert "the reports were baseless" not in remaining and len(remaining) == 2


def test_an_edit_says_what_changed_and_the_views_refresh_from_it(qtbot, window, db,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    c = window.control
    seen: list = []
    c.changed.connect(seen.append)
    row = c.articles.row_of(c.article_id)
    progress = c.articles.index(row, 3)
    key(qtbot, window, Qt.Key.Key_3)  # a label: its statement and label, counts changed
    assert [dict(ch.labels) for ch in seen if ch.labels] == [{c.statements.statements[0].id:
                                                              "denial"}]
    assert c.articles.data(progress).endswith("1/3")
    key(qtbot, window, Qt.Key.Key_K)  # back to the labelled one, and delete it
    seen.clear()
    key(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    edits = [ch for ch in seen if ch.articles]
    assert len(edits) == 1 and edits[0].articles == {c.article_id} and edits[0].counts
    # The list's row, the table and the status bar show two statements now, none labelled.
    assert c.articles.data(progress).endswith("0/2")
    assert len(c.statements.statements) == 2
    assert "0/2" in window.status_progress.text()


def test_deleting_a_statement_undoes_with_its_labels_and_fields(qtbot, window, db,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    c = window.control
    ctrl = Qt.KeyboardModifier.ControlModifier
    redo = ctrl | Qt.KeyboardModifier.ShiftModifier
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_K)
    c.set_note("hedged")

    def statements():  # type: ignore[no-untyped-def]
        with db.session() as s:
            return {TEXT_ONE[st.start:st.end]: st for st in q.article_statements(s, c.article_id)}

    before = statements()["the reports were baseless"]
    key(qtbot, window, Qt.Key.Key_Delete, ctrl)
    assert "the reports were baseless" not in statements() and labels(db) == {}
    def restored():  # type: ignore[no-untyped-def]
        back = statements()["the reports were baseless"]
        assert (back.speaker_start, back.speaker_entity_id, back.cue_start, back.suggested_label,
                back.origin) == (before.speaker_start, before.speaker_entity_id,
                                 before.cue_start, before.suggested_label, before.origin)
        assert labels(db) == {"the reports were baseless": "denial"}
        assert current_text(window) == "the reports were baseless"
        return back

    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # the deletion is undone (under a new id)
    restored()
    key(qtbot, window, Qt.Key.Key_Z, redo)  # and redone: the new id is followed
    assert "the reports were baseless" not in statements()
    key(qtbot, window, Qt.Key.Key_Z, ctrl)
    back = restored()
    with db.session() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        assert q.get_label(s, back.id, alice).note == "hedged"
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # and the label itself, on the restored statement
    assert labels(db) == {} and "the reports were baseless" in statements()


def test_a_statement_made_from_a_selection_undoes_in_two_steps(qtbot, window, db):
    ctrl = Qt.KeyboardModifier.ControlModifier
    text = "The weather was mild."
    start = TEXT_ONE.index(text)
    select(window, start, start + len(text))
    key(qtbot, window, Qt.Key.Key_4)
    assert labels(db)[text] == "report"

    def made() -> list[str]:
        with db.session() as s:
            return [TEXT_ONE[st.start:st.end]
                    for st in q.article_statements(s, window.control.article_id)
                    if st.origin == "manual"]

    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # the label
    assert text not in labels(db) and made() == [text]
    key(qtbot, window, Qt.Key.Key_Z, ctrl)  # the statement
    assert made() == []
    key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert made() == [text] and labels(db)[text] == "report"


def test_an_annotator_cannot_delete_a_statement_a_teammate_labelled(qtbot, window, db,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    key(qtbot, window, Qt.Key.Key_3)  # alice labels the first statement
    window.control.switch_annotator("bob")
    settle(qtbot, window)
    window.control.set_current(window.control.statements.statements[0].id)
    key(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert "cannot be deleted: 1 other annotator" in window.status_saved.text()
    assert "#B00020" in window.status_saved.styleSheet()  # shown as a problem
    assert asked == []  # refused at once, not after "Delete this candidate?"
    assert labels(db, "alice") == {"the reports were baseless": "denial"}
    with db.session() as s:
        assert len(q.article_statements(s, window.control.article_id)) == 3


def test_switching_annotator_stores_labels_separately_and_hides_others(qtbot, window, db):
    key(qtbot, window, Qt.Key.Key_3)
    window.control.switch_annotator("bob")
    settle(qtbot, window)
    assert "bob" in window.windowTitle()
    assert window.control.statements.label_of(window.control.statements.statements[0].id) is None
    key(qtbot, window, Qt.Key.Key_2)
    assert labels(db, "alice") == {"the reports were baseless": "denial"}
    assert labels(db, "bob") == {"the reports were baseless": "claim"}


def test_a_restarted_window_resumes_where_the_annotator_left_off(qtbot, window, db, articles):
    key(qtbot, window, Qt.Key.Key_N)
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_P)
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_J)
    window.close()
    again = create_main_window(db, "alice")
    qtbot.addWidget(again)
    assert again.control.article_id == articles["one"]
    assert current_text(again) == "the decision would mean war"
    assert labels(db) == {"“We will respond,”": "warning"}


def test_highlights_land_on_the_right_characters_with_emoji(qtbot, window, articles):
    key(qtbot, window, Qt.Key.Key_N)
    view = window.view
    assert window.control.article_id == articles["two"]
    start = TEXT_TWO.index("Anna Berg")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_utf16(start))
    cursor.setPosition(view.map.to_utf16(start + len("Anna Berg")), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Anna Berg"
    inside = QTextCursor(view.document())
    inside.setPosition(view.map.to_utf16(start) + 1)
    assert inside.charFormat().background().color().alpha() > 0  # highlighted
    before = QTextCursor(view.document())
    before.setPosition(view.map.to_utf16(start) - 1)
    assert before.charFormat().background().style() == Qt.BrushStyle.NoBrush
    selections = view.extraSelections()  # keep the list alive while its cursor is read
    assert selections[0].cursor.selectedText() == "“We will respond,”"
    quote = TEXT_TWO.index("“We will")
    select(window, quote, quote + len("“We will respond,”"))
    assert view.selected_span() == (quote, quote + len("“We will respond,”"))


def test_legend_chips_toggle_entity_types(qtbot, window):
    chip = window.legend.chips["PERSON"]
    start = TEXT_ONE.index("Putin") + 1
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.map.to_utf16(start))
    assert cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    cursor.setPosition(window.view.map.to_utf16(start))
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    cursor.setPosition(window.view.map.to_utf16(start))
    assert cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush


def test_an_unavailable_database_keeps_the_change_visible_and_saves_it_later(
        qtbot, window, db, monkeypatch):
    from annotator import ops

    real = ops.set_label
    down = {"on": True}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        if down["on"]:
            raise DatabaseUnavailableError("The database is not reachable: server closed.")
        return real(*args, **kwargs)

    monkeypatch.setattr(ops, "set_label", flaky)
    key(qtbot, window, Qt.Key.Key_3)
    assert labels(db) == {}
    assert "NOT SAVED" in window.status_saved.text()
    assert window.statement_table.model().data(window.statement_table.model().index(0, 5)) == \
        "Denial (unsaved)"
    down["on"] = False
    qtbot.waitUntil(lambda: labels(db) == {"the reports were baseless": "denial"}, timeout=10_000)
    qtbot.waitUntil(lambda: window.status_saved.text() == "saved")
    assert window.control.unsaved == 0


def test_the_article_list_filters(qtbot, window, articles):
    rows = window.control.articles.rowCount
    qtbot.keyClicks(window.filter_text, "Anna")  # searched once typing pauses, off the GUI thread
    qtbot.waitUntil(lambda: rows() == 1)
    window.filter_text.clear()
    window.filter_status.setCurrentText("unlabelled")
    qtbot.waitUntil(lambda: rows() == 2)
    key(qtbot, window, Qt.Key.Key_3)
    window.filter_status.setCurrentText("in progress")
    qtbot.waitUntil(lambda: rows() == 1)
    window.filter_status.setCurrentText("any status")
    window.filter_source.setCurrentText("Wire")
    qtbot.waitUntil(lambda: rows() == 1 and window.control.articles.article_id(0) == articles["two"])


def test_models_pass_qtmodeltester(qtmodeltester, window):
    qtmodeltester.check(window.control.articles)
    qtmodeltester.check(window.control.statements)


def test_widgets_have_object_and_accessible_names(window):
    from PySide6.QtWidgets import QWidget

    for name in ("articleList", "articleView", "statementTable", "labelButtons", "entityLegend",
                 "statementDetail", "articleFilter", "guidelines"):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_guidelines_panel_shows_the_label_definitions(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F1)
    assert window.guidelines_dock.isVisible()
    text = window.guidelines.toPlainText()
    assert all(word in text for word in ("Warning", "Claim", "Denial", "Report", "Declining to comment"))
