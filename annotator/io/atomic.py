"""Write to a temporary name beside the target and rename when complete: an interrupted
export never leaves a truncated file (or a half-written folder)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``target`` only if the block succeeds."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A temporary folder to fill; put at ``target`` only if the block succeeds. An earlier
    folder at ``target`` is removed only once the new one is in place."""
    target = Path(target)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh
