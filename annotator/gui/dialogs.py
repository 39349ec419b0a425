"""The window's dialogs and team commands: shortcuts, agreement, review, export, switching
annotator, retraining and switching the model. Each dialog is kept on the window (tests and
users find the one that is open there)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QTableWidget, \
    QTableWidgetItem, QVBoxLayout


class Dialogs:
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window

    def _refuse_unless_lead(self, what: str) -> bool:
        who = self.window.control.annotator
        if not who.is_lead:
            self.window.status.show(f"Only leads {what} (annotator lead {who.name}).", True)
        return not who.is_lead

    def switch_annotator(self) -> None:
        control = self.window.control
        name, ok = QInputDialog.getText(self.window, "Switch annotator", "Your name:",
                                        text=control.annotator.name)
        if ok and name.strip():
            control.switch_annotator(name)

    def show_shortcuts(self) -> None:
        w = self.window
        dialog = QDialog(w)
        dialog.setObjectName("shortcutsDialog")
        dialog.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(w.shortcuts), 2, dialog)
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        for row, (keys, what) in enumerate(w.shortcuts):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        QVBoxLayout(dialog).addWidget(table)
        dialog.resize(520, 560)
        dialog.show()
        w.shortcuts_dialog = dialog

    def share_statement(self) -> None:
        """A lead makes the current hand-made statement everyone's candidate."""
        control = self.window.control
        if self._refuse_unless_lead("share statements made by hand"):
            return
        current = control.current
        if current is None:
            self.window.status.show("Choose the statement to share first.", True)
            return
        if current.private_to is None:
            self.window.status.show("This statement is everyone's already.", False)
            return
        control.share_current()

    def retrain(self) -> None:
        started = self.window.trainer.retrain()
        self.window.status.show("Training the suggestion model in the background…" if started
                                else "The suggestion model is already training.", False)

    def toggle_model(self, checked: bool) -> None:
        if self._refuse_unless_lead("switch the suggestion model on or off"):
            self.window.model_action.setChecked(not checked)
            return
        self.window.trainer.set_enabled(checked)

    def show_progress(self) -> None:
        from annotator.gui.progress_view import ProgressDialog

        w = self.window
        w.progress_dialog = ProgressDialog(w.db, w.control.types,
                                           lead=w.control.annotator.is_lead, parent=w)
        w.progress_dialog.show()

    def show_agreement(self) -> None:
        from annotator.gui.team import AgreementDialog

        w = self.window
        w.agreement_dialog = AgreementDialog(w.db, w)
        w.agreement_dialog.show()

    def show_review(self) -> None:
        from annotator.gui.team import ReviewDialog

        w = self.window
        if self._refuse_unless_lead("review disagreements"):
            return
        w.review_dialog = ReviewDialog(w.db, w.control.annotator.name, w.control.types, w)
        w.review_dialog.openStatement.connect(
            lambda article_id, statement_id: w.control.open_article(article_id, statement_id))
        w.review_dialog.show()
        w.review_dialog.table.setFocus()

    def show_export(self) -> None:
        from annotator.gui.export_dialog import ExportDialog

        w = self.window
        w.export_dialog = ExportDialog(w.db, w)
        w.export_dialog.show()

    def confirm_quit(self, waiting: int) -> bool:
        """``waiting`` changes are not confirmed and the database is away: quit anyway?"""
        answer = QMessageBox.warning(
            self.window, "Changes not confirmed",
            f"{waiting} label change(s) are not confirmed by the database yet: it is not "
            "reachable. They are kept on this computer and saved the next time annotator "
            "opens this database. Quit now?",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes
