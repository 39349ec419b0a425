"""Article text from HTML pages, with a bound on the time one page may take.

trafilatura (and the regular expressions in its date and metadata extraction) can stay busy
for minutes on a hostile or broken page. A thread cannot be stopped, so pages are extracted
in one child process, reused from page to page; a page that takes longer than
``PAGE_SECONDS`` is reported as not extractable, the child is ended and a fresh one serves
the next page. The child never fetches anything: it only parses the text it is sent.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Any

PAGE_SECONDS = 8.0  # per page, start-up not counted; real pages take well under a second
START_SECONDS = 120.0  # importing trafilatura in a fresh process, on a busy machine
FIELDS = ("text", "title", "sitename", "url", "date", "language")


class ExtractionError(Exception):
    """A page that could not be extracted, in one sentence."""


def extract(html: str, *, seconds: float | None = None) -> dict[str, Any]:
    """The article text and metadata of one page (``FIELDS``; missing ones are None)."""
    return _worker().extract(html, PAGE_SECONDS if seconds is None else seconds)


def _extract_here(html: str) -> dict[str, Any]:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True)
    return {name: getattr(document, name, None) if document is not None else None
            for name in FIELDS}


def _serve(conn: Connection) -> None:  # the child's loop
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    import trafilatura  # noqa: F401  (loaded before "ready": start-up is not a page's time)

    conn.send(("ready", None))
    while True:
        try:
            html = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return  # the parent is gone or stopping
        try:
            reply: tuple[str, Any] = ("ok", _extract_here(html))
        except RecursionError:
            reply = ("error", "is nested too deeply to extract")
        except Exception as exc:  # trafilatura and lxml fail in many ways on broken pages
            reply = ("error", f"could not be extracted ({type(exc).__name__})")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None

    def extract(self, html: str, seconds: float) -> dict[str, Any]:
        with self._lock:  # one page at a time (an import in the window and one in a test)
            conn = self._start()
            try:
                conn.send(html)
                if not conn.poll(seconds):
                    self.stop()
                    raise ExtractionError(f"could not be extracted within {seconds:g} s (the page "
                                          "keeps the extractor busy); it was skipped")
                status, value = conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self.stop()
                raise ExtractionError("could not be extracted (the extractor stopped)") from None
            if status != "ok":
                raise ExtractionError(value)
            return value

    def _start(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self.stop()
        # spawn: the window imports in a thread, and forking a threaded process is unsafe.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True,
                                  name="annotator-html")
        process.start()
        child.close()  # the child's end lives in the child: EOF reaches it when we go
        self._process, self._conn = process, parent
        if not parent.poll(START_SECONDS):
            self.stop()
            raise ExtractionError(f"could not be extracted: the HTML extractor did not start "
                                  f"within {START_SECONDS:g} s")
        parent.recv()  # "ready"
        return parent

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        self._process = self._conn = None


_instance: _Worker | None = None
_instance_lock = threading.Lock()


def _worker() -> _Worker:
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = _Worker()
            atexit.register(_instance.stop)
        return _instance
