"""Validating export records against the JSON Schemas in schemas/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from annotator.core.assets import schema

SCHEMAS = {"statements": "statement.schema.json", "spans": "spans.schema.json"}


@lru_cache(maxsize=None)
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema(SCHEMAS[kind]).read_text(encoding="utf-8")))


def kind_of(record: dict[str, Any]) -> str:
    return "spans" if "tokens" in record else "statements"


def record_errors(record: Any, kind: str | None = None) -> list[str]:
    if not isinstance(record, dict):
        return ["is not a JSON object"]
    errors = sorted(validator(kind or kind_of(record)).iter_errors(record), key=lambda e: list(e.path))
    return [f"{'/'.join(str(p) for p in e.path) or '(record)'}: {e.message}" for e in errors]


@dataclass
class Report:
    records: int = 0
    kinds: set[str] = field(default_factory=set)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_jsonl(path: Path, *, max_errors: int = 20) -> Report:
    """Check every line; keep the first ``max_errors`` problems with their line numbers."""
    report = Report()
    for number, record, problem in read_records(path):
        if problem is None:
            report.records += 1
            report.kinds.add(kind_of(record))
            problems = record_errors(record)
        else:
            problems = [problem]
        for message in problems:
            if len(report.errors) < max_errors:
                report.errors.append((number, message))
    return report


def read_records(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, record or None, problem or None) for every non-empty line."""
    with Path(path).open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8")), None
            except UnicodeDecodeError:
                yield number, None, "is not valid UTF-8"
            except json.JSONDecodeError as exc:
                yield number, None, f"is not JSON ({exc.msg} at column {exc.colno})"
