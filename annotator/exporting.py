"""Export and label round-trip use cases (CLI and GUI share them)."""

from __future__ import annotations

import contextlib
import hashlib
import sys
from collections import Counter
from datetime import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import orjson

from annotator.core.errors import InputError
from annotator.core.models import ExportArticle
from annotator.core.text import word_span
from annotator.io.atomic import atomic_text
from annotator.io import formats
from annotator.io.export import Options, span_records
from annotator.io.validate import kind_of, read_records, record_problem
from annotator.storage import Database, queries

Progress = Callable[[int, int], None]


@dataclass
class ExportSummary:
    format: str
    records: int = 0
    articles: int = 0
    paths: list[str] = field(default_factory=list)
    cancelled: bool = False


class _Cancelled(Exception):
    pass


def export(
    db: Database, *, format: str, output: Path | None = None, stream: IO[str] | None = None,
    annotators: list[str] | None = None, labels: list[str] | None = None,
    sources: list[str] | None = None, gold: bool = False, include_unlabelled: bool = False,
    one_per_cluster: bool = False, split: tuple[float, ...] | None = None, seed: int = 0,
    progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Stream the selected labels to ``output`` (written under a temporary name, renamed
    when complete) or to ``stream``. A cancelled export leaves no file behind.

    ``one_per_cluster``: one record for each cluster of variants (the same utterance in
    several outlets), with the gold or majority label and every variant's id. ``split``:
    ratios of train, dev (and test) files written beside ``output``, no cluster of variants
    crossing from one to another; ``seed`` chooses which group goes where."""
    if format not in formats.written():
        raise InputError(f"Unknown export format {format!r}; choose one of "
                         f"{', '.join(formats.written())}.")
    if format == "spacy" and output is None:
        raise InputError("The spacy format writes binary files: give -o FILE.spacy, or -o FOLDER "
                         "for a large project.")
    if not formats.get(format).records and output is None:
        raise InputError(f"The {format} format writes a file: give -o FILE"
                         f"{formats.get(format).suffixes[0]}.")
    if format not in ("spacy", "brat") and output is not None and Path(output).is_dir():
        raise InputError(f"Cannot write {output}: it is a folder. Give a file name.")
    if output is not None and not Path(output).parent.is_dir():
        raise InputError(f"Cannot write {output}: the folder does not exist.")
    with db.session() as session:
        scheme = [t.key for t in queries.label_types(session) if t.kind == "label"]
        unknown = sorted(set(labels or ()) - {t.key for t in queries.label_types(session)})
        if unknown:
            raise InputError(f"Unknown label {', '.join(unknown)}; the scheme has {', '.join(scheme)}.")
        _check_known("annotator", annotators, [a.name for a in queries.annotators(session)])
        _check_known("outlet", sources, queries.sources(session))
    chosen = formats.get(format)
    if (one_per_cluster or split) and format != "statements":
        raise InputError("--one-per-cluster and --split are for the statements format.")
    if split is not None:
        if output is None:
            raise InputError("--split writes several files: give -o FILE.jsonl as their stem.")
        if not 2 <= len(split) <= 3 or any(r < 0 for r in split) or abs(sum(split) - 1) > 1e-6:
            raise InputError(f"--split {','.join(f'{r:g}' for r in split)}: give two or three "
                             "ratios that add up to 1, e.g. 0.8,0.1,0.1.")
    options = Options(gold=gold, include_unlabelled=include_unlabelled)
    summary = ExportSummary(format)
    stop = cancelled or (lambda: False)
    with db.session() as session:
        ids = queries.export_ids(session, annotators=annotators, labels=labels, sources=sources,
                                 include_unlabelled=include_unlabelled, gold=gold)
        total = len(ids)

        def articles():  # type: ignore[no-untyped-def]
            for n, item in enumerate(queries.iter_export(
                    session, ids, annotators=annotators, labels=labels,
                    include_unlabelled=include_unlabelled, gold=gold), start=1):
                if stop():
                    raise _Cancelled
                yield _in_words(item)
                summary.articles = n
                if progress is not None and (n % 50 == 0 or n == total):
                    progress(n, total)

        try:
            if not chosen.records:  # the format's writer writes its own files
                write = chosen.load_writer()
                _, summary.records, paths = write(articles(), Path(output), options=options,
                                                  scheme=scheme)
                summary.paths = [str(path) for path in paths]
            else:
                if format == "spans":  # spaCy's tokens, from annotator.nlp
                    from annotator.nlp.export_spacy import tokenizer

                    records = span_records(articles(), options, tokenizer())
                else:
                    records = chosen.load_writer()(articles(), options)
                if one_per_cluster:
                    records = one_record_per_cluster(records)
                if split is not None:
                    summary.records, summary.paths = _write_split(records, Path(output), split,
                                                                  seed)
                elif output is not None:
                    with atomic_text(Path(output)) as fh:
                        summary.records = _write_jsonl(records, fh)
                    summary.paths = [str(output)]
                else:
                    summary.records = _write_jsonl(records, stream or sys.stdout)
        except _Cancelled:
            summary.cancelled = True
        except OSError as exc:
            if output is None:
                raise  # the stream's owner (a closed pipe, the GUI) decides
            # No space left, no permission, a read-only disk: the temporary file is gone
            # and the target untouched (see atomic_path).
            raise InputError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
    return summary


SPLITS = ("train", "dev", "test")


def split_of(record: dict, ratios: tuple[float, ...], seed: int) -> int:  # type: ignore[type-arg]
    """Which file a record goes to: decided by its group (its cluster of variants, else the
    record's own statement) and the seed alone, so every variant of one utterance lands in
    the same file however the export is filtered or ordered."""
    cluster = record.get("cluster")
    group = f"cluster:{cluster['id']}" if cluster else f"statement:{record['id']}"
    digest = hashlib.blake2b(f"{seed}\0{group}".encode(), digest_size=8).digest()
    point = int.from_bytes(digest, "big") / 2 ** 64
    edge = 0.0
    for index, ratio in enumerate(ratios):
        edge += ratio
        if point < edge:
            return index
    return len(ratios) - 1


def _write_split(records, output: Path, ratios: tuple[float, ...],  # type: ignore[no-untyped-def]
                 seed: int) -> tuple[int, list[str]]:
    paths = [output.with_name(f"{output.stem}.{name}{output.suffix or '.jsonl'}")
             for name in SPLITS[:len(ratios)]]
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(atomic_text(path)) for path in paths]
        count = 0
        for record in records:
            files[split_of(record, ratios, seed)].write(
                orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8"))
            count += 1
    return count, [str(p) for p in paths]


def one_record_per_cluster(records):  # type: ignore[no-untyped-def]
    """Records of statements with no variants as they come; for each cluster, one record
    (its first variant's, in export order) with the gold label if a lead settled any
    variant, else the label most votes across the variants gave (ties: the first given),
    and ``variants``: every variant's id. Clustered records wait for the end of the export
    (a cluster spans articles)."""
    clusters: dict[int, list[dict]] = {}  # type: ignore[type-arg]
    for record in records:
        cluster = record.get("cluster")
        if cluster is None:
            yield record
        else:
            clusters.setdefault(cluster["id"], []).append(record)
    for members in clusters.values():
        golds = [r for r in members if r["gold"] and r["label"] is not None]
        labelled = [r["label"] for r in members if r["label"] is not None]
        first = dict(golds[0] if golds else members[0])
        if not golds and labelled:
            counts = Counter(labelled)
            best = max(counts.values())
            first["label"] = next(lab for lab in labelled if counts[lab] == best)
            if first["label"] != members[0]["label"]:
                first["annotator"] = None  # a label of the cluster, not of one annotator
        first["variants"] = list(dict.fromkeys(r["id"] for r in members))
        yield first


def _check_known(what: str, asked: list[str] | None, known: list[str]) -> None:
    """A filter naming someone or something the database has never seen is a typo, not an
    empty export: say so, with what there is."""
    unknown = sorted(set(asked or ()) - set(known))
    if not unknown:
        return
    listed = ", ".join(known[:20]) + (", …" if len(known) > 20 else "") if known else "none yet"
    names = ", ".join(repr(n) for n in unknown)
    raise InputError(f"There is no {what} {names} in this database ({what}s: {listed}).")


def _write_jsonl(records, fh: IO[str]) -> int:  # type: ignore[no-untyped-def]
    """Compact UTF-8 JSON lines. orjson writes the same JSON as json.dumps(ensure_ascii=False,
    separators=(",", ":")) several times faster."""
    count = 0
    binary = getattr(fh, "buffer", None)
    if binary is not None:
        fh.flush()
        write = binary.write
        for record in records:
            write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            count += 1
        binary.flush()
        return count
    for record in records:  # a text-only stream (io.StringIO in tests, the GUI)
        fh.write(orjson.dumps(record).decode("utf-8"))
        fh.write("\n")
        count += 1
    return count


# --- bringing labels back --------------------------------------------------------------------


@dataclass
class LabelImportSummary:
    restored: int = 0
    unchanged: int = 0
    created_statements: int = 0
    conflicts: list[str] = field(default_factory=list)
    missing_articles: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    skipped: int = 0


def import_labels(db: Database, path: Path) -> LabelImportSummary:
    """Restore the labels of a statements export onto matching articles (by content hash) and
    statements (by offsets; created if missing). A different label already given by the same
    annotator is a conflict: reported, never overwritten."""
    summary = LabelImportSummary()
    first = next(((n, r) for n, r, problem in read_records(Path(path))
                  if problem is None and isinstance(r, dict)), None)
    if first is not None and kind_of(first[1]) != "statements":  # before anything is written
        raise InputError(f"{path}:{first[0]}: this is a {kind_of(first[1])} file, not a "
                         "statements export; import-labels restores labels from "
                         "`annotator export --format statements` files.")
    for number, record, problem in read_records(Path(path)):
        where = f"{path}:{number}"
        if problem is None:
            problem = record_problem(record, "statements")
        if problem is not None:
            summary.invalid.append(f"{where}: {problem}")
            continue
        if record.get("label") is None or record.get("gold") or record.get("annotator") is None:
            summary.skipped += 1
            continue
        with db.transaction() as session:
            _restore(session, record, where, summary)
    return summary


def _in_words(exported: ExportArticle) -> ExportArticle:
    """Every format gives a statement the same span: whole words. A span stored before
    selections were snapped may cut a word ("en of course"); the JSONL, the spans and
    both DocBins all widen it to "then of course" (the stored span is left as it is)."""
    text = exported.article.text
    for item in exported.statements:
        s = item.statement
        start, end = word_span(text, s.start, s.end)
        if start < end and (start, end) != (s.start, s.end):
            s.start, s.end = start, end
    return exported


def _restore(session, record: dict, where: str, summary: LabelImportSummary) -> None:  # type: ignore[no-untyped-def,type-arg]
    article_id = queries.find_article_by_hash(session, record["article"]["content_hash"])
    if article_id is None:
        summary.missing_articles.append(f"{where}: no article with content hash "
                                        f"{record['article']['content_hash'][:16]}…")
        return
    who = queries.get_or_create_annotator(session, record["annotator"])
    statement_id = queries.find_statement(session, article_id, record["start"], record["end"])
    if statement_id is None:  # exported in whole words from a span that cut one?
        text = queries.get_article(session, article_id).text
        statement_id = next((st.id for st in queries.article_statements(session, article_id)
                             if word_span(text, st.start, st.end) == (record["start"],
                                                                      record["end"])), None)
    if statement_id is None:
        statement_id = queries.add_statement(session, article_id, record["start"], record["end"],
                                             origin="imported", annotator_id=who.id).id
        speaker = record.get("speaker")
        if speaker:
            queries.update_statement(session, statement_id, annotator_id=who.id,
                                     speaker_start=speaker["start"], speaker_end=speaker["end"])
        summary.created_statements += 1
    existing = queries.get_label(session, statement_id, who.id)
    if existing is not None and existing.label != record["label"]:
        summary.conflicts.append(
            f"{where}: {who.name} labelled {record['text'][:40]!r} {existing.label!r} here and "
            f"{record['label']!r} in the file; kept {existing.label!r}")
        return
    if existing is not None:
        summary.unchanged += 1
        return
    at = record.get("annotated_at")
    queries.set_label(session, statement_id, who.id, record["label"],
                      time_spent_ms=record.get("time_spent_ms") or 0, note=record.get("note"),
                      at=datetime.fromisoformat(at.replace("Z", "+00:00")) if at else None)
    summary.restored += 1
