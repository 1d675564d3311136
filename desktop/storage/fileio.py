"""Atomic, durable small-file writes (temp file + fsync + ``os.replace``)."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from desktop.errors import ReadOnlyLocationError, StorageFullError, VaultError


def translate_os_error(error: OSError) -> VaultError:
    """Maps disk-full and read-only errors to the user-facing errors; others stay generic."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFullError(detail=str(error))
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyLocationError(detail=str(error))
    return VaultError(f"Die Datei konnte nicht geschrieben werden: {error.strerror}",
                      detail=str(error))


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Writes ``data`` to ``path`` so that a crash leaves either the old or the new file."""
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, mode) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = ""
        fsync_dir(path.parent)
    except OSError as error:
        raise translate_os_error(error) from error
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def fsync_dir(directory: Path) -> None:
    """Makes a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
