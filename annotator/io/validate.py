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
from annotator.io import formats

SCHEMAS = formats.schemas()  # record kind -> schema file, from the format registry


@lru_cache(maxsize=None)
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema(SCHEMAS[kind]).read_text(encoding="utf-8")))


def kind_of(record: dict[str, Any]) -> str:
    """Which kind of record this is, by its content (not the file's name)."""
    if "tokens" in record:
        return "spans"
    if isinstance(record.get("entities"), list) and "relations" in record \
            and "start" not in record:
        return "doccano"
    return "statements"


def record_errors(record: Any, kind: str | None = None) -> list[str]:
    """What is wrong with one record: one message per place in it, the properties missing
    at one place named together ("(record): missing text, label, start")."""
    if not isinstance(record, dict):
        return ["is not a JSON object"]
    errors = sorted(validator(kind or kind_of(record)).iter_errors(record),
                    key=lambda e: [str(p) for p in e.path])
    missing: dict[str, list[str]] = {}
    messages: list[str] = []
    for error in errors:
        where = "/".join(str(p) for p in error.path) or "(record)"
        if error.validator == "required" and isinstance(error.instance, dict):
            names = missing.setdefault(where, [])
            if not names:
                messages.append(where)  # its place in the order; filled in below
            names.extend(p for p in error.validator_value
                         if p not in error.instance and p not in names)
        else:
            messages.append(f"{where}: {error.message}")
    return [f"{m}: missing {', '.join(missing[m])}" if m in missing else m for m in messages]


def record_problem(record: Any, kind: str | None = None) -> str | None:
    """Everything wrong with one record in one line, or None when it is valid."""
    errors = record_errors(record, kind)
    return "; ".join(errors) if errors else None


@dataclass
class Report:
    records: int = 0
    kinds: set[str] = field(default_factory=set)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_jsonl(path: Path, *, max_errors: int = 20) -> Report:
    """Check every line; keep the first ``max_errors`` bad lines with their line numbers,
    one message per line however many properties it lacks."""
    report = Report()
    for number, record, problem in read_records(path):
        if problem is None:
            report.records += 1
            report.kinds.add(kind_of(record))
            problem = record_problem(record)
        if problem is not None and len(report.errors) < max_errors:
            report.errors.append((number, problem))
    return report


def read_records(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, record or None, problem or None) for every non-empty line."""
    with Path(path).open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8")), None
            except UnicodeDecodeError:
                yield number, None, "is not valid UTF-8"
            except json.JSONDecodeError as exc:
                yield number, None, f"is not JSON ({exc.msg} at column {exc.colno})"
            except RecursionError:
                yield number, None, "is nested too deeply to read"
            except ValueError:  # Python's limit on the digits of one integer
                yield number, None, "holds a number too long to read (over 4,300 digits)"
