"""The suggestion model in the window: retrained in the background as labels come in.

Every ``every`` new labels (and at start, when that many were made since the last model),
``ops.train`` runs in a child process, waited for on a worker thread; labelling never waits
for it, and the training does not compete with the window for the interpreter lock. When a new model is
stored, the open article's suggestions are fetched again (also off the GUI thread) and
refreshed in place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator import ops
from annotator.core.changes import Changes
from annotator.gui.tasks import Task
from annotator.storage import Database

RETRAIN_EVERY = 25


class SuggestionTrainer(QObject):
    trained = Signal(object)  # TrainSummary
    statusChanged = Signal(object)  # ModelStatus
    message = Signal(str, bool)  # for the status bar: text, is a problem

    def __init__(self, db: Database, control, parent: QObject | None = None,  # type: ignore[no-untyped-def]
                 every: int = RETRAIN_EVERY) -> None:
        super().__init__(parent)
        self.db = db
        self.control = control
        self.every = every
        self.status: ops.ModelStatus | None = None
        self._new_labels = 0
        self._task: Task | None = None
        self._tasks: list[Task] = []  # every task started, so closing can wait for them
        control.changed.connect(self._on_changes)

    # --- what the details panel shows ----------------------------------------------------
    def describe(self, version: int | None, score: float | None) -> str:
        """"model v7, 240 labels, 0.81" or "rules, 0.55"."""
        source = self.status.describe(version) if self.status else \
            ("rules" if version is None else f"model v{version}")
        return source + (f", {score:.2f}" if score is not None else "")

    # --- when to train -------------------------------------------------------------------
    def start(self) -> None:
        """At start: learn where the model stands, and train if enough labels are new."""
        self._run(lambda: (ops.suggestion_status(self.db), ops.labels_since_model(self.db)),
                  self._on_checked)

    def _on_checked(self, result) -> None:  # type: ignore[no-untyped-def]
        status, since = result
        self._set_status(status)
        if status.enabled and since >= self.every:
            self.retrain()

    def _on_changes(self, changes: Changes) -> None:
        made = sum(1 for key in changes.labels.values() if key is not None)
        if not made:
            return
        self._new_labels += made
        if self._new_labels >= self.every and (self.status is None or self.status.enabled):
            self.retrain()

    def retrain(self) -> bool:
        """Train now, in the background (one training at a time). False if one is running."""
        if self._task is not None and self._task.is_pending():
            return False
        self._new_labels = 0
        # In a child process: this process's interpreter lock stays free for the window.
        self._task = self._run(lambda: (ops.train_in_child(self.db),
                                        ops.suggestion_status(self.db)), self._on_trained)
        return True

    def _on_trained(self, result) -> None:  # type: ignore[no-untyped-def]
        summary, status = result
        self._set_status(status)
        if summary.version is not None:
            accuracy = summary.metrics.get("accuracy")
            self.message.emit(f"Suggestions: model v{summary.version} from {summary.examples:,} "
                              f"labels (cross-validated {accuracy:.0%})", False)
            self.refresh_open_article()
        self.trained.emit(summary)

    # --- switching it on and off (leads) -------------------------------------------------
    def set_enabled(self, enabled: bool) -> None:
        lead = self.control.annotator.name
        self._run(lambda: (ops.set_suggestion_model(self.db, enabled=enabled, lead=lead),
                           ops.suggestion_status(self.db)), self._on_switched)

    def _on_switched(self, result) -> None:  # type: ignore[no-untyped-def]
        changed, status = result
        self._set_status(status)
        self.message.emit(f"Suggestion model {'on' if status.enabled else 'off'} for everyone "
                          f"({changed:,} suggestions changed)", False)
        self.refresh_open_article()

    # --- plumbing ------------------------------------------------------------------------
    def refresh_open_article(self) -> None:
        article_id, annotator_id = self.control.article_id, self.control.annotator.id
        if article_id is None:
            return
        self._run(lambda: ops.open_article(self.db, article_id, annotator_id),
                  self.control.refresh_suggestions)

    def _set_status(self, status: ops.ModelStatus) -> None:
        self.status = status
        self.statusChanged.emit(status)

    def _run(self, work, done=None) -> Task:  # type: ignore[no-untyped-def]
        """Start ``work`` on the task pool; ``done(result)`` on the GUI thread (connected
        before it starts: a pool thread may finish it at once)."""
        task = Task(lambda progress, cancelled: work(), self)
        if done is not None:
            task.finished.connect(done)
        task.failed.connect(lambda text: self.message.emit(f"Suggestion model: {text}", True))
        self._tasks = [t for t in self._tasks if t.is_running()] + [task]
        task.start()
        return task

    def wait(self) -> None:
        """Before the window closes: a worker thread must not outlive it."""
        for task in self._tasks:
            task.wait()

    def is_busy(self) -> bool:
        return any(t.is_pending() for t in self._tasks)
