"""Use cases shared by the CLI and the GUI. Each is a plain keyword-only function."""

from __future__ import annotations

from annotator.core.agreement import AgreementReport
from annotator.core.changes import Changes
from annotator.core.progress import ProjectProgress
from annotator.core.agreement import report as agreement_report
from annotator.core.errors import InvalidLabelError, NotFoundError
from annotator.core.models import (
    Annotator,
    ArticleBundle,
    AuditEntry,
    ArticleSummary,
    LabelChange,
    LabelType,
    RemovedLabel,
    Statement,
    Stats,
)
from annotator.detecting import BoundarySummary, FilterSummary
from annotator.detecting import train_boundaries
from annotator.detecting import load_filter as load_candidate_filter
from annotator.detecting import train_filter as train_candidate_filter
from annotator.exporting import ExportSummary, LabelImportSummary, export, import_labels
from annotator.importing import ImportSummary
from annotator.importing import import_articles as _import_articles
from annotator.suggesting import (
    ModelStatus,
    TrainSummary,
    labels_since_model,
    rescore,
    train,
    train_in_child,
)
from annotator.suggesting import set_enabled as set_suggestion_model
from annotator.suggesting import status as suggestion_status
from annotator.storage import Database, queries
from annotator.storage import migrate as _migrate




# Re-exported use cases that live in their own modules.
__all__ = ["Changes", "LinkSummary", "link", "unlink", "merge_cluster", "split_cluster",
           "edit_clusters",
           "variants", "ExportSummary", "BoundarySummary", "train_boundaries", "FilterSummary", "train_candidate_filter", "load_candidate_filter", "ImportSummary", "ModelStatus", "TrainSummary", "train", "train_in_child", "rescore",
           "set_suggestion_model", "suggestion_status", "labels_since_model", "LabelImportSummary", "export", "import_articles",
           "import_labels", "stats", "progress", "schema_revision", "set_label", "annotator", "label_types",
           "article_ids", "article_count", "article_summaries", "sources", "open_article", "label_progress",
           "add_statement", "update_statement", "delete_statement", "deletion_refusal",
           "restore_statement", "set_note", "annotator_names", "history", "edit_entities", "agreement", "assign", "set_lead", "review_items", "review_context", "share_statements", "set_gold", "merge"]


def import_articles(db: Database, paths, **options) -> ImportSummary:  # type: ignore[no-untyped-def]
    """Import articles (annotator.importing), then let the project's suggestion model, if
    it has one, score the new candidates (they start with its suggestions, not the
    rules'), and link the new statements to the variants already stored (other outlets'
    reports of the same utterance)."""
    summary = _import_articles(db, paths, **options)
    if summary.imported:
        rescore(db, only_rules=True)
        linked = link(db)
        summary.links, summary.clusters = linked.links, linked.clusters
    return summary


def stats(db: Database) -> Stats:
    with db.session() as session:
        return queries.stats(session)


def progress(db: Database) -> ProjectProgress:
    """How far the project has got: per annotator done / assigned, labels per label and
    outlet, labels per hour, agreement per outlet week by week."""
    with db.reads() as session:
        return queries.progress(session)


def schema_revision(db: Database) -> tuple[str | None, str]:
    """(the database's schema revision, the newest this program knows)."""
    with db.engine.connect() as conn:
        return _migrate.current_revision(conn), _migrate.head_revision()


