"""The window never waits on the database: labels show at once, are journaled on disk
first, delivered in order by the one database worker, and survive a quit or a crash."""

from __future__ import annotations

import threading

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import ops
from annotator.gui import create_main_window
from annotator.outbox import Change, Outbox
from annotator.storage import queries as q
from tests.gui.test_labelling import current_text, key, labels, settle


def _label_cell(window, row: int = 0) -> str:  # type: ignore[no-untyped-def]
    model = window.statement_table.model()
    return model.data(model.index(row, model.LABEL))


def test_a_label_shows_and_moves_on_before_the_database_has_it(qtbot, window, db, monkeypatch):
    real = ops.set_label
    gate = threading.Event()

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)  # a server far away
        return real(*args, **kwargs)

    monkeypatch.setattr(ops, "set_label", slow)
    qtbot.keyClick(window.statement_table, Qt.Key.Key_3)
    # The next statement is current at once; the label shows, not confirmed, as soon as
    # the journal has it on disk: nothing waits for the database.
    assert current_text(window) == "“We will respond to any attack,”"
    qtbot.waitUntil(lambda: _label_cell(window) == "Denial …")
    qtbot.keyClick(window.statement_table, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: _label_cell(window, 1) == "Warning …")
    assert labels(db) == {} and window.control.unsaved == 2
    gate.set()
    settle(qtbot, window)
    assert labels(db) == {"the reports were baseless": "denial",
                          "“We will respond to any attack,”": "warning"}
    assert _label_cell(window) == "Denial" and window.control.unsaved == 0
    assert window.status_saved.text() == "saved"


def test_changes_are_delivered_in_the_order_they_were_made(qtbot, window, db, monkeypatch):
    real = ops.set_label
    gate = threading.Event()
    monkeypatch.setattr(ops, "set_label",
                        lambda *a, **k: (gate.wait(10), real(*a, **k))[1])
    for k in (Qt.Key.Key_3, Qt.Key.Key_K, Qt.Key.Key_1, Qt.Key.Key_K, Qt.Key.Key_0):
        qtbot.keyClick(window.statement_table, k)
    gate.set()
    settle(qtbot, window)
    assert labels(db) == {}
    with db.session() as s:
        who = q.get_or_create_annotator(s, "alice")
        history = [(h.old_label, h.new_label) for h in q.label_history(s, annotator_id=who.id)]
    assert history == [(None, "denial"), ("denial", "warning"), ("warning", None)]


def test_a_change_left_in_the_journal_is_delivered_at_the_next_start(qtbot, db, articles):
    with db.transaction() as s:
        who = q.get_or_create_annotator(s, "alice")
        first = q.article_statements(s, articles["one"])[0]
    box = Outbox.for_database(db.url)
    box.add(Change.new(statement_id=first.id, article_id=articles["one"], annotator_id=who.id,
                       label="claim"))
    box.close()  # the window that made it was killed before the server confirmed it
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    assert _label_cell(win) in ("Claim …", "Claim")  # shown from the journal at once
    settle(qtbot, win)
    assert labels(db) == {"the reports were baseless": "claim"}
    assert _label_cell(win) == "Claim" and win.control.unsaved == 0


def test_quitting_with_unconfirmed_changes_asks_and_keeps_them(qtbot, db, articles, monkeypatch):
    from annotator.core.errors import DatabaseUnavailableError
    from annotator.gui import main_window

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseUnavailableError("The database is not reachable: server closed.")

    real = ops.set_label
    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.statement_table)
    monkeypatch.setattr(ops, "set_label", down)
    monkeypatch.setattr(main_window, "QUIT_WAIT_S", 0.5)
    key(qtbot, win, Qt.Key.Key_3)
    assert "NOT SAVED" in win.status_saved.text() and _label_cell(win) == "Denial (unsaved)"
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        return lambda parent, title, text, *rest: (asked.append(text), choice)[1]

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    win.close()
    assert win.isVisible() and "1 label change(s) are not confirmed" in asked[0]
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Yes))
    win.close()
    assert not win.isVisible() and labels(db) == {}
    monkeypatch.setattr(ops, "set_label", real)  # the server is back: the next start saves it
    again = create_main_window(db, "alice")
    qtbot.addWidget(again)
    settle(qtbot, again)
    assert labels(db) == {"the reports were baseless": "denial"}


def test_an_unexpected_failure_is_logged_and_shown_in_one_line(qtbot, window, db, monkeypatch):
    from annotator.gui.worker import log_path

    real = ops.set_label

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(ops, "set_label", broken)
    key(qtbot, window, Qt.Key.Key_3)
    status = window.status_saved.text()
    assert status.startswith("Unexpected error (ZeroDivisionError: a bug)")
    assert str(log_path()) in status
    logged = log_path().read_text()
    assert "while deliver labels" in logged and "Traceback" in logged
    assert "ZeroDivisionError" in logged
    assert window.control.unsaved == 1  # kept, tried again later: nothing is dropped
    monkeypatch.setattr(ops, "set_label", real)
    qtbot.waitUntil(lambda: labels(db) == {"the reports were baseless": "denial"}, timeout=10_000)


