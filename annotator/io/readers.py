"""Reading articles from files and folders: .txt, .jsonl (incl. Prodigy and doccano), .html.

Readers yield :class:`RawArticle` for every good article and :class:`InputProblem` (file and
line) for every bad one, so one bad file or line never stops an import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any

from annotator.core.models import EntitySpan, GivenAnnotations, GivenStatement
from annotator.core.fields import FieldProblem, clean_field, clean_meta, replace_surrogates

MAX_CHARS = 1_000_000  # spaCy's own default limit for one text
MAX_LINE_BYTES = 8_000_000
MAX_HTML_BYTES = 20_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE_PREFIX = re.compile(r"\A\s*date:?\s+(\d{4}-\d{2}-\d{2}(?:T[0-9:.+\-Z]+)?)[ \t]*", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z\d)”\"’]{2}[.!?])\s+(?=[A-Z“\"‘])")
_DATELINE = re.compile(
    r"\A[ \t]*(?:\d{1,2}[.:]\d{2}\b[^\n]{0,60}|(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|gio|ven|sab|dom)"
    r"\w*,?\s+\d{1,2}\s+\w+\s+\d{4}[^\n]{0,20})[ \t]*(?:\n|\Z)", re.I)
_HEADER = re.compile(r"\A((?:[ \t]*(?:title|source|url|published|date|language|lang)[ \t]*:[^\n]*\n)+)\s*\n",
                     re.I)
_FIELD_ALIASES = {"date": "published", "lang": "language"}
_URL = re.compile(r"\A[a-z][a-z0-9+.-]*://", re.I)


@dataclass(frozen=True)
class RawArticle:
    text: str
    origin: str  # where it came from: a path relative to the import root, or "file.jsonl:12"
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    given: GivenAnnotations | None = None  # an annotated file's own entities and statements


@dataclass(frozen=True)
class InputProblem:
    where: str  # "path" or "path:line"
    message: str

    def __post_init__(self) -> None:
        # A file name with bytes that are not UTF-8 reaches us with lone surrogates, which
        # no terminal or database can take: show them as U+FFFD.
        object.__setattr__(self, "where", replace_surrogates(self.where)[0])
        object.__setattr__(self, "message", replace_surrogates(self.message)[0])

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Item = RawArticle | InputProblem
Reader = Callable[[Path, str, str | None], Iterator[Item]]


def read_inputs(paths: Iterable[str | Path], *, source: str | None = None) -> Iterator[Item]:
    """Every article under ``paths`` (files, or folders searched recursively), in order."""
    for raw in paths:
        if _URL.match(str(raw)):
            yield InputProblem(str(raw), "is a web address; annotator does not fetch pages. Save "
                               "the page (or its text) and import the file.")
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
                reader = READERS.get(file.suffix.lower())
                if reader is None or file.name.startswith("."):
                    continue
                if not file.is_file():  # a link to nothing: say so rather than skip it
                    yield InputProblem(str(file), "is a link to a file that does not exist")
                    continue
                yield from reader(file, file.relative_to(path).as_posix(), source)
        elif path.is_file():
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                yield InputProblem(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                   f"use {', '.join(sorted(READERS))} or a folder")
            else:
                yield from reader(path, path.name, source)
        else:
            yield InputProblem(str(path), "no such file or folder")


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many articles ``read_inputs`` will yield, at most (for progress bars)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" and file.is_file():
                with file.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif file.suffix.lower() in READERS:
                total += 1
    return total


# --- .txt ------------------------------------------------------------------------------------


def outlet_of(url: str | None) -> str | None:
    """The outlet a web address names ("https://www.tass.com/x" -> "tass.com"), or None: a
    file's name is no outlet, and an article without one is better left without."""
    if not url:
        return None
    host = urlsplit(url.strip()).hostname or ""
    host = host.removeprefix("www.")
    return host or None


