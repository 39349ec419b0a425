from __future__ import annotations

from annotator.gui import create_main_window


def test_window_shows_what_the_database_holds(qtbot, db):
    window = create_main_window(db, "alice")
    qtbot.addWidget(window)
    assert "alice" in window.windowTitle()
    assert window.objectName() == "mainWindow"
