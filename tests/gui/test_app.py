from __future__ import annotations

from annotator.gui import create_main_window
from tests.gui.test_labelling import settle
from annotator.gui.app import load_samples_if_empty


def test_window_title_names_the_annotator_and_database(qtbot, db):
    window = create_main_window(db, "alice")
    qtbot.addWidget(window)
    assert "alice" in window.windowTitle() and db.display_url in window.windowTitle()
    assert window.objectName() == "mainWindow"


def test_first_start_loads_the_sample_articles_once(qtbot, tmp_path):
    from annotator.storage import open_database

    db = open_database(tmp_path / "fresh.db")
    window = create_main_window(db, "alice")
    qtbot.addWidget(window)
    assert load_samples_if_empty(window) is not None  # the import started
    qtbot.waitUntil(lambda: window.control.articles.rowCount() == 4, timeout=120_000)
    settle(qtbot, window)
    assert window.control.article_id is not None and window.view.toPlainText()
    # Two of the samples report the same quotes: the import linked them.
    with db.session() as s:
        from annotator.storage import queries as q

        assert len(set(cluster for cluster, _ in q.cluster_sizes(s).values())) == 2
    assert load_samples_if_empty(window) is None  # not again once there are articles
