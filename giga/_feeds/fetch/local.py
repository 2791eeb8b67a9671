"""Local feed files: read with the same size limit, no HTTP.

An unchanged file is recognised by its mtime, handed out as ``last_modified`` in
HTTP-date form. mtimes have one-second (or coarser) resolution, so a file written in the
last couple of seconds could change again without its mtime changing; for such "racy"
files no validator is handed out and the next run relies on the content hash instead
(git's racy-clean rule).
"""

from __future__ import annotations

import os
import time
from email.utils import formatdate
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..._files import NotRegular, open_regular
from ..._types import FetchResult
from .config import FetchConfig, FetchRequest
from .util import body_hash, failure, too_large

__all__ = ["file_path", "read_local"]

RACY_SECONDS = 2.0


def file_path(source: str) -> str:
    """A path for a local source: a plain path, or a ``file:`` URL on this machine."""
    if source[:5].lower() != "file:":
        return os.path.expanduser(source)
    parts = urlsplit(source)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"invalid file URL (names another host): {source}")
    return url2pathname(parts.path)


def read_local(request: FetchRequest, config: FetchConfig) -> FetchResult:
    """Read one local file; every problem comes back as an error value."""
    limit = config.max_body_bytes
    try:
        path = file_path(request.source)
        with open_regular(path) as f:  # a FIFO or device is refused at once, never waited on
            stat = os.fstat(f.fileno())
            racy = time.time() - stat.st_mtime < RACY_SECONDS
            last_modified = None if racy else formatdate(stat.st_mtime, usegmt=True)
            if last_modified is not None and last_modified == request.last_modified:
                return FetchResult(
                    request.source,
                    not_modified=True,
                    last_modified=last_modified,
                    content_hash=request.content_hash,
                )
            if stat.st_size > limit:
                return failure(request, too_large(limit))
            body = f.read(limit + 1)
    except NotRegular as exc:
        return failure(request, f"{path} is {exc}")
    except ValueError as exc:
        return failure(request, str(exc))
    except FileNotFoundError:
        return failure(request, f"no such file: {request.source}")
    except PermissionError:
        return failure(request, f"permission denied: {request.source}")
    except OSError as exc:
        return failure(request, f"could not read {request.source}: {exc.strerror or exc}")
    if len(body) > limit:  # it grew while we looked
        return failure(request, too_large(limit))
    digest = body_hash(body)
    if digest == request.content_hash:
        return FetchResult(
            request.source, not_modified=True, last_modified=last_modified, content_hash=digest
        )
    return FetchResult(request.source, body=body, last_modified=last_modified, content_hash=digest)
