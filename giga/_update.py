"""One refresh of every feed: fetch -> parse -> store, errors as values.

Downloads run concurrently (``giga._fetch``); each body is handed to a parse worker as
soon as it arrives, so parsing on both cores overlaps the remaining downloads; results
are stored one feed per transaction in the calling thread. A feed that fails records its
error and is left alone until its Retry-After or back-off has passed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from . import _store
from ._fetch import FetchConfig, FetchRequest, fetch_all
from ._parse import parse_feed
from .errors import FeedError, GigaError
from .models import FeedFailure, FetchResult, ParsedFeed, UpdateSummary

ProgressCallback = Callable[[int, int, str], None]

# Below this many feeds a process pool costs more than it saves.
POOL_THRESHOLD = 12


@dataclass(frozen=True)
class _Parsed:
    feed: ParsedFeed | None
    error: str | None


def _parse_job(body: bytes, url: str, content_type: str | None) -> _Parsed:
    """Runs in a worker: must not raise, so one bad document cannot break the pool."""
    try:
        return _Parsed(parse_feed(body, url, content_type), None)
    except FeedError as exc:
        return _Parsed(None, exc.message)
    except GigaError as exc:
        return _Parsed(None, str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the run
        return _Parsed(None, f"{url}: unexpected parser failure: {type(exc).__name__}: {exc}")


class _InlineExecutor(Executor):
    """Parses in the calling thread: for small runs and for workers=1."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int, jobs: int) -> Executor:
    if workers <= 1 or jobs < POOL_THRESHOLD:
        return _InlineExecutor()
    return ProcessPoolExecutor(max_workers=workers)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def refresh_feeds(
    db: sqlite_utils.Database,
    now: datetime,
    config: FetchConfig,
    workers: int | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
) -> UpdateSummary:
    """Refresh every subscribed feed that is not waiting out a Retry-After/back-off."""
    feeds = _store.list_feeds(db)
    due = [f for f in feeds if force or f.retry_not_before is None or f.retry_not_before <= now]
    skipped = len(feeds) - len(due)
    requests = [
        FetchRequest(source=f.url, etag=f.etag, last_modified=f.last_modified, content_hash=f.content_hash)
        for f in due
    ]
    pending: dict[str, tuple[FetchResult, Future]] = {}
    not_modified: list[FetchResult] = []
    failures: list[FetchResult] = []
    done = 0

    with _executor(workers or default_workers(), len(requests)) as pool:

        def on_result(result: FetchResult) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(requests), result.source)
            if result.error:
                failures.append(result)
            elif result.not_modified or result.body is None:
                not_modified.append(result)
            else:
                url = result.final_url or result.source
                pending[result.source] = (
                    result,
                    pool.submit(_parse_job, result.body, url, result.content_type),
                )

        fetch_all(requests, config, on_result=on_result)

        errors: list[FeedFailure] = []
        updated = new_articles = 0
        for result in failures:
            message = _one_line(result.error or "unknown error")
            _store.record_failure(db, result.source, message, now, result.retry_after)
            errors.append(FeedFailure(result.source, message))
        for result in not_modified:
            _store.record_not_modified(db, result.source, now, result.etag, result.last_modified)
        for source, (result, future) in pending.items():
            parsed: _Parsed = future.result()
            if parsed.feed is None:
                message = _one_line(parsed.error or "could not parse")
                _store.record_failure(db, source, message, now)
                errors.append(FeedFailure(source, message))
                continue
            new_articles += _store.store_fetched_feed(
                db, source, result, parsed.feed, now, getattr(result, "content_hash", None)
            )
            updated += 1

    return UpdateSummary(
        feeds=len(feeds),
        updated=updated,
        not_modified=len(not_modified),
        skipped=skipped,
        failed=len(errors),
        new_articles=new_articles,
        errors=tuple(errors),
    )
