"""Every error a user can see, in one place, each with a stable code.

Commands catch :class:`AnnotatorError` at the top and print ``message`` as one sentence
with the class's code (``annotator: error [E201]: …``); anything else is a bug: one sentence
with INTERNAL, and its traceback kept in a log file.
"""

from __future__ import annotations

INTERNAL = "E900"  # not an AnnotatorError: a bug
NO_WINDOW = "E106"  # the window cannot start on this machine (no display, missing libraries)


class AnnotatorError(Exception):
    """An error caused by input or environment, explained in one sentence."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseOpenError(AnnotatorError):
    """The database could not be opened (bad URL, unreachable server, not a database)."""

    code = "E101"


class DatabaseLocationError(AnnotatorError):
    """The database file cannot be created or written where it was asked for."""

    code = "E102"


class SchemaTooNewError(AnnotatorError):
    """The database was written by a newer annotator than this one."""

    code = "E103"


class MigrationError(AnnotatorError):
    """Upgrading the database schema failed; the database was left as it was."""

    code = "E104"


class DatabaseUnavailableError(AnnotatorError):
    """The database went away while the program was running."""

    code = "E105"


class NotFoundError(AnnotatorError):
    """An article, statement, annotator or label type that does not exist was asked for."""

    code = "E201"


class InvalidLabelError(AnnotatorError):
    """A label name that is not part of the label scheme."""

    code = "E202"


class StatementInUseError(AnnotatorError):
    """A statement other annotators have labelled (or a lead has settled) cannot be deleted
    by an annotator who is not a lead."""

    code = "E203"


class InputError(AnnotatorError):
    """A file or record given to the program cannot be used (with file and line)."""

    code = "E301"
