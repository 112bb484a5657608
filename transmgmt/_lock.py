"""An inter-process write lock for an archive folder.

One writer at a time: the lock is an advisory ``fcntl.flock`` on
``.transmgmt/lock`` inside the archive. The kernel drops the lock when the holder
dies (even by SIGKILL), so a crashed writer never leaves the archive locked. The
holder writes its pid into the file so a waiting process can say who holds it.

Example:
    >>> import pathlib, tempfile
    >>> lock = ArchiveLock(pathlib.Path(tempfile.mkdtemp()) / "lock", timeout=1)
    >>> with lock:
    ...     lock.held
    True
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from types import TracebackType

from transmgmt.errors import ArchiveLockedError

try:  # POSIX only; see ArchiveLock.acquire for the fallback
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # the module or None, tested before use

__all__ = ["ArchiveLock"]


class ArchiveLock:
    """A re-entrant (within one object) exclusive lock held through a lock file.

    Args:
        path: The lock file (created if missing, never deleted: deleting a flock'ed
            file would let two processes lock two different inodes).
        timeout: Seconds to wait for another writer before giving up.
        poll: Seconds between attempts while waiting.
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0,
                 poll: float = 0.05) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.poll = poll
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def _holder(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            text = self.path.read_text(encoding="ascii").strip()
            if text:
                return f"pid {text.split()[0]}"
        return "another process"

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds.

        Raises:
            ArchiveLockedError: When another process still holds it after the timeout.
        """
        if self._fd is not None:
            self._depth += 1
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    msg = (f"archive is locked by {self._holder()} ({self.path}); "
                           f"gave up after {self.timeout:g} s")
                    raise ArchiveLockedError(msg, path=str(self.path)) from None
                time.sleep(self.poll)
        # Record the holder for the message a waiting process prints (best effort).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n"
                      .encode("ascii"), 0)
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Give the lock back (the outermost release actually unlocks)."""
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> ArchiveLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
