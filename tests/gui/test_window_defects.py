"""Defects a day of use exposed (issue 11), each driven through the real window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from annotator.core import ArticleDraft, StatementSpan
from annotator.gui import create_main_window
from annotator.storage import queries as q
from tests.gui.test_labelling import current_text, key, labels, settle


def notes(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = q.get_or_create_annotator(s, "alice")
        bundle = q.article_bundle(s, q.article_ids(s)[0], who.id)
        text = bundle.article.text
        return {text[st.start:st.end]: bundle.notes[st.id] for st in bundle.statements
                if st.id in bundle.notes}


def test_enter_and_digits_in_the_note_field_are_text_not_labels(qtbot, window, db):
    key(qtbot, window, Qt.Key.Key_2)  # claim on "the reports were baseless" (suggested: denial)
    key(qtbot, window, Qt.Key.Key_K)
    assert current_text(window) == "the reports were baseless"
    note = window.detail.note
    note.setFocus()
    qtbot.keyClicks(note, "3 sources say so")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert labels(db) == {"the reports were baseless": "claim"}  # not denial, not 3
    assert notes(db) == {"the reports were baseless": "3 sources say so"}
    # Enter handed the keys back: the next digit labels again.
    assert window.statement_table.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    settle(qtbot, window)
    assert labels(db)["the reports were baseless"] == "report"


def test_escape_in_the_filter_gives_the_keys_back_and_digits_there_are_text(qtbot, window, db):
    window.filter_text.setFocus()
    qtbot.keyClicks(window.filter_text, "2024")
    assert window.filter_text.text() == "2024" and labels(db) == {}
    qtbot.keyClick(window.filter_text, Qt.Key.Key_Escape)
    assert window.statement_table.hasFocus()


def test_the_first_key_after_start_up_labels(qtbot, db, articles):
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is win.statement_table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    settle(qtbot, win)
    assert labels(db) == {"the reports were baseless": "denial"}


LONG = " ".join(["Permission to trigger extraordinary counterstrikes was", "reportedly",
                 "considered by representatives of the administration"] * 12)


def test_lines_break_between_words_at_every_width(qtbot, db):
    from annotator.gui.article_view import MEASURE

    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text=LONG, title="Long", source="Wire"))
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.view
    for width in (1100, 1366, 1920, 2560):
        win.resize(width, 800)
        QApplication.processEvents()
        block = view.document().firstBlock()
        layout = block.layout()
        assert layout.lineCount() > 1
        text = block.text()
        longest = 0
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            start = line.textStart()
            assert start == 0 or text[start - 1] == " ", (width, text[start - 5:start + 5])
            longest = max(longest, line.textLength())
        assert longest <= MEASURE + 15, (width, longest)  # a readable measure when wide



def test_progress_counts_what_an_import_brought_and_marks_done_articles(qtbot, window, db):
    key(qtbot, window, Qt.Key.Key_3)
    assert "1/4 overall" in window.status_progress.text()
    # Imported elsewhere (annotator import in a terminal) while the window is open.
    text = "Officials said the port would reopen soon."
    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text="A quiet day in the harbour.", title="Quiet"))
        q.add_article(s, ArticleDraft(text=text, title="Port", statements=(
            StatementSpan(text.index("the port"), len(text) - 1),)))
    assert window.control.articles.rowCount() == 2
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    window.activateWindow()
    qtbot.waitUntil(lambda: window.control.articles.rowCount() == 4, timeout=5_000)
    qtbot.waitUntil(lambda: "1/5 overall" in window.status_progress.text())  # counted on the worker
    # An article whose statements are all labelled says so in the list.
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_2)
    model = window.control.articles
    row = model.row_of(window.control.article_id)
    assert model.data(model.index(row, 3)) == "✓ 3/3"


def test_importing_from_the_window_counts_the_new_statements(qtbot, db, tmp_path):
    win = create_main_window(db, "alice")  # an empty database, as on first start
    qtbot.addWidget(win)
    path = tmp_path / "port.txt"
    path.write_text("Port talks\n\nThe mayor said the port would reopen on Friday.\n",
                    encoding="utf-8")
    task = win.importer.start([str(path)], quiet=True)
    with qtbot.waitSignal(task.finished, timeout=120_000):
        pass
    with db.session() as s:
        total = q.stats(s).statements
    assert total >= 1
    qtbot.waitUntil(lambda: f"0/{total} overall" in win.status_progress.text())


ELEVEN = ["PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "EVENT", "PRODUCT", "LOC",
          "FAC", "WORK_OF_ART"]


def test_an_article_with_eleven_entity_types_fits_a_laptop_screen(qtbot, db):
    from annotator.core import EntitySpan

    words = [f"Word{n}" for n in range(len(ELEVEN))]
    text = " ".join(words) + " were all mentioned."
    spans, at = [], 0
    for word, label in zip(words, ELEVEN):
        spans.append(EntitySpan(at, at + len(word), label))
        at += len(word) + 1
    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text=text, title="Many types", entities=tuple(spans)))
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert len(win.legend.chips) == 11
    assert win.minimumSizeHint().width() <= 1366 and win.width() <= 1366
    # Saved on a bigger monitor: the next start still fits the screen.
    win.resize(4000, 3000)
    win._fit_screen()
    screen = win.screen().availableGeometry()
    assert win.width() <= screen.width() and win.height() <= screen.height()


def test_label_buttons_show_their_whole_text_at_1366_even_when_checked(qtbot, window):
    from PySide6.QtGui import QFont, QFontMetrics

    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() <= 1366)
    for button in window.label_buttons.buttons.values():
        button.setChecked(True)  # checked is bold: the widest it gets
        bold = QFont(button.font())
        bold.setBold(True)
        assert button.width() >= QFontMetrics(bold).horizontalAdvance(button.text()) + 20, \
            button.text()
    assert window.minimumSizeHint().width() <= 1366


def test_the_current_statement_is_marked_with_its_speaker_and_cue_and_keeps_entities(qtbot, window):
    from annotator.gui.article_view import CURRENT_TINT

    key(qtbot, window, Qt.Key.Key_J)  # “We will respond to any attack,” Peskov told reporters
    view, statement = window.view, window.control.current
    text = window.control.bundle.article.text
    assert view.current_bar() is not None and view.current_bar().height() > 0
    tinted = [s for s in view.extraSelections()
              if s.format.background().color().name().upper() == CURRENT_TINT.upper()]
    assert tinted, "the current statement has a tint of its own"
    bold = {text[view.map.to_codepoint(s.cursor.selectionStart()):
                 view.map.to_codepoint(s.cursor.selectionEnd())]
            for s in view.extraSelections() if s.format.fontWeight() > 400}
    assert "Dmitry Peskov" in bold  # the speaker (this fixture stores the entity, no mention)
    # No tint over an entity inside the statement: its own colour stays visible.
    for s in tinted:
        start = view.map.to_codepoint(s.cursor.selectionStart())
        end = view.map.to_codepoint(s.cursor.selectionEnd())
        assert not any(e.start < end and start < e.end for e in window.control.bundle.entities)
    assert statement is not None


def test_a_sloppy_selection_takes_whole_words_and_alt_keeps_exact_characters(qtbot, window, db):
    from PySide6.QtGui import QTextCursor

    from annotator.core.text import snap_to_words

    text = window.control.bundle.article.text
    at = text.index("weather was mild")
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_utf16(at + 2))  # "ather was mi"
    cursor.setPosition(view.map.to_utf16(at + 14), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_span() == (at, at + len("weather was mild"))
    key(qtbot, window, Qt.Key.Key_4)  # a new statement from the selection, labelled report
    assert labels(db)["weather was mild"] == "report"
    view._exact = True  # as after an Alt-drag
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_utf16(at + 2))
    cursor.setPosition(view.map.to_utf16(at + 14), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_span() == (at + 2, at + 14)
    assert snap_to_words("don’t stop-loss now", 2, 9) == (0, 15)  # "don’t stop-loss"


def test_switching_annotator_clears_an_old_problem_line(qtbot, window):
    window._on_status("NOT SAVED: the database is not reachable", True)
    window.control.switch_annotator("bob")
    settle(qtbot, window)
    assert window.status_saved.text() == "saved" and window.status_saved.styleSheet() == ""


def test_the_current_statement_stays_readable_on_a_dark_palette(qtbot, window):
    """A dark desktop gives light text: the current statement's tint turns dark with it
    (a light tint under light text could not be read) and its accent light."""
    from PySide6.QtGui import QColor, QPalette

    def marks():  # type: ignore[no-untyped-def]
        tints = [s.format.background().color() for s in window.view.extraSelections()
                 if s.format.background().style() != Qt.BrushStyle.NoBrush]
        accents = [s.format.foreground().color() for s in window.view.extraSelections()
                   if s.format.fontWeight() >= 700]
        return tints, accents

    tints, _ = marks()
    assert tints and all(t.lightness() > 180 for t in tints)  # light palette: a light tint
    dark = QPalette(window.view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    window.view.setPalette(dark)
    window.control.move_statement(1)
    qtbot.waitUntil(lambda: window.control.idle)
    tints, accents = marks()
    text = QColor("#e6e6e6")
    assert tints and all(text.lightness() - t.lightness() > 100 for t in tints)
    assert accents and all(a.lightness() > 128 for a in accents)
