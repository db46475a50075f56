"""Writing inside an output folder only: folders made with clear errors, files never written through a symlink.

Every file of a batch's records and of ``cxsim run`` goes through these
helpers (the report's writers, pandas and matplotlib, cannot: the report
refuses a folder holding a link, :func:`symlinks_under`). Files are opened with
``O_NOFOLLOW``, so a symbolic link planted where an output file belongs is
refused instead of followed (nothing outside ``--out`` is written); whole files
are replaced atomically (a temporary file, then ``os.replace``), so a reader
sees the old file or the new one, never half of one. Errors are ``OSError`` as
the system reports them; callers say what was kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 where the system has no such flag: the lstat checks below remain


def make_folder(path: Path) -> None:
    """Create ``path`` (and its parents) unless it is a folder already; refuse a file or a symlink in its place.

    Raises:
        OSError: ``ENOTDIR`` when ``path`` or a parent is a file, ``ELOOP`` when it is a symbolic link,
            or what the system says (``EROFS``, ``EACCES``, ``ENOSPC``, ...).
    """
    refuse_symlink(path)
    if path.is_dir():
        return
    if path.exists():
        raise OSError(errno.ENOTDIR, "is a file, not a folder", str(path))
    path.mkdir(parents=True, exist_ok=True)


def refuse_symlink(path: Path) -> None:
    """Raise ``OSError(ELOOP)`` when ``path`` is a symbolic link (cxsim never writes through one)."""
    if path.is_symlink():
        raise OSError(errno.ELOOP, "is a symbolic link; cxsim never writes through one", str(path))


def symlinks_under(folder: Path) -> list[Path]:
    """Symbolic links in ``folder`` and its subfolders (links to folders are listed, not followed).

    For writers that cannot open their files with ``O_NOFOLLOW`` (pandas, matplotlib):
    they refuse the folder while this list is not empty.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        found += [Path(root, name) for name in (*dirs, *files) if Path(root, name).is_symlink()]
    return found


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the ``with`` block ends, or vanishes if it fails."""
    refuse_symlink(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)  # a leftover of a killed writer (or a planted link: unlink never follows it)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (a temporary file beside it, then ``os.replace``)."""
    with atomic_writer(path) as fh:
        fh.write(data)


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def append_bytes(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` (created if missing) in one system call where the system allows."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW, 0o644)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
