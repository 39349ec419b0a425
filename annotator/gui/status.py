"""The status bar: where the annotator is, how far along, and whether everything is saved
(a problem in red)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from annotator.core.undo import describe

PROBLEM_STYLE = "color: white; background: #B00020; padding: 0 6px;"


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.article = QLabel()
        self.article.setObjectName("statusArticle")
        self.progress = QLabel()
        self.progress.setObjectName("statusProgress")
        self.saved = QLabel("saved")
        self.saved.setObjectName("statusSaved")
        bar.addWidget(self.article)
        bar.addWidget(self.progress, 1)
        bar.addPermanentWidget(self.saved)

    def show(self, message: str, problem: bool) -> None:
        self.saved.setText(message)
        self.saved.setStyleSheet(PROBLEM_STYLE if problem else "")

    def update(self, control, undo_action, redo_action) -> None:  # type: ignore[no-untyped-def]
        """Article n/N, progress here and overall, and what Undo / Redo would do."""
        row = control.articles.row_of(control.article_id) if control.article_id is not None else -1
        self.article.setText(f"Article {row + 1 if row >= 0 else '–'}/{control.articles.rowCount()}")
        here, count, overall, everything = control.progress()
        self.progress.setText(f"Labelled: {here}/{count} in this article · "
                              f"{overall}/{everything} overall")
        undo = control.session.undo
        for action, verb, edit in ((undo_action, "&Undo", undo.next_undo()),
                                   (redo_action, "&Redo", undo.next_redo())):
            action.setEnabled(edit is not None)
            action.setText(f"{verb} {describe(edit)}" if edit is not None else verb)
