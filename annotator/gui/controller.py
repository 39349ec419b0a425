"""What the annotator does, as methods: label, move, undo, edit statements. The main window
only wires keys and widgets to these."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import replace
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer, Signal

from annotator import ops, settings
from annotator.core.changes import Changes
from annotator.core.models import REJECT, Annotator, ArticleBundle, LabelType, Statement
from annotator.core.undo import (
    Edit,
    EntityEdit,
    LabelEdit,
    LabelEdits,
    StatementEdit,
    StatementPresence,
)
from annotator.gui.models import ArticleListModel, StatementTableModel
from annotator.gui.worker import DatabaseWorker, Worker
from annotator.outbox import Change, Delivery, Outbox, deliver
from annotator.session import Session, kept_in_view, next_unlabelled
from annotator.session import step as step_through
from annotator.storage import Database

RETRY_MS = 2000
CACHED_ARTICLES = 12  # articles kept read (the open one, its neighbours, recent ones)


class AnnotationController(QObject):
    articleOpened = Signal(object)  # ArticleBundle | None
    currentChanged = Signal(object)  # Statement | None
    changed = Signal(object)  # Changes: what an edit, a label or a confirmation changed
    statusChanged = Signal(str, bool)  # message, is a problem
    annotatorChanged = Signal(str)

    def __init__(self, db: Database, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.annotator: Annotator = ops.annotator(db, annotator)
        self.types: list[LabelType] = ops.label_types(db)
        self.by_key = {t.key: t for t in self.types}
        self.statements = StatementTableModel(self)
        self.session = Session()  # undo, id aliases, progress: Qt-free (annotator.session)
        self.article_id: int | None = None
        self.statement_id: int | None = None
        self._shown_at = time.monotonic()
        self.worker = DatabaseWorker(self)
        self.journal = Worker(self)  # the journal's fdatasync, off the GUI thread
        self._journaling: dict[str, Change] = {}  # keyed, not yet on disk (op id: change)
        # Label changes not yet confirmed, on disk: delivered first, before anything else.
        self.outbox = Outbox.for_database(db.url)
        self.articles = ArticleListModel(db, self.annotator.id, self.worker, self,
                                         waiting=self.outbox.snapshot)
        self.changed.connect(self.articles.apply)
        self._delivering = self._deliver_again = False
        self.closed = False
        self._cache: OrderedDict[int, ArticleBundle] = OrderedDict()  # read ahead
        self._reading: set[int] = set()
        self._wanted: int | None = None
        self._counting = False
        self.shown_once = False  # an article (or that there is none) has been shown
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush_pending)
        # Where the annotator is, written shortly after they stop moving (and on close).
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(400)
        self._position_timer.timeout.connect(self.save_position)
        if len(self.outbox):
            self.flush_pending()

    # --- opening and moving --------------------------------------------------------------
    @property
    def bundle(self) -> ArticleBundle | None:
        return self.statements.bundle

    @property
    def current(self) -> Statement | None:
        return next((s for s in self.statements.statements if s.id == self.statement_id), None)

    def resume(self) -> None:
        """List the articles, then open where this annotator left off in this database
        (else the first article)."""
        self.articles.reload(then=self.open_where_left_off)

    def open_where_left_off(self) -> None:
        article, statement = settings.position(self.db.display_url, self.annotator.name)
        if article is not None and self.articles.row_of(article) >= 0:
            self.open_article(article, statement)
        elif self.articles.rowCount() > 0:
            self.open_article(self.articles.article_id(0))
        else:
            self.open_article(None)

    def open_article(self, article_id: int | None, statement_id: int | None = None, *,
                     fresh: bool = False, then: Callable[[], None] | None = None) -> None:
        """Show an article: at once if it was read ahead, else as soon as the database
        worker has read it (the window stays responsive meanwhile). ``fresh`` reads it
        again (its statements changed); ``then`` runs once it is shown."""
        self._wanted = article_id
        if article_id is None:
            self._show(None, {}, None, then)
            return
        if fresh:
            self._cache.pop(article_id, None)
        cached = self._cache.get(article_id)
        if cached is not None:
            self._cache.move_to_end(article_id)
            self._show(cached, self.outbox.pending_for(article_id), statement_id, then)
            return
        self._read(article_id, lambda bundle, waiting: self._show(bundle, waiting, statement_id,
                                                                   then)
                   if self._wanted == article_id else None)

    def _read(self, article_id: int,
              done: Callable[[ArticleBundle, dict[int, Change]], None] | None = None) -> None:
        """Read one article on the worker into the cache, then ``done(bundle, waiting)``."""
        db, annotator_id, outbox = self.db, self.annotator.id, self.outbox
        self._reading.add(article_id)

        def read() -> tuple[ArticleBundle, dict[int, Change]]:
            # On the worker, between deliveries: what is pending now is not in the read.
            return ops.open_article(db, article_id, annotator_id), outbox.pending_for(article_id)

        def arrived(result: tuple[ArticleBundle, dict[int, Change]]) -> None:
            self._reading.discard(article_id)
            bundle, waiting = result
            if annotator_id != self.annotator.id:
                return  # read for someone else
            self._cache[article_id] = bundle
            while len(self._cache) > CACHED_ARTICLES:
                self._cache.popitem(last=False)
            if done is not None:
                done(bundle, waiting)

        def failed(exc: BaseException) -> None:
            self._reading.discard(article_id)
            self.worker.report(exc, "read article")

        self.worker.submit(read, done=arrived, failed=failed, name="read article")

    def _show(self, bundle: ArticleBundle | None, waiting: dict[int, Change],
              statement_id: int | None, then: Callable[[], None] | None) -> None:
        self.shown_once = True
        self.article_id = bundle.article.id if bundle is not None else None
        self.statements.set_bundle(bundle, self.by_key)
        for sid, change in waiting.items():  # a confirmation still on its way fixes these
            self.statements.set_label(sid, change.label, saved=False)
        self.articleOpened.emit(bundle)
        if bundle is not None and statement_id is None:
            statement_id = self._next_unlabelled(None) or \
                (bundle.statements[0].id if bundle.statements else None)
        self.set_current(statement_id)
        if then is not None:
            then()
        self._read_ahead()

    def _read_ahead(self) -> None:
        """Read the articles next to this one in the list, so N and P show them at once."""
        row = self.articles.row_of(self.article_id) if self.article_id is not None else -1
        if row < 0:
            return
        for near in (row + 1, row - 1, row + 2):
            if 0 <= near < self.articles.rowCount():
                article_id = self.articles.article_id(near)
                if article_id not in self._cache and article_id not in self._reading:
                    self._read(article_id)

    def forget_articles(self) -> None:
        """Articles read ahead are stale (a new model's suggestions, another annotator)."""
        self._cache.clear()

    def refresh_suggestions(self, bundle: ArticleBundle) -> None:
        """Suggestions of the open article fetched again (a new model): shown in place,
        without moving the annotator."""
        self.forget_articles()  # read ahead with the old model's suggestions
        if bundle is None or bundle.article.id != self.article_id:
            return  # they moved on; the next article opens with the new suggestions
        self.statements.update_suggestions(bundle.statements)
        self.currentChanged.emit(self.current)

    def set_current(self, statement_id: int | None) -> None:
        if statement_id is not None and self.statements.row_of(statement_id) < 0:
            statement_id = None
        self.statement_id = statement_id
        self._shown_at = time.monotonic()
        self.currentChanged.emit(self.current)
        if not self.closed:
            self._position_timer.start()

    def save_position(self) -> None:
        self._position_timer.stop()
        settings.remember_position(self.db.display_url, self.annotator.name,
                                   self.article_id, self.statement_id)

    def set_statement_filter(self, *, kind: str | None = None,
                             hide_unlikely: bool | None = None) -> None:
        """Show one kind of attribution, or hide the unlikely candidates: the current
        statement stays if it is still shown, else the next one shown becomes current."""
        rows = self.statements.bundle.statements if self.statements.bundle else ()
        self.statements.set_filter(kind=kind, hide_unlikely=hide_unlikely)
        shown = {s.id for s in self.statements.statements}
        self.set_current(kept_in_view([s.id for s in rows], shown, self.statement_id))

    def _order(self) -> list[int]:
        return [s.id for s in self.statements.statements]

    def move_statement(self, step: int) -> None:
        target = step_through(self._order(), self.statement_id, step)
        if target is not None:
            self.set_current(target)

    def move_article(self, step: int) -> None:
        if self.article_id is None:
            if self.articles.rowCount():
                self.open_article(self.articles.article_id(0))
            return
        row = self.articles.row_of(self.article_id) + step
        if 0 <= row < self.articles.rowCount():
            self.open_article(self.articles.article_id(row))

    def _next_unlabelled(self, after: int | None) -> int | None:
        return next_unlabelled(self._order(), self.statements.label_of, after)

    # --- labelling -----------------------------------------------------------------------
    def choose_label(self, key: str, selection: tuple[int, int] | None = None) -> None:
        """Label the current statement (or a new one made from ``selection``) and move on to
        the next unlabelled statement."""
        if selection is not None and self.article_id is not None:
            self._create_statement(*selection, label=key)
            return
        target = self.statement_id
        if target is None:
            return
        self._label(target, key)
        self._move_past(target)

    def _move_past(self, target: int) -> None:
        following = self._next_unlabelled(target)
        if following is not None:
            self.set_current(following)
        else:
            self.currentChanged.emit(self.current)

    def accept_suggestion(self) -> None:
        current = self.current
        if current is not None and current.suggested_label in self.by_key:
            self.choose_label(current.suggested_label)

    def clear_label(self) -> None:
        if self.statement_id is not None:
            self._label(self.statement_id, None)
            self.currentChanged.emit(self.current)

    def skip(self) -> None:
        """S: not a statement."""
        if REJECT in self.by_key:
            self.choose_label(REJECT)

    def _label(self, statement_id: int, key: str | None) -> None:
        if self.article_id is None:
            return
        old = self._label_now(statement_id, self.article_id)
        if old == key:
            return
        edit = LabelEdit(self.article_id, statement_id, old, key)
        self._write(statement_id, self.article_id, key, edit, old=old)

    def _write(self, statement_id: int, article_id: int, key: str | None,
               edit: LabelEdit | None, *, old: str | None,
               propagated_from: int | None = None) -> None:
        """Journal the change on the journal's thread, then show it (not yet confirmed) and
        queue its delivery: the key waits neither for the disk nor for the database.
        ``old``: the label shown until now (_label_now), which progress counts from."""
        spent = int((time.monotonic() - self._shown_at) * 1000)
        change = Change.new(statement_id=statement_id, article_id=article_id,
                            annotator_id=self.annotator.id, label=key, time_spent_ms=spent,
                            propagated_from=propagated_from)
        self._journaling[change.op_id] = change
        outbox = self.outbox

        def journaled(ordinal: int) -> None:
            self._journaling.pop(change.op_id, None)
            self._show_change(change, old, edit, ordinal)

        def not_journaled(exc: BaseException) -> None:
            self._journaling.pop(change.op_id, None)
            if not isinstance(exc, OSError):
                self.worker.report(exc, "journal a label")
                return
            self.statusChanged.emit(f"NOT LABELLED — cannot write the journal {outbox.path}: "
                                    f"{exc.strerror or exc}.", True)

        self.journal.submit(lambda: outbox.add(change), done=journaled, failed=not_journaled,
                            name="journal a label")

    def _show_change(self, change: Change, old: str | None, edit: LabelEdit | None,
                     ordinal: int) -> None:
        """A change is on disk: the window shows it and sends it to the database."""
        key, statement_id, article_id = change.label, change.statement_id, change.article_id
        self.session.progress.label_changed(old, key)
        # The article's row in the list counts it at once too; the confirmation corrects it
        # if the server had another label (the same annotator on another machine).
        self.articles.label_shown(change.op_id, article_id, (key is not None) - (old is not None),
                                  ordinal)
        if article_id == self.article_id:
            self.statements.set_label(statement_id, key, saved=False)
        if edit is not None:
            self.session.undo.push(edit)
        self.changed.emit(Changes.label(statement_id, key))
        self.flush_pending()

    def _label_now(self, statement_id: int, article_id: int,
                   known: str | None = None) -> str | None:
        """The label shown for a statement: the newest change not confirmed yet, else the
        open article's, else ``known`` (read with a variant list)."""
        journaling = [c for c in self._journaling.values() if c.statement_id == statement_id]
        if journaling:
            return journaling[-1].label
        waiting = self.outbox.pending_for(article_id).get(statement_id)
        if waiting is not None:
            return waiting.label
        return self.statements.label_of(statement_id) if article_id == self.article_id else known

    # --- variants: the same utterance in other outlets (issue 14) ------------------------
    def variants(self) -> list:  # type: ignore[type-arg]
        current, bundle = self.current, self.bundle
        if current is None or bundle is None:
            return []
        return bundle.variants.get(current.id, [])

    def propagate_label(self) -> None:
        """V: give the current statement's label to each of its variants, as this
        annotator's own label (marked as given from it); undone in one step."""
        current, variants = self.current, self.variants()
        if current is None:
            return
        label = self.statements.label_of(current.id)
        if not variants:
            self.statusChanged.emit("This statement has no variants in other outlets.", False)
            return
        if label is None:
            self.statusChanged.emit("Label this statement first: V gives its label to its "
                                    f"{len(variants)} variant(s).", True)
            return
        edits = []
        for v in variants:
            old = self._label_now(v.statement_id, v.article_id, v.label)
            if old != label:
                edits.append(LabelEdit(v.article_id, v.statement_id, old, label))
                self._write(v.statement_id, v.article_id, label, None, old=old,
                            propagated_from=current.id)
        if not edits:
            self.statusChanged.emit(f"Every variant has the label {label} already.", False)
            return
        self.session.undo.push(LabelEdits(tuple(edits)))
        self._show_variant_labels({e.statement_id: (label, current.id) for e in edits})
        self.statusChanged.emit(f"{label} given to {len(edits)} variant(s) in other outlets "
                                "(Ctrl+Z takes it back).", False)

    def _show_variant_labels(self, labels: dict[int, tuple[str | None, int | None]]) -> None:
        bundle = self.bundle
        if bundle is None:
            return
        for sid, variants in bundle.variants.items():
            bundle.variants[sid] = [
                replace(v, label=labels[v.statement_id][0],
                        propagated_from=labels[v.statement_id][1])
                if v.statement_id in labels else v for v in variants]
        self.currentChanged.emit(self.current)

    def unlink_current(self) -> None:
        """Ctrl+U: the current statement is not the same utterance as its variants."""
        current, article_id = self.current, self.article_id
        if current is None or article_id is None:
            return
        if not self.variants():
            self.statusChanged.emit("This statement is linked to no other.", False)
            return
        db, who = self.db, self.annotator.id

        def unlinked(count: int) -> None:
            self.forget_articles()  # their variant lists name this statement
            self._edited(Changes(articles=frozenset({article_id})), current.id,
                         f"unlinked from {count} variant(s); linking again keeps it apart")

        self._edit(lambda: ops.unlink(db, statement_id=current.id, annotator_id=who),
                   unlinked)  # type: ignore[arg-type]

    def flush_pending(self) -> None:
        """Deliver the journal (in order, on the database worker)."""
        if self.closed:
            return
        if self._delivering:
            self._deliver_again = True  # the running delivery may have missed the newest
            return
        self._delivering, self._deliver_again = True, False
        outbox, db = self.outbox, self.db

        def write(change: Change):  # type: ignore[no-untyped-def]
            return ops.set_label(db, statement_id=change.statement_id, label=change.label,
                                 annotator_id=change.annotator_id,
                                 time_spent_ms=change.time_spent_ms, op_id=change.op_id,
                                 propagated_from=change.propagated_from)

        self.worker.submit(lambda: deliver(outbox, write), done=self._delivered,
                           failed=self._delivery_failed, name="deliver labels")

    def _delivered(self, result: Delivery) -> None:
        self._delivering = False
        for change, done in result.confirmed:
            newer = self.outbox.pending_for(change.article_id).get(change.statement_id)
            cached = self._cache.get(change.article_id)
            if cached is not None and cached is not self.bundle:
                if change.label is None:
                    cached.labels.pop(change.statement_id, None)
                else:
                    cached.labels[change.statement_id] = change.label
            if change.article_id == self.article_id and newer is None:
                self.statements.set_label(change.statement_id, change.label, saved=True)
            # What the server did says how the article's count moved: no read for it.
            self.articles.label_confirmed(change.op_id, change.article_id,
                                          (done.new_label is not None)
                                          - (done.old_label is not None))
        taken_back: dict[int, str | None] = {}
        for change, reason in result.refused:
            self.session.progress.recount()
            self.articles.label_confirmed(change.op_id, change.article_id, None)
            if change.article_id == self.article_id:
                self.statements.drop_pending(change.statement_id)
                taken_back[change.statement_id] = self.statements.label_of(change.statement_id)
            self.statusChanged.emit(f"Label of statement {change.statement_id} not saved: {reason}",
                                    True)
        self.statements.set_outage(result.waiting is not None)
        if result.waiting is not None:
            self.statusChanged.emit(f"NOT SAVED — {result.waiting} Retrying; {self.unsaved} "
                                    "change(s) kept on this computer.", True)
            self._retry.start()
            return
        if self._deliver_again and len(self.outbox):
            self.flush_pending()
            return
        self._retry.stop()
        if result.confirmed and not result.refused and not len(self.outbox):
            self.statusChanged.emit("saved", False)
        if result.confirmed or result.refused:
            self.changed.emit(Changes(
                labels=taken_back, counts=bool(result.refused),
                saved=frozenset(c.statement_id for c, _ in result.confirmed + result.refused)))

    def _delivery_failed(self, exc: BaseException) -> None:
        self._delivering = False
        self._retry.start()
        self.worker.report(exc, "deliver labels")

    @property
    def unsaved(self) -> int:
        """Changes made here that the database has not confirmed yet."""
        return len(self.outbox) + len(self._journaling)

    @property
    def idle(self) -> bool:
        """Nothing queued for the disk or the database, nothing waiting to be shown."""
        return self.journal.idle and self.worker.idle

    def settle(self, timeout_ms: int, until: Callable[[], bool] | None = None) -> bool:
        """Run the event loop until the worker has done and reported everything asked of it
        (or until ``until()`` holds). True if that happened within ``timeout_ms``."""
        done = until or (lambda: self.idle)
        deadline = time.monotonic() + timeout_ms / 1000
        while not done() and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if not done():
                QThread.msleep(1)
        return done()

    def deliver_before_quit(self, seconds: float) -> int:
        """Give the database ``seconds`` to confirm what waits (the event loop runs); how
        many changes are still unconfirmed after that (0: quit at once)."""
        self.flush_pending()
        # Done when all is confirmed, or when the worker is idle and some still wait (the
        # database is away: waiting longer changes nothing).
        self.settle(int(seconds * 1000), until=lambda: not self.unsaved or self.idle)
        return self.unsaved

    def close(self, wait_ms: int = 5000) -> None:
        """Deliver what is waiting if the database lets us within ``wait_ms``, then stop the
        worker. What is still unconfirmed stays in the journal for the next start."""
        self._retry.stop()
        self._position_timer.stop()
        self.journal.stop(wait_ms)  # what was keyed reaches the disk
        self.worker.stop(wait_ms)
        self.outbox.close()
        self.closed = True

    def undo(self) -> None:
        self._replay(self.session.undo.undo(), forward=False)

    def redo(self) -> None:
        self._replay(self.session.undo.redo(), forward=True)

    def _replay(self, edit: Edit | None, *, forward: bool) -> None:
        if edit is None:
            self.statusChanged.emit("nothing to " + ("redo" if forward else "undo"), False)
            return
        if isinstance(edit, LabelEdits):
            for each in edit.edits:
                sid = self._resolve(each.statement_id)
                self._write(sid, each.article_id, each.new_label if forward else each.old_label,
                            None, old=self._label_now(sid, each.article_id))
            self._show_variant_labels({self._resolve(e.statement_id):
                                       (e.new_label if forward else e.old_label, None)
                                       for e in edit.edits})
            return
        if isinstance(edit, EntityEdit):
            self.correct_entities(list(edit.before if forward else edit.after),
                                  list(edit.after if forward else edit.before), record=False,
                                  article_id=edit.article_id)
            return
        statement_id = self._resolve(edit.statement_id)
        if isinstance(edit, StatementPresence):
            self._replay_presence(edit, statement_id, forward=forward)
            return
        if isinstance(edit, StatementEdit):
            changes = dict(edit.after if forward else edit.before)
            self._update_statement(changes, record=False, statement_id=statement_id,
                                   article_id=edit.article_id)
            return
        self._write(statement_id, edit.article_id,
                    edit.new_label if forward else edit.old_label, None,
                    old=self._label_now(statement_id, edit.article_id))
        if edit.article_id != self.article_id:
            self.open_article(edit.article_id, statement_id)
        else:
            self.set_current(statement_id)

    def _resolve(self, statement_id: int) -> int:
        return self.session.resolve(statement_id)

    def _edit(self, func: Callable[[], Changes], done: Callable[[Changes], None]) -> None:
        """A change to statements, on the database worker after every change before it;
        a refusal (an AnnotatorError) becomes the red status line (the worker's default)."""
        self.worker.submit(func, done=done, name="edit statements")

    def _replay_presence(self, edit: StatementPresence, statement_id: int, *,
                         forward: bool) -> None:
        """Make or delete again (redo), or delete what was made / put back what was
        deleted, with its labels (undo)."""
        db, name, annotator_id = self.db, self.annotator.name, self.annotator.id

        if forward == edit.made:
            def put_back(changes: Changes) -> None:
                restored = changes.statement
                assert restored is not None
                self.session.restored(statement_id, restored.id)
                self._edited(changes, restored.id,
                             "statement restored" if not edit.made else "statement made again",
                             go_to=edit.article_id)

            self._edit(lambda: ops.restore_statement(db, statement=edit.statement,
                                                     labels=edit.labels,
                                                     annotator_id=annotator_id), put_back)
        else:
            self._edit(lambda: ops.delete_statement(db, statement_id=statement_id, annotator=name),
                       lambda changes: self._edited(changes, None, "statement deleted",
                                                    go_to=edit.article_id))

    def _edited(self, changes: Changes, current: int | None, done: str,
                then: Callable[[], None] | None = None, *, go_to: int | None = None) -> None:
        """An edit is done: every view refreshes what it shows of ``changes`` (the open
        article is read again if its statements changed; ``go_to`` opens the edited one,
        for undo and redo), and the status line says so."""
        if changes.counts:
            self.session.progress.recount()
        for article_id in changes.articles:
            self._cache.pop(article_id, None)
        self.changed.emit(changes)
        article_id = go_to if go_to is not None else self.article_id
        if article_id in changes.articles or article_id != self.article_id:
            self.open_article(article_id, current, then=then)
        elif then is not None:
            then()
        self.statusChanged.emit(done, False)

    # --- editing statements --------------------------------------------------------------
    def _create_statement(self, start: int, end: int, *, label: str | None = None) -> None:
        """A statement made from a selection (and labelled ``label``, if given)."""
        article_id = self.article_id
        if article_id is None:
            return
        known = {st.id for st in self.statements.statements}
        db, annotator_id = self.db, self.annotator.id

        def made(changes: Changes) -> None:
            statement = changes.statement
            assert statement is not None
            self.session.made(statement.id)
            if statement.id not in known:  # not a statement that had this span already
                self.session.undo.push(StatementPresence(article_id, statement.id, statement,
                                                       made=True))
            if label is not None:
                self._write(statement.id, article_id, label,
                            LabelEdit(article_id, statement.id, None, label),
                            old=self._label_now(statement.id, article_id))
            self._edited(changes, statement.id, "saved",
                         then=(lambda: self._move_past(statement.id)) if label else None)

        self._edit(lambda: ops.add_statement(db, article_id=article_id, start=start, end=end,
                                             annotator_id=annotator_id), made)

    def set_bounds(self, selection: tuple[int, int]) -> None:
        if self.statement_id is None:
            return
        self._update_statement({"start": selection[0], "end": selection[1]})

    def set_speaker(self, entity_id: int) -> None:
        if self.statement_id is None or self.bundle is None:
            return
        entity = next((e for e in self.bundle.entities if e.id == entity_id), None)
        if entity is not None:
            self._update_statement({"speaker_start": entity.start, "speaker_end": entity.end,
                                    "speaker_entity_id": entity.id})

    def set_speaker_span(self, selection: tuple[int, int]) -> None:
        """The current statement's speaker is the selected words (a mention that is no
        entity, or is one: then the entity is linked too)."""
        if self.statement_id is None or self.bundle is None:
            return
        start, end = selection
        entity = next((e for e in self.bundle.entities if (e.start, e.end) == (start, end)), None)
        self._update_statement({"speaker_start": start, "speaker_end": end,
                                "speaker_entity_id": entity.id if entity else None})

    def share_current(self) -> None:
        """(A lead) the current statement, made by hand, becomes everyone's."""
        statement_id, article_id = self.statement_id, self.article_id
        if statement_id is None or article_id is None:
            return
        db, lead = self.db, self.annotator.name

        def shared(count: int) -> None:
            self._edited(Changes(articles=frozenset({article_id}), counts=True), statement_id,
                         "shared with every annotator")

        self.worker.submit(lambda: ops.share_statements(db, statement_ids=[statement_id],
                                                        lead=lead),
                           done=shared, name="share statement")

    def correct_entities(self, remove: list[tuple[int, int, str]],
                         add: list[tuple[int, int, str]], *, record: bool = True,
                         article_id: int | None = None) -> None:
        """Remove these entities of the article and add those (a type set, changed,
        removed, extended or shrunk); undoable unless ``record`` is false."""
        article_id = article_id if article_id is not None else self.article_id
        if article_id is None:
            return
        db, annotator_id, current = self.db, self.annotator.id, self.statement_id

        def done(changes: Changes) -> None:
            if record:
                self.session.undo.push(EntityEdit(article_id, tuple(remove), tuple(add)))
            self._edited(changes, current if article_id == self.article_id else None,
                         "entity saved" if add else "entity removed", go_to=article_id)

        self._edit(lambda: ops.edit_entities(db, article_id=article_id, remove=remove, add=add,
                                             annotator_id=annotator_id), done)

    def _update_statement(self, changes: dict[str, int | None], *, record: bool = True,
                          statement_id: int | None = None,
                          article_id: int | None = None) -> None:
        """Change a statement's span or speaker (the current one unless named); undoable
        unless ``record`` is false (undo and redo themselves)."""
        statement_id = statement_id if statement_id is not None else self.statement_id
        article_id = article_id if article_id is not None else self.article_id
        if statement_id is None or article_id is None:
            return
        current = self.current if statement_id == self.statement_id else None
        db, annotator_id = self.db, self.annotator.id

        def changed(done: Changes) -> None:
            if record and current is not None:
                before = tuple((key, getattr(current, key)) for key in sorted(changes))
                self.session.undo.push(StatementEdit(article_id, statement_id, before,
                                                   tuple(sorted(changes.items()))))
            self._edited(done, statement_id, "saved", go_to=article_id)

        self._edit(lambda: ops.update_statement(db, statement_id=statement_id,
                                                annotator_id=annotator_id, **changes), changed)

    def delete_statement(self) -> None:
        current = self.current
        article_id = self.article_id
        if current is None or article_id is None:
            return
        row = self.statements.row_of(current.id)
        db, name = self.db, self.annotator.name

        def deleted(changes: Changes) -> None:
            self.session.undo.push(StatementPresence(article_id, current.id, current, made=False,
                                                   labels=changes.removed))

            def keep_place() -> None:
                rows = self.statements.statements
                if rows:
                    self.set_current(rows[min(row, len(rows) - 1)].id)

            self._edited(changes, None, "statement deleted", then=keep_place)

        self._edit(lambda: ops.delete_statement(db, statement_id=current.id, annotator=name),
                   deleted)

    def set_note(self, note: str) -> None:
        statement_id, bundle = self.statement_id, self.bundle
        if statement_id is None:
            return
        db, annotator_id = self.db, self.annotator.id

        def noted(changes: Changes) -> None:
            if bundle is not None:
                bundle.notes[statement_id] = note
            self.changed.emit(changes)
            self.statusChanged.emit("saved", False)

        self._edit(lambda: ops.set_note(db, statement_id=statement_id, annotator_id=annotator_id,
                                        note=note), noted)

    # --- annotator -----------------------------------------------------------------------
    def switch_annotator(self, name: str) -> None:
        name = name.strip()
        if not name or name == self.annotator.name:
            return
        self.save_position()
        db = self.db
        self.worker.submit(lambda: ops.annotator(db, name), done=self._switched,
                           name="switch annotator")

    def _switched(self, who: Annotator) -> None:
        self.annotator = who
        self.session.switched()
        settings.remember_annotator(who.name)
        self.forget_articles()
        self.articles.reload(who.id, then=self.open_where_left_off)
        self.annotatorChanged.emit(who.name)

    def recount(self) -> None:
        """Articles came or went (an import here or elsewhere): count overall progress again."""
        self.session.progress.recount()

    def progress(self) -> tuple[int, int, int, int]:
        """(labelled in this article, statements in it, labelled overall, statements overall)."""
        rows = self.statements.statements
        here = sum(1 for s in rows if self.statements.label_of(s.id) is not None)
        progress = self.session.progress
        if progress.counted is None and not self._counting:
            # Counted once on the worker, then kept up to date label by label.
            self._counting = True
            db, annotator_id = self.db, self.annotator.id

            def counted(overall: tuple[int, int]) -> None:
                self._counting = False
                if annotator_id == self.annotator.id:
                    self.session.progress.set_count(*overall)
                    self.changed.emit(Changes(counts=True))

            def failed(exc: BaseException) -> None:
                self._counting = False
                self.worker.report(exc, "count progress")

            self.worker.submit(lambda: ops.label_progress(db, annotator_id), done=counted,
                               failed=failed, name="count progress")
        return here, len(rows), *self.session.progress.figures
