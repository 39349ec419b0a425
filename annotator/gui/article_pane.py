"""The left pane: the article list with its text, outlet and status filters. Filtering
waits until typing pauses and lists the ids on the database worker."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator import ops
from annotator.gui.widgets import row_table

STATUSES = ("", "unlabelled", "in progress", "done")
FILTER_PAUSE_MS = 300  # searching the text of 100,000 articles takes about half a second


class ArticlePane(QWidget):
    listed = Signal()  # the list shows other articles (a filter, new articles)
    problem = Signal(str)

    def __init__(self, control, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.control = control
        self._generation = 0
        self._known_articles = -1
        self.filter_text = QLineEdit(placeholderText="Filter by text…")
        self.filter_text.setObjectName("articleFilter")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.setAccessibleName("Article filter")
        self.filter_source = QComboBox()
        self.filter_source.setObjectName("sourceFilter")
        self.filter_source.setAccessibleName("Outlet filter")
        self.filter_status = QComboBox()
        self.filter_status.setObjectName("statusFilter")
        self.filter_status.setAccessibleName("Status filter")
        self.filter_status.addItems(["any status", *STATUSES[1:]])
        self.article_list = table = row_table("articleList", "Articles", control.articles)
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 96), (2, 84), (3, 56)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_source)
        filters.addWidget(self.filter_status)
        layout.addWidget(self.filter_text)
        layout.addLayout(filters)
        layout.addWidget(table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_PAUSE_MS)
        self._timer.timeout.connect(lambda: self.filter(text=self.filter_text.text()))
        self.filter_text.textChanged.connect(lambda _: self._timer.start())
        self.filter_source.currentIndexChanged.connect(
            lambda _: self.filter(source=self.filter_source.currentData()))
        self.filter_status.currentIndexChanged.connect(
            lambda i: self.filter(status=STATUSES[i] or None))
        table.clicked.connect(
            lambda index: control.open_article(control.articles.article_id(index.row())))

    def stop(self) -> None:
        """The window closes: a filter typed a moment ago is not applied any more."""
        self._timer.stop()

    def fill_sources(self) -> None:
        """The outlet filter's choices, read on the database worker."""
        db = self.control.db
        self.control.worker.submit(lambda: ops.sources(db), done=self._show_sources,
                                   name="read outlets")

    def _show_sources(self, sources: list[str]) -> None:
        current = self.filter_source.currentData()
        self.filter_source.blockSignals(True)
        self.filter_source.clear()
        self.filter_source.addItem("all outlets", None)
        for source in sources:
            self.filter_source.addItem(source, source)
        self.filter_source.setCurrentIndex(max(0, self.filter_source.findData(current)))
        self.filter_source.blockSignals(False)

    def filter(self, **filters: str | None) -> None:
        model = self.control.articles
        model.filters.update({k: (v or None) for k, v in filters.items()})
        query, db = model.query(), self.control.db
        self._generation += 1
        generation = self._generation
        self.control.worker.submit(
            lambda: ops.article_ids(db, **query), done=lambda ids: self._filtered(generation, ids),
            failed=lambda exc: self.problem.emit(
                f"Filter failed: {getattr(exc, 'message', exc)}"), name="filter articles")

    def _filtered(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return  # a newer filter is on its way
        self.control.articles.set_ids(ids)
        self.select_current()
        self.listed.emit()

    def relist(self) -> None:
        """List the articles again (new ones came); open the first if none was open."""
        def listed() -> None:
            if self.control.article_id is None:
                self.control.open_where_left_off()
            self.select_current()
            self.listed.emit()

        self.control.articles.reload(then=listed)

    # --- new articles (an import here, in a terminal, or by a teammate) -----------------
    def remember_count(self) -> None:
        """How many articles there are now, so activation lists again only when that changes."""
        db = self.control.db
        self.control.worker.submit(lambda: ops.article_count(db),
                                   done=lambda n: setattr(self, "_known_articles", n),
                                   name="count articles")

    def refresh_if_changed(self) -> None:
        """Back in the window: articles imported meanwhile appear in the list and the counts.
        One count query when nothing changed."""
        if self.control.closed:
            return
        db = self.control.db
        self.control.worker.submit(lambda: ops.article_count(db), done=self._counted,
                                   name="count articles")

    def _counted(self, count: int) -> None:
        if count != self._known_articles:
            self._known_articles = count
            self.new_articles(counted=True)

    def new_articles(self, *, counted: bool = False) -> None:
        """Articles came: outlets, progress and the list read again."""
        self.fill_sources()
        self.control.recount()
        if not counted:
            self.remember_count()
        self.relist()

    def select_current(self) -> None:
        c = self.control
        row = c.articles.row_of(c.article_id) if c.article_id is not None else -1
        if row >= 0:
            self.article_list.selectRow(row)
        else:
            self.article_list.clearSelection()
