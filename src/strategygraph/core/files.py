"""Writing output files atomically: a failed run never leaves a half-written file behind."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Terminated(SystemExit):
    """SIGTERM (or SIGHUP) arrived while output was being written; raised so that clean-up code runs."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(128 + signum)


@contextmanager
def cleanup_on_terminate() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception inside this block, so that ``finally``/``except`` clean-up
    (removing temporary files and folders) runs as it does for Ctrl-C; the previous handlers come back after.

    Only the main thread can set signal handlers; elsewhere this block changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            saved[sig] = signal.signal(sig, _raise_terminated)
        except (ValueError, OSError):  # pragma: no cover - not the main interpreter
            pass
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def _default_mode(base: int) -> int:
    """``base`` (0o666 for files, 0o777 for folders) minus the process umask, as open()/mkdir() would give."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets the permissions a plain ``open()`` would give it (or keeps those of the file it
    replaces), not the private mode of a temporary file.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        # a device or pipe (/dev/stdout, a FIFO): write into it; it must never be replaced by a file
        with open(path, "wb") as fh:
            fh.write(data)
        return path
    if path.is_symlink():  # write the file the link points to, keep the link
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with cleanup_on_terminate():
        return _atomic_write(path, data)


def _atomic_write(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode(0o666)
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def atomic_directory(path: str | Path) -> Iterator[Path]:
    """Build a directory in a temporary sibling and swap it into place only on success.

    On failure the temporary directory is removed and an existing ``path`` is
    left exactly as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with cleanup_on_terminate():
        yield from _atomic_directory(path)


def _atomic_directory(path: Path) -> Iterator[Path]:
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        os.chmod(tmp, _default_mode(0o777))
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if path.exists():
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        os.replace(path, old)
    try:
        os.replace(tmp, path)
    except BaseException:
        if old is not None:
            os.replace(old, path)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
