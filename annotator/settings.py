"""Settings the CLI also needs, in a plain JSON file under the platform's config folder:
the remembered annotator name, where each annotator left off in each database, and the
last export's format and file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs


def settings_path() -> Path:
    return platformdirs.user_config_path("annotator", appauthor=False) / "settings.json"


def load() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    """Write atomically (temporary file + rename): a crash never leaves half a file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    os.replace(tmp, path)


def remembered_annotator() -> str | None:
    name = load().get("annotator")
    return name if isinstance(name, str) and name.strip() else None


def remember_annotator(name: str) -> None:
    data = load()
    data["annotator"] = name
    save(data)


def position(db_url: str, annotator: str) -> tuple[int | None, int | None]:
    """(article id, statement id) where this annotator left off in this database."""
    entry = load().get("positions", {}).get(f"{db_url}|{annotator}", {})
    return entry.get("article"), entry.get("statement")


def remember_position(db_url: str, annotator: str, article: int | None, statement: int | None) -> None:
    data = load()
    data.setdefault("positions", {})[f"{db_url}|{annotator}"] = {"article": article,
                                                                 "statement": statement}
    save(data)


def last_export() -> tuple[str | None, str | None]:
    """(format, path) of the last export that completed, for the export dialog."""
    entry = load().get("export", {})
    if not isinstance(entry, dict):
        return None, None
    fmt, path = entry.get("format"), entry.get("path")
    return (fmt if isinstance(fmt, str) else None, path if isinstance(path, str) else None)


def remember_export(fmt: str, path: str) -> None:
    data = load()
    data["export"] = {"format": fmt, "path": path}
    save(data)
