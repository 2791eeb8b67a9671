"""One refresh of every feed: fetch -> parse -> store, errors as values.

Feeds are split into chunks; each chunk is fetched (concurrently, ``giga._feeds.fetch``) and
parsed in a worker process, which sends back only the parsed results. Bodies never
cross a process boundary (shipping 35 MB of bodies to parse workers cost more CPU than
the downloads themselves in measurements), both cores fetch and parse, and the calling
thread stores each chunk as it completes, one savepoint per feed (when two feeds carry
the same article, the store keeps the earlier subscription's copy whichever came first:
``_store.articles``). A feed that fails
records its error and is left alone until its Retry-After or back-off has passed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import sqlite_utils

from .. import _store
from .fetch import FetchConfig, FetchRequest, fetch_all
from .parse import parse_feed
from .parse.dates import usable_date
from .parse.normalize import MAX_TITLE
from .parse.discover import feed_link, is_html_page
from .sources import is_remote
from .workers import watch_parent
from ..errors import FeedError, FetchError, GigaError, ParseError
from .._text import one_line
from .._store.web import WEB_FEED
from .._types import FetchResult, ParsedEntry, ParsedFeed
from ..types import FeedFailure, UpdateSummary

ProgressCallback = Callable[[int, int, str], None]
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# A feed keeps at most this many entries from one response (its newest): a feed that
# sends hundreds of thousands of items is broken or hostile, and storing them all would
# make every later run slow.
MAX_ENTRIES_PER_FETCH = 2000
# Below this many feeds a process pool costs more than it saves.
POOL_THRESHOLD = 12
# Feeds per worker task: about four tasks per worker, so slow hosts spread evenly and
# the progress bar moves, within bounds that keep each task's set-up cost noise.
MIN_CHUNK, MAX_CHUNK = 8, 64


def chunk_size(feeds: int, workers: int) -> int:
    return max(MIN_CHUNK, min(MAX_CHUNK, -(-feeds // (workers * 4))))


@dataclass(frozen=True)
class Outcome:
    """What happened to one feed, without its body (that stays in the worker).

    ``discovered`` is the feed URL an HTML page linked to: before the second fetch it
    marks a page still to be followed; with ``feed`` set, the URL the feed moves to.
    """

    result: FetchResult
    feed: ParsedFeed | None = None
    error: str | None = None
    discovered: str | None = None
    warning: str | None = None  # stored, but not all of it (entries over the cap)


def _parse(result: FetchResult) -> Outcome:
    """Parse one fetched body; never raises, so one bad document cannot stop a chunk."""
    url = result.final_url or result.source
    if not is_remote(url):
        url = Path(url).as_uri()  # so relative links resolve against the file
    body = result.body or b""
    bare = replace(result, body=None)
    try:
        feed, warning = _capped(parse_feed(body, url, result.content_type))
        return Outcome(bare, feed=_with_traits(feed), warning=warning)
    except FeedError as exc:
        if is_html_page(body):
            link = feed_link(body, url)
            if link is None:
                return Outcome(bare, error=f"{_shown(url)} is an HTML page with no feed link")
            return Outcome(bare, discovered=link)
        return Outcome(bare, error=exc.message)
    except GigaError as exc:
        return Outcome(bare, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the run
        return Outcome(bare, error=f"unexpected parser failure: {type(exc).__name__}: {exc}")


def _with_traits(feed: ParsedFeed) -> ParsedFeed:
    """Each entry with its language and kind (job, event, shop), decided here, on the
    parse workers, once per entry: a suggestion run then only reads them. Titles and
    authors are stored cleaned (``giga.text``): an escape sequence or a bidi override in
    a feed never reaches the database, whatever later shows it."""
    from .kinds import kind_of
    from .language import language_of

    def entry(e: ParsedEntry) -> ParsedEntry:
        title = one_line(e.title, MAX_TITLE)
        author = one_line(e.author, MAX_TITLE) or None if e.author else e.author
        return replace(e, title=title, author=author, language=language_of(title, e.content or e.summary),
                       kind=kind_of(title, e.content or e.summary))

    title = one_line(feed.title, MAX_TITLE) or None if feed.title else feed.title
    return replace(feed, title=title, entries=tuple(entry(e) for e in feed.entries))


def _capped(feed: ParsedFeed) -> tuple[ParsedFeed, str | None]:
    """The feed with at most ``MAX_ENTRIES_PER_FETCH`` entries, its newest (undated ones
    after the dated, in the feed's order), and a warning when some were left out."""
    if len(feed.entries) <= MAX_ENTRIES_PER_FETCH:
        return feed, None
    order = sorted(range(len(feed.entries)), key=lambda i: (feed.entries[i].published is None,
                                                         -(feed.entries[i].published or _EPOCH).timestamp(), i))
    kept = tuple(feed.entries[i] for i in sorted(order[:MAX_ENTRIES_PER_FETCH]))
    warning = (f"{len(feed.entries):,} entries in one response: kept the newest {MAX_ENTRIES_PER_FETCH:,}")
    return replace(feed, entries=kept), warning


def fetch_and_parse(requests: Sequence[FetchRequest], config: FetchConfig) -> list[Outcome]:
    """Fetch a chunk of feeds and parse each body as soon as it arrives (then drop it)."""
    parsed: dict[int, Outcome] = {}  # by the result's identity, parsed as it arrives

    def on_result(result: FetchResult) -> None:
        if result.error or result.not_modified or result.body is None:
            parsed[id(result)] = Outcome(replace(result, body=None), error=result.error)
        else:
            parsed[id(result)] = _parse(result)

    # in subscription order (fetch_all's), not arrival order: the same input stores the same way
    outcomes = [parsed[id(result)] for result in fetch_all(requests, config, on_result=on_result)]
    pages = [i for i, o in enumerate(outcomes) if o.discovered and o.feed is None]
    if pages:
        followed = _follow_feed_links([outcomes[i] for i in pages], config)
        for index, outcome in zip(pages, followed):
            outcomes[index] = outcome
    return outcomes


def _shown(url: str) -> str:
    """A local page is named by its path, as the user subscribed it."""
    return _from_file_uri(url) if url.startswith("file:") else url


def _from_file_uri(url: str) -> str:
    return url2pathname(urlsplit(url).path) if url.startswith("file:") else url


def _follow_feed_links(pages: Sequence[Outcome], config: FetchConfig) -> list[Outcome]:
    """Fetch and parse the feed each HTML page linked to (one level: no page chains)."""
    links = [str(page.discovered) for page in pages]
    requests = [FetchRequest(source=link, via=_been(page.result)) for link, page in zip(links, pages)]
    results = fetch_all(requests, config)
    followed = []
    for page, link, result in zip(pages, links, results):
        source = page.result.source
        found = _parse(result) if not result.error else Outcome(result, error=result.error)
        if found.feed is None:
            problem = found.error or f"{_shown(link)} is an HTML page too"
            error = f"the page links to the feed {_shown(link)}, which failed: {problem}"
            followed.append(Outcome(replace(page.result, error=one_line(error, 500))))
            continue
        moved = replace(result, source=source, body=None, permanent_redirect=False)
        followed.append(Outcome(moved, feed=found.feed, discovered=_from_file_uri(link), warning=found.warning))
    return followed


def _been(page: FetchResult) -> tuple[str, ...]:
    """Where the page was fetched from: its feed link may not lead from there inward."""
    return tuple(dict.fromkeys(url for url in (page.source, page.final_url) if url and is_remote(url)))


class _InlineExecutor(Executor):
    """Runs tasks in the calling thread: for small runs and for workers=1."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future
            future.set_exception(exc)
        return future


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _chunks(items: Sequence[FetchRequest], size: int) -> Iterator[Sequence[FetchRequest]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _worker_config(config: FetchConfig, workers: int) -> FetchConfig:
    """Share the connection limits between workers, so a host never sees more."""
    return replace(
        config,
        max_connections=max(1, config.max_connections // workers),
        max_per_host=max(1, config.max_per_host // workers),
    )


class _Recorder:
    """Writes outcomes to the store and keeps the counts for the summary."""

    def __init__(self, db: sqlite_utils.Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self.updated = self.not_modified = self.new_articles = 0
        self.errors: list[FeedFailure] = []
        self.warnings: list[str] = []
        self.not_before: datetime | None = None  # entries older than this are not stored
        self.too_old = 0  # entries left out for that

    def fail(self, source: str, message: str, cause: type[FeedError], *, status: int | None = None,
             retry_after: datetime | None = None) -> None:
        """Record a failed feed; ``cause`` says whether it was fetching or reading it."""
        message = one_line(message, 500)
        _store.record_failure(self.db, source, message, self.now, retry_after)
        error = FetchError(source, message, status) if cause is FetchError else cause(source, message)
        self.errors.append(FeedFailure(source, message, error))

    def record(self, outcomes: Sequence[Outcome]) -> None:
        """One transaction per chunk, one savepoint per feed: never half a feed."""
        with _store.write_transaction(self.db):
            for outcome in outcomes:
                result = outcome.result
                if result.error:
                    self.fail(result.source, result.error, FetchError, status=result.status,
                              retry_after=result.retry_after)
                elif outcome.feed is None and outcome.error:
                    self.fail(result.source, outcome.error, ParseError)
                elif outcome.feed is None:
                    self.not_modified += 1
                    _store.record_not_modified(
                        self.db, result.source, self.now, result.etag, result.last_modified
                    )
                elif outcome.discovered and outcome.discovered != result.source and _store.feed_exists(
                    self.db, outcome.discovered
                ):
                    self.fail(
                        result.source,
                        f"an HTML page whose feed {outcome.discovered} is already subscribed: "
                        "remove this one",
                        FeedError,
                    )
                else:
                    feed = _usable_dates(outcome.feed, self.now)
                    self.new_articles += _store.store_fetched_feed(
                        self.db, result.source, result, feed, self.now,
                        result.content_hash, moved_to=outcome.discovered, not_before=self.not_before,
                    )
                    self.updated += 1
                    if self.not_before is not None:
                        self.too_old += sum(1 for e in feed.entries
                                            if e.published is not None and e.published < self.not_before)
                    if outcome.warning:
                        self.warnings.append(f"{result.source}: {outcome.warning}")


def _usable_dates(feed: ParsedFeed, now: datetime) -> ParsedFeed:
    """The feed with the dates that cannot be publication dates taken out (``usable_date``):
    such an entry is stored undated, and dated by when it was first stored."""
    if all(usable_date(e.published, now) is e.published for e in feed.entries):
        return feed
    return replace(feed, entries=tuple(e if usable_date(e.published, now) is e.published else replace(e, published=None)
                                       for e in feed.entries))


def refresh_feeds(
    db: sqlite_utils.Database,
    now: datetime,
    config: FetchConfig,
    workers: int | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
    not_before: datetime | None = None,
) -> UpdateSummary:
    """Refresh every subscribed feed that is not waiting out a Retry-After/back-off;
    entries dated before ``not_before`` (past the retention age) are not stored."""
    feeds = [f for f in _store.list_feeds(db) if f.url != WEB_FEED]  # pages shared, not a feed
    due = [f for f in feeds if force or f.retry_not_before is None or f.retry_not_before <= now]
    requests = [
        FetchRequest(source=f.url, etag=f.etag, last_modified=f.last_modified, content_hash=f.content_hash)
        for f in due
    ]
    workers = workers or default_workers()
    use_pool = workers > 1 and len(requests) >= POOL_THRESHOLD
    recorder = _Recorder(db, now)
    recorder.not_before = not_before
    done = 0
    executor: Executor = (
        ProcessPoolExecutor(max_workers=workers, initializer=watch_parent, initargs=(os.getpid(),))
        if use_pool
        else _InlineExecutor()
    )
    chunk_config = _worker_config(config, workers) if use_pool else config
    size = chunk_size(len(requests), workers) if use_pool else max(1, len(requests))
    with executor:
        tasks = {
            executor.submit(fetch_and_parse, chunk, chunk_config): chunk
            for chunk in _chunks(requests, size)
        }
        for task in as_completed(tasks):  # stored as each chunk is done: a kill loses little
            chunk = tasks[task]
            try:
                outcomes = task.result()
            except BrokenProcessPool:
                # A worker died (a crash in a C library): finish this chunk here.
                outcomes = fetch_and_parse(chunk, config)
            recorder.record(outcomes)
            done += len(chunk)
            if progress:
                progress(done, len(requests), chunk[-1].source)

    return UpdateSummary(
        feeds=len(feeds),
        updated=recorder.updated,
        not_modified=recorder.not_modified,
        skipped=len(feeds) - len(due),
        failed=len(recorder.errors),
        new_articles=recorder.new_articles,
        errors=tuple(recorder.errors),
        warnings=tuple(recorder.warnings),
        too_old=recorder.too_old,
    )