def read_txt(path: Path, origin: str, source: str | None) -> Iterator[Item]:
    text = _read_text(path)
    if isinstance(text, InputProblem):
        yield text
        return
    if path.with_suffix(".ann").is_file():  # a brat document: the text exactly, annotated
        yield _brat_document(path, text, origin, source)
        return
    text, warnings = clean_text(text)
    text, header = split_metadata(text)
    problem = _check_text(text, str(path))
    if problem is not None:
        yield problem
        return
    yield _article(
        text=text, origin=origin, where=str(path), title=header.get("title") or guess_title(text),
        source=source or header.get("source") or outlet_of(header.get("url")),
        url=header.get("url"),
        published=header.get("published"), language=header.get("language"),
        meta={"origin": origin}, warnings=warnings)


def split_metadata(text: str) -> tuple[str, dict[str, str]]:
    """Remove a leading metadata block (``title: …`` lines), a ``date 2024-11-18`` prefix and
    a dateline after it; return the article text and what was found."""
    found: dict[str, str] = {}
    header = _HEADER.match(text)
    if header:
        for line in header.group(1).splitlines():
            key, _, value = line.partition(":")
            key = key.strip().lower()
            found[_FIELD_ALIASES.get(key, key)] = value.strip()
        text = text[header.end():]
    date = _DATE_PREFIX.match(text)
    if date:
        found.setdefault("published", date.group(1).strip())
        text = text[date.end():]
        dateline = _DATELINE.match(text)
        if dateline:
            text = text[dateline.end():]
    return text.strip("\n\r\t "), found


def guess_title(text: str) -> str | None:
    from annotator.core.boilerplate import is_boilerplate
    from annotator.core.lexicon import default_lexicon

    lexicon = default_lexicon()
    for line in text.splitlines():
        line = line.strip()
        if line and not is_boilerplate(line, lexicon):
            if len(line) <= 150:
                return line
            end = _SENTENCE_END.search(line, 20, 150)
            return line[:end.start()] if end else line[:149].rstrip() + "…"
    return None


# --- .jsonl ----------------------------------------------------------------------------------


def read_jsonl(path: Path, origin: str, source: str | None) -> Iterator[Item]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputProblem(str(path), f"cannot be read: {exc.strerror}")
        return
    with fh:
        for number, raw in enumerate(fh, start=1):
            where = f"{path}:{number}"
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
                raw = raw[3:]
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE_BYTES:
                yield InputProblem(where, f"line is too long ({len(raw):,} bytes; "
                                   f"the limit is {MAX_LINE_BYTES:,})")
                continue
            item = _jsonl_record(raw, where, f"{origin}:{number}", source)
            yield item


def _jsonl_record(raw: bytes, where: str, origin: str, source: str | None) -> Item:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputProblem(where, f"is not valid UTF-8 (byte {exc.start + 1} of the line)")
    except json.JSONDecodeError as exc:
        return InputProblem(where, f"is not JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputProblem(where, "is nested too deeply to read (arrays or objects inside "
                            "each other hundreds of levels deep)")
    except ValueError as exc:  # Python's limit on the digits of one integer
        return InputProblem(where, f"holds a number too long to read ({_first_line(exc).split(':')[0]})")
    if not isinstance(record, dict):
        return InputProblem(where, "is not a JSON object")
    text = record.get("text", record.get("data"))  # doccano's older exports use "data"
    if not isinstance(text, str) or not text.strip():
        return InputProblem(where, 'has no "text" (a non-empty string is required)')
    original = text
    text, warnings = clean_text(text)
    problem = _check_text(text, where)
    if problem is not None:
        return problem
    given = None
    if _is_doccano_relations(record):
        if text != original:
            return InputProblem(where, "its text had to be cleaned (" + "; ".join(warnings)
                                + "), so the offsets of its annotations no longer hold")
        given = doccano_annotations(record, text)
        if isinstance(given, str):
            return InputProblem(where, given)
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}

    def pick(*keys: str) -> str | None:
        for key in keys:
            for holder in (record, meta):
                value = holder.get(key)
                if isinstance(value, (str, int, float)) and str(value).strip():
                    return str(value).strip()
        return None

    extra = {k: v for k, v in meta.items()}
    for key in ("id", "_input_hash", "_task_hash", "label", "labels", "spans", "entities"):
        if key in record:
            extra.setdefault("imported_" + key.lstrip("_"), record[key])
    extra["origin"] = origin
    if given is not None:
        for key in ("entities", "relations", "annotator", "article", "schema_version"):
            extra.pop("imported_" + key, None)
            extra.pop(key, None)
        article = record.get("article") if isinstance(record.get("article"), dict) else {}
        record = {**{k: v for k, v in article.items() if k in ("title", "source", "url",
                                                              "published")}, **record}
        meta = {}
    item = _article(
        text=text, origin=origin, where=where, title=pick("title", "headline"),
        source=source or pick("source", "outlet", "publisher", "sitename")
        or outlet_of(pick("url", "link")),
        url=pick("url", "link"), published=pick("published", "date", "published_at"),
        language=pick("language", "lang"), meta=extra, warnings=warnings)
    if given is not None and isinstance(item, RawArticle):
        item = dc_replace(item, given=given)
    return item


