"""Team views: agreement (with the confusion matrix and per-outlet figures as pictures) and the
lead's review of disagreements."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator import ops
from annotator.core.agreement import AgreementReport, figure
from annotator.core.errors import AnnotatorError
from annotator.core.models import LabelType
from annotator.gui.tasks import Task
from annotator.storage import Database


def _fmt(value: float | None, percent: bool = False) -> str:
    return figure(value, percent=percent)


class _ReportChart(QWidget):
    """A picture of an AgreementReport, repainted when the report arrives."""

    def __init__(self, name: str, accessible: str, height: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setMinimumSize(420, height)
        self.report: AgreementReport | None = None

    def set_report(self, report: AgreementReport) -> None:
        self.report = report
        self.update()


class ConfusionMatrixView(_ReportChart):
    """A heat map of how often two labels met on the same statement."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("confusionMatrix", "Confusion matrix", 360, parent)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        labels = self.report.labels if self.report else []
        if not labels:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No statement has two or more labels yet.")
            return
        margin = 110
        size = min(self.width() - margin - 10, self.height() - margin - 10) / len(labels)
        top = max(c for row in self.report.confusion.values() for c in row.values()) or 1
        text = self.palette().text().color()
        for i, a in enumerate(labels):
            painter.setPen(text)
            painter.drawText(QRectF(0, margin + i * size, margin - 8, size),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, a)
            painter.save()
            painter.translate(margin + i * size + size / 2, margin - 8)
            painter.rotate(-45)
            painter.drawText(0, 0, a)
            painter.restore()
            for j, b in enumerate(labels):
                count = self.report.confusion.get(a, {}).get(b, 0)
                shade = count / top
                colour = QColor("#0072B2") if i == j else QColor("#D55E00")
                colour.setAlphaF(0.08 + 0.85 * shade)
                cell = QRectF(margin + j * size, margin + i * size, size - 2, size - 2)
                painter.fillRect(cell, colour)
                painter.setPen(QPen(QColor("white") if shade > 0.55 else text))
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(count))


class OutletBars(_ReportChart):
    """Percent agreement (bar) and alpha (tick) for each outlet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("outletChart", "Agreement by outlet", 260, parent)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        groups = self.report.by_source if self.report else []
        if not groups:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No outlet to compare yet.")
            return
        text = self.palette().text().color()
        label_width, row = 170, min(34.0, (self.height() - 30) / len(groups))
        width = self.width() - label_width - 70
        for i, g in enumerate(groups):
            y = 10 + i * row
            painter.setPen(text)
            name = self.fontMetrics().elidedText(f"{g.name} ({g.statements})",
                                                 Qt.TextElideMode.ElideMiddle, label_width - 12)
            painter.drawText(QRectF(0, y, label_width - 8, row),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            share = g.percent or 0.0
            painter.fillRect(QRectF(label_width, y + 6, width * share, row - 12), QColor("#009E73"))
            painter.drawRect(QRectF(label_width, y + 6, width, row - 12))
            if g.alpha is not None:
                x = label_width + width * max(0.0, g.alpha)
                painter.setPen(QPen(QColor("#CC79A7"), 3))
                painter.drawLine(int(x), int(y + 3), int(x), int(y + row - 3))
            painter.setPen(text)
            painter.drawText(QRectF(label_width + width + 6, y, 64, row),
                             Qt.AlignmentFlag.AlignVCenter, _fmt(g.percent, True))
        painter.drawText(QRectF(label_width, 10 + len(groups) * row + 6, width + 70, 24),
                         Qt.AlignmentFlag.AlignLeft,
                         "green bar: percent agreement · pink tick: Krippendorff's α (0 to 1)")


class AgreementDialog(QDialog):
    """Agreement computed off the GUI thread; numbers, pairs, labels and two pictures."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement")
        self.summary = QLabel("Computing…", objectName="agreementSummary")
        self.pairs = QTableWidget(0, 4, objectName="agreementPairs")
        self.pairs.setHorizontalHeaderLabels(["Annotators", "Statements", "Agreement", "Cohen's κ"])
        self.pairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.per_label = QTableWidget(0, 2, objectName="agreementLabels")
        self.per_label.setHorizontalHeaderLabels(["Label", "Agreement"])
        self.per_label.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix = ConfusionMatrixView()
        self.outlets = OutletBars()
        tabs = QTabWidget()
        tabs.addTab(self.matrix, "Confusion matrix")
        tabs.addTab(self.outlets, "By outlet")
        tabs.addTab(self.pairs, "Pairs")
        tabs.addTab(self.per_label, "Per label")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(tabs)
        self.resize(640, 560)
        self.report: AgreementReport | None = None
        self.task = Task(lambda progress, cancelled: ops.agreement(db), self)
        self.task.finished.connect(self.show_report)
        self.task.failed.connect(lambda message: self.summary.setText(f"Failed: {message}"))
        self.task.start()

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.summary.setText(
            f"{report.statements:,} statements labelled by two or more of {len(report.annotators)} "
            f"annotators · percent agreement {_fmt(report.percent, True)} · "
            f"Krippendorff's α {_fmt(report.alpha)}")
        self.matrix.set_report(report)
        self.outlets.set_report(report)
        self.pairs.setRowCount(len(report.pairs))
        for row, p in enumerate(report.pairs):
            for col, value in enumerate((f"{p.a} / {p.b}", f"{p.statements:,}",
                                         _fmt(p.percent, True), _fmt(p.kappa))):
                self.pairs.setItem(row, col, QTableWidgetItem(value))
        self.per_label.setRowCount(len(report.labels))
        for row, label in enumerate(report.labels):
            self.per_label.setItem(row, 0, QTableWidgetItem(label))
            self.per_label.setItem(row, 1, QTableWidgetItem(_fmt(report.per_label.get(label), True)))