def set_label(
    db: Database, *, statement_id: int, label: str | None, annotator: str | None = None,
    annotator_id: int | None = None, time_spent_ms: int = 0, op_id: str | None = None,
    propagated_from: int | None = None,
) -> LabelChange:
    """Commit one annotator's label on one statement at once (``None`` clears it).

    The window passes ``annotator_id`` (resolved once per session) and an ``op_id`` from its
    journal: then a change is one round trip on PostgreSQL, and replaying it is harmless.
    ``annotator`` (a name) is looked up, or added, in the same transaction.
    ``propagated_from``: the label was given to this statement from a variant of it (the
    same utterance in another outlet) with one key."""
    if annotator_id is None:
        if annotator is None:
            raise TypeError("set_label needs annotator or annotator_id")
        with db.transaction() as session:
            who = queries.get_or_create_annotator(session, annotator)
            return queries.set_label(session, statement_id, who.id, label,
                                     time_spent_ms=time_spent_ms, op_id=op_id)
    if db.is_sqlite or propagated_from is not None:  # propagation: rare, a few round trips
        with db.transaction() as session:
            return queries.set_label(session, statement_id, annotator_id, label,
                                     time_spent_ms=time_spent_ms, op_id=op_id,
                                     propagated_from=propagated_from)
    with db.statement() as conn:
        return queries.set_label_on_server(conn, statement_id, annotator_id, label,
                                           time_spent_ms=time_spent_ms, op_id=op_id)


# --- the annotation window ------------------------------------------------------------------


def annotator(db: Database, name: str) -> Annotator:
    with db.transaction() as session:
        return queries.get_or_create_annotator(session, name)


def label_types(db: Database) -> list[LabelType]:
    with db.reads() as session:
        return queries.label_types(session)


def article_ids(db: Database, *, annotator_id: int | None = None, text: str | None = None,
                source: str | None = None, status: str | None = None) -> list[int]:
    with db.reads() as session:
        return queries.article_ids(session, annotator_id=annotator_id, text=text, source=source,
                                   status=status)


def article_count(db: Database) -> int:
    with db.reads() as session:
        return queries.article_count(session)


def article_summaries(db: Database, ids: list[int], annotator_id: int | None) -> list[ArticleSummary]:
    with db.reads() as session:
        return queries.article_summaries(session, ids, annotator_id)


def sources(db: Database) -> list[str]:
    with db.reads() as session:
        return queries.sources(session)


def open_article(db: Database, article_id: int, annotator_id: int | None) -> ArticleBundle:
    with db.reads() as session:
        return queries.article_bundle(session, article_id, annotator_id)


def label_progress(db: Database, annotator_id: int) -> tuple[int, int]:
    with db.reads() as session:
        return queries.labelled_count(session, annotator_id)


def add_statement(db: Database, *, article_id: int, start: int, end: int,
                  annotator_id: int | None = None) -> Changes:
    """A statement made by hand from a span (``changes.statement``; an existing statement
    if one has this span already); the history says ``annotator_id`` made it."""
    with db.transaction() as session:
        made = queries.add_statement(session, article_id, start, end, annotator_id=annotator_id)
    return Changes(articles=frozenset({article_id}), counts=True, statement=made)


def update_statement(db: Database, *, statement_id: int, annotator_id: int | None = None,
                     **changes: int | None) -> Changes:
    """Change a statement's span or speaker (``changes.statement``: it after the change);
    the history keeps the bounds or speaker before and after, and who changed them."""
    with db.transaction() as session:
        changed = queries.update_statement(session, statement_id, annotator_id=annotator_id,
                                           **changes)
        queries.forget_linking(session, statement_id)  # linked again with its new words
    return Changes(articles=frozenset({changed.article_id}), statement=changed)


def delete_statement(db: Database, *, statement_id: int,
                     annotator: str | None = None) -> Changes:
    """Delete a statement and the labels on it (each removal goes to the history). Given an
    ``annotator`` who is not a lead, a statement others have labelled or a lead has settled
    is refused: annotators are blind to each other's work and must not erase it. The
    labels that went with it are ``changes.removed``."""
    with db.transaction() as session:
        who = queries.get_or_create_annotator(session, annotator) if annotator else None
        article_id = queries.statement_article(session, statement_id)
        removed = queries.delete_statement(
            session, statement_id, who.id if who else None,
            others_allowed=who is None or who.is_lead)
    return Changes(articles=frozenset({article_id}), counts=True, removed=tuple(removed))