def test_the_next_article_is_read_ahead_and_shown_without_a_database_read(
        qtbot, window, db, articles, monkeypatch):
    reads: list[int] = []
    real = ops.open_article
    monkeypatch.setattr(ops, "open_article",
                        lambda db_, article_id, who: (reads.append(article_id),
                                                      real(db_, article_id, who))[1])
    key(qtbot, window, Qt.Key.Key_3)  # a label in the first article
    qtbot.keyClick(window.statement_table, Qt.Key.Key_N)
    # Shown at once: no wait for the worker, and nothing read for it.
    assert window.control.article_id == articles["two"] and "Anna Berg" in window.view.toPlainText()
    assert articles["two"] not in reads
    settle(qtbot, window)
    qtbot.keyClick(window.statement_table, Qt.Key.Key_P)
    assert window.control.article_id == articles["one"]
    assert _label_cell(window) == "Denial"  # the label made before leaving is there
    assert articles["one"] not in reads


def test_edits_to_statements_read_the_article_again(qtbot, window, db, articles):
    from tests.gui.test_editing import select
    from tests.gui.conftest import TEXT_ONE

    start = TEXT_ONE.index("The weather was mild.")
    select(window, start, start + len("The weather was mild."))
    key(qtbot, window, Qt.Key.Key_4)  # a new statement, labelled, read again
    texts = [TEXT_ONE[s.start:s.end] for s in window.control.statements.statements]
    assert "The weather was mild." in texts
    assert labels(db)["The weather was mild."] == "report"
    qtbot.keyClick(window.statement_table, Qt.Key.Key_N)
    settle(qtbot, window)
    qtbot.keyClick(window.statement_table, Qt.Key.Key_P)
    settle(qtbot, window)
    assert "The weather was mild." in [TEXT_ONE[s.start:s.end]
                                       for s in window.control.statements.statements]


@pytest.mark.postgres
def test_the_server_going_away_and_coming_back_loses_nothing(qtbot, pg_url):
    """A real outage: the connection to PostgreSQL (through a loopback proxy) is cut in the
    middle of a session. Labelling goes on, the window says changes wait, and every change
    lands in order when the server is back."""
    from bench import delay_proxy
    from annotator.storage import open_database
    from tests.gui.conftest import make_articles

    proxy, port = delay_proxy.start(0)
    direct = open_database(pg_url)
    articles = make_articles(direct)
    db = open_database(pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{port}"))
    try:
        win = create_main_window(db, "alice")
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is win.statement_table)
        key(qtbot, win, Qt.Key.Key_3)
        assert labels(direct) == {"the reports were baseless": "denial"}
        proxy.kill()  # the server is gone
        proxy.wait()
        key(qtbot, win, Qt.Key.Key_1)  # labelling goes on
        key(qtbot, win, Qt.Key.Key_K)
        key(qtbot, win, Qt.Key.Key_K)
        key(qtbot, win, Qt.Key.Key_2)  # and changes its mind about the first one
        assert "NOT SAVED" in win.status_saved.text()
        assert _label_cell(win, 1) == "Warning (unsaved)" and _label_cell(win) == "Claim (unsaved)"
        assert labels(direct) == {"the reports were baseless": "denial"}
        proxy, _ = delay_proxy.start(0, port=port)  # back
        qtbot.waitUntil(lambda: win.status_saved.text() == "saved", timeout=20_000)
        assert labels(direct) == {"the reports were baseless": "claim",
                                  "“We will respond to any attack,”": "warning"}
        with direct.session() as s:
            who = q.get_or_create_annotator(s, "alice")
            history = [(h.old_label, h.new_label)
                       for h in q.label_history(s, annotator_id=who.id)]
        assert history == [(None, "denial"), (None, "warning"), ("denial", "claim")]
        assert _label_cell(win) == "Claim" and win.control.unsaved == 0
        win.close()
    finally:
        proxy.kill()
        db.close()
        direct.close()


def test_the_article_list_counts_a_label_at_once_even_while_the_server_is_away(
        qtbot, window, db, monkeypatch):
    from annotator.core.errors import DatabaseUnavailableError

    real = ops.set_label

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseUnavailableError("The database is not reachable: server closed.")

    model = window.control.articles
    row = model.row_of(window.control.article_id)
    model.data(model.index(row, 3))  # the row is read on the worker when first shown
    settle(qtbot, window)
    assert model.data(model.index(row, 3)) == "0/3"
    monkeypatch.setattr(ops, "set_label", down)
    key(qtbot, window, Qt.Key.Key_3)
    assert model.data(model.index(row, 3)) == "1/3"  # as the status bar says
    assert "1/3 in this article" in window.status_progress.text()
    monkeypatch.setattr(ops, "set_label", real)
    qtbot.waitUntil(lambda: window.control.unsaved == 0, timeout=10_000)
    settle(qtbot, window)
    assert model.data(model.index(row, 3)) == "1/3"  # confirmed: counted once, not twice
