"""What counts as a feed source: an http(s) URL or a local file, named canonically."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import InputError

_REMOTE = ("http", "https")


def is_remote(source: str) -> bool:
    return urlsplit(source).scheme.lower() in _REMOTE


def normalize_source(source: str) -> str:
    """Return the form giga stores: the URL as given (trimmed), or an absolute path.

    Raises InputError for other URL schemes and for local files that do not exist.
    """
    text = source.strip()
    if not text:
        raise InputError(source, "empty feed source")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in _REMOTE:
        if not parts.netloc:
            raise InputError(source, "URL has no host")
        return text
    if scheme == "file":
        if parts.netloc.lower() not in ("", "localhost"):
            raise InputError(source, f"a file URL on another host ({parts.netloc}): give a path on this computer")
        text = unquote(parts.path)
    elif scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        raise InputError(source, f"unsupported URL scheme {scheme!r} (use http, https or a file path)")
    path = Path(text).expanduser().resolve()
    if not path.is_file():
        raise InputError(source, "not a regular file (a folder, pipe or device)" if path.exists() else "no such file")
    return str(path)
