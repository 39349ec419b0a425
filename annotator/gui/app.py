"""Application start-up: the QApplication, the main window, the event loop."""

from __future__ import annotations

import getpass
import sys

from PySide6.QtWidgets import QApplication, QInputDialog

from annotator import ops, settings
from annotator.core.assets import resource
from annotator.gui.main_window import MainWindow
from annotator.storage import Database


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    return app  # type: ignore[return-value]


STARTUP_WAIT_MS = 5000


def create_main_window(db: Database, annotator: str) -> MainWindow:
    """The ready main window, without starting the event loop (the CLI and tests use it)."""
    application()
    window = MainWindow(db, annotator)
    window.control.resume()
    # Shown with its first article rather than empty: the journal is delivered and the
    # article read on the worker while the event loop runs (at most a few seconds).
    window.control.settle(STARTUP_WAIT_MS, until=lambda: window.control.shown_once)
    return window


def run(db: Database, annotator: str | None, *, load_samples: bool = False) -> int:
    app = application()
    name = annotator or settings.remembered_annotator()
    if name is None:
        name, ok = QInputDialog.getText(None, "annotator", "Who is labelling? (your name)",
                                        text=getpass.getuser())
        if not ok or not name.strip():
            return 0
    name = name.strip()
    settings.remember_annotator(name)
    window = create_main_window(db, name)
    window.show()
    if load_samples:
        load_samples_if_empty(window)
    return app.exec()


def load_samples_if_empty(window: MainWindow):  # type: ignore[no-untyped-def]
    """First start on the embedded database: import the project's own sample articles (in
    the background, like any import). Returns the import task, or None."""
    if ops.stats(window.db).articles:
        return None
    return window.importer.start([str(resource("samples"))], quiet=True)
