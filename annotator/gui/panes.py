"""The middle and right panes of the window: the article as read (entity chips above it),
and the statements with the label buttons, the kind filter and the details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.assets import resource
from annotator.core.cues import default_cues
from annotator.gui.article_view import ArticleView
from annotator.gui.widgets import EntityLegend, LabelButtons, StatementDetail, row_table


class ReadingPane(QWidget):
    """The article text, with its entity types as chips that scroll (never widen the window
    past a laptop screen, however many types an article has)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = EntityLegend()
        self.view = ArticleView()
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.legend_area = area = QScrollArea()
        area.setObjectName("legendArea")
        area.setWidget(self.legend)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        probe = QToolButton(text="PERSON")
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        area.setFixedHeight(probe.sizeHint().height() + 8 + bar)
        probe.deleteLater()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)
        layout.addWidget(self.view)

    def show_article(self, bundle, control) -> None:  # type: ignore[no-untyped-def]
        self.view.show_bundle(bundle, control.by_key, dict(control.statements.pending))
        self.legend.set_types(sorted({e.label for e in bundle.entities}) if bundle else [])
        for name in self.legend.hidden:
            self.view.hidden_types.add(name)


class StatementPane(QSplitter):
    """Label buttons, the kind filter, the statement table and, below, the details."""

    def __init__(self, control, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("rightSplitter")
        types = control.types
        self.label_buttons = LabelButtons([t for t in types if t.kind == "label"]
                                          + [t for t in types if t.kind != "label"])
        self.table = table = row_table("statementTable", "Statements", control.statements)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Sized once per article (ResizeToContents would measure every row on every label).
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # Which candidates the list shows: one kind of attribution, and the unlikely ones (H).
        self.kind_filter = kinds = QComboBox()
        kinds.setObjectName("kindFilter")
        kinds.setAccessibleName("Kind of statement")
        kinds.setToolTip("Show one kind of attribution (labelled statements stay)")
        kinds.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with labelling
        kinds.addItem("all kinds", None)
        for kind in default_cues().kinds.values():
            kinds.addItem(kind.title, kind.name)
        self.hidden_note = QLabel()
        self.hidden_note.setObjectName("hiddenNote")
        self.detail = StatementDetail()
        top = QWidget()
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label_buttons)
        row = QHBoxLayout()
        row.addWidget(kinds)
        row.addWidget(self.hidden_note, 1)
        layout.addLayout(row)
        layout.addWidget(table)
        self.addWidget(top)
        self.addWidget(self.detail)
        self.setSizes([520, 260])

    def show_current(self, control, statement) -> None:  # type: ignore[no-untyped-def]
        """The current statement: its details, its row selected and in view, its label."""
        self.detail.show_statement(control.bundle, statement)
        row = control.statements.row_of(statement.id) if statement else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(control.statements.index(row, 0))
        self.show_current_label(control)

    def show_current_label(self, control) -> None:  # type: ignore[no-untyped-def]
        current = control.current
        label = control.statements.label_of(current.id) if current else None
        self.label_buttons.show_label(label)
        self.detail.variants.show_variants(control.variants(), label)

    def size_columns(self) -> None:
        """Once per article: the number column to its contents, the rest to fixed widths."""
        self.table.resizeColumnToContents(0)
        for column, width in ((2, 120), (3, 70), (4, 72), (5, 84)):
            self.table.setColumnWidth(column, width)


def guidelines_dock(window: QMainWindow) -> QDockWidget:
    """The label guidelines beside the statements, hidden until F1."""
    guidelines = QTextBrowser()
    guidelines.setObjectName("guidelines")
    guidelines.setAccessibleName("Guidelines")
    guidelines.setMarkdown(resource("guidelines.md").read_text(encoding="utf-8"))
    dock = QDockWidget("Guidelines", window)
    dock.setObjectName("guidelinesDock")
    dock.setWidget(guidelines)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    return dock
