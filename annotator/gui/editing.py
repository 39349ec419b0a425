"""What the window's keys do to statements beyond the controller's own moves: a label key
on a selection makes a statement, B sets bounds, Ctrl+Delete deletes (after asking, or
says at once why it may not), and the kind filter and H choose what the table shows."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator import ops


class Editing:
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.control = window.control
        self._came_from: int | None = None  # the statement Shift+V last left

    def label(self, key: str) -> None:
        view = self.window.view
        selection = view.selected_span()
        if selection is not None:
            cursor = view.textCursor()
            cursor.clearSelection()
            view.setTextCursor(cursor)
        self.control.choose_label(key, selection)

    def filter_statements(self, *, kind: object = ..., hide_unlikely: bool | None = None) -> None:
        chosen = self.window.kind_filter.currentData() if kind is ... else kind
        self.control.set_statement_filter(kind=chosen, hide_unlikely=hide_unlikely)
        self.show_hidden()

    def hide_unlikely(self, on: bool) -> None:
        self.filter_statements(hide_unlikely=on)

    def show_hidden(self) -> None:
        hidden = self.control.statements.hidden
        self.window.hidden_note.setText(f"{hidden} hidden" if hidden else "")

    def next_variant(self) -> None:
        """Shift+V: open the current statement's next variant in another outlet (after the
        one this came from, so repeating it goes round them all)."""
        came_from = self._came_from
        self._came_from = self.control.statement_id
        if not self.window.detail.variants.open_next(after_statement=came_from):
            self.window.status.show("This statement has no variants in other outlets.", False)

    def set_bounds(self) -> None:
        selection = self.window.view.selected_span()
        if selection is None:
            self.window.status.show("Select the text the statement should cover, then press B.",
                                    True)
            return
        self.control.set_bounds(selection)

    def set_speaker(self) -> None:
        selection = self.window.view.selected_span()
        if selection is None:
            self.window.status.show("Select the words of the speaker, then press Shift+B.",
                                    True)
            return
        self.control.set_speaker_span(selection)

    def speaker_named(self, name: str) -> None:
        """A speaker typed in Details: the mention of that name nearest the statement (the
        article must name them; an entity of that span is linked too)."""
        control = self.control
        current, bundle = control.current, control.bundle
        if current is None or bundle is None:
            return
        mention = nearest_mention(bundle.article.text, name, current.start, current.end)
        if mention is None:
            self.window.status.show(f"“{name}” is not in this article: type a name as the "
                                    "article writes it, or select the words and press Shift+B.",
                                    True)
            return
        control.set_speaker_span(mention)
        self.window.statement_table.setFocus()

    def delete_statement(self) -> None:
        current = self.control.current
        if current is None:
            return
        db, name, statement_id = self.control.db, self.control.annotator.name, current.id
        self.control.worker.submit(
            lambda: ops.deletion_refusal(db, statement_id=statement_id, annotator=name),
            done=lambda refusal: self._confirm_delete(statement_id, refusal),
            name="may this be deleted")

    def _confirm_delete(self, statement_id: int, refusal: str | None) -> None:
        if refusal is not None:  # said at once, rather than after a confirmation
            self.window.status.show(refusal, True)
            return
        if self.control.statement_id != statement_id:
            return  # they moved on meanwhile
        answer = QMessageBox.question(self.window, "Delete statement",
                                      "Delete this candidate and every label on it?")
        if answer == QMessageBox.StandardButton.Yes:
            self.control.delete_statement()


def nearest_mention(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``text`` names ``name`` (case aside, whole words) closest to [start, end),
    outside it, or None."""
    folded, wanted = text.casefold(), name.casefold()
    best: tuple[int, int] | None = None
    at = folded.find(wanted)
    while at >= 0:
        stop = at + len(wanted)
        whole = (at == 0 or not text[at - 1].isalnum()) and \
            (stop == len(text) or not text[stop].isalnum())
        if whole and (stop <= start or at >= end):
            distance = start - stop if stop <= start else at - end
            if best is None or distance < best[0]:
                best = (distance, at)
        at = folded.find(wanted, at + 1)
    return None if best is None else (best[1], best[1] + len(wanted))
