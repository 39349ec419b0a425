"""Undo and redo of label changes, across articles. Plain data; the GUI applies the entries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelEdit:
    article_id: int
    statement_id: int
    old_label: str | None
    new_label: str | None


class UndoStack:
    def __init__(self, limit: int = 1000) -> None:
        self._done: list[LabelEdit] = []
        self._undone: list[LabelEdit] = []
        self._limit = limit

    def push(self, edit: LabelEdit) -> None:
        if edit.old_label == edit.new_label:
            return
        self._done.append(edit)
        del self._done[:-self._limit]
        self._undone.clear()

    def undo(self) -> LabelEdit | None:
        """The edit to revert (apply its ``old_label``), or None."""
        if not self._done:
            return None
        edit = self._done.pop()
        self._undone.append(edit)
        return edit

    def redo(self) -> LabelEdit | None:
        """The edit to apply again (its ``new_label``), or None."""
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._done.append(edit)
        return edit

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
