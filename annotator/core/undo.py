"""Undo and redo across articles: label changes, statement edits (bounds, speaker),
statements made or deleted, and entity corrections. Plain data; the GUI applies the entries."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.models import RemovedLabel, Statement


@dataclass(frozen=True)
class LabelEdit:
    article_id: int
    statement_id: int
    old_label: str | None
    new_label: str | None

    def changes(self) -> bool:
        return self.old_label != self.new_label


@dataclass(frozen=True)
class StatementEdit:
    """A change of a statement's span or speaker: the fields before and after, as pairs."""

    article_id: int
    statement_id: int
    before: tuple[tuple[str, int | None], ...]
    after: tuple[tuple[str, int | None], ...]

    def changes(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class StatementPresence:
    """A statement made by hand (``made``) or deleted (with the labels that went with it).
    Undoing a deletion puts it back under a new id; the controller maps the old id on."""

    article_id: int
    statement_id: int
    statement: Statement
    made: bool
    labels: tuple[RemovedLabel, ...] = ()

    def changes(self) -> bool:
        return True


@dataclass(frozen=True)
class EntityEdit:
    """A correction of an article's entities: the spans (start, end, type) it removed and
    those it added. Undo removes the added and puts the removed back."""

    article_id: int
    before: tuple[tuple[int, int, str], ...]
    after: tuple[tuple[int, int, str], ...]

    def changes(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class LabelEdits:
    """One key's labels on several statements (a label given to every variant of the
    current statement): undone and redone as one."""

    edits: tuple[LabelEdit, ...]

    @property
    def article_id(self) -> int:
        return self.edits[0].article_id

    @property
    def statement_id(self) -> int:
        return self.edits[0].statement_id

    def changes(self) -> bool:
        return any(e.changes() for e in self.edits)


Edit = LabelEdit | StatementEdit | StatementPresence | LabelEdits | EntityEdit


def describe(edit: Edit) -> str:
    """What the edit did, for the Undo and Redo menu items ("Undo label")."""
    if isinstance(edit, LabelEdit):
        return "label"
    if isinstance(edit, LabelEdits):
        return f"labels of {len(edit.edits)} variants"
    if isinstance(edit, EntityEdit):
        return "entity"
    if isinstance(edit, StatementEdit):
        return "bounds" if any(key in ("start", "end") for key, _ in edit.after) else "speaker"
    return "new statement" if edit.made else "deleted statement"


class UndoStack:
    def __init__(self, limit: int = 1000) -> None:
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._limit = limit

    def push(self, edit: Edit) -> None:
        if not edit.changes():
            return
        self._done.append(edit)
        del self._done[:-self._limit]
        self._undone.clear()

    def undo(self) -> Edit | None:
        """The edit to revert (apply its old label or ``before``), or None."""
        if not self._done:
            return None
        edit = self._done.pop()
        self._undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """The edit to apply again (its new label or ``after``), or None."""
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._done.append(edit)
        return edit

    def next_undo(self) -> Edit | None:
        """The edit ``undo`` would revert, left in place."""
        return self._done[-1] if self._done else None

    def next_redo(self) -> Edit | None:
        return self._undone[-1] if self._undone else None

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
