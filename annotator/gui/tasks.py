"""Long work off the GUI thread (an import, an export, a training, an agreement report): a
Qt-free function run on a small shared pool of threads (the way Anki runs background
operations on its task manager's executor; no thread is made per task), reporting by
signals. Database calls of the window itself go to the ordered worker (worker.py)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from PySide6.QtCore import QObject, Signal

POOL_SIZE = 3  # an import, an export and a report may run at once
_pool: ThreadPoolExecutor | None = None
_TASKS: weakref.WeakSet[Task] = weakref.WeakSet()


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(POOL_SIZE, thread_name_prefix="annotator-task")
    return _pool


class Task(QObject):
    """Runs ``func(progress=…, cancelled=…)`` on the task pool. It never touches a widget;
    results and progress come back through queued signals."""

    progress = Signal(int, int)
    finished = Signal(object)  # the function's result
    failed = Signal(str)

    def __init__(self, func: Callable[..., Any], parent: QObject | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self._func = func
        self.name = name or getattr(func, "__name__", "task")
        self._cancel = threading.Event()
        self._future: Future[None] | None = None
        self._started = self._delivered = False
        # Connected first, so it runs before any slot a caller connects.
        self.finished.connect(self._mark_delivered)
        self.failed.connect(self._mark_delivered)
        _TASKS.add(self)

    def start(self) -> None:
        self._started = True
        self._future = _executor().submit(self._run)

    def is_pending(self) -> bool:
        """Started, and its outcome not delivered yet. Unlike is_running, false as soon as
        the finished or failed slots run, though the work may take a moment to end."""
        return self._started and not self._delivered

    def _mark_delivered(self, *_: object) -> None:
        self._delivered = True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 60_000) -> bool:
        """Wait until the work has ended; False if it still runs after ``ms``."""
        if self._future is None:
            return True
        try:
            self._future.result(timeout=ms / 1000)
        except FutureTimeout:
            return False
        return True

    def is_running(self) -> bool:
        return self._future is not None and not self._future.done()

    def _run(self) -> None:
        try:
            result = self._func(progress=lambda done, total: self.progress.emit(done, total),
                                cancelled=self._cancel.is_set)
        except Exception as exc:  # reported in the window, never lost in a thread
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.failed.emit(message)
            return
        self.finished.emit(result)


def running_tasks() -> list[Task]:
    """Tasks whose work still runs: tests fail on any left at their end."""
    return [t for t in list(_TASKS) if t.is_running()]
