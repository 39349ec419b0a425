"""Qt item models: thin adapters over annotator.ops, holding ids and fetching rows lazily."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from annotator import ops
from annotator.core.changes import Changes
from annotator.core.cues import default_cues, kind_title
from annotator.core.models import ArticleBundle, ArticleSummary, Entity, LabelType, Statement
from annotator.storage import Database

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class _TableModel(QAbstractTableModel):
    """Rows from ``_row_count()``, columns from ``COLUMNS``, headers from their names."""

    COLUMNS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class ArticleListModel(_TableModel):
    """All matching article ids, with row data fetched a page at a time when first shown:
    opening a database of 100,000 articles reads 100,000 integers and one page. Every read
    runs on the window's database worker; a row not read yet shows "…"."""

    COLUMNS = ("Title", "Outlet", "Date", "Progress")

    def __init__(self, db: Database, annotator_id: int, worker, parent=None,  # type: ignore[no-untyped-def]
                 waiting: Callable[[], tuple[int, set[str]]] = lambda: (0, set())) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        # Label changes shown but not yet confirmed: op id -> (article id, count change, its
        # ordinal in the journal). ``waiting()`` (run on the worker when rows are read) says
        # how many changes existed then and which were unconfirmed: a change is in a row
        # read from the database only if it existed and was confirmed by then.
        self._waiting = waiting
        self._unconfirmed: dict[str, tuple[int, int, int]] = {}
        self._annotator_id = annotator_id
        self._ids: list[int] = []
        self._rows: dict[int, ArticleSummary] = {}
        self._reading: set[int] = set()  # article ids whose rows are being read
        self._generation = 0  # a reload makes reads asked for before it stale
        self.filters: dict[str, str | None] = {"text": None, "source": None, "status": None}

    def reload(self, annotator_id: int | None = None,
               then: Callable[[], None] | None = None) -> None:
        """List the articles again (on the worker), then ``then()``."""
        if annotator_id is not None:
            self._annotator_id = annotator_id
        db, query = self._db, self.query()

        def listed(ids: list[int]) -> None:
            self.set_ids(ids)
            if then is not None:
                then()

        self._worker.submit(lambda: ops.article_ids(db, **query), done=listed,
                            name="list articles")

    def set_filter(self, **filters: str | None) -> None:
        self.filters.update({k: (v or None) for k, v in filters.items()})
        self.reload()

    def query(self) -> dict[str, object]:
        """What ops.article_ids needs to list the rows (to run it off the GUI thread)."""
        return {"annotator_id": self._annotator_id, **self.filters}

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self._reading.clear()
        self._generation += 1
        self.endResetModel()

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return -1

    def apply(self, changes: Changes) -> None:
        """Rows whose statements changed are read again (labels are counted as they are
        shown and confirmed: label_shown, label_confirmed)."""
        for article_id in changes.articles:
            self.refresh_article(article_id)

    def refresh_article(self, article_id: int) -> None:
        """Read one row again (its progress changed); the old one shows until then."""
        if self.row_of(article_id) >= 0:
            self._read([article_id])

    def label_shown(self, op_id: str, article_id: int, labelled: int, ordinal: int) -> None:
        """A label change is shown (not yet confirmed): its row counts it at once."""
        self._unconfirmed[op_id] = (article_id, labelled, ordinal)
        self.adjust(article_id, labelled)

    def label_confirmed(self, op_id: str, article_id: int, labelled: int | None) -> None:
        """The server has the change; ``labelled`` is how it moved the count there (None:
        refused). A difference from what was shown (the same annotator on another machine)
        is corrected; a change this window did not show is read again."""
        shown = self._unconfirmed.pop(op_id, None)
        if shown is None:
            self.refresh_article(article_id)
        elif labelled is None:
            self.adjust(article_id, -shown[1])
        else:
            self.adjust(article_id, labelled - shown[1])

    def adjust(self, article_id: int, labelled: int) -> None:
        """This annotator's labelled count of one article changed by ``labelled``: shown
        without reading the row again."""
        item = self._rows.get(article_id)
        row = self.row_of(article_id)
        if item is None or row < 0 or not labelled:
            return
        self._rows[article_id] = replace(item, labelled=max(0, item.labelled + labelled))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def summary(self, row: int) -> ArticleSummary | None:
        article_id = self._ids[row]
        if article_id not in self._rows and article_id not in self._reading:
            start = (row // PAGE) * PAGE
            self._read([i for i in self._ids[start:start + PAGE]
                        if i not in self._rows and i not in self._reading])
        return self._rows.get(article_id)

    def _read(self, ids: list[int]) -> None:
        if not ids:
            return
        db, annotator_id, generation = self._db, self._annotator_id, self._generation
        self._reading.update(ids)
        waiting = self._waiting

        def read() -> tuple[list[ArticleSummary], tuple[int, set[str]]]:
            # On the worker, between deliveries: the snapshot says what these counts hold.
            return ops.article_summaries(db, ids, annotator_id), waiting()

        def arrived(result: tuple[list[ArticleSummary], tuple[int, set[str]]]) -> None:
            if generation != self._generation:
                return  # listed again meanwhile
            items, (added, unconfirmed) = result
            self._reading.difference_update(ids)
            for item in items:
                extra = sum(delta for op, (aid, delta, ordinal) in self._unconfirmed.items()
                            if aid == item.id and (op in unconfirmed or ordinal > added))
                self._rows[item.id] = replace(item, labelled=max(0, item.labelled + extra))
                row = self.row_of(item.id)
                if row >= 0:
                    self.dataChanged.emit(self.index(row, 0),
                                          self.index(row, len(self.COLUMNS) - 1))

        def failed(exc: BaseException) -> None:
            self._reading.difference_update(ids)
            self._worker.report(exc, "read article rows")

        self._worker.submit(read, done=arrived, failed=failed, name="read article rows")

    # --- Qt ------------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.UserRole):
            return None
        item = self.summary(index.row())
        if item is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        column = index.column()
        if column == 0:
            return item.title or f"Article {item.id}"
        if column == 1:
            return item.source or ""
        if column == 2:
            return item.published or ""
        done = item.statements > 0 and item.labelled >= item.statements
        if role == Qt.ItemDataRole.ToolTipRole:
            return "done: every statement labelled" if done else \
                f"{item.labelled} of {item.statements} statements labelled"
        return f"✓ {item.labelled}/{item.statements}" if done else f"{item.labelled}/{item.statements}"


class StatementTableModel(_TableModel):
    """The statements of the open article with this annotator's labels (and unsaved ones)."""

    COLUMNS = ("#", "Statement", "Speaker", "Kind", "Suggested", "Label")
    SUGGESTED, LABEL = 4, 5

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.bundle: ArticleBundle | None = None
        self.types: dict[str, LabelType] = {}
        self._entities: dict[int, Entity] = {}  # the bundle's, by id
        self.pending: dict[int, str | None] = {}  # statement id -> label not yet confirmed
        self.outage = False  # the database is away: pending labels say "unsaved"
        self.kind: str | None = None  # show only this kind of attribution; None: all
        self.hide_unlikely = False  # hide candidates detection was not confident about
        self._shown: tuple[Statement, ...] = ()

    def set_bundle(self, bundle: ArticleBundle | None, types: dict[str, LabelType]) -> None:
        self.beginResetModel()
        self.bundle, self.types = bundle, types
        self._entities = {e.id: e for e in bundle.entities} if bundle is not None else {}
        self._shown = self._select()
        self.endResetModel()

    def set_filter(self, *, kind: str | None = None, hide_unlikely: bool | None = None) -> None:
        """Which candidates the list shows (and J/K visit): one kind, and/or only the likely
        ones. Statements with a label are always shown, so nothing labelled is hidden."""
        self.beginResetModel()
        self.kind = kind
        if hide_unlikely is not None:
            self.hide_unlikely = hide_unlikely
        self._shown = self._select()
        self.endResetModel()

    def _select(self) -> tuple[Statement, ...]:
        if self.bundle is None:
            return ()
        cues = default_cues()
        return tuple(s for s in self.bundle.statements if self.label_of(s.id) is not None or (
            (self.kind is None or s.kind == self.kind)
            and not (self.hide_unlikely and cues.is_low(s.confidence))))

    @property
    def hidden(self) -> int:
        """How many statements of the article the filter hides."""
        return len(self.bundle.statements) - len(self._shown) if self.bundle else 0

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self._shown

    def label_of(self, statement_id: int) -> str | None:
        if statement_id in self.pending:
            return self.pending[statement_id]
        return self.bundle.labels.get(statement_id) if self.bundle else None

    def set_label(self, statement_id: int, label: str | None, *, saved: bool) -> None:
        if self.bundle is None:
            return
        if saved:
            self.pending.pop(statement_id, None)
            if label is None:
                self.bundle.labels.pop(statement_id, None)
            else:
                self.bundle.labels[statement_id] = label
        else:
            self.pending[statement_id] = label
        row = next((i for i, s in enumerate(self.statements) if s.id == statement_id), -1)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def drop_pending(self, statement_id: int) -> None:
        """The database refused the change: show the label it has."""
        self.pending.pop(statement_id, None)
        row = self.row_of(statement_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def set_outage(self, outage: bool) -> None:
        if outage != self.outage:
            self.outage = outage
            if self.statements:
                self.dataChanged.emit(self.index(0, self.LABEL),
                                      self.index(len(self.statements) - 1, self.LABEL))

    def row_of(self, statement_id: int | None) -> int:
        return next((i for i, s in enumerate(self.statements) if s.id == statement_id), -1)

    def update_suggestions(self, fresh: tuple[Statement, ...]) -> None:
        """New suggestions (a retrained model) for statements shown: changed in place."""
        by_id = {s.id: s for s in fresh}
        for row, statement in enumerate(self.statements):
            new = by_id.get(statement.id)
            if new is None:
                continue
            statement.suggested_label = new.suggested_label
            statement.suggested_score = new.suggested_score
            statement.suggestion_model = new.suggestion_model
            self.dataChanged.emit(self.index(row, self.SUGGESTED), self.index(row, self.SUGGESTED))

    def _speaker(self, statement: Statement, text: str) -> str:
        """The speaker as the article names them here, and whom that resolves to when it is
        someone else's words ("He → Dmitry Peskov")."""
        mention = "" if statement.speaker_start is None else \
            " ".join(text[statement.speaker_start:statement.speaker_end].split())
        entity = self._entities.get(statement.speaker_entity_id) \
            if statement.speaker_entity_id is not None else None
        if entity is None:
            return mention
        name = " ".join(text[entity.start:entity.end].split())
        if not mention:
            return name
        return mention if name == mention else f"{mention} → {name}"

    # --- Qt ------------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self.statements)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or self.bundle is None or index.row() >= len(self.statements):
            return None
        statement = self.statements[index.row()]
        text = self.bundle.article.text
        column = index.column()
        label = self.label_of(statement.id)
        if role == Qt.ItemDataRole.UserRole:
            return statement.id
        if role == Qt.ItemDataRole.ForegroundRole and column == self.LABEL and label in self.types:
            return QBrush(QColor(self.types[label].colour))
        unlikely = default_cues().is_low(statement.confidence) and label is None
        if role == Qt.ItemDataRole.ForegroundRole and unlikely:  # dimmed: likely to skip
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and column == self.LABEL \
                and statement.id in self.pending:  # shown at once, not yet confirmed
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.LABEL \
                and statement.id in self.pending:
            return "not yet confirmed by the database"
        if role == Qt.ItemDataRole.FontRole and unlikely and column in (1, 3):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and statement.kind:
            confidence = f", {statement.confidence:.0%} likely an attribution" \
                if statement.confidence is not None else ""
            return f"{kind_title(statement.kind)}{confidence}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return text[statement.start:statement.end]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return index.row() + 1
        if column == 1:
            snippet = " ".join(text[statement.start:statement.end].split())
            return snippet if len(snippet) <= 90 else snippet[:89] + "…"
        if column == 2:
            return self._speaker(statement, text)
        if column == 3:
            return kind_title(statement.kind) if statement.kind else "by hand"
        if column == self.SUGGESTED:
            return statement.suggested_label or ""
        name = self.types[label].name if label in self.types else ""
        if statement.id in self.pending and name:
            return f"{name} (unsaved)" if self.outage else f"{name} …"
        return name
