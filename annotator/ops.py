"""Use cases shared by the CLI and the GUI. Each is a plain keyword-only function."""

from __future__ import annotations

from annotator.core.models import LabelChange, Stats
from annotator.importing import ImportSummary, import_articles
from annotator.storage import Database, queries
from annotator.storage import migrate as _migrate


__all__ = ["ImportSummary", "import_articles", "schema_revision", "set_label", "stats"]


def stats(db: Database) -> Stats:
    with db.session() as session:
        return queries.stats(session)


def schema_revision(db: Database) -> tuple[str | None, str]:
    """(the database's schema revision, the newest this program knows)."""
    with db.engine.connect() as conn:
        return _migrate.current_revision(conn), _migrate.head_revision()


def set_label(
    db: Database, *, statement_id: int, annotator: str, label: str | None, time_spent_ms: int = 0,
) -> LabelChange:
    """Commit one annotator's label on one statement at once (``None`` clears it)."""
    with db.transaction() as session:
        who = queries.get_or_create_annotator(session, annotator)
        return queries.set_label(session, statement_id, who.id, label, time_spent_ms=time_spent_ms)