def restore_statement(db: Database, *, statement: Statement,
                      labels: list[RemovedLabel] | tuple[RemovedLabel, ...] = (),
                      annotator_id: int | None = None) -> Changes:
    """Put a deleted statement back with the labels that went with it (undo of a delete);
    ``changes.statement`` is it with its new id."""
    with db.transaction() as session:
        restored = queries.restore_statement(session, statement, annotator_id=annotator_id)
        for removed in labels:
            who = queries.get_or_create_annotator(session, removed.annotator)
            if removed.gold:
                queries.set_gold(session, restored.id, who.id, removed.label, removed.note)
            else:
                queries.set_label(session, restored.id, who.id, removed.label, note=removed.note)
    return Changes(articles=frozenset({statement.article_id}), counts=True, statement=restored)


def deletion_refusal(db: Database, *, statement_id: int, annotator: str) -> str | None:
    """Why ``annotator`` may not delete this statement (one sentence), or None if they may."""
    with db.session() as session:
        who = next((a for a in queries.annotators(session) if a.name == annotator), None)
        if who is not None and who.is_lead:
            return None
        return queries.deletion_refusal(session, statement_id, who.id if who else None)


def set_note(db: Database, *, statement_id: int, annotator_id: int, note: str | None) -> Changes:
    with db.transaction() as session:
        queries.set_note(session, statement_id, annotator_id, note)
    return Changes(notes=frozenset({statement_id}))


def history(db: Database, *, statement_id: int | None = None, annotator: str | None = None,
            action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The audit trail, oldest first: every label, statement, bounds, speaker, note, gold
    and cluster change, with who made it and when (``limit``: only the newest so many)."""
    with db.reads() as session:
        annotator_id = None
        if annotator is not None:
            who = next((a for a in queries.annotators(session) if a.name == annotator.strip()),
                       None)
            if who is None:
                names = ", ".join(a.name for a in queries.annotators(session)) or "none yet"
                raise NotFoundError(f"There is no annotator named {annotator.strip()!r} "
                                    f"(annotators: {names}).")
            annotator_id = who.id
        return queries.audit(session, statement_id=statement_id, annotator_id=annotator_id,
                             action=action, limit=limit)


def edit_entities(db: Database, *, article_id: int, remove: list[tuple[int, int, str]],
                  add: list[tuple[int, int, str]], annotator_id: int | None = None) -> Changes:
    """Correct an article's entities (see queries.replace_entities): the speaker list, the
    window and every export use them from now on; the history keeps who changed what."""
    with db.transaction() as session:
        queries.replace_entities(session, article_id, list(remove), list(add),
                                 annotator_id=annotator_id)
    return Changes(articles=frozenset({article_id}))


def annotator_names(db: Database) -> list[str]:
    with db.session() as session:
        return [a.name for a in queries.annotators(session)]


# --- teams ----------------------------------------------------------------------------------


def agreement(db: Database, *, sources: list[str] | None = None) -> AgreementReport:
    """Agreement over every statement labelled by two or more annotators."""
    units: dict[int, dict[str, str]] = {}
    outlets: dict[int, str | None] = {}
    with db.session() as session:
        order = [t.key for t in queries.label_types(session)]
        for statement_id, source, name, label in queries.agreement_votes(session, sources=sources):
            units.setdefault(statement_id, {})[name] = label
            outlets[statement_id] = source
    return agreement_report(units, outlets, order)


def assign(db: Database, *, overlap: int, annotators: list[str] | None = None) -> int:
    with db.transaction() as session:
        return queries.assign(session, overlap, annotators)


def set_lead(db: Database, *, name: str, is_lead: bool = True) -> Annotator:
    with db.transaction() as session:
        return queries.set_lead(session, name, is_lead)


def review_items(db: Database, *, include_agreed: bool = False) -> list[dict]:  # type: ignore[type-arg]
    with db.session() as session:
        return queries.review_items(session, include_agreed=include_agreed)


def share_statements(db: Database, *, statement_ids: list[int], lead: str) -> int:
    """A lead makes statements annotators made by hand (private to them until now) everyone's
    candidates; how many were private. Only leads may."""
    with db.transaction() as session:
        who = queries.get_or_create_annotator(session, lead)
        if not who.is_lead:
            raise InvalidLabelError(f"{lead} is not a lead; only leads share statements made "
                                    f"by hand (make one with: annotator lead {lead}).")
        return queries.share_statements(session, statement_ids, who.id)


def review_context(db: Database, *, statement_id: int) -> dict:  # type: ignore[type-arg]
    """One statement under review in full: its paragraph, every vote with its note, gold."""
    with db.reads() as session:
        return queries.review_context(session, statement_id)


def set_gold(db: Database, *, statement_id: int, lead: str, label: str | None,
             rationale: str | None = None) -> None:
    """A lead settles a statement (``None`` removes the gold label). Only leads may."""
    with db.transaction() as session:
        who = queries.get_or_create_annotator(session, lead)
        if not who.is_lead:
            raise InvalidLabelError(f"{lead} is not a lead; only leads set gold labels "
                                    f"(make one with: annotator lead {lead}).")
        queries.set_gold(session, statement_id, who.id, label, rationale)


def merge(db: Database, other: Database) -> LabelImportSummary:
    """Bring another database's labels (e.g. an annotator's laptop) into this one, through
    the same matching and conflict rules as import-labels."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.jsonl"
        export(other, format="statements", output=path)
        return import_labels(db, path)


def variants(db: Database, statement_id: int) -> list[tuple[Statement, float]]:
    """The other statements of this statement's cluster, with their similarity."""
    with db.reads() as session:
        return queries.variants_of(session, statement_id)


def edit_clusters(db: Database, *, action: str, statement_ids: list[int], by: str) -> str:
    """``unlink`` one statement from its variants (anyone), or ``merge`` / ``split``
    clusters (leads only); one sentence saying what was done."""
    with db.transaction() as session:
        who = queries.get_or_create_annotator(session, by)
    if action == "unlink":
        if len(statement_ids) != 1:
            raise InvalidLabelError("Unlink one statement at a time.")
        count = unlink(db, statement_id=statement_ids[0], annotator_id=who.id)
        return f"statement {statement_ids[0]} unlinked from {count} variant(s)"
    if not who.is_lead:
        raise InvalidLabelError(f"{by} is not a lead; only leads merge and split clusters "
                                f"(make one with: annotator lead {by}).")
    if action == "merge":
        cluster = merge_cluster(db, statement_ids=statement_ids, annotator_id=who.id)
        return f"merged into cluster {cluster}"
    rest = split_cluster(db, statement_ids=statement_ids, annotator_id=who.id)
    return f"split {len(statement_ids)} statement(s) off; {rest} stay in the cluster"


# --- cross-outlet linking (annotator.linking; NumPy, SciPy and scikit-learn load on first use,
# so every command that does not link starts as fast as before) ---------------------------


def link(db: Database, **options):  # type: ignore[no-untyped-def]
    """Link statements that report the same utterance (see annotator.linking.link)."""
    from annotator.linking import link as _link

    return _link(db, **options)


def unlink(db: Database, *, statement_id: int, annotator_id: int) -> int:
    from annotator.linking import unlink as _unlink

    return _unlink(db, statement_id=statement_id, annotator_id=annotator_id)


def merge_cluster(db: Database, *, statement_ids: list[int], annotator_id: int) -> int:
    from annotator.linking import merge_cluster as _merge

    return _merge(db, statement_ids=statement_ids, annotator_id=annotator_id)


def split_cluster(db: Database, *, statement_ids: list[int], annotator_id: int) -> int:
    from annotator.linking import split_cluster as _split

    return _split(db, statement_ids=statement_ids, annotator_id=annotator_id)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "LinkSummary":
        from annotator.linking import LinkSummary

        return LinkSummary
    raise AttributeError(name)
