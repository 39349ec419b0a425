"""Team → Progress: how far the project has got, as pictures (done / assigned per
annotator, labels per label and per outlet, labels per hour, and for leads agreement per
outlet week by week) with the numbers a tab away. Read off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import ops
from annotator.core.models import LabelType
from annotator.core.progress import ProjectProgress
from annotator.gui.tasks import Task
from annotator.storage import Database

GREY = "#9E9E9E"


class BarChart(QWidget):
    """Horizontal bars, one row each: a name, stacked segments (value, colour), the total
    written at the end; ``scale`` is the value a full bar stands for."""

    ROW = 22

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.rows: list[tuple[str, list[tuple[int, str]], str]] = []
        self.scale = 0

    def set_rows(self, rows: list[tuple[str, list[tuple[int, str]], str]],
                 scale: int | None = None) -> None:
        self.rows = rows
        self.scale = scale if scale is not None else max(
            (sum(v for v, _ in segments) for _, segments, _ in rows), default=0)
        self.setMinimumHeight(self.ROW * max(1, len(rows)) + 6)
        self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        names = max((metrics.horizontalAdvance(n) for n, _, _ in self.rows), default=0) + 12
        names = min(names, self.width() // 3)
        room = max(10, self.width() - names - 90)
        for i, (name, segments, total) in enumerate(self.rows):
            top = 3 + i * self.ROW
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, top, names - 6, self.ROW - 4),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, names - 6))
            x = float(names)
            for value, colour in segments:
                width = room * value / self.scale if self.scale else 0
                painter.fillRect(QRectF(x, top + 3, width, self.ROW - 10), QColor(colour))
                x += width
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x + 6, top, 90, self.ROW - 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, total)
        painter.end()


class HourChart(QWidget):
    """Labels per hour over the last two days, as columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsPerHour")
        self.setAccessibleName("Labels per hour")
        self.setMinimumHeight(120)
        self.hours: list[tuple[object, int]] = []

    def set_hours(self, hours) -> None:  # type: ignore[no-untyped-def]
        self.hours = hours
        self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.hours:
            return
        painter = QPainter(self)
        most = max(n for _, n in self.hours) or 1
        text_height = self.fontMetrics().height() + 4
        bottom = self.height() - text_height
        step = self.width() / len(self.hours)
        for i, (_, n) in enumerate(self.hours):
            height = (bottom - 8) * n / most
            painter.fillRect(QRectF(i * step + 1, bottom - height, max(1.0, step - 2), height),
                             QColor("#0072B2"))
        painter.setPen(self.palette().text().color())
        first, last = self.hours[0][0], self.hours[-1][0]
        painter.drawText(QRectF(0, bottom, self.width(), text_height),
                         Qt.AlignmentFlag.AlignLeft, f"{first:%d %b %H:00}")  # type: ignore[str-format]
        painter.drawText(QRectF(0, bottom, self.width(), text_height),
                         Qt.AlignmentFlag.AlignRight,
                         f"{last:%d %b %H:00} UTC · most {most:,} an hour")  # type: ignore[str-format]
        painter.end()


