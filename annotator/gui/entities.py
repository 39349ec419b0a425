"""Correcting entities from the keyboard: ``E`` opens a palette of entity types at the
text cursor and a letter gives the selected words that type (replacing every entity they
overlap: a wider or narrower selection extends or shrinks one); with no selection, the
entity under the cursor is retyped, and ``X`` removes it."""

from __future__ import annotations

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QMenu

from annotator.core import entities as kinds


class EntityPalette(QMenu):
    """The types, each with its letter as the mnemonic, and "remove" (X)."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.setObjectName("entityPalette")
        self.setTitle("Entity type")
        self.window_ = window
        self._target: tuple[int, int] | None = None
        for kind in kinds.ENTITY_TYPES:
            action = self.addAction(f"&{kind.letter}   {kind.key}  ({kind.description})")
            action.setData(kind.key)
        self.addSeparator()
        remove = self.addAction(f"&{kinds.REMOVE_LETTER}   remove the entity")
        remove.setData(None)
        self.triggered.connect(lambda action: self.choose(action.data()))

    def hideEvent(self, event: QHideEvent) -> None:
        """The keys go back to the statements (some platforms leave a closed popup the
        active window)."""
        super().hideEvent(event)
        self.window_.activateWindow()
        self.window_.statement_table.setFocus()

    def open(self) -> None:
        """Open at the cursor for the selection, or for the entity under the cursor."""
        window, view = self.window_, self.window_.view
        bundle = window.control.bundle
        if bundle is None:
            return
        selection = view.selected_span()
        if selection is None:
            entity = kinds.at(bundle.entities, view.cursor_offset())
            if entity is None:
                window.status.show("Select the words of an entity (or click in one), then "
                                   "press E and its letter.", True)
                return
            selection = (entity.start, entity.end)
        self._target = selection
        current = {e.label for e in bundle.entities
                   if e.start < selection[1] and selection[0] < e.end}
        for action in self.actions():
            action.setCheckable(action.data() is not None)
            action.setChecked(action.data() in current)  # the type it has now
        rect = view.cursorRect()
        self.popup(view.viewport().mapToGlobal(rect.bottomLeft()))

    def choose(self, label: str | None) -> None:
        target, self._target = self._target, None
        control = self.window_.control
        if target is None or control.bundle is None:
            return
        remove, add = kinds.retype(control.bundle.entities, *target, label)
        if not remove and not add:
            self.window_.status.show("There is no entity there to remove.", True)
            return
        if sorted(remove) == sorted(add):
            self.window_.status.show("The entity has that type already.", False)
            return
        control.correct_entities(remove, add)
