from __future__ import annotations

import pytest

from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.storage import queries as q

TEXT_ONE = ("Kremlin spokesman Dmitry Peskov said the reports were baseless. "
            "“We will respond to any attack,” Peskov told reporters.\n\n"
            "Putin warned that the decision would mean war. The weather was mild.")
TEXT_TWO = "🇺🇦 Kyiv 😀: “We will respond,” said Anna Berg. 𝔗𝔥𝔢 end of the 🚀 story."


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def make_articles(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    peskov = _span(TEXT_ONE, "Dmitry Peskov")
    putin = _span(TEXT_ONE, "Putin")
    berg = _span(TEXT_TWO, "Anna Berg")
    one = ArticleDraft(
        text=TEXT_ONE, title="Kremlin", source="TASS",
        entities=(EntitySpan(*peskov, "PERSON"), EntitySpan(*putin, "PERSON"),
                  EntitySpan(*_span(TEXT_ONE, "Kremlin"), "ORG")),
        statements=(
            StatementSpan(*_span(TEXT_ONE, "the reports were baseless"), speaker_entity=0,
                          suggested_label="denial", suggested_score=0.9),
            StatementSpan(*_span(TEXT_ONE, "“We will respond to any attack,”"), speaker_entity=0,
                          suggested_label="warning", suggested_score=0.8),
            StatementSpan(*_span(TEXT_ONE, "the decision would mean war"), speaker_entity=1,
                          suggested_label="warning", suggested_score=0.85),
        ))
    two = ArticleDraft(
        text=TEXT_TWO, title="Emoji", source="Wire",
        entities=(EntitySpan(*berg, "PERSON"),),
        statements=(StatementSpan(*_span(TEXT_TWO, "“We will respond,”"), speaker_entity=0,
                                  suggested_label="warning"),))
    with db.transaction() as s:
        return {"one": q.add_article(s, one), "two": q.add_article(s, two)}


@pytest.fixture(autouse=True)
def _no_modal_dialog_blocks(monkeypatch):
    """A message box nobody expected would wait forever for a click that never comes:
    answer it with Cancel / No instead (a test that expects one patches it itself)."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        return QMessageBox.StandardButton.Cancel

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    from PySide6.QtWidgets import QInputDialog  # the import's outlet question: left empty

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", True))


@pytest.fixture(autouse=True)
def _no_thread_left_running():
    """napari's rule: a test that leaves a worker thread running fails (after pytest-qt has
    closed the test's widgets, which stops a window's worker)."""
    yield
    from annotator.gui.worker import running_workers

    left = running_workers()
    for worker in left:
        worker.stop()
    assert not left, f"{len(left)} database worker(s) left running: close the window"


@pytest.fixture(autouse=True)
def _no_timer_left_running(monkeypatch):
    """napari's rule for timers: a QTimer started in a test and still running when it ends
    (its widgets closed) is a defect: it would fire on a closed window."""
    from PySide6.QtCore import QTimer

    started: list = []
    real_start = QTimer.start

    def start(self, *args):  # type: ignore[no-untyped-def]
        started.append(self)
        return real_start(self, *args)

    monkeypatch.setattr(QTimer, "start", start)
    yield
    import shiboken6

    left = list({id(t): t for t in started if shiboken6.isValid(t) and t.isActive()}.values())
    for timer in left:
        timer.stop()
    assert not left, (f"{len(left)} QTimer(s) left running: "
                      + ", ".join(t.objectName() or repr(t.parent()) for t in left))


@pytest.fixture(autouse=True)
def _no_task_left_running():
    """Long work (import, export, training, agreement) still running after the test."""
    yield
    from annotator.gui.tasks import running_tasks

    left = running_tasks()
    for task in left:
        task.cancel()
        task.wait(30_000)
    assert not left, f"{len(left)} task(s) left running: " + ", ".join(t.name for t in left)


@pytest.fixture
def articles(db):  # type: ignore[no-untyped-def]
    return make_articles(db)


@pytest.fixture
def window(qtbot, db, articles):  # type: ignore[no-untyped-def]
    from annotator.gui import create_main_window

    win = create_main_window(db, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.statement_table.setFocus()
    qtbot.waitUntil(lambda: win.control.idle and win.control.article_id is not None)
    yield win
    win.close()  # stops the database worker while the database is still open
