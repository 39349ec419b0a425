"""``annotator``: every command parses its arguments and calls one function of annotator.ops."""

from __future__ import annotations

import getpass
import importlib
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from annotator import __version__, ops
from annotator.core.errors import AnnotatorError
from annotator.storage import Database, open_database

DB_HELP = ("Database: a SQLAlchemy URL (sqlite:///…, postgresql://user@host/db) or a file path. "
           "Default: $ANNOTATOR_DB, else annotator.db in your user data folder.")


class _Group(click.Group):
    """Turns the errors users cause into one sentence on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            click.echo(f"annotator: error: {exc.message}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("annotator: interrupted.", err=True)
            ctx.exit(130)


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
              help="Who is labelling (default: remembered, else your login name).")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, annotator_name: str | None) -> None:
    """Label statements in news articles as warning, claim, denial or report.

    Without a command, opens the annotation window.
    """
    if ctx.invoked_subcommand is not None:
        return
    db = _open(ctx, db_url)
    # Imported by name so the command line never loads Qt unless the window is asked for.
    gui = importlib.import_module("annotator.gui")
    ctx.exit(gui.run(db, annotator_name or getpass.getuser()))


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
    """Count articles, entities, statements and labels (per label and per annotator)."""
    result = ops.stats(_open(ctx, db_url)).as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for key in ("articles", "entities", "statements", "labels"):
        click.echo(f"{key:<12}{result[key]:>10,}")
    for title, counts in (("per label", result["labels_per_label"]),
                          ("per annotator", result["labels_per_annotator"])):
        click.echo(f"{title}:")
        for name, n in counts.items():
            click.echo(f"  {name:<20}{n:>10,}")


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="annotator")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
