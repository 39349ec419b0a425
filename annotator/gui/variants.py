"""The current statement's variants: other outlets' reports of the same utterance, side by
side, with a jump to each; the ones this annotator labelled differently are flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.models import VariantInfo

DIFFERENT = "#b3261e"  # a variant labelled otherwise: the colour of a problem


def also_reported_by(variants: list[VariantInfo]) -> str:
    """"Also reported by TASS, CGTN, Newsweek (3)"."""
    outlets = list(dict.fromkeys(v.source or "an unnamed outlet" for v in variants))
    return f"Also reported by {', '.join(outlets)} ({len(variants)})"


class VariantList(QWidget):
    """The variants of the current statement; Enter or a double-click opens one."""

    chosen = Signal(int, int)  # article id, statement id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variants")
        self.setAccessibleName("Variants in other outlets")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("variantsTitle")
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("variantList")
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(64)
        self.list.setMaximumHeight(120)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.list.setToolTip("Other outlets' reports of the same utterance. Double-click (or "
                             "Shift+V) to open one; V gives them all this statement's label.")
        self.list.itemActivated.connect(self._open)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.variants: list[VariantInfo] = []
        self._label: str | None = None
        self._shown = False

    def show_variants(self, variants: list[VariantInfo], label: str | None) -> None:
        """``label``: the current statement's, so variants labelled otherwise stand out."""
        if (variants, label) == (self.variants, self._label) and self._shown:
            return  # every key asks again: most statements have none, and nothing changed
        self.variants, self._label, self._shown = variants, label, True
        self.setVisible(bool(variants))
        self.list.clear()
        if not variants:
            return
        differ = sum(1 for v in variants if v.label is not None and label is not None
                     and v.label != label)
        self.title.setText(also_reported_by(variants)
                           + (f" — {differ} labelled differently" if differ else ""))
        for v in variants:
            text = v.text if len(v.text) <= 160 else v.text[:157] + "…"
            yours = "" if v.label is None else f" — yours: {v.label}" + (
                " (given from a variant)" if v.propagated_from is not None else "")
            item = QListWidgetItem(f"{v.source or '—'} · {v.similarity:.0%} alike: {text}{yours}")
            item.setData(Qt.ItemDataRole.UserRole, (v.article_id, v.statement_id))
            item.setToolTip(f"{v.title or ''}\n{v.text}")
            if v.label is not None and label is not None and v.label != label:
                item.setForeground(QBrush(QColor(DIFFERENT)))
            self.list.addItem(item)

    def open_next(self, after_statement: int | None = None) -> bool:
        """Open the variant after the one named (the first if none); False if there is none."""
        if not self.variants:
            return False
        ids = [v.statement_id for v in self.variants]
        index = (ids.index(after_statement) + 1) % len(ids) if after_statement in ids else 0
        v = self.variants[index]
        self.chosen.emit(v.article_id, v.statement_id)
        return True

    def _open(self, item: QListWidgetItem) -> None:
        article_id, statement_id = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.emit(article_id, statement_id)