class _ReviewModel(QAbstractTableModel):
    """The statements under review, drawn only as they scroll into view."""

    HEADERS = ("Statement", "Outlet", "Votes", "Gold")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[dict] = []  # type: ignore[type-arg]

    def set_items(self, items: list[dict]) -> None:  # type: ignore[type-arg]
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def settle(self, row: int, gold: str | None, rationale: str | None) -> None:
        self.items[row]["gold"], self.items[row]["rationale"] = gold, rationale
        cell = self.index(row, 3)
        self.dataChanged.emit(cell, cell)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                or not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole cell, however narrow the column
            if column == 2:
                return "\n".join(f"{who}: {label}" for who, label in item["votes"])
            if column == 0:
                return " ".join(item["text"].split())
            return None
        if column == 0:
            return " ".join(item["text"].split())
        if column == 1:
            return item["source"] or ""
        if column == 2:
            return ", ".join(f"{who}: {label}" for who, label in item["votes"])
        return item["gold"] or ""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class _ReviewTable(QTableView):
    """Keys act on the selected statement while the table has focus."""

    def __init__(self, on_key, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._on_key = on_key

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier) \
                and self._on_key(event.text().upper()):
            event.accept()
            return
        super().keyPressEvent(event)

    def current_row(self) -> int:
        return self.currentIndex().row()

    def select_row(self, row: int) -> None:
        self.setCurrentIndex(self.model().index(row, 0))
        self.selectRow(row)


