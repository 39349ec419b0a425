"""The only package that imports SQLAlchemy. Queries take the session first and return core
dataclasses, never ORM objects."""

from annotator.storage.database import Database, default_database_path, open_database, resolve_url

__all__ = ["Database", "default_database_path", "open_database", "resolve_url"]