SPEAKER, CUE, STATEMENT = "SPEAKER", "CUE", "STATEMENT"  # as the doccano export writes them


def _is_doccano_relations(record: dict[str, Any]) -> bool:
    """doccano's sequence labelling with relations (as annotator's doccano export writes)."""
    entities = record.get("entities")
    return isinstance(entities, list) and isinstance(record.get("relations", []), list) \
        and all(isinstance(e, dict) and "start_offset" in e for e in entities) and bool(entities)


def doccano_annotations(record: dict[str, Any], text: str) -> GivenAnnotations | str:
    """The entities and statements of a doccano record, or what is wrong with it: a span
    is a statement when it is labelled STATEMENT or with a lower-case label (the scheme's
    keys), or a speaker or cue points at it; SPEAKER and CUE spans (and entities a SPEAKER
    relation starts from) are speakers and cues; the other spans are named entities. Its
    labels are the record's ``annotator``'s (doccano's own records: "doccano")."""
    spans: dict[Any, tuple[int, int, str]] = {}
    for index, e in enumerate(record["entities"]):
        start, end, label = e.get("start_offset"), e.get("end_offset"), e.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)
                and 0 <= start < end <= len(text) and label.strip()):
            return f"entities/{index}: not a span of the text ({start}-{end} {label!r})"
        spans[e.get("id", index)] = (start, end, label)
    links: dict[Any, dict[str, tuple[int, int]]] = {}
    for index, r in enumerate(record.get("relations") or []):
        if not isinstance(r, dict) or r.get("from_id") not in spans or r.get("to_id") not in spans:
            return f"relations/{index}: joins spans that are not in the record"
        kind = str(r.get("type", "")).upper()
        if kind in (SPEAKER, CUE):
            links.setdefault(r["to_id"], {})[kind] = spans[r["from_id"]][:2]
    annotator = record.get("annotator") if isinstance(record.get("annotator"), str) \
        and record.get("annotator") else "doccano"
    statements, entities, heads = [], [], {sp for ls in links.values() for sp in ls.values()}
    for ident, (start, end, label) in spans.items():
        if label in (SPEAKER, CUE):
            continue
        unlabelled = label.upper() == STATEMENT  # "statement" in brat and Label Studio
        if unlabelled or label != label.upper() or ident in links:
            said = links.get(ident, {})
            labels = () if unlabelled or annotator == "gold" else ((annotator, label),)
            statements.append(GivenStatement(start, end, said.get(SPEAKER), said.get(CUE),
                                             labels))
        elif (start, end) in heads or label:
            entities.append(EntitySpan(start, end, label))
    return GivenAnnotations(tuple(sorted(entities, key=lambda e: (e.start, e.end))),
                            tuple(sorted(statements, key=lambda s: (s.start, s.end))))


# --- .html -----------------------------------------------------------------------------------