class ReviewDialog(QDialog):
    """A lead settles disagreements: every vote is shown; 1–4 set the gold label (with the
    rationale typed below) and move to the next statement; 0 removes the gold label. The
    list loads in a worker (a large project has tens of thousands of disagreements) and a
    decision updates its row in place. Below the list, the selected statement in its
    paragraph with every vote and note in full; a double-click (or O) opens the article
    at that statement in the window."""

    openStatement = Signal(int, int)  # article id, statement id

    def __init__(self, db: Database, lead: str, types: list[LabelType],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(f"Review disagreements — {lead}")
        self.db, self.lead = db, lead
        self.types = [t for t in types if t.kind == "label"]
        self.model = _ReviewModel(self)
        self.loading: Task | None = None
        self.table = _ReviewTable(self._on_key)
        self.table.setModel(self.model)
        self.table.setObjectName("reviewTable")
        self.table.setAccessibleName("Statements to review")
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 16 * self.fontMetrics().averageCharWidth() * 2)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(lambda index: self.open_current())
        self.context = QTextBrowser(objectName="reviewContext")
        self.context.setAccessibleName("The statement in its paragraph, with every vote")
        self.context.setOpenLinks(False)
        self._context_task: Task | None = None
        self.show_all = QCheckBox("Also statements everyone agreed on", objectName="reviewAll")
        self.show_all.toggled.connect(lambda _: self.reload())
        self.rationale = QLineEdit(objectName="reviewRationale")
        self.rationale.setPlaceholderText("Rationale (optional), saved with the gold label")
        self.status = QLabel(objectName="reviewStatus")
        keys = "  ".join(f"{t.shortcut} {t.name}" for t in self.types)
        hint = QLabel(f"Keys: {keys} · 0 remove gold · J/K next/previous · O or "
                      "double-click: open in the window")
        row = QHBoxLayout()
        row.addWidget(self.show_all)
        row.addStretch(1)
        row.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.context)
        split.setSizes([330, 200])
        layout.addWidget(split, 1)
        layout.addWidget(self.rationale)
        layout.addWidget(self.status)
        self._keys = {t.shortcut.upper(): (lambda key=t.key: self.decide(key)) for t in self.types}
        self._keys.update({"0": lambda: self.decide(None), "J": lambda: self.move(1),
                           "K": lambda: self.move(-1), "O": self.open_current})
        self.resize(960, 660)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_context())
        self.reload()

    def open_current(self) -> None:
        row = self.table.current_row()
        if 0 <= row < len(self.items):
            item = self.items[row]
            self.openStatement.emit(item["article_id"], item["statement_id"])

    def _load_context(self) -> None:
        """The selected statement in full, read off the GUI thread (a newer selection
        supersedes an older one)."""
        row = self.table.current_row()
        if not 0 <= row < len(self.items):
            self.context.clear()
            return
        db, statement_id = self.db, self.items[row]["statement_id"]
        task = Task(lambda progress, cancelled: ops.review_context(db, statement_id=statement_id),
                    self)
        self._context_task = task
        task.finished.connect(lambda found: self._show_context(task, found))
        task.failed.connect(lambda message: self.context.setPlainText(message))
        task.start()

    def _show_context(self, task: Task, found: dict) -> None:  # type: ignore[type-arg]
        if task is not self._context_task:
            return
        dark = self.context.palette().base().color().lightness() < 128
        self.context.setHtml(context_html(found, self.types, dark=dark))

    @property
    def items(self) -> list[dict]:  # type: ignore[type-arg]
        return self.model.items

    def _on_key(self, text: str) -> bool:
        action = self._keys.get(text)
        if action is None:
            return False
        action()
        return True

    def reload(self) -> Task:
        """Load the statements under review off the GUI thread; the table fills when they
        arrive (a newer reload supersedes an older one)."""
        include_agreed = self.show_all.isChecked()
        task = Task(lambda progress, cancelled: ops.review_items(
            self.db, include_agreed=include_agreed), self)
        task.finished.connect(lambda items: self._loaded(task, items))
        task.failed.connect(lambda message: self.status.setText(f"Loading failed: {message}"))
        self.loading = task
        self.status.setText("Loading…")
        task.start()
        return task

    def done(self, result: int) -> None:
        self._context_task = None
        super().done(result)

    def _loaded(self, task: Task, items: list[dict]) -> None:  # type: ignore[type-arg]
        if task is not self.loading:
            return
        row = max(0, self.table.current_row())
        self.model.set_items(items)
        self._show_count()
        if items:
            self.table.select_row(min(row, len(items) - 1))

    def _show_count(self) -> None:
        settled = sum(1 for i in self.items if i["gold"])
        self.status.setText(f"{settled} of {len(self.items)} settled")

    def move(self, step: int) -> None:
        if self.items:
            self.table.select_row(max(0, min(len(self.items) - 1, self.table.current_row() + step)))

    def decide(self, key: str | None) -> None:
        row = self.table.current_row()
        if not 0 <= row < len(self.items):
            return
        rationale = self.rationale.text() or None
        try:
            ops.set_gold(self.db, statement_id=self.items[row]["statement_id"], lead=self.lead,
                         label=key, rationale=rationale)
        except AnnotatorError as exc:
            self.status.setText(exc.message)
            return
        self.rationale.clear()
        self.model.settle(row, key, rationale if key else None)
        self._show_count()
        following = next((i for i in range(row + 1, len(self.items)) if not self.items[i]["gold"]),
                         None)
        self.table.select_row(following if following is not None else row)


def context_html(found: dict, types: list[LabelType], *, dark: bool = False) -> str:  # type: ignore[type-arg]
    """The statement in its paragraph (in bold), then every vote and note, then the gold."""
    names = {t.key: t.name for t in types}
    colours = {t.key: t.colour for t in types}
    text, start, end = found["paragraph"], found["start"], found["end"]
    tint = "#3A2C52" if dark else "#EDE7F6"  # the current statement's, as in the article
    paragraph = (escape(text[:start]) + f"<b style='background:{tint}'>"
                 + escape(text[start:end]) + "</b>" + escape(text[end:]))
    where = " · ".join(escape(part) for part in (found.get("title"), found.get("source")) if part)
    votes = "".join(
        f"<li><b>{escape(who)}</b>: <span style='color:{colours.get(label, '#444')}'>"
        f"{escape(names.get(label, label))}</span>"
        + (f" — <i>{escape(note)}</i>" if note else "") + "</li>"
        for who, label, note in found["votes"])
    gold = found.get("gold")
    settled = (f"<p>Gold: <b>{escape(names.get(gold['label'], gold['label']))}</b> by "
               f"{escape(gold['by'])}" + (f" — <i>{escape(gold['rationale'])}</i>"
                                          if gold.get("rationale") else "") + "</p>"
               if gold else "<p>Not settled yet.</p>")
    return (f"<p style='color:{'#aaa' if dark else '#555'}'>{where}</p><p>{paragraph}</p>"
            f"<p>Votes:</p><ul>{votes}</ul>{settled}")
