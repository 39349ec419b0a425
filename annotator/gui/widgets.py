"""Small widgets: the entity legend, the label buttons, the statement details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QWidget,
)

from annotator.core.cues import kind_title
from annotator.core.models import ArticleBundle, LabelType, Statement
from annotator.gui.article_view import ENTITY_COLOURS, DEFAULT_ENTITY_COLOUR
from annotator.gui.variants import VariantList

SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")


class EntityLegend(QWidget):
    """One chip per entity type in the article; a chip toggles its type's highlighting."""

    toggled = Signal(str, bool)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("entityLegend")
        self.setAccessibleName("Entity types")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self._layout.setSpacing(4)
        self.chips: dict[str, QToolButton] = {}
        self.hidden: set[str] = set()

    def set_types(self, types: list[str]) -> None:
        for chip in self.chips.values():
            chip.hide()  # deleteLater alone leaves it painted until the event loop runs
            chip.setParent(None)
            chip.deleteLater()
        self.chips.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        for label in types:
            chip = QToolButton(self)
            chip.setText(label)
            chip.setCheckable(True)
            chip.setChecked(label not in self.hidden)
            chip.setObjectName(f"legend_{label}")
            chip.setToolTip(f"Show or hide {label} highlighting")
            colour = ENTITY_COLOURS.get(label, DEFAULT_ENTITY_COLOUR)
            chip.setStyleSheet(
                f"QToolButton {{ border: 2px solid {colour}; border-radius: 8px; padding: 1px 6px; }}"
                f"QToolButton:checked {{ background: {colour}; color: black; }}")
            chip.toggled.connect(lambda on, name=label: self._on_toggled(name, on))
            self._layout.addWidget(chip)
            self.chips[label] = chip
        self._layout.addStretch(1)

    def _on_toggled(self, label: str, on: bool) -> None:
        (self.hidden.discard if on else self.hidden.add)(label)
        self.toggled.emit(label, on)