def read_html(path: Path, origin: str, source: str | None) -> Iterator[Item]:
    from annotator.io.html import ExtractionError, extract  # trafilatura, in a bounded worker

    try:
        if path.stat().st_size > MAX_HTML_BYTES:
            yield InputProblem(str(path), f"is too large to extract ({path.stat().st_size:,} "
                               f"bytes; the limit for a page is {MAX_HTML_BYTES:,})")
            return
    except OSError as exc:
        yield InputProblem(str(path), f"cannot be read: {exc.strerror}")
        return
    raw = _read_text(path)
    if isinstance(raw, InputProblem):
        yield raw
        return
    try:
        document = extract(raw)
    except ExtractionError as exc:
        yield InputProblem(str(path), str(exc))
        return
    text = document.get("text")
    if not text or not text.strip():
        yield InputProblem(str(path), "has no article text that could be extracted")
        return
    text, warnings = clean_text(text)
    problem = _check_text(text, str(path))
    if problem is not None:
        yield problem
        return
    yield _article(
        text=text, origin=origin, where=str(path), title=document.get("title") or guess_title(text),
        source=source or document.get("sitename") or outlet_of(document.get("url")),
        url=document.get("url"),
        published=document.get("date"), language=document.get("language"),
        meta={"origin": origin}, warnings=warnings)


# --- brat standoff (.txt beside its .ann) -----------------------------------------------------


def _brat_document(path: Path, text: str, origin: str, source: str | None) -> Item:
    """A brat document: the .txt's text as it is (the offsets count in it) and the .ann's
    spans and relations, read as the doccano lines are (see doccano_annotations); the
    annotator is the folder's name (annotator's brat export puts each annotator's documents
    in a folder of their own)."""
    where = str(path)
    cleaned, warnings = clean_text(text)
    if cleaned != text:
        return InputProblem(where, "its text had to be cleaned (" + "; ".join(warnings)
                            + "), so the offsets of its .ann no longer hold")
    ann = path.with_suffix(".ann")
    entities, relations = [], []
    try:
        lines = ann.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return InputProblem(str(ann), f"cannot be read ({_first_line(exc)})")
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line[0] in "#AEMN*":  # notes, attributes, events: not ours
            continue
        parts = line.split("\t")
        try:
            if line[0] == "T":
                kind, *offsets = parts[1].replace(";", " ").split(" ")
                numbers = [int(x) for x in offsets]
                entities.append({"id": parts[0], "start_offset": min(numbers[0::2]),
                                 "end_offset": max(numbers[1::2]), "label": kind})
            elif line[0] == "R":
                kind, first, second = parts[1].split(" ")
                relations.append({"from_id": first.split(":", 1)[1],
                                  "to_id": second.split(":", 1)[1], "type": kind})
        except (IndexError, ValueError):
            return InputProblem(f"{ann}:{number}", "is not a brat T or R line")
    if not entities:
        return _article(text=text, origin=origin, where=where, title=guess_title(text),
                        source=source, meta={"origin": origin}, warnings=[])
    who = path.parent.name
    given = doccano_annotations({"entities": entities, "relations": relations,
                                 "annotator": None if who == "candidates" else who}, text)
    if isinstance(given, str):
        return InputProblem(str(ann), given)
    item = _article(text=text, origin=origin, where=where, title=guess_title(text),
                    source=source, meta={"origin": origin}, warnings=[])
    return dc_replace(item, given=given) if isinstance(item, RawArticle) else item


# --- Label Studio (a .json list of tasks) ------------------------------------------------------


