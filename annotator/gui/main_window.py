"""The main window: layout and wiring only. Behaviour lives in AnnotationController."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

from annotator.core.changes import Changes
from annotator.core.models import ArticleBundle, Statement
from annotator.gui import actions
from annotator.gui.article_pane import ArticlePane
from annotator.gui.controller import AnnotationController
from annotator.gui.dialogs import Dialogs
from annotator.gui.editing import Editing
from annotator.gui.entities import EntityPalette
from annotator.gui.importer import ImportRunner
from annotator.gui.keys import TextFieldKeys
from annotator.gui.panes import ReadingPane, StatementPane, guidelines_dock
from annotator.gui.status import StatusLine
from annotator.gui.suggestions import SuggestionTrainer
from annotator.storage import Database

QUIT_WAIT_S = 3.0  # how long quitting waits for the database to confirm waiting changes


class MainWindow(QMainWindow):
    def __init__(self, db: Database, annotator: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAccessibleName("annotator")
        self.db = db
        self.control = AnnotationController(db, annotator, self)
        self.trainer = SuggestionTrainer(db, self.control, self)
        self.shortcuts: list[tuple[str, str]] = []  # (keys, what) for the ? dialog
        self.dialogs = Dialogs(self)
        self.editing = Editing(self)
        self.entity_palette = EntityPalette(self)
        self.importer = ImportRunner(db, self)
        self.importer.imported.connect(lambda _: self.articles_pane.new_articles())
        self.importer.message.connect(self._on_status)
        self._build_widgets()
        self._build_actions()
        self._wire()
        self.setAcceptDrops(True)
        # Keys typed into the note, the filter or a dialog's rationale are text, not labels.
        self._text_keys = TextFieldKeys(self.statement_table, self)
        QApplication.instance().installEventFilter(self._text_keys)
        self._focused_once = False
        # What is not needed to show the first article waits until it is shown, so the
        # database worker (and the trainer's thread) read that first.
        self.control.articleOpened.connect(self._after_first_article)
        self.resize(1440, 880)
        self._restore_layout()
        self._update_title()

    # --- layout --------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        c = self.control
        self.articles_pane = left = ArticlePane(c)
        self.filter_text, self.filter_source = left.filter_text, left.filter_source
        self.filter_status, self.article_list = left.filter_status, left.article_list

        self.reading = middle = ReadingPane()
        self.legend, self.legend_area, self.view = middle.legend, middle.legend_area, middle.view
        self.statements_pane = right = StatementPane(c)
        self.label_buttons, self.statement_table = right.label_buttons, right.table
        self.kind_filter, self.hidden_note = right.kind_filter, right.hidden_note
        self.detail = right.detail

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setSizes([400, 560, 440])
        self.setCentralWidget(self.splitter)

        self.guidelines_dock = guidelines_dock(self)
        self.guidelines = self.guidelines_dock.widget()

        self.status = StatusLine(self.statusBar())
        self.status_article, self.status_progress = self.status.article, self.status.progress
        self.status_saved = self.status.saved

    # --- actions and shortcuts -----------------------------------------------------------
    def _build_actions(self) -> None:
        """Menus, tooltips and the shortcut sheet, from the table in gui/actions.py."""
        self.actions_by_id, menus, self.shortcuts = actions.build(
            self, actions.commands(self.control.types))
        self.undo_action = self.actions_by_id["actionUndo"]
        self.redo_action = self.actions_by_id["actionRedo"]
        self.review_action = self.actions_by_id["actionReview"]
        self.hide_unlikely_action = self.actions_by_id["actionHideUnlikely"]
        self.model_action = self.actions_by_id["actionSuggestionModel"]
        self.model_action.setChecked(True)
        toggle = self.guidelines_dock.toggleViewAction()  # Qt's own, for the dock
        toggle.setShortcut(QKeySequence("F1"))
        menus["&View"].addAction(toggle)
        self.shortcuts.append(("F1", "Show or hide the guidelines"))

    def _wire(self) -> None:
        c = self.control
        self.detail.describe_suggestion = self.trainer.describe  # type: ignore[method-assign]
        self.trainer.message.connect(self._on_status)
        self.trainer.statusChanged.connect(
            lambda status: self.model_action.setChecked(status.enabled))
        c.articleOpened.connect(self._on_article_opened)
        c.currentChanged.connect(self._on_current_changed)
        c.changed.connect(self._on_changed)
        c.statusChanged.connect(self._on_status)
        c.worker.problem.connect(lambda message: self._on_status(message, True))
        c.annotatorChanged.connect(lambda _: self._update_title())
        # Another annotator starts clean: an old problem line goes unless changes are unsaved.
        c.annotatorChanged.connect(lambda _: None if c.unsaved else self._on_status("saved", False))
        self.articles_pane.listed.connect(self._update_status)
        self.articles_pane.problem.connect(lambda message: self._on_status(message, True))
        self.statement_table.clicked.connect(
            lambda index: c.set_current(c.statements.statements[index.row()].id))
        self.view.statementClicked.connect(c.set_current)
        self.view.entityClicked.connect(lambda entity_id, _: c.set_speaker(entity_id))
        self.label_buttons.chosen.connect(self.editing.label)
        self.legend.toggled.connect(
            lambda name, on: self.view.set_type_visible(name, on, dict(c.statements.pending)))
        self.detail.speakerChosen.connect(c.set_speaker)
        self.detail.speakerTyped.connect(self.editing.speaker_named)
        self.detail.variants.chosen.connect(lambda article, statement: c.open_article(article,
                                                                                     statement))
        self.detail.noteEdited.connect(c.set_note)
        # Enter saves the note and hands the keys back to labelling.
        self.detail.noteEdited.connect(lambda _: self.statement_table.setFocus())
        self.kind_filter.currentIndexChanged.connect(
            lambda _: self.editing.filter_statements(kind=self.kind_filter.currentData()))

    # --- slots ---------------------------------------------------------------------------
    def _on_article_opened(self, bundle: ArticleBundle | None) -> None:
        self.reading.show_article(bundle, self.control)
        self.statements_pane.size_columns()
        self.editing.show_hidden()
        self.articles_pane.select_current()
        self._update_status()

    def _on_current_changed(self, statement: Statement | None) -> None:
        self.view.set_current(statement.id if statement else None)
        self.statements_pane.show_current(self.control, statement)
        self._update_status()

    def _on_changed(self, changes: Changes) -> None:
        for statement_id, label in changes.labels.items():
            self.view.update_mark(statement_id, label)
        self.statements_pane.show_current_label(self.control)
        self._update_status()

    def _on_status(self, message: str, problem: bool) -> None:
        self.status.show(message, problem)

    def _update_status(self) -> None:
        self.status.update(self.control, self.undo_action, self.redo_action)

    def _update_title(self) -> None:
        who = self.control.annotator
        role = " (lead)" if who.is_lead else ""
        self.setWindowTitle(f"annotator — {who.name}{role} — {self.db.display_url}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importer.start_asking(paths)

    # --- window state --------------------------------------------------------------------
    def _restore_layout(self) -> None:
        store = QSettings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._fit_screen()
        state = store.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def _fit_screen(self) -> None:
        """Never larger than the screen (a size saved on a bigger monitor included)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and (self.width() > screen.width() or self.height() > screen.height()):
            self.resize(min(self.width(), screen.width()), min(self.height(), screen.height()))

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_if_imported()

    def refresh_if_imported(self) -> None:
        if not self.importer.is_running():
            self.articles_pane.refresh_if_changed()

    def _after_first_article(self, _bundle: object) -> None:
        self.control.articleOpened.disconnect(self._after_first_article)
        self.articles_pane.fill_sources()
        self.articles_pane.remember_count()
        self.trainer.start()

    def _confirm_quit_with_unsaved(self) -> bool:
        """Give the database a few seconds to confirm what is waiting; if it does not, say
        how many changes wait and ask. Nothing is lost either way: they are in the journal."""
        waiting = self.control.deliver_before_quit(QUIT_WAIT_S)
        return not waiting or self.dialogs.confirm_quit(waiting)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._focused_once:  # the first key after start-up labels, not filters
            self._focused_once = True
            self.statement_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.control.closed:  # closed once already (the worker is stopped)
            super().closeEvent(event)
            return
        if self.control.unsaved and not self._confirm_quit_with_unsaved():
            event.ignore()
            return
        self.importer.stop()
        self.articles_pane.stop()
        self.trainer.wait()
        self.control.save_position()
        self.control.close()
        store = QSettings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)
