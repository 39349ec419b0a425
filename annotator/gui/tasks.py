"""Long work off the GUI thread: a Qt-free function run in a QThread, reporting by signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal


class _Worker(QThread):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class Task(QObject):
    """Runs ``func(progress=…, cancelled=…)`` in a worker thread. The worker never touches a
    widget; results and progress come back through queued signals."""

    progress = Signal(int, int)
    finished = Signal(object)  # the function's result
    failed = Signal(str)

    def __init__(self, func: Callable[..., Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._func = func
        self._cancel = threading.Event()
        self._thread = _Worker(self._run)
        self._started = self._delivered = False
        # Connected first, so it runs before any slot a caller connects.
        self.finished.connect(self._mark_delivered)
        self.failed.connect(self._mark_delivered)

    def start(self) -> None:
        self._started = True
        self._thread.start()

    def is_pending(self) -> bool:
        """Started, and its outcome not delivered yet. Unlike is_running, false as soon as
        the finished or failed slots run, though the thread may take a moment to end."""
        return self._started and not self._delivered

    def _mark_delivered(self, *_: object) -> None:
        self._delivered = True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 60_000) -> bool:
        return self._thread.wait(ms)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _run(self) -> None:
        try:
            result = self._func(progress=lambda done, total: self.progress.emit(done, total),
                                cancelled=self._cancel.is_set)
        except Exception as exc:  # reported in the window, never lost in a thread
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.failed.emit(message)
            return
        self.finished.emit(result)
