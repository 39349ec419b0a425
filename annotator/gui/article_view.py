"""The article text, read-only, with entities highlighted by type and statements marked."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from annotator.core.text import snap_to_words

from annotator.core.models import ArticleBundle, LabelType
from annotator.gui.offsets import Utf16Map

MEASURE = 80  # characters a line at most, about what readers of news columns are used to

# Okabe–Ito based tints, told apart under the common colour blindnesses; unknown types grey.
ENTITY_COLOURS = {
    "PERSON": "#E69F00", "ORG": "#56B4E9", "GPE": "#009E73", "NORP": "#F0E442",
    "LOC": "#0072B2", "FAC": "#0072B2", "DATE": "#CC79A7", "TIME": "#CC79A7",
    "EVENT": "#D55E00", "LAW": "#D55E00", "WORK_OF_ART": "#999999", "PRODUCT": "#999999",
}
DEFAULT_ENTITY_COLOUR = "#BBBBBB"
# The current statement: a purple no entity type uses (ENTITY_COLOURS is the Okabe-Ito set).
CURRENT_BAR = "#6A3D9A"
CURRENT_TINT = "#E9DDF7"
# The same on a dark palette (the desktop's dark mode): a dark tint, a light accent, so the
# text (light there) stays readable inside the current statement.
CURRENT_BAR_DARK = "#A57BE0"
CURRENT_TINT_DARK = "#3A2C52"


def is_dark(widget: QWidget) -> bool:
    return widget.palette().base().color().lightness() < 128


def entity_colour(label: str) -> QColor:
    colour = QColor(ENTITY_COLOURS.get(label, DEFAULT_ENTITY_COLOUR))
    colour.setAlpha(90)
    return colour


class ArticleView(QTextEdit):
    """Shows one :class:`ArticleBundle`. Offsets arrive as code points and are converted to
    Qt's UTF-16 positions here, and back for selections."""

    statementClicked = Signal(int)
    entityClicked = Signal(int, bool)  # entity id, Ctrl held (set as speaker)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Lines break between words only, at every width; a wide pane keeps a readable
        # measure (MEASURE average characters), centred, rather than a hard column count.
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.bundle: ArticleBundle | None = None
        self.map = Utf16Map("")
        self.hidden_types: set[str] = set()
        self._types: dict[str, LabelType] = {}
        self._current: int | None = None
        self._exact = False  # the last selection was made with Alt: keep its exact characters

    # --- content -------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._centre()
        super().resizeEvent(event)

    def _centre(self) -> None:
        """Side margins that keep lines at most MEASURE characters long, centred."""
        measure = self.fontMetrics().averageCharWidth() * MEASURE \
            + 2 * int(self.document().documentMargin())
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        side = max(0, (width - measure) // 2)
        self.setViewportMargins(side, 0, side, 0)

    def show_bundle(self, bundle: ArticleBundle | None, types: dict[str, LabelType],
                    labels: dict[int, str | None] | None = None) -> None:
        self.bundle, self._types = bundle, types
        self._current = None
        text = bundle.article.text if bundle else ""
        self.map = Utf16Map(text)
        self.setPlainText(text)
        self._space_paragraphs()
        self._paint(labels or {})
        self.setExtraSelections([])

    def _space_paragraphs(self) -> None:
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setBottomMargin(9)
        block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.mergeBlockFormat(block)

    def repaint_marks(self, labels: dict[int, str | None]) -> None:
        self._paint(labels)
        self.set_current(self._current)

    def _paint(self, labels: dict[int, str | None]) -> None:
        if self.bundle is None:
            return
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        for entity in self.bundle.entities:
            if entity.label in self.hidden_types:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(entity_colour(entity.label))
            fmt.setToolTip(entity.label)
            self._format(cursor, entity.start, entity.end, fmt)
        for statement in self.bundle.statements:
            label = labels.get(statement.id, self.bundle.labels.get(statement.id))
            self._format(cursor, statement.start, statement.end, self._statement_format(label))
        cursor.endEditBlock()

    def update_mark(self, statement_id: int, label: str | None) -> None:
        """Re-mark one statement after its label changed (repainting everything would cost
        milliseconds per keypress on long articles)."""
        statement = next((s for s in self.bundle.statements if s.id == statement_id), None) \
            if self.bundle else None
        if statement is None:
            return
        cursor = QTextCursor(self.document())
        self._format(cursor, statement.start, statement.end, self._statement_format(label))

    def _statement_format(self, label: str | None) -> QTextCharFormat:
        colour = QColor(self._types[label].colour) if label in self._types else QColor("#808080")
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline
                              if label else QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(colour)
        return fmt

    def _format(self, cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor.setPosition(self.map.to_utf16(start))
        cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    def set_current(self, statement_id: int | None) -> None:
        """Mark the current statement unmistakably and scroll it into view: a bar beside its
        lines and a tint of its own (a colour no entity type uses) where no entity is, so
        entity highlights stay visible inside it; its speaker and cue in bold."""
        self._current = statement_id
        statement = self._statement(statement_id)
        self.viewport().update()
        if statement is None:
            self.setExtraSelections([])
            return
        selections = []
        entities = sorted((e.start, e.end) for e in self.bundle.entities  # type: ignore[union-attr]
                          if e.label not in self.hidden_types
                          and e.start < statement.end and statement.start < e.end)
        at = statement.start
        for start, end in entities + [(statement.end, statement.end)]:
            if start > at:
                selections.append(self._selection(at, min(start, statement.end),
                                                  CURRENT_TINT_DARK if is_dark(self)
                                                  else CURRENT_TINT))
            at = max(at, end)
        speaker = (statement.speaker_start, statement.speaker_end)
        if speaker[0] is None and statement.speaker_entity_id is not None:  # no mention stored
            entity = next((e for e in self.bundle.entities  # type: ignore[union-attr]
                           if e.id == statement.speaker_entity_id), None)
            speaker = (entity.start, entity.end) if entity is not None else speaker
        for span in (speaker, (statement.cue_start, statement.cue_end)):
            if span[0] is not None and span[1] is not None:
                selections.append(self._selection(span[0], span[1], None, bold=True))
        self.setExtraSelections(selections)
        end = QTextCursor(self.document())
        end.setPosition(self.map.to_utf16(statement.end))
        self.setTextCursor(end)
        self.ensureCursorVisible()
        start = QTextCursor(self.document())
        start.setPosition(self.map.to_utf16(statement.start))
        self.setTextCursor(start)
        self.ensureCursorVisible()

    def _accent(self) -> str:
        return CURRENT_BAR_DARK if is_dark(self) else CURRENT_BAR

    def _statement(self, statement_id: int | None):  # type: ignore[no-untyped-def]
        if self.bundle is None or statement_id is None:
            return None
        return next((s for s in self.bundle.statements if s.id == statement_id), None)

    def _selection(self, start: int, end: int, tint: str | None,
                   bold: bool = False) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        if tint is not None:
            selection.format.setBackground(QColor(tint))
        if bold:
            selection.format.setFontWeight(QFont.Weight.Bold)
            selection.format.setForeground(QColor(self._accent()))
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_utf16(start))
        cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        return selection

    def current_bar(self) -> QRect | None:
        """Where the bar beside the current statement goes, in viewport coordinates."""
        statement = self._statement(self._current)
        if statement is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_utf16(statement.start))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self.map.to_utf16(statement.end))
        bottom = self.cursorRect(cursor).bottom()
        left = max(2, int(self.document().documentMargin()) - 10)
        return QRect(left, top, 4, max(4, bottom - top))

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        bar = self.current_bar()
        if bar is not None:
            painter = QPainter(self.viewport())
            painter.fillRect(bar, QColor(self._accent()))
            painter.end()

    def set_type_visible(self, label: str, visible: bool, labels: dict[int, str | None]) -> None:
        (self.hidden_types.discard if visible else self.hidden_types.add)(label)
        self.repaint_marks(labels)

    # --- selection and clicks ------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selected text as a code point span, trimmed of white space, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.bundle is None:
            return None
        start = self.map.to_codepoint(cursor.selectionStart())
        end = self.map.to_codepoint(cursor.selectionEnd())
        text = self.bundle.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if not self._exact:  # a sloppy drag takes whole words ("en of course" -> "then of course")
            start, end = snap_to_words(text, start, end)
        return (start, end) if end > start else None

    def cursor_offset(self) -> int:
        """Where the text cursor is, as a code point offset."""
        return self.map.to_codepoint(self.textCursor().position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Alt-drag selects exact characters; a plain drag is snapped to whole words.
        self._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.bundle is None \
                or self.textCursor().hasSelection():
            return
        offset = self.map.to_codepoint(self.cursorForPosition(event.position().toPoint()).position())
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        entity = next((e for e in self.bundle.entities if e.start <= offset < e.end), None)
        if entity is not None and ctrl:
            self.entityClicked.emit(entity.id, True)
            return
        statement = next((s for s in self.bundle.statements if s.start <= offset < s.end), None)
        if statement is not None:
            self.statementClicked.emit(statement.id)
