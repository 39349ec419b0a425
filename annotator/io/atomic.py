"""Write to a temporary name beside the target and rename when complete: an interrupted
export never leaves a truncated file, a half-written folder or a mismatched pair.

Every temporary name holds the process id of its writer (``.NAME.PID.….partial``), so the
next export to the same target can tell a dead writer's leftovers from a running one's and
clean up: partial files go, a folder export killed between its two renames gets its
previous folder back, and a pair of files killed between its renames is completed from its
journal. A pair (the spacy format's two DocBins) changes together: both are written in
full, a journal naming them is written, then both are renamed, then the journal goes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

LEGACY_SECONDS = 24 * 3600  # leftovers of versions that named no writer: removed when this old


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``target`` only if the block succeeds."""
    with atomic_paths([Path(target)]) as (tmp,):
        yield tmp


@contextmanager
def atomic_paths(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths for several files that must change together; all are put in place
    only if the block succeeds, and a kill between the renames is completed by the next
    writer (or :func:`recover`), so readers never keep a mix of old and new for long."""
    targets = [Path(t) for t in targets]
    recover(targets)
    staged = []
    try:
        for target in targets:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                       suffix=".partial")
            os.close(fd)
            staged.append(Path(tmp))
        yield staged
        for tmp in staged:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        if len(targets) == 1:
            os.replace(staged[0], targets[0])
            return
        journal = _write_journal(targets[0], list(zip(staged, targets)))
    except BaseException:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    # From here the new files are complete: a failure or a kill part-way through the renames
    # is rolled forward from the journal by the next writer, never rolled back.
    for tmp, target in zip(staged, targets):
        os.replace(tmp, target)
    journal.unlink()


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A temporary folder to fill; put at ``target`` only if the block succeeds. An earlier
    folder at ``target`` is removed only once the new one is in place."""
    target = Path(target)
    recover([target])
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                    suffix=".partial"))
    try:
        yield staging
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes 0700
        if not target.exists():
            os.replace(staging, target)
            return
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        os.replace(target, old)
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(targets: Sequence[Path]) -> list[str]:
    """Clean up after writers of these targets that died: complete an interrupted pair from
    its journal, put back a folder whose replacement never arrived, remove partial files.
    Leftovers of a writer still running are left alone. Returns what was done."""
    done: list[str] = []
    for target in targets:
        target = Path(target)
        if not target.parent.is_dir():
            continue
        for journal in _leftovers(target, ".swap"):
            for tmp, final in _read_journal(journal):
                if tmp.exists():
                    os.replace(tmp, final)
                    done.append(f"completed {final}")
            journal.unlink(missing_ok=True)
        for old in _leftovers(target, ".old"):
            if not target.exists():
                os.replace(old, target)
                done.append(f"restored {target}")
            else:
                _remove(old)
        for partial in _leftovers(target, ".partial") + _leftovers(target, ".swap.new"):
            _remove(partial)
            done.append(f"removed {partial.name}")
    return done


def _leftovers(target: Path, suffix: str) -> list[Path]:
    prefix = f".{target.name}."
    found = []
    for path in target.parent.iterdir():
        name = path.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        writer = name[len(prefix):].split(".", 1)[0]
        if writer.isdigit():
            if not _is_running(int(writer)):
                found.append(path)
        elif _age(path) > LEGACY_SECONDS:  # written before names held the writer
            found.append(path)
    return sorted(found)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another export of this very process (the window) may be writing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except OSError:
        return 0.0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_journal(first: Path, pairs: list[tuple[Path, Path]]) -> Path:
    journal = first.with_name(f".{first.name}.{os.getpid()}.swap")
    staging = journal.with_name(journal.name + ".new")
    try:
        staging.write_text(json.dumps([[str(a), str(b)] for a, b in pairs]), encoding="utf-8")
        with staging.open("rb+") as fh:  # the journal must be whole before the first rename
            os.fsync(fh.fileno())
        os.replace(staging, journal)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return journal


def _read_journal(journal: Path) -> list[tuple[Path, Path]]:
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
        return [(Path(a), Path(b)) for a, b in pairs]
    except (OSError, ValueError, TypeError):
        return []  # cut short before it was put in place: no rename had started


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh
