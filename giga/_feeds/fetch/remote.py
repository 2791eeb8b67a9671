"""One feed over HTTP: a polite conditional GET, redirects followed by hand.

Redirects are followed here rather than by httpx so that we can tell whether every hop
was permanent (then the stored URL should move), detect loops, keep one deadline over
the whole chain, and refuse a hop from a public host into a local network (``guard``,
checked before every hop, so a refused one is never requested). Bodies are read raw and
decoded with an output budget, so neither a huge body nor a gzip bomb can take more
than ``max_body_bytes`` of memory.
"""

from __future__ import annotations

import asyncio
import functools
import http
import socket
import ssl
from collections.abc import AsyncGenerator, Iterable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, cast
from urllib.parse import urlsplit

import httpx

from ..._types import FetchResult
from . import guard
from .config import ACCEPT, ACCEPT_ENCODING, FetchConfig, FetchRequest
from .decode import BadEncoding, BodyTooLarge, make_decoder
from .util import body_hash, failure, too_large

__all__ = ["fetch_http", "make_client", "parse_retry_after"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
MAX_RETRY_AFTER = timedelta(days=7)  # a server cannot park a feed for longer than this
DRAIN_LIMIT = 64 * 1024  # read small redirect/error bodies so the connection is reused


class _Failed(Exception):
    """Raised inside this module only; becomes an error value at the top."""

    def __init__(
        self, message: str, status: int | None = None, retry_after: datetime | None = None
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass
class _Trail:
    """Where the redirect chain has got to."""

    url: httpx.URL | None = None
    hops: int = 0
    permanent: bool = True
    seen: set[str] = field(default_factory=set)

    def where(self) -> dict[str, Any]:
        """final_url and permanent_redirect, for the result whatever its outcome."""
        return {
            "final_url": str(self.url) if self.url is not None else None,
            "permanent_redirect": self.hops > 0 and self.permanent,
        }


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~30 ms, so a process does it once, not once per run."""
    return httpx.create_ssl_context(trust_env=True)


def make_client(config: FetchConfig) -> httpx.AsyncClient:
    """The one client of a run: shared keep-alive pool, our headers, no auto-redirects."""
    return httpx.AsyncClient(
        transport=config.transport,
        verify=_tls_context() if config.transport is None else True,
        headers={
            "User-Agent": config.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.feed_deadline,
        ),
        limits=httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_connections,
        ),
        follow_redirects=False,
    )


async def fetch_http(
    client: httpx.AsyncClient, request: FetchRequest, config: FetchConfig
) -> FetchResult:
    """Fetch one URL; never raises except for cancellation."""
    trail = _Trail()
    deadline = asyncio.timeout(config.feed_deadline)
    try:
        trail.url = _parse_url(request.source)
        async with deadline:
            return await _follow(client, request, config, trail)
    except _Failed as exc:
        return failure(
            request, exc.message, status=exc.status, retry_after=exc.retry_after, **trail.where()
        )
    except TimeoutError as exc:
        if deadline.expired():
            message = f"gave up after {config.feed_deadline:g} s (feed deadline)"
        else:
            message = describe(exc, config, trail.url)
        return failure(request, message, **trail.where())
    except Exception as exc:  # noqa: BLE001 - one feed's failure is a value, never a crash
        return failure(request, describe(exc, config, trail.url), **trail.where())


def _parse_url(source: str) -> httpx.URL:
    try:
        url = httpx.URL(source.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise _Failed(f"invalid URL: {source} ({exc})") from None
    if url.scheme not in ("http", "https") or not url.host or (url.port or 0) > 65535:
        raise _Failed(f"invalid URL: {source}")
    return url.copy_with(fragment=None) if url.fragment else url


def _conditional_headers(request: FetchRequest) -> dict[bytes, bytes]:
    """Validators go back byte for byte as stored (httpx would insist on ASCII)."""
    headers = {}
    if request.etag:
        headers[b"If-None-Match"] = request.etag.strip().encode("utf-8")
    if request.last_modified:
        headers[b"If-Modified-Since"] = request.last_modified.strip().encode("utf-8")
    return headers


async def _follow(
    client: httpx.AsyncClient, request: FetchRequest, config: FetchConfig, trail: _Trail
) -> FetchResult:
    headers = _conditional_headers(request)
    assert trail.url is not None
    if request.via:  # a feed an HTML page linked to: the page's host may not point inward
        await _check(request.via, trail.url)
    trail.seen.add(str(trail.url))
    while True:
        async with client.stream("GET", trail.url, headers=headers) as response:
            status = response.status_code
            if status not in REDIRECTS:
                return await _finish(response, request, config, trail)
            target = _redirect_target(response, trail.url)
            sets_cookie = "set-cookie" in response.headers  # a cookie check may revisit a URL
            await _drain(response)
        if trail.hops >= config.max_redirects:
            raise _Failed(f"too many redirects (more than {config.max_redirects})", status)
        if str(target) in trail.seen and not sets_cookie:
            raise _Failed(f"redirect loop: back to {target}", status)
        await _check([*request.via, *trail.seen], target, status)
        trail.seen.add(str(target))
        trail.hops += 1
        trail.permanent = trail.permanent and status in PERMANENT
        trail.url = target


async def _check(been: Iterable[str], target: httpx.URL, status: int | None = None) -> None:
    """``_Failed`` when ``target`` goes from a public host into a local network (``guard``)."""
    hosts = [_hostname(url) for url in been]
    reason = await asyncio.to_thread(guard.refusal, hosts, target.host)  # may resolve names
    if reason is not None:
        raise _Failed(reason, status)


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _redirect_target(response: httpx.Response, url: httpx.URL) -> httpx.URL:
    status = response.status_code
    location = response.headers.get("location", "").strip()
    if not location:
        raise _Failed(f"HTTP {status} redirect without a Location header", status)
    try:
        target = url.join(location)
    except (httpx.InvalidURL, ValueError):
        raise _Failed(f"redirect to an invalid URL: {location}", status) from None
    if target.scheme not in ("http", "https") or not target.host:
        raise _Failed(f"redirect to an unsupported URL: {location}", status)
    return target.copy_with(fragment=None) if target.fragment else target


async def _finish(
    response: httpx.Response, request: FetchRequest, config: FetchConfig, trail: _Trail
) -> FetchResult:
    status = response.status_code
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    if status == 304:
        await _drain(response)
        return FetchResult(
            request.source,
            status=304,
            not_modified=True,
            etag=etag or request.etag,
            last_modified=last_modified or request.last_modified,
            content_hash=request.content_hash,
            **trail.where(),
        )
    if not 200 <= status < 300:
        retry_after = None
        if status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"), config.clock())
        await _drain(response)
        message = f"HTTP {status} {_reason(response)}".rstrip()
        if retry_after is not None:
            message += f" (retry after {retry_after:%Y-%m-%d %H:%M:%S} UTC)"
        raise _Failed(message, status, retry_after)
    body = await _read_body(response, config.max_body_bytes)
    digest = body_hash(body)
    unchanged = digest == request.content_hash
    return FetchResult(
        request.source,
        status=status,
        body=None if unchanged else body,
        not_modified=unchanged,
        etag=etag,
        last_modified=last_modified,
        content_type=response.headers.get("content-type"),
        content_hash=digest,
        **trail.where(),
    )


def _reason(response: httpx.Response) -> str:
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return response.reason_phrase


async def _read_body(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, or _Failed as soon as it is known to exceed ``limit``."""
    status = response.status_code
    if response.is_stream_consumed:  # built in memory (httpx.MockTransport), already decoded
        if len(response.content) > limit:
            raise _Failed(too_large(limit), status)
        return response.content
    declared = response.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _Failed(too_large(limit), status)  # even compressed it is already too big
    decoder = make_decoder(response.headers.get("content-encoding"))
    parts: list[bytes] = []
    size = 0
    try:
        raw = cast(AsyncGenerator[bytes, None], response.aiter_raw())  # it is a generator
        async with aclosing(raw) as chunks:
            async for chunk in chunks:
                out = decoder.decode(chunk, limit - size)
                if out:
                    parts.append(out)
                    size += len(out)
        parts.append(decoder.flush(limit - size))
    except BodyTooLarge:
        raise _Failed(too_large(limit), status) from None
    except BadEncoding as exc:
        raise _Failed(f"could not decode the body: {exc}", status) from None
    return b"".join(parts)


async def _drain(response: httpx.Response) -> None:
    """Read a small leftover body so the connection can go back to the pool; a big one
    is not worth it, and closing the response then drops the connection instead."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) <= DRAIN_LIMIT:
        await response.aread()


def parse_retry_after(value: str | None, now: datetime | None = None) -> datetime | None:
    """Retry-After as a UTC datetime (delay-seconds or HTTP-date), clamped to
    [now, now + 7 days]; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    now = now or datetime.now(timezone.utc)
    if value.isascii() and value.isdigit():
        seconds = int(value) if len(value) <= 9 else MAX_RETRY_AFTER.total_seconds()
        when = now + min(timedelta(seconds=seconds), MAX_RETRY_AFTER)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        when = when.astimezone(timezone.utc)
    return min(max(when, now), now + MAX_RETRY_AFTER)


def describe(exc: BaseException, config: FetchConfig, url: httpx.URL | None) -> str:
    """One clear line for a transport failure."""
    host = url.host if url is not None else "server"
    port = (url.port or (443 if url.scheme == "https" else 80)) if url is not None else None
    causes = list(_chain(exc))
    text = _text(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {host} after {config.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out reading from {host} (nothing for {config.read_timeout:g} s)"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out sending the request to {host}"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return f"timed out talking to {host}"
    if any(isinstance(c, socket.gaierror) for c in causes):
        return f"could not resolve host {host} (DNS lookup failed)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return f"connection refused by {host}:{port}"
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return f"connection reset by {host}"
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate of {host} not trusted: {cause.verify_message or _text(cause)}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error with {host}: {cause.reason or _text(cause)}"
    if isinstance(exc, httpx.ConnectError):
        if "all connection attempts failed" in text.lower():
            return f"could not connect to {host}:{port}"
        return f"could not connect to {host}:{port}: {text}"
    if isinstance(exc, httpx.RemoteProtocolError):
        if "message body" in text or "incomplete" in text:
            return f"{host} closed the connection before the body was complete"
        if "without sending" in text:
            return f"{host} closed the connection without a response"
        return f"bad HTTP from {host}: {text}"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"invalid URL: {text}"
    if isinstance(exc, httpx.LocalProtocolError):
        return f"could not send the request: {text}"
    if isinstance(exc, httpx.TransportError | OSError):
        return f"network error with {host}: {text}"
    return f"unexpected error: {type(exc).__name__}: {text}"


def _chain(exc: BaseException):  # type: ignore[no-untyped-def]
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _text(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