def read_label_studio(path: Path, origin: str, source: str | None) -> Iterator[Item]:
    """Label Studio's JSON tasks: each task's text with its regions — the predictions'
    statements as candidates, each annotation's labels as an annotator's (named by the
    task's ``meta.annotators``, as annotator's export writes them, else "label-studio"),
    entity regions as entities, SPEAKER and CUE relations as speakers and cues."""
    try:
        tasks = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        yield InputProblem(str(path), f"is not a JSON file Label Studio wrote ({_first_line(exc)})")
        return
    if not isinstance(tasks, list):
        tasks = [tasks]
    for number, task in enumerate(tasks, start=1):
        where = f"{path}:task {number}"
        data = task.get("data") if isinstance(task, dict) else None
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            yield InputProblem(where, 'has no data.text (a Label Studio text task is needed)')
            continue
        names = (task.get("meta") or {}).get("annotators") if isinstance(task.get("meta"), dict) else None
        sets = [(None, p.get("result") or []) for p in task.get("predictions") or []
                if isinstance(p, dict)]
        for index, a in enumerate(task.get("annotations") or []):
            if isinstance(a, dict):
                who = names[index] if isinstance(names, list) and index < len(names) else "label-studio"
                sets.append(("gold" if a.get("ground_truth") else who, a.get("result") or []))
        merged: dict[tuple[int, int, str], GivenStatement] = {}
        entities: dict[tuple[int, int], EntitySpan] = {}
        for who, result in sets:
            given = doccano_annotations(_ls_as_doccano(result, who), text)
            if isinstance(given, str):
                yield InputProblem(where, given)
                break
            for e in given.entities:
                entities[(e.start, e.end)] = e
            for st in given.statements:
                key = (st.start, st.end, "")
                old = merged.get(key)
                labels = (old.labels if old else ()) + (st.labels if who else ())
                merged[key] = GivenStatement(st.start, st.end, st.speaker or (old and old.speaker),
                                             st.cue or (old and old.cue), labels)
        else:
            item = _article(text=text, origin=f"{origin}:{number}", where=where,
                            title=data.get("title") or guess_title(text),
                            source=source or data.get("source"), url=data.get("url"),
                            published=data.get("published"),
                            meta={"origin": f"{origin}:{number}"}, warnings=[])
            if isinstance(item, RawArticle):
                item = dc_replace(item, given=GivenAnnotations(
                    tuple(sorted(entities.values(), key=lambda e: (e.start, e.end))),
                    tuple(sorted(merged.values(), key=lambda s: (s.start, s.end)))))
            yield item


def _ls_as_doccano(result: list[Any], who: str | None) -> dict[str, Any]:
    """Label Studio regions and relations, as doccano_annotations reads them. A statement
    region labelled "statement" (or any prediction's) is a candidate without a label."""
    spans, relations = [], []
    for region in result:
        if not isinstance(region, dict):
            continue
        if region.get("type") == "relation":
            relations.append({"from_id": region.get("from_id"), "to_id": region.get("to_id"),
                              "type": (region.get("labels") or [""])[0]})
            continue
        value = region.get("value") if isinstance(region.get("value"), dict) else {}
        labels = value.get("labels") or []
        if "start" not in value or not labels:
            continue
        label = labels[0]
        if region.get("from_name") == "statement" and (who is None or label == "statement"):
            label = STATEMENT
        spans.append({"id": region.get("id"), "start_offset": value.get("start"),
                      "end_offset": value.get("end"), "label": label})
    return {"entities": spans, "relations": relations, "annotator": who}


# --- CoNLL-2003 / IOB (entities) ---------------------------------------------------------------


