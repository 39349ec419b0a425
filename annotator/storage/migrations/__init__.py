"""Alembic migration scripts (run by annotator.storage.migrate, never by hand)."""
