"""Importing from the window: file and folder pickers, drops, a cancellable progress
dialog, and a non-modal report of what failed. The import itself runs in a thread of its
own (it is long, and the database worker must stay free for labels)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QWidget

from annotator import ops
from annotator.io import formats
from annotator.gui.tasks import Task
from annotator.storage import Database


class ImportRunner(QObject):
    imported = Signal(object)  # ImportSummary, once an import has ended
    message = Signal(str, bool)  # status line text, is a problem

    def __init__(self, db: Database, window: QWidget) -> None:
        super().__init__(window)
        self.db = db
        self.window = window
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None
        self.last = None  # the last ImportSummary
        self.report_box: QMessageBox | None = None

    def pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import articles", "",
                                                formats.import_filter())
        if files:
            self.start_asking(files)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles")
        if folder:
            self.start_asking([folder])

    def start_asking(self, paths: list[str]) -> Task | None:
        """Ask which outlet the articles are from (as ``annotator import --source``), then
        import them; cancelling the question imports nothing."""
        known = [self.window.filter_source.itemText(i)
                 for i in range(1, self.window.filter_source.count())]
        outlet, ok = QInputDialog.getItem(
            self.window, "Import articles",
            "Outlet of these articles (e.g. Reuters). Leave it empty to take each article's "
            "from its file: a source line, a record's source, a page's site name or web "
            "address.", [""] + known, 0, True)
        if not ok:
            return None
        return self.start(paths, source=outlet.strip() or None)

    def is_running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def start(self, paths: list[str], *, quiet: bool = False,
              source: str | None = None) -> Task | None:
        """Import in a worker thread with a cancellable progress dialog; ``source``: the
        outlet of every article (else each file says)."""
        if self.is_running():
            self.message.emit("An import is already running.", True)
            return None
        db = self.db
        task = Task(lambda progress, cancelled: ops.import_articles(
            db, paths, progress=progress, cancelled=cancelled, source=source), self)
        dialog = QProgressDialog("Importing articles… (loading the language model)", "Cancel",
                                 0, 0, self.window)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Import")
        dialog.setMinimumDuration(0 if not quiet else 400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)
        task.progress.connect(lambda done, total: (
            dialog.setMaximum(max(total, 1)), dialog.setValue(done),
            dialog.setLabelText(f"Importing articles… {done}/{total}")))
        task.finished.connect(lambda summary: self._done(summary, dialog, quiet))
        task.failed.connect(lambda message: self._failed(message, dialog))
        self.task, self.dialog = task, dialog
        task.start()
        return task

    def stop(self) -> None:
        """The window closes: cancel a running import and wait for it to end cleanly."""
        if self.is_running():
            self.task.cancel()  # type: ignore[union-attr]
            self.task.wait()  # type: ignore[union-attr]

    def _done(self, summary, dialog: QProgressDialog, quiet: bool) -> None:  # type: ignore[no-untyped-def]
        dialog.close()
        text = (f"Imported {summary.imported}, duplicates skipped {summary.duplicates}, "
                f"failed {len(summary.failed)}" + (" (cancelled)" if summary.cancelled else "")
                + ".")
        self.last = summary
        self.imported.emit(summary)
        self.message.emit(text, bool(summary.failed))
        if summary.failed and not quiet:
            self._report("Import", text, "\n".join(str(p) for p in summary.failed))

    def _failed(self, message: str, dialog: QProgressDialog) -> None:
        dialog.close()
        self.message.emit(f"Import failed: {message}", True)
        self._report("Import failed", message)

    def _report(self, title: str, text: str, details: str = "") -> None:
        """A non-modal report: work goes on while it is open."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setObjectName("importReport")
        if details:
            box.setDetailedText(details)
        box.setModal(False)
        box.open()
        self.report_box = box