class LabelButtons(QWidget):
    """A button per label type, showing its shortcut; clicking does what the key does."""

    chosen = Signal(str)

    def __init__(self, types: list[LabelType], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("labelButtons")
        self.setAccessibleName("Labels")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.buttons: dict[str, QPushButton] = {}
        for label in types:
            button = QPushButton(f"{label.shortcut}  {label.name}", self)
            button.setObjectName(f"label_{label.key}")
            button.setToolTip(f"{label.name} ({label.shortcut}): {label.description}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCheckable(True)
            button.setStyleSheet(
                f"QPushButton {{ border: 2px solid {label.colour}; border-radius: 4px; "
                f"padding: 4px 8px; }} QPushButton:checked {{ background: {label.colour}; "
                "color: white; font-weight: bold; }")
            button.clicked.connect(lambda _=False, key=label.key: self.chosen.emit(key))
            # Wide enough for its text in bold (as it is when checked): never clipped.
            bold = QFont(button.font())
            bold.setBold(True)
            grows = (QFontMetrics(bold).horizontalAdvance(button.text())
                     - QFontMetrics(button.font()).horizontalAdvance(button.text()))
            button.setMinimumWidth(button.sizeHint().width() + grows + 2)
            layout.addWidget(button)
            self.buttons[label.key] = button
        layout.addStretch(1)

    def show_label(self, key: str | None) -> None:
        for name, button in self.buttons.items():
            button.setChecked(name == key)


class StatementDetail(QWidget):
    """The current statement: text, speaker (changeable), cue, suggestion, note."""

    speakerChosen = Signal(int)  # entity id
    speakerTyped = Signal(str)  # a name typed that is no listed entity
    noteEdited = Signal(str)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("statementDetail")
        self.setAccessibleName("Statement details")
        form = QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.speaker = QComboBox(self)
        self._speakers_of: ArticleBundle | None = None  # whose speakers the list holds
        self.speaker.setObjectName("speakerChoice")
        self.speaker.setAccessibleName("Speaker")
        self.speaker.setToolTip("The speaker: choose a person or organisation of the article, "
                                "or type a name as the article writes it and press Enter, or "
                                "Ctrl+click an entity in the text, or select words and press "
                                "Shift+B")
        self.speaker.setEditable(True)  # a speaker may be typed freely
        self.speaker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.speaker.activated.connect(self._on_speaker)
        self.speaker.lineEdit().returnPressed.connect(self._on_typed)
        self.cue = QLabel(self)
        self.suggestion = QLabel(self)
        self.origin = QLabel(self)
        self.votes = QLabel(self)
        self.votes.setObjectName("votes")
        self.votes.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("noteEdit")
        self.note.setPlaceholderText("Note (saved when you press Enter)")
        self.note.returnPressed.connect(lambda: self.noteEdited.emit(self.note.text()))
        form.addRow("Statement", self.text)
        form.addRow("Speaker", self.speaker)
        form.addRow("Cue", self.cue)
        form.addRow("Suggested", self.suggestion)
        form.addRow("Found as", self.origin)
        self.votes_label = QLabel("Votes")
        form.addRow(self.votes_label, self.votes)
        self.variants = VariantList(self)
        form.addRow(self.variants)
        form.addRow("Note", self.note)

    @staticmethod
    def describe_suggestion(version: int | None, score: float | None) -> str:
        """Where a suggestion came from; the window replaces this with the trainer's."""
        source = "rules" if version is None else f"model v{version}"
        return source + (f", {score:.2f}" if score is not None else "")

    def show_statement(self, bundle: ArticleBundle | None, statement: Statement | None) -> None:
        self.speaker.blockSignals(True)
        lead_view = bundle is not None and bool(bundle.votes)
        self.votes.setVisible(lead_view)
        self.votes_label.setVisible(lead_view)
        if bundle is None or statement is None:
            for label in (self.text, self.cue, self.suggestion, self.origin, self.votes):
                label.setText("")
            self.note.setText("")
            self.speaker.clear()
            self._speakers_of = None
            self.speaker.blockSignals(False)
            return
        text = bundle.article.text
        self.text.setText(" ".join(text[statement.start:statement.end].split()))
        self.cue.setText(text[statement.cue_start:statement.cue_end]
                         if statement.cue_start is not None else "—")
        source = self.describe_suggestion(statement.suggestion_model, statement.suggested_score)
        self.suggestion.setText(f"{statement.suggested_label or '—'} — {source}")
        self.origin.setText(found_as(statement))
        votes = bundle.votes.get(statement.id, [])
        self.votes.setText(", ".join(f"{who}: {label}" for who, label in votes) or "none yet")
        self.note.setText(bundle.notes.get(statement.id, ""))
        self._list_speakers(bundle)
        self.speaker.setItemText(0, "(no speaker)")
        index = 0
        current = statement.speaker_entity_id
        if current is not None:
            entity = next((e for e in bundle.entities if e.id == current), None)
            if entity is not None:
                item = f"{text[entity.start:entity.end]} · {entity.label}"
                index = self.speaker.findText(item)
                if index < 0:  # a speaker of a type not offered (a place, say)
                    self.speaker.addItem(item, entity.id)
                    index = self.speaker.count() - 1
        elif statement.speaker_start is not None:
            self.speaker.setItemText(0, text[statement.speaker_start:statement.speaker_end]
                                     + " (no entity)")
        self.speaker.setCurrentIndex(index)
        self.speaker.blockSignals(False)

    def _list_speakers(self, bundle: ArticleBundle) -> None:
        """The people and organisations of the article, listed once per article (not once
        per statement: moving on is part of every keypress)."""
        if self._speakers_of is bundle:
            return
        self._speakers_of = bundle
        self.speaker.clear()
        self.speaker.addItem("(no speaker)", None)
        text, seen = bundle.article.text, set()
        for entity in bundle.entities:
            name = text[entity.start:entity.end]
            if entity.label in SPEAKER_TYPES and (name, entity.label) not in seen:
                seen.add((name, entity.label))
                self.speaker.addItem(f"{name} · {entity.label}", entity.id)

    def _on_speaker(self, index: int) -> None:
        entity_id = self.speaker.itemData(index)
        if entity_id is not None:
            self.speakerChosen.emit(int(entity_id))

    def _on_typed(self) -> None:
        """Enter in the speaker field: a listed entity by its name, else the name typed."""
        typed = " ".join(self.speaker.currentText().split())
        if not typed:
            return
        for index in range(1, self.speaker.count()):
            name = self.speaker.itemText(index).rsplit(" · ", 1)[0]
            if typed.casefold() in (name.casefold(), self.speaker.itemText(index).casefold()):
                self.speakerChosen.emit(int(self.speaker.itemData(index)))
                return
        self.speakerTyped.emit(typed)


def found_as(statement: Statement) -> str:
    """"indirect · Belief · 65% likely": how detection found it, its kind, its confidence."""
    parts = [statement.origin]
    if statement.kind:
        parts.append(kind_title(statement.kind))
    if statement.confidence is not None:
        parts.append(f"{statement.confidence:.0%} likely")
    if statement.private_to is not None:  # made by hand, not shared by a lead yet
        parts.append("private until a lead shares it (Ctrl+Shift+S)")
    return " · ".join(parts)


def row_table(name: str, accessible: str, model) -> QTableView:  # type: ignore[no-untyped-def]
    """A table over ``model`` that selects one whole row at a time, without row numbers."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    return table
