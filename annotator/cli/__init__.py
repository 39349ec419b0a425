"""The command line: thin wrappers around annotator.ops."""

from annotator.cli.main import cli, main

__all__ = ["cli", "main"]
