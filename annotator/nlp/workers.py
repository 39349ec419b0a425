"""spaCy's worker processes (``nlp.pipe(n_process=N)``), owned by the process that started them.

spaCy's own clean-up joins its workers after putting an end-of-work marker in their queues.
When the parent stops reading early (Ctrl+C, a cancel), a worker is blocked writing parsed
docs into a pipe whose read end every worker also holds (they were forked together), so
it never sees the reader go and the join waits for ever. And when the parent is killed
outright, the workers wait on their queues for ever. So:

- each worker dies with its parent (Linux: ``PR_SET_PDEATHSIG``) and ignores Ctrl+C (the
  parent decides what an interrupt means);
- a parent that stops early ends its workers *before* spaCy joins them: on Ctrl+C from a
  signal handler, on a cancel or an error from the generator's clean-up.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from multiprocessing.util import register_after_fork
from typing import Any, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1
# We end the workers ourselves when stopping early; spaCy then warns that they did not
# complete successfully (W127), which is what we meant.
warnings.filterwarnings("ignore", message=r"\[W127\]")


def _as_worker(_: object = None) -> None:
    """Runs first in every process forked from one that imported this module."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the workers outlive a killed parent
            return
        if os.getppid() != parent or parent == 1:  # the parent died before we asked
            os._exit(1)


class _ForkHook:
    """register_after_fork keeps its objects weakly; this one lives as long as the module."""


_HOOK = _ForkHook()
register_after_fork(_HOOK, _as_worker)
if multiprocessing.parent_process() is not None:  # a spawned or forkserver worker
    _as_worker()


def owned(docs: Iterator[T]) -> Iterator[T]:
    """Iterate ``docs`` (a multi-process ``nlp.pipe``), ending the worker processes it starts
    if iteration stops before the end, so that stopping never waits on them."""
    before = set(multiprocessing.active_children())

    def workers() -> list[Any]:
        return [p for p in multiprocessing.active_children() if p not in before]

    restore = _end_workers_on_interrupt(workers)
    finished = False
    try:
        for doc in docs:
            yield doc
        finished = True
    finally:
        if not finished:
            _end(workers())
        try:
            close = getattr(docs, "close", None)
            if close is not None:
                close()  # spaCy's clean-up: its joins now return at once
        finally:
            restore()


def _end(processes: list[Any]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
    if processes:
        _abandon_queues()


def _abandon_queues() -> None:
    """The workers that read spaCy's input queues are gone: a queue's feeder thread may be
    blocked writing texts nobody will read, and at exit Python joins those threads, so the
    process would hang after Ctrl+C (about one run in three). Tell each queue not to wait.
    spaCy keeps its queues to itself, hence the search."""
    import gc
    from multiprocessing.queues import Queue

    for obj in gc.get_objects():
        if isinstance(obj, Queue):
            obj.cancel_join_thread()


def _end_workers_on_interrupt(workers: Any) -> Any:
    """While the pipe runs in the main thread, Ctrl+C first ends the workers, then
    interrupts as usual. Returns what puts the previous handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    if previous in (signal.SIG_IGN, None):  # interrupts are ignored (or not ours to handle)
        return lambda: None

    def on_interrupt(signum: int, frame: Any) -> None:
        _end(workers())
        if callable(previous):
            previous(signum, frame)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread of the main interpreter
        return lambda: None
    return lambda: signal.signal(signal.SIGINT, previous)
