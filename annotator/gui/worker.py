"""The window's ordered workers: every database call of the window runs on one of them, in
the order it was asked for, on one thread (the way Anki runs collection operations); the
journal's disk writes run on another, so no ``fdatasync`` holds up a keypress. Results
come back to the GUI thread by signal; a worker never touches a widget.

A failure comes back as the exception itself: an ``AnnotatorError`` is the caller's to
show (by default as the red status line); anything else is logged with its traceback in
the user's log folder and shown as "unexpected error, details in …".
"""

from __future__ import annotations

import logging
import queue
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.errors import AnnotatorError

log = logging.getLogger(__name__)
_WORKERS: weakref.WeakSet[Worker] = weakref.WeakSet()


def log_path() -> Path:
    return platformdirs.user_log_path("annotator", appauthor=False) / "annotator.log"


def log_unexpected(exc: BaseException, doing: str = "") -> str:
    """Write ``exc`` with its traceback (and what was being done) to the user's log; the one
    line to show for it."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write((f"while {doing}:\n" if doing else "")
                     + "".join(traceback.format_exception(exc)) + "\n")
    except OSError:
        log.exception("cannot write the log %s", path)
    return f"Unexpected error ({type(exc).__name__}: {exc}); details in {path}."


@dataclass
class Job:
    func: Callable[[], Any]
    done: Callable[[Any], None] | None = None
    failed: Callable[[BaseException], None] | None = None
    name: str = ""  # what it does, named in the log when it fails unexpectedly
    result: Any = field(default=None, repr=False)


class _Thread(QThread):
    def __init__(self, jobs: queue.Queue[Job | None], finished: Callable[[Job, bool], None]):
        super().__init__()
        self._jobs = jobs
        self._finished = finished

    def run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.result = job.func()
                ok = True
            except BaseException as exc:  # every failure goes back to the GUI thread
                job.result = exc
                ok = False
            self._finished(job, ok)


class Worker(QObject):
    """Runs submitted calls one after another on its thread."""

    problem = Signal(str)  # a failure nobody handled: the status line shows it
    _delivered = Signal(object, bool)  # job, succeeded (queued to the GUI thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._outstanding = 0  # submitted and not yet delivered
        self._stopped = False  # the window closed: results are no one's any more
        self._delivered.connect(self._deliver)
        self._thread = _Thread(self._jobs, lambda job, ok: self._delivered.emit(job, ok))
        self._thread.start()
        _WORKERS.add(self)

    def submit(self, func: Callable[[], Any], *, done: Callable[[Any], None] | None = None,
               failed: Callable[[BaseException], None] | None = None, name: str = "") -> None:
        """Run ``func()`` after everything submitted before it; then ``done(result)`` or
        ``failed(exception)`` on the GUI thread."""
        if not self._thread.isRunning():
            return  # stopped: the window is closing
        self._outstanding += 1
        self._jobs.put(Job(func, done, failed, name))

    @property
    def idle(self) -> bool:
        """Nothing queued, running or waiting to be delivered."""
        return self._outstanding == 0

    def _deliver(self, job: Job, ok: bool) -> None:
        self._outstanding -= 1
        if self._stopped:
            return  # a job finished while its window closed: nothing to show it in
        try:
            if ok:
                if job.done is not None:
                    job.done(job.result)
            elif job.failed is not None:
                job.failed(job.result)
            else:
                self.report(job.result, job.name)
        except Exception as exc:  # a slot failed: never lost, never a crash
            self.report(exc, job.name)

    def report(self, exc: BaseException, doing: str = "") -> None:
        """An AnnotatorError is its message; anything else is logged with its traceback."""
        if isinstance(exc, AnnotatorError):
            self.problem.emit(exc.message)
        else:
            self.problem.emit(log_unexpected(exc, doing))

    def stop(self, ms: int = 30_000) -> bool:
        """Finish what is queued, then end the thread. True when it ended in time."""
        self._stopped = True
        if self._thread.isRunning():
            self._jobs.put(None)
        ended = self._thread.wait(ms)
        return ended


def running_workers() -> list[Worker]:
    """Workers whose thread still runs (a window not closed): tests fail on any."""
    return [w for w in list(_WORKERS) if w._thread.isRunning()]


DatabaseWorker = Worker  # the one that runs the database calls
