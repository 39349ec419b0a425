"""Application start-up: the QApplication, the main window, the event loop."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from annotator import ops
from annotator.storage import Database


def create_main_window(db: Database, annotator: str) -> QMainWindow:
    """The ready main window, without starting the event loop (the CLI and tests use it)."""
    window = QMainWindow()
    window.setObjectName("mainWindow")
    window.setWindowTitle(f"annotator — {annotator}")
    counts = ops.stats(db)
    label = QLabel(f"{counts.articles:,} articles, {counts.statements:,} statements, "
                   f"{counts.labels:,} labels in {db.display_url}")
    label.setObjectName("placeholder")
    window.setCentralWidget(label)
    window.resize(1000, 700)
    return window


def run(db: Database, annotator: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    window = create_main_window(db, annotator)
    window.show()
    return app.exec()
