"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, sync_dir: bool = True) -> Path:
    """Write *data* to *path* through a temporary file, fsync and rename.

    The temporary file lives in the same directory so the rename is atomic; the
    directory is fsynced too so the rename survives a crash.

    Args:
        sync_dir: Fsync the directory after the rename. A batch writer may pass False
            and call :func:`fsync_directory` once at the end: each file is still either
            old or new after a crash, only the last renames may not have reached the disk.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.xml"
        >>> atomic_write_bytes(target, b"<a/>").read_bytes()
        b'<a/>'
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if sync_dir:
        fsync_directory(target.parent)
    return target


def fsync_directory(directory: Path) -> None:
    """Make the renames done in *directory* durable (best effort where unsupported)."""
    # Not every platform lets a directory be opened for fsync (Windows); best effort.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
