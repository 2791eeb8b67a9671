"""Small helpers shared by the HTTP and local-file paths."""

from __future__ import annotations

import hashlib
from typing import Any

from ..._text import one_line
from ..._types import FetchResult
from .config import FetchRequest

__all__ = ["body_hash", "failure", "human_size", "too_large"]


def body_hash(body: bytes) -> str:
    """sha256 hex digest of a body: equal hashes mean the feed need not be parsed again."""
    return hashlib.sha256(body).hexdigest()


def human_size(n: int) -> str:
    """16777216 -> '16 MiB': limits read better in error messages than byte counts."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def too_large(limit: int) -> str:
    return f"response larger than {human_size(limit)}"


def failure(request: FetchRequest, message: str, **fields: Any) -> FetchResult:
    """An error value that carries the request's validators over, so storing a result's
    etag/last_modified/content_hash is always right, whatever happened."""
    fields.setdefault("etag", request.etag)
    fields.setdefault("last_modified", request.last_modified)
    fields.setdefault("content_hash", request.content_hash)
    return FetchResult(request.source, error=one_line(message), **fields)
