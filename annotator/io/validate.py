"""Validating export records against the JSON Schemas in schemas/."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
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


def record_problem(record: Any, kind: str | None = None,
                   scheme: Collection[str] | None = None) -> str | None:
    """Everything wrong with one record in one line, or None when it is valid: its shape
    against the schema, then (a well-shaped record) what it means, see meaning_errors."""
    errors = record_errors(record, kind)
    if not errors and scheme is not None:
        errors = meaning_errors(record, kind or kind_of(record), scheme)
    return "; ".join(errors) if errors else None


def meaning_errors(record: dict[str, Any], kind: str, scheme: Collection[str]) -> list[str]:
    """What a record that has the right shape gets wrong: a label outside the project's
    ``scheme``, offsets outside the text or the wrong way round, a span whose text is not
    the text at its offsets. One message per field, named by its path."""
    errors: list[str] = []

    def span(where: str, start: Any, end: Any, text: str, expected: str | None = None) -> None:
        if not 0 <= start < end <= len(text):
            errors.append(f"{where}: offsets {start}-{end} are outside the text "
                          f"(0-{len(text)})" if start < end else
                          f"{where}: start {start} is not before end {end}")
        elif expected is not None and text[start:end] != expected:
            errors.append(f"{where}: the text at {start}-{end} is {text[start:end][:40]!r}, "
                          f"not {expected[:40]!r}")

    def label(where: str, value: Any, also: Collection[str] = ()) -> None:
        if value is not None and value not in scheme and value not in also:
            errors.append(f"{where}: {value!r} is not a label of the scheme "
                          f"({', '.join(sorted(scheme))})")

    if kind == "statements":
        label("label", record.get("label"))
        if record["end"] - record["start"] != len(record["text"]):
            errors.append(f"text: {len(record['text'])} characters, but start-end "
                          f"{record['start']}-{record['end']} spans {record['end'] - record['start']}")
        for index, entity in enumerate(record.get("entities") or []):
            span(f"entities/{index}", entity["start"], entity["end"], record["text"],
                 entity.get("text"))
    elif kind == "spans":
        text = record["text"]
        for index, token in enumerate(record["tokens"]):
            span(f"tokens/{index}", token["start"], token["end"], text, token["text"])
        for index, item in enumerate(record["spans"]):
            span(f"spans/{index}", item["start"], item["end"], text)
            label(f"spans/{index}/label", item.get("label"))
    elif kind == "doccano":
        text = record["text"]
        ids = set()
        for index, item in enumerate(record["entities"]):
            span(f"entities/{index}", item["start_offset"], item["end_offset"], text)
            ids.add(item["id"])
        for index, relation in enumerate(record["relations"]):
            for end in ("from_id", "to_id"):
                if relation[end] not in ids:
                    errors.append(f"relations/{index}/{end}: there is no entity {relation[end]}")
    return errors[:10]


@dataclass
class Report:
    records: int = 0
    kinds: set[str] = field(default_factory=set)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_jsonl(path: Path, *, max_errors: int = 20,
                   scheme: Collection[str] | None = None) -> Report:
    """Check every line; keep the first ``max_errors`` bad lines with their line numbers,
    one message per line however many properties it lacks. With ``scheme`` (the project's
    labels) the records' meaning is checked too (meaning_errors)."""
    report = Report()
    for number, record, problem in read_records(path):
        if problem is None:
            report.records += 1
            report.kinds.add(kind_of(record) if isinstance(record, dict) else "?")
            problem = record_problem(record, scheme=scheme)
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