class ProgressDialog(QDialog):
    def __init__(self, db: Database, types: list[LabelType], *, lead: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle("Progress")
        self.db, self.lead = db, lead
        self.types = types
        self.progress: ProjectProgress | None = None
        self.annotators = BarChart("progressAnnotators", "Done and assigned per annotator")
        self.labels = BarChart("progressLabels", "Labels per label")
        self.outlets = BarChart("progressOutlets", "Labels per outlet, by label")
        self.per_hour = HourChart()
        self.agreement = BarChart("progressAgreement", "Agreement per outlet by week")
        self.numbers = QPlainTextEdit(objectName="progressNumbers")
        self.numbers.setReadOnly(True)
        self.status = QLabel("Loading…", objectName="progressStatus")
        page = QWidget()
        column = QVBoxLayout(page)
        parts = [("Done / assigned per annotator (labelled, where nothing is assigned)",
                  self.annotators), ("Labels", self.labels), ("Labels per outlet", self.outlets),
                 ("Labels per hour, the last 48 hours", self.per_hour)]
        if lead:
            parts.append(("Agreement per outlet, week by week (statements labelled by two or "
                          "more; leads only)", self.agreement))
        for title, chart in parts:
            heading = QLabel(f"<b>{title}</b>")
            column.addWidget(heading)
            column.addWidget(chart)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        tabs = QTabWidget(objectName="progressTabs")
        tabs.addTab(scroll, "Pictures")
        tabs.addTab(self.numbers, "Numbers")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.status)
        self.resize(760, 640)
        self.task = Task(lambda progress, cancelled: ops.progress(db), self)
        self.task.finished.connect(self._show)
        self.task.failed.connect(lambda message: self.status.setText(f"Loading failed: {message}"))
        self.task.start()

    def _show(self, p: ProjectProgress) -> None:
        self.progress = p
        colours = {t.key: t.colour for t in self.types}
        names = {t.key: t.name for t in self.types}
        rows = []
        for a in p.annotators:
            if a.assigned:
                rows.append((a.name, [(a.done, "#009E73"), (a.assigned - a.done, "#D9D9D9")],
                             f"{a.done:,}/{a.assigned:,} ({a.share:.0%})"))
            else:
                rows.append((a.name, [(a.labelled, "#56B4E9")], f"{a.labelled:,} labelled"))
        self.annotators.set_rows(rows, max((max(a.assigned, a.labelled) for a in p.annotators),
                                           default=0))
        self.labels.set_rows([(names.get(k, k), [(n, colours.get(k, GREY))], f"{n:,}")
                              for k, n in p.per_label.items()])
        self.outlets.set_rows([(outlet, [(n, colours.get(k, GREY)) for k, n in counts.items()],
                                f"{sum(counts.values()):,}") for outlet, counts in p.per_outlet.items()])
        self.per_hour.set_hours(p.hours(48))
        if self.lead:
            rows = []
            for outlet, weeks in p.agreement.items():
                for w in weeks[-4:]:
                    rows.append((f"{outlet} · {w.week}", [(w.agreed, "#009E73"),
                                                          (w.statements - w.agreed, "#D55E00")],
                                 f"{w.percent:.0%} of {w.statements:,}"))
            self.agreement.set_rows(rows)
        self.numbers.setPlainText(numbers_text(p, names, lead=self.lead))
        total = sum(p.per_label.values())
        self.status.setText(f"{total:,} labels by {len(p.annotators)} annotator(s)")


def numbers_text(p: ProjectProgress, names: dict[str, str], *, lead: bool) -> str:
    lines = ["Per annotator: labelled, done / assigned"]
    for a in p.annotators:
        share = f"{a.done:,} / {a.assigned:,} ({a.share:.1%})" if a.assigned else "nothing assigned"
        lines.append(f"  {a.name:<20} {a.labelled:>8,}   {share}")
    lines.append("Labels")
    lines += [f"  {names.get(k, k):<20} {n:>8,}" for k, n in p.per_label.items()]
    lines.append("Labels per outlet")
    for outlet, counts in p.per_outlet.items():
        detail = ", ".join(f"{names.get(k, k)} {n:,}" for k, n in counts.items() if n)
        lines.append(f"  {outlet:<20} {sum(counts.values()):>8,}   {detail}")
    lines.append("Labels per hour (UTC)")
    lines += [f"  {hour:%Y-%m-%d %H:00}  {n:>6,}" for hour, n in p.per_hour[-48:]]
    if lead:
        lines.append("Agreement per outlet, by week")
        for outlet, weeks in p.agreement.items():
            for w in weeks:
                lines.append(f"  {outlet:<20} {w.week}  {w.percent:>6.1%} of {w.statements:,}")
    return "\n".join(lines)
