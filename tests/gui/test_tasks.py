"""Task: long work off the GUI thread, its outcome delivered by signals."""

from __future__ import annotations

import threading

from annotator.gui.tasks import Task


def test_a_task_is_no_longer_pending_once_its_result_is_delivered(qtbot, monkeypatch):
    """The thread may run a moment longer than the work; a dialog must be able to start the
    next export as soon as the previous one's result has arrived."""
    release = threading.Event()
    work = Task._run

    def run_then_linger(self) -> None:  # type: ignore[no-untyped-def]
        work(self)
        release.wait(10)

    monkeypatch.setattr(Task, "_run", run_then_linger)
    task = Task(lambda progress, cancelled: 42)
    assert not task.is_pending()
    with qtbot.waitSignal(task.finished) as delivered:
        task.start()
        assert task.is_pending()
    assert delivered.args == [42]
    assert task.is_running() and not task.is_pending()
    release.set()
    assert task.wait()


def test_a_failure_is_delivered_as_a_message(qtbot):
    def fails(progress, cancelled):  # type: ignore[no-untyped-def]
        raise ValueError("the file is gone")

    task = Task(fails)
    with qtbot.waitSignal(task.failed) as delivered:
        task.start()
    assert delivered.args == ["ValueError: the file is gone"] and not task.is_pending()
    assert task.wait()


def test_progress_and_cancel_cross_the_thread(qtbot):
    steps = 3
    seen: list[tuple[int, int]] = []

    def counts(progress, cancelled):  # type: ignore[no-untyped-def]
        for n in range(1, steps + 1):
            progress(n, steps)
        while not cancelled():
            pass
        return "stopped"

    task = Task(counts)
    task.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.finished) as delivered:
        task.start()
        qtbot.waitUntil(lambda: len(seen) == steps)
        task.cancel()
    assert delivered.args == ["stopped"] and seen == [(1, 3), (2, 3), (3, 3)]
    assert task.wait()


def test_tasks_run_on_the_shared_pool_not_a_thread_each(qtbot):
    ran_on: list[str] = []
    for _ in range(4):
        task = Task(lambda progress, cancelled: ran_on.append(threading.current_thread().name))
        with qtbot.waitSignal(task.finished):
            task.start()
        assert task.wait()
    assert all(name.startswith("annotator-task") for name in ran_on)
    assert len(set(ran_on)) < len(ran_on)  # one after another: a thread is reused