def read_conll(path: Path, origin: str, source: str | None) -> Iterator[Item]:
    """CoNLL files of entities: a document per ``-DOCSTART-`` block (the whole file when
    there is none), a sentence per blank-line block, the token first on each line and its
    IOB tag last (IOB2, or IOB1 where I- starts an entity). The text is the tokens joined
    by spaces, a sentence per line; the tags are its entities, used in place of the
    pipeline's, and statements are detected as for any article."""
    text = _read_text(path)
    if isinstance(text, InputProblem):
        yield text
        return
    documents: list[list[list[tuple[int, str, str]]]] = [[]]
    sentence: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        columns = line.split()
        if columns and columns[0] == "-DOCSTART-":
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            if documents[-1]:
                documents.append([])
            continue
        if not columns:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            continue
        tag = columns[-1] if len(columns) > 1 else "O"
        if not (tag == "O" or tag[:2] in ("B-", "I-") and len(tag) > 2):
            yield InputProblem(f"{path}:{number}", f"{tag!r} is not an IOB tag (O, B-TYPE, "
                               "I-TYPE)")
            return
        sentence.append((number, columns[0], tag))
    if sentence:
        documents[-1].append(sentence)
    for index, sentences in enumerate(d for d in documents if d):
        parts, entities, at = [], [], 0
        open_entity: list | None = None
        for s_index, tokens in enumerate(sentences):
            if s_index:
                parts.append("\n")
                at += 1
            for t_index, (_, token, tag) in enumerate(tokens):
                if t_index:
                    parts.append(" ")
                    at += 1
                start, end = at, at + len(token)
                parts.append(token)
                at = end
                kind = tag[2:]
                continues = (tag.startswith("I-") and open_entity is not None
                             and open_entity[2] == kind and t_index > 0)
                if continues:
                    open_entity[1] = end  # type: ignore[index]
                else:
                    if open_entity is not None:
                        entities.append(EntitySpan(*open_entity))
                    open_entity = [start, end, kind] if tag != "O" else None
            if open_entity is not None:  # an entity never runs across sentences
                entities.append(EntitySpan(*open_entity))
                open_entity = None
        body = "".join(parts)
        name = f"{origin}:{index + 1}"
        item = _article(text=body, origin=name, where=f"{path}:{sentences[0][0][0]}",
                        title=guess_title(body), source=source, meta={"origin": name},
                        warnings=[])
        if isinstance(item, RawArticle):
            item = dc_replace(item, given=GivenAnnotations(tuple(entities), (), detect=True))
        yield item


READERS: dict[str, Reader] = {".txt": read_txt, ".jsonl": read_jsonl, ".html": read_html,
                              ".htm": read_html, ".json": read_label_studio,
                              ".conll": read_conll}


# --- shared ----------------------------------------------------------------------------------


def clean_text(text: str) -> tuple[str, list[str]]:
    """Unify line breaks, drop control characters and replace lone surrogates (each reported
    as a warning)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    count = len(_CONTROL.findall(text))
    warnings = []
    if count:
        text = _CONTROL.sub("", text)
        warnings.append(f"removed {count} control character{'s' if count > 1 else ''}")
    text, bad = replace_surrogates(text)
    if bad:
        warnings.append(f"replaced {bad} invalid character{'s' if bad > 1 else ''} "
                        "(lone surrogates) with U+FFFD")
    return text, warnings


def _article(*, text: str, origin: str, where: str, meta: dict[str, Any],
             warnings: list[str], **fields: object) -> Item:
    """A RawArticle whose fields every backend can store (see annotator.core.fields)."""
    said = list(warnings)
    clean: dict[str, str | None] = {}
    for name, value in fields.items():
        clean[name], notes = clean_field(name, value)
        said.extend(notes)
    try:
        meta, notes = clean_meta(meta)
    except FieldProblem as exc:
        return InputProblem(where, str(exc))
    said.extend(notes)
    return RawArticle(text=text, origin=replace_surrogates(origin)[0], meta=meta,
                      warnings=tuple(f"{where}: {w}" for w in said), **clean)  # type: ignore[arg-type]


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(exc).__name__


def _read_text(path: Path) -> str | InputProblem:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputProblem(str(path), f"cannot be read: {exc.strerror}")
    if b"\x00" in data[:8192]:
        return InputProblem(str(path), "is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputProblem(f"{path}:{line}", f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                            f"at offset {exc.start})")


def _check_text(text: str, where: str) -> InputProblem | None:
    if not text.strip():
        return InputProblem(where, "is empty")
    if len(text) > MAX_CHARS:
        return InputProblem(where, f"is too long ({len(text):,} characters; the limit is "
                            f"{MAX_CHARS:,}); split it into several articles")
    return None
