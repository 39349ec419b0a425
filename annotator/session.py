"""The annotation session without Qt: where the annotator is, where a key moves them, what
undo replays onto, and how far they are. The window's controller is a thin Qt adapter over
it (signals, the database worker); these rules have tests that run without PySide6.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.core.undo import UndoStack


def step(order: Sequence[int], current: int | None, by: int) -> int | None:
    """The id ``by`` places from ``current`` in ``order``, stopping at either end; the first
    one when ``current`` is not in it."""
    if not order:
        return None
    row = order.index(current) if current in order else -1
    row = 0 if row < 0 else max(0, min(len(order) - 1, row + by))
    return order[row]


def next_unlabelled(order: Sequence[int], label_of: Callable[[int], str | None],
                    after: int | None = None) -> int | None:
    """The first unlabelled id after ``after`` (from the top when None), wrapping round:
    a label key moves on to the next statement still to do, not merely the next one."""
    start = order.index(after) + 1 if after in order else 0
    for sid in list(order[start:]) + list(order[:start]):
        if label_of(sid) is None:
            return sid
    return None


def kept_in_view(order: Sequence[int], shown: set[int], current: int | None) -> int | None:
    """After a filter changed: ``current`` if still shown, else the next shown one after it
    (wrapping), else None."""
    here = order.index(current) if current in order else 0
    return next((sid for sid in list(order[here:]) + list(order[:here]) if sid in shown), None)


@dataclass
class Progress:
    """Labelled / total statements for one annotator: counted once by the database, then
    kept up to date label by label (so a key never waits for a count)."""

    counted: tuple[int, int] | None = None
    last: tuple[int, int] = (0, 0)

    def label_changed(self, old: str | None, new: str | None) -> None:
        if self.counted is None or (old is None) == (new is None):
            return
        done, total = self.counted
        self.counted = (done + (1 if new is not None else -1), total)
        self.last = self.counted

    def recount(self) -> None:
        """Statements came or went: the next figure is counted again."""
        self.counted = None

    def set_count(self, done: int, total: int) -> None:
        self.counted = self.last = (done, total)

    @property
    def figures(self) -> tuple[int, int]:
        """The best known figures: the count, or the last one while counting again."""
        return self.counted or self.last


@dataclass
class Session:
    """One annotator's session: undo history, and the ids statements have now."""

    undo: UndoStack = field(default_factory=UndoStack)
    progress: Progress = field(default_factory=Progress)
    # A statement put back by undo gets a new id: old id -> the id it has now.
    aliases: dict[int, int] = field(default_factory=dict)

    def resolve(self, statement_id: int) -> int:
        """The id a statement has now (it may have been deleted and put back, twice)."""
        seen = set()
        while statement_id in self.aliases and statement_id not in seen:
            seen.add(statement_id)
            statement_id = self.aliases[statement_id]
        return statement_id

    def restored(self, old_id: int, new_id: int) -> None:
        """Statement ``old_id`` came back as ``new_id``."""
        self.aliases.pop(new_id, None)  # SQLite may hand out a freed id again
        if new_id != old_id:
            self.aliases[old_id] = new_id

    def made(self, statement_id: int) -> None:
        """A new statement: an id SQLite handed out again is nobody's alias any more."""
        self.aliases.pop(statement_id, None)

    def switched(self) -> None:
        """Another annotator: their own undo history and progress."""
        self.undo.clear()
        self.progress = Progress()
