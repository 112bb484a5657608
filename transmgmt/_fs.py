"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
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


def find_files(paths: Iterable[str | os.PathLike[str]], pattern: str) -> list[Path]:
    """Files named in *paths*, plus the files matching *pattern* below each folder.

    Folders are searched recursively in sorted order; anything inside a hidden folder
    (``.transmgmt/`` with its index and history, ``.git/``) or hidden itself is skipped,
    so an archive's earlier versions are never mistaken for its current files.

    Raises:
        FileNotFoundError: A path that is neither a file nor a folder.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / ".transmgmt").mkdir()
        >>> for name in ("b.tei.xml", "a.xml", ".transmgmt/old.tei.xml"):
        ...     _ = (folder / name).write_text("<a/>")
        >>> [p.name for p in find_files([folder], "*.xml")]
        ['a.xml', 'b.tei.xml']
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob(pattern)
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            msg = f"no such file or folder: {path}"
            raise FileNotFoundError(msg)
    return files
