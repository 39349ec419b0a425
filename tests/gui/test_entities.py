"""Correcting entities from the keyboard: E and a letter retypes the entity under the
cursor or gives the selection a type (extending, shrinking or adding one), X removes one,
Shift+B makes the selection the speaker; every correction is undoable, in the history, and
what the speaker list and the exports use."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator import ops
from annotator.storage import queries as q
from tests.gui.conftest import TEXT_ONE, TEXT_TWO
from tests.gui.test_editing import select
from tests.gui.test_labelling import key, settle


def put_cursor(window, offset: int) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_utf16(offset))
    view.setTextCursor(cursor)


def entities(db, article_id: int, text: str = TEXT_ONE) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {text[e.start:e.end]: e.label for e in q.article_entities(s, article_id)}


def palette_key(qtbot, window, letter) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, window, Qt.Key.Key_E)
    palette = window.entity_palette
    qtbot.waitUntil(palette.isVisible, timeout=5_000)
    qtbot.keyClick(palette, letter)
    settle(qtbot, window)


def test_e_and_a_letter_retypes_the_entity_under_the_cursor_undoably(qtbot, window, db):
    article = window.control.article_id
    put_cursor(window, TEXT_ONE.index("Putin") + 2)
    palette_key(qtbot, window, Qt.Key.Key_O)
    assert entities(db, article)["Putin"] == "ORG"
    # The window shows it: the speaker list offers Putin as an organisation now.
    assert next(e.label for e in window.control.bundle.entities
                if TEXT_ONE[e.start:e.end] == "Putin") == "ORG"
    trail = ops.history(db, action="entity")
    assert [(e.annotator, e.article_id) for e in trail] == [("alice", article)]
    putin = TEXT_ONE.index("Putin")
    assert trail[0].before == {"entities": [[putin, putin + 5, "PERSON"]]}
    assert trail[0].after == {"entities": [[putin, putin + 5, "ORG"]]}
    ctrl = Qt.KeyboardModifier.ControlModifier
    assert window.undo_action.text() == "&Undo entity"
    key(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert entities(db, article)["Putin"] == "PERSON", window.status.saved.text()
    key(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert entities(db, article)["Putin"] == "ORG"


def test_a_selection_shrinks_an_entity_and_the_speaker_follows(qtbot, window, db):
    c = window.control
    article = c.article_id
    start = TEXT_ONE.index("Peskov said")
    select(window, start, start + len("Peskov"))
    palette_key(qtbot, window, Qt.Key.Key_P)
    assert "Dmitry Peskov" not in entities(db, article)
    assert entities(db, article)["Peskov"] == "PERSON"
    with db.session() as s:
        first = q.article_statements(s, article)[0]
        speaker = next(e for e in q.article_entities(s, article) if e.id == first.speaker_entity_id)
    assert TEXT_ONE[speaker.start:speaker.end] == "Peskov"  # re-pointed, not lost


def test_a_missing_entity_is_added_and_exported(qtbot, window, db, tmp_path):
    c = window.control
    key(qtbot, window, Qt.Key.Key_N)  # the emoji article
    assert c.bundle.article.text == TEXT_TWO
    start = TEXT_TWO.index("Kyiv")
    select(window, start, start + len("Kyiv"))
    palette_key(qtbot, window, Qt.Key.Key_G)
    assert entities(db, c.article_id, TEXT_TWO)["Kyiv"] == "GPE"
    # X on it removes it again.
    put_cursor(window, start + 1)
    palette_key(qtbot, window, Qt.Key.Key_X)
    assert "Kyiv" not in entities(db, c.article_id, TEXT_TWO)


def test_exports_use_the_corrected_entities(qtbot, window, db, tmp_path):
    put_cursor(window, TEXT_ONE.index("Putin") + 1)
    palette_key(qtbot, window, Qt.Key.Key_O)
    start = TEXT_ONE.index("Putin warned")
    select(window, start, TEXT_ONE.index("mean war") + len("mean war"))
    key(qtbot, window, Qt.Key.Key_1)  # a statement made from the selection, with Putin in it
    out = tmp_path / "s.jsonl"
    ops.export(db, format="statements", output=out)
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["text"].startswith("Putin warned")
    assert record["entities"] == [{"text": "Putin", "start": 0, "end": 5, "label": "ORG"}]


def test_shift_b_makes_the_selection_the_speaker(qtbot, window, db):
    c = window.control
    key(qtbot, window, Qt.Key.Key_J)  # “We will respond to any attack,” Peskov told reporters
    start = TEXT_ONE.index("Peskov told")
    select(window, start, start + len("Peskov"))
    key(qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    with db.session() as s:
        second = q.article_statements(s, c.article_id)[1]
    assert (second.speaker_start, second.speaker_end) == (start, start + len("Peskov"))
    assert second.speaker_entity_id is None  # a mention that is no entity


def test_e_with_nothing_to_correct_says_what_to_do(qtbot, window, db):
    put_cursor(window, TEXT_ONE.index("weather"))
    key(qtbot, window, Qt.Key.Key_E)
    assert not window.entity_palette.isVisible()
    assert "Select the words of an entity" in window.status.saved.text()


def test_the_list_shows_whom_a_pronoun_speaker_resolves_to(qtbot, db, tmp_path):
    """ "He" → "Dmitry Peskov": the mention as written and the entity it resolves to."""
    from annotator.core import ArticleDraft, EntitySpan, StatementSpan
    from annotator.gui import create_main_window

    text = "Dmitry Peskov spoke on Monday. He said the reports were baseless."
    he = text.index("He said")
    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text=text, entities=(EntitySpan(0, 13, "PERSON"),),
                                      statements=(StatementSpan(
                                          text.index("the reports"), len(text) - 1,
                                          speaker_start=he, speaker_end=he + 2,
                                          speaker_entity=0),)))
    window = create_main_window(db, "alice")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.control.bundle is not None)
    model = window.statement_table.model()
    assert model.data(model.index(0, 2)) == "He → Dmitry Peskov"


def test_a_speaker_typed_by_name_is_found_in_the_text(qtbot, window, db):
    c = window.control
    key(qtbot, window, Qt.Key.Key_J)  # “We will respond to any attack,” Peskov told reporters
    field = window.detail.speaker.lineEdit()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "reporters")  # no entity: the mention nearest the statement
    qtbot.keyClick(field, Qt.Key.Key_Return)
    settle(qtbot, window)
    with db.session() as s:
        second = q.article_statements(s, c.article_id)[1]
    start = TEXT_ONE.index("reporters")
    assert (second.speaker_start, second.speaker_end, second.speaker_entity_id) == (
        start, start + len("reporters"), None)
    assert window.statement_table.hasFocus()  # the keys are back with the statements
    # A listed entity typed by name is that entity.
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "putin")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    settle(qtbot, window)
    with db.session() as s:
        second = q.article_statements(s, c.article_id)[1]
        entity = next(e for e in q.article_entities(s, c.article_id)
                      if e.id == second.speaker_entity_id)
    assert TEXT_ONE[entity.start:entity.end] == "Putin"
    # A name the article does not have is refused with a sentence.
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Zelensky")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "is not in this article" in window.status.saved.text()
