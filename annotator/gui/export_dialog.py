"""The export dialog: format, filters, file; runs off the GUI thread with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator import ops, settings
from annotator.io import formats
from annotator.gui.tasks import Task
from annotator.storage import Database

SUFFIX = {key: formats.get(key).suffixes[0] for key in formats.written()}


class ExportDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.db = db
        self.task: Task | None = None
        self.summary = None
        self.format = QComboBox(objectName="exportFormat")
        for key in formats.written():  # from the one format registry
            self.format.addItem(formats.get(key).title, key)
        self.format.currentIndexChanged.connect(self._suggest_suffix)
        self.annotators = self._list("exportAnnotators", ops.annotator_names(db))
        self.labels = self._list("exportLabels", [t.key for t in ops.label_types(db)
                                                  if t.kind == "label"])
        self.sources = self._list("exportSources", ops.sources(db))
        self.gold = QCheckBox("Gold labels where adjudicated (with every vote)", objectName="exportGold")
        self.unlabelled = QCheckBox("Include unlabelled candidates (label null)",
                                    objectName="exportUnlabelled")
        self.path = QLineEdit(str(Path.home() / "statements.jsonl"), objectName="exportPath")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.hint = QLabel(objectName="exportHint")  # what the chosen format writes
        self.hint.setWordWrap(True)
        self.progress = QProgressBar(objectName="exportProgress")
        self.progress.setRange(0, 1)
        self.message = QLabel(objectName="exportMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setObjectName("exportRun")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Annotators (none selected: all)", self.annotators)
        form.addRow("Labels (none selected: all)", self.labels)
        form.addRow("Outlets (none selected: all)", self.sources)
        form.addRow("", self.gold)
        form.addRow("", self.unlabelled)
        form.addRow("File", path_row)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 560)
        # Where the last export went, in the format it had: exports are usually repeated.
        fmt, path = settings.last_export()
        index = self.format.findData(fmt) if fmt else -1
        if index >= 0:
            self.format.setCurrentIndex(index)
        if path:
            self.path.setText(path)
        self.hint.setText(formats.get(self.format.currentData()).hint)

    def _list(self, name: str, items: list[str]) -> QListWidget:
        widget = QListWidget(objectName=name)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        widget.addItems(items)
        widget.setMaximumHeight(90)
        return widget

    @staticmethod
    def _chosen(widget: QListWidget) -> list[str] | None:
        return [item.text() for item in widget.selectedItems()] or None

    def _suggest_suffix(self) -> None:
        path = Path(self.path.text() or "export")
        self.path.setText(str(path.with_suffix(SUFFIX[self.format.currentData()])))
        self.hint.setText(formats.get(self.format.currentData()).hint)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if name:
            self.path.setText(name)

    def start(self) -> Task | None:
        if self.task is not None and self.task.is_pending():
            return None
        target = Path(self.path.text()).expanduser()
        options = dict(format=self.format.currentData(), output=target,
                       annotators=self._chosen(self.annotators), labels=self._chosen(self.labels),
                       sources=self._chosen(self.sources), gold=self.gold.isChecked(),
                       include_unlabelled=self.unlabelled.isChecked())
        task = Task(lambda progress, cancelled: ops.export(self.db, progress=progress,
                                                           cancelled=cancelled, **options), self)
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        self.task = task
        self.run_button.setEnabled(False)
        self.cancel_button.setText("Cancel")
        self.message.setText("Exporting…")
        self.progress.setRange(0, 0)
        task.start()
        return task

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, summary) -> None:  # type: ignore[no-untyped-def]
        self.summary = summary
        self._idle()
        if summary.cancelled:
            self.message.setText("Cancelled: no file was written.")
        else:
            self.progress.setValue(self.progress.maximum())
            settings.remember_export(summary.format, self.path.text())
            self.message.setText(f"Exported {summary.records:,} records from {summary.articles:,} "
                                 f"articles to {', '.join(summary.paths)}.")

    def _on_failed(self, message: str) -> None:
        self._idle()
        self.message.setText(f"Export failed: {message}")

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setText("Close")
        self.progress.setRange(0, 1)

    def _cancel_or_close(self) -> None:
        if self.task is not None and self.task.is_pending():
            self.task.cancel()
        else:
            self.reject()
