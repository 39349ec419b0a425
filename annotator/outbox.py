"""The window's journal of label changes not yet confirmed by the database.

A keypress appends its change here (one JSON line, flushed to disk with fdatasync) before
the window shows it; the database worker then delivers the journal in order and marks
each change delivered. A change carries an op id that the database keeps in the label
history, so delivering it twice (after a crash, a power cut, a server away for minutes) is
harmless. On the next start the journal is delivered before anything else.

One file per database, in the user's data folder. Two windows on the same database take
two files (a lock says which is whose); a window adopts what a crashed one left behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from annotator.core.errors import AnnotatorError, DatabaseUnavailableError
from annotator.core.models import LabelChange

try:  # POSIX; elsewhere two windows on one database share a file unlocked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
SLOTS = 16  # how many windows may have one database open at once


@dataclass(frozen=True)
class Change:
    """One label change as the annotator made it."""

    op_id: str
    statement_id: int
    article_id: int
    annotator_id: int
    label: str | None
    time_spent_ms: int = 0
    made_at: str = ""
    propagated_from: int | None = None  # given from this variant of it with one key

    @classmethod
    def new(cls, *, statement_id: int, article_id: int, annotator_id: int, label: str | None,
            time_spent_ms: int = 0, propagated_from: int | None = None) -> Change:
        return cls(str(uuid.uuid4()), statement_id, article_id, annotator_id, label,
                   time_spent_ms, datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                   propagated_from)


@dataclass
class Delivery:
    """What one delivery did: changes confirmed (with what the database did), changes the
    database refused for good (a deleted statement, a label no longer in the scheme), and
    why delivery stopped early, if it did (the server is away: try again later)."""

    confirmed: list[tuple[Change, LabelChange]]
    refused: list[tuple[Change, str]]
    waiting: str | None = None


def folder() -> Path:
    return platformdirs.user_data_path("annotator", appauthor=False) / "outbox"


class Outbox:
    """The journal file of one window on one database. Thread-safe: the GUI thread adds,
    the database worker delivers and confirms."""

    def __init__(self, path: Path, *, locked_fd: int | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pending: dict[str, Change] = {}
        self._writing = 0  # lines written and not yet synced (the file must not be cut)
        self.added = 0  # changes added by this window so far (each one's ordinal)
        self._fd = locked_fd if locked_fd is not None else _open(path)
        self.problems: list[str] = []
        for change in self._read(path):
            self._pending[change.op_id] = change
        self._end_torn_line()

    @classmethod
    def for_database(cls, url: str, base: Path | None = None) -> Outbox:
        """This window's journal for the database ``url``: the first slot no other running
        window holds. What crashed windows left in other free slots is adopted."""
        base = base or folder()
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = hashlib.sha1(url.encode()).hexdigest()[:16]
        paths = [base / (f"{key}.jsonl" if n == 0 else f"{key}-{n}.jsonl") for n in range(SLOTS)]
        mine: Outbox | None = None
        for path in paths:
            fd = _open(path)
            if not _try_lock(fd):
                os.close(fd)
                continue
            if mine is None:
                mine = cls(path, locked_fd=fd)
                continue
            orphan = cls(path, locked_fd=fd)  # a crashed window's journal: take it over
            for change in orphan.pending():
                mine.add(change)
            mine.problems += orphan.problems
            orphan.clear()
            orphan.close()
        if mine is None:
            raise DatabaseUnavailableError(
                f"{SLOTS} windows have this database open already; close one first.")
        return mine

    # --- the journal -----------------------------------------------------------------------
    def add(self, change: Change) -> int:
        """Append ``change`` and wait until it is on disk; its ordinal (``added`` after it).
        Raises OSError if it cannot be written (the caller must then not show it as made)."""
        line = json.dumps({"change": asdict(change)}, separators=(",", ":")) + "\n"
        with self._lock:  # the line goes in whole (O_APPEND) while no one truncates
            _write_all(self._fd, line.encode())
            self._writing += 1
        try:
            # Outside the lock: a reader (the window asking what waits) never waits for
            # the disk.
            os.fdatasync(self._fd) if hasattr(os, "fdatasync") else os.fsync(self._fd)
        finally:
            with self._lock:
                self._writing -= 1
        with self._lock:
            self._pending[change.op_id] = change
            self.added += 1
            return self.added

    def confirm(self, op_id: str) -> None:
        """The database has ``op_id``. Not synced: a confirmation lost in a crash only means
        the change is delivered once more, which the database ignores."""
        with self._lock:
            if self._pending.pop(op_id, None) is None:
                return
            if self._pending or self._writing:
                _write_all(self._fd, (json.dumps({"done": op_id}) + "\n").encode())
            else:  # nothing left to deliver (nor being written): start the file afresh
                os.ftruncate(self._fd, 0)

    def refuse(self, change: Change, reason: str) -> None:
        """The database will never take ``change``: kept beside the journal, never lost."""
        with open(self.path.with_suffix(".refused.jsonl"), "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"change": asdict(change), "reason": reason}) + "\n")
        self.confirm(change.op_id)

    def pending(self) -> list[Change]:
        with self._lock:
            return list(self._pending.values())

    def snapshot(self) -> tuple[int, set[str]]:
        """(changes added so far, op ids not yet confirmed), taken together."""
        with self._lock:
            return self.added, set(self._pending)

    def pending_for(self, article_id: int) -> dict[int, Change]:
        """The newest unconfirmed change of each statement of one article."""
        return {c.statement_id: c for c in self.pending() if c.article_id == article_id}

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)  # closing releases the lock
                self._fd = -1

    # --- reading ---------------------------------------------------------------------------
    def _read(self, path: Path) -> Iterable[Change]:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        changes: dict[str, Change] = {}
        lines = data.split(b"\n")
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw)
                if "done" in item:
                    changes.pop(item["done"], None)
                else:
                    change = Change(**item["change"])
                    changes[change.op_id] = change
            except (ValueError, TypeError, KeyError) as exc:
                if number == len(lines):  # torn by a crash mid-write: never shown as made
                    continue
                self.problems.append(f"{path}, line {number}: not a journal entry ({exc})")
                log.warning("%s", self.problems[-1])
        return list(changes.values())

    def _end_torn_line(self) -> None:
        """A crash mid-write may leave a partial last line (never shown as made): cut it
        off, so the next entry starts on a line of its own."""
        size = os.fstat(self._fd).st_size
        if size and os.pread(self._fd, 1, size - 1) != b"\n":
            data = os.pread(self._fd, size, 0)
            os.ftruncate(self._fd, data.rfind(b"\n") + 1)


def deliver(outbox: Outbox, write: Callable[[Change], LabelChange], *,
            on_confirmed: Callable[[Change, LabelChange], None] | None = None) -> Delivery:
    """Write every pending change in order with ``write`` until one cannot be written
    because the database is away. Refused changes are set aside, never retried forever."""
    result = Delivery([], [])
    for change in outbox.pending():
        try:
            done = write(change)
        except DatabaseUnavailableError as exc:
            result.waiting = exc.message
            break
        except AnnotatorError as exc:
            outbox.refuse(change, exc.message)
            result.refused.append((change, exc.message))
            continue
        outbox.confirm(change.op_id)
        result.confirmed.append((change, done))
        if on_confirmed is not None:
            on_confirmed(change, done)
    return result


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _write_all(fd: int, data: bytes) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]
