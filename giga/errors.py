"""One rooted exception hierarchy, so callers can catch ``GigaError`` and nothing else.

Feed-level failures during a batch refresh are *not* raised: they come back as values
(see :class:`giga.types.FeedFailure`, whose ``cause`` is a ``FetchError`` or a
``ParseError``) so one dead feed never stops a run.

Three kinds of the caller's mistakes are told apart: a bad argument (``ArgumentError``,
also a ``ValueError``), a bad file (``InputError``, naming the file and line), and a name
giga does not know (``NotFoundError``).
"""

from __future__ import annotations

__all__ = [
    "GigaError",
    "FeedError",
    "FetchError",
    "ParseError",
    "ArgumentError",
    "InputError",
    "OpmlError",
    "NotFoundError",
    "FeedNotFoundError",
    "ContactNotFoundError",
    "StorageError",
    "PageError",
]


class GigaError(Exception):
    """Base class of every error giga raises on purpose."""


class FeedError(GigaError):
    """Something went wrong with one feed; ``source`` names it."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class FetchError(FeedError):
    """The feed could not be retrieved (network, HTTP status, size limit, timeout);
    ``status`` is the last HTTP status seen, when there was one."""

    def __init__(self, source: str, message: str, status: int | None = None) -> None:
        super().__init__(source, message)
        self.status = status


class ParseError(FeedError):
    """The retrieved bytes are not a feed giga can read."""


class ArgumentError(GigaError, ValueError):
    """A value the caller passed is not acceptable; ``name`` says which argument."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class InputError(GigaError):
    """A file the user gave us is malformed; names the file and, when known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        # One line, whatever the parser underneath said (libxml2 ends its messages in \n).
        message = " ".join(message.split())
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class OpmlError(InputError):
    """An OPML subscription list could not be read."""


class NotFoundError(GigaError):
    """A named thing (feed, contact) is not in the database."""


class FeedNotFoundError(NotFoundError):
    """No feed with that URL or path is subscribed."""


class StorageError(GigaError):
    """The database or a file could not be read or written (damaged, read-only, disk
    full, locked by another process, not a giga database, newer schema); the message
    says which, in one line, and what to do."""

    @classmethod
    def from_exception(cls, exc: BaseException, path: object = None) -> StorageError:
        """The one-line error for a ``sqlite3.Error`` or ``OSError`` met on ``path``."""
        return cls(describe_storage_failure(exc, path))


def describe_storage_failure(exc: BaseException, path: object = None) -> str:
    """What went wrong with a file, said so a person knows what to do: SQLite's result
    code (``sqlite_errorname``) or the OS's errno decides, not the wording."""
    import errno

    code = getattr(exc, "sqlite_errorname", "") or ""
    said = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else path
        at = f"{where}: " if where is not None else ""
        reason = exc.strerror or said
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"{at}the disk is full ({reason}); free some space and try again"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"{at}cannot write here ({reason}); check the file's and its folder's permissions"
        return f"{at}{reason}"
    db = f"database {path}" if path is not None else "the database"
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in said:
        if code.startswith("SQLITE_NOTADB"):
            return f"{db} is not a SQLite database file ({said}); give another --db file"
        return (f"{db} is damaged ({said}); check it with: sqlite3 {path or 'FILE'} 'PRAGMA integrity_check'"
                f" and restore a backup if it is not ok")
    if code.startswith("SQLITE_READONLY"):
        return f"{db} is read-only ({said}); giga needs to write to the file and to its folder"
    if code.startswith("SQLITE_FULL") or "disk is full" in said:
        return f"{db}: the disk is full ({said}); free some space and try again"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{db} is locked by another process (another giga still running?); "
                f"gave up waiting; try again when it has finished")
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"cannot open {db} ({said}); check that its folder exists and can be written"
    if code.startswith("SQLITE_IOERR"):
        return f"{db}: the disk could not be read or written ({said})"
    return f"{db}: {said}"


class ContactNotFoundError(NotFoundError):
    """No contact by that name (the message lists close matches)."""


class PageError(GigaError):
    """A page given to ``share`` cannot be shared (unreachable, not a web page, a PDF, a
    feed, no article in it); ``source`` names it. Nothing was stored. ``feed`` is the
    feed to subscribe to instead, when the page is one."""

    def __init__(self, source: str, message: str, feed: str | None = None) -> None:
        super().__init__(f"{source}: {' '.join(message.split())}")
        self.source = source
        self.message = message
        self.feed = feed
