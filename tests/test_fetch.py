"""The fetching stage against a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import brotli
import httpx
import pytest

from giga._feeds.fetch import DEFAULT_FETCH_CONFIG, FetchConfig, FetchRequest, body_hash, fetch_all
from giga._types import FetchResult
from httpserver import (
    CLOSE,
    RESET,
    FeedServer,
    Request,
    Response,
    conditional,
    drip,
    gzip_bomb,
    http_date,
    redirect,
    unused_port,
)

FAST = FetchConfig(connect_timeout=0.5, read_timeout=0.5, feed_deadline=1.5, max_body_bytes=1 << 20)
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def fetch_one(source: str, config: FetchConfig = FAST, **validators: str | None) -> FetchResult:
    return fetch_all([FetchRequest(source, **validators)], config)[0]


# -- success and conditional GET -------------------------------------------------------


def test_ok_returns_body_validators_and_hash(feed_server: FeedServer) -> None:
    url = feed_server.route(
        "/feed", conditional(RSS, etag='"abc"', last_modified="Tue, 02 Jan 2024 00:00:00 GMT")
    )
    result = fetch_one(url)
    assert result.error is None and result.status == 200 and not result.not_modified
    assert result.body == RSS
    assert result.etag == '"abc"' and result.last_modified == "Tue, 02 Jan 2024 00:00:00 GMT"
    assert result.content_type == "application/rss+xml"
    assert result.content_hash == body_hash(RSS)
    assert result.final_url == url and not result.permanent_redirect


def test_identifies_itself_and_asks_for_feeds_compressed(feed_server: FeedServer) -> None:
    fetch_one(feed_server.route("/feed", Response(body=RSS)))
    headers = feed_server.requests_to("/feed")[0].headers
    assert headers["user-agent"].startswith("giga/")
    assert "+https://github.com/giga-project/giga" in headers["user-agent"]
    assert headers["accept"].startswith(
        "application/rss+xml, application/atom+xml, application/feed+json"
    )
    assert headers["accept-encoding"] == "gzip, deflate, br"
    assert "if-none-match" not in headers and "if-modified-since" not in headers


def test_conditional_get_sends_validators_and_304_means_not_modified(
    feed_server: FeedServer,
) -> None:
    lm = "Mon, 01 Jan 2024 00:00:00 GMT"
    url = feed_server.route("/feed", conditional(RSS, etag='"v1"', last_modified=lm))
    result = fetch_one(url, etag='"v1"', last_modified=lm, content_hash="h")
    sent = feed_server.requests_to("/feed")[0].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == lm
    assert (
        result.not_modified
        and result.status == 304
        and result.body is None
        and result.error is None
    )
    assert (result.etag, result.last_modified, result.content_hash) == ('"v1"', lm, "h")


def test_304_with_only_last_modified(feed_server: FeedServer) -> None:
    lm = "Mon, 01 Jan 2024 00:00:00 GMT"
    url = feed_server.route("/feed", conditional(RSS, etag=None, last_modified=lm))
    result = fetch_one(url, last_modified=lm)
    assert result.not_modified and result.last_modified == lm and result.etag is None


def test_304_that_sends_new_validators_returns_them(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", Response(304, headers={"ETag": '"v2"'}))
    result = fetch_one(url, etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert result.not_modified and result.etag == '"v2"'
    assert result.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_same_body_as_last_time_is_not_modified(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", Response(body=RSS, headers={"ETag": '"new"'}))
    result = fetch_one(url, content_hash=body_hash(RSS))
    assert result.not_modified and result.body is None and result.status == 200
    assert result.content_hash == body_hash(RSS) and result.etag == '"new"'
    changed = fetch_one(url, content_hash=body_hash(b"something else"))
    assert not changed.not_modified and changed.body == RSS


# -- redirects -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "permanent"),
    [
        ((301,), True),
        ((301, 308), True),
        ((308, 301, 308), True),
        ((301, 302), False),
        ((307,), False),
        ((303,), False),
    ],
)
def test_redirect_chains(feed_server: FeedServer, hops: tuple[int, ...], permanent: bool) -> None:
    final = feed_server.route("/final", Response(body=RSS))
    for i, status in enumerate(hops):
        target = "/final" if i == len(hops) - 1 else f"/hop{i + 1}"
        feed_server.route(f"/hop{i}", redirect(target, status))  # relative Location
    result = fetch_one(feed_server.url("/hop0"))
    assert result.error is None and result.body == RSS
    assert result.final_url == final and result.permanent_redirect is permanent


def test_redirect_loop_is_an_error(feed_server: FeedServer) -> None:
    feed_server.route("/a", redirect("/b", 301))
    feed_server.route("/b", redirect(feed_server.url("/a"), 301))
    result = fetch_one(feed_server.url("/a"))
    assert result.error is not None and result.error.startswith("redirect loop")
    assert len(feed_server.requests) == 2


def test_redirect_back_with_a_cookie_is_not_a_loop(feed_server: FeedServer) -> None:
    def gate(request: Request) -> Response:
        if "seen=1" in request.headers.get("cookie", ""):
            return Response(body=RSS)
        return Response(302, headers={"Location": "/gate", "Set-Cookie": "seen=1; Path=/"})

    result = fetch_one(feed_server.route("/gate", gate))
    assert result.error is None and result.body == RSS


def test_too_many_redirects(feed_server: FeedServer) -> None:
    feed_server.route("/r6", Response(body=RSS))
    for i in range(6):
        feed_server.route(f"/r{i}", redirect(f"/r{i + 1}", 302))
    assert fetch_one(feed_server.url("/r1")).body == RSS  # 5 hops: allowed
    result = fetch_one(feed_server.url("/r0"))  # 6 hops
    assert result.error == "too many redirects (more than 5)" and result.status == 302


def test_redirect_without_location(feed_server: FeedServer) -> None:
    result = fetch_one(feed_server.route("/r", Response(301)))
    assert result.error == "HTTP 301 redirect without a Location header"


# -- HTTP errors and Retry-After -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "text"),
    [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"), (410, "HTTP 410 Gone")],
)
def test_http_errors_are_values(feed_server: FeedServer, status: int, text: str) -> None:
    url = feed_server.route("/x", Response(status, b"oops" * 10))
    result = fetch_one(url, etag='"keep"')
    assert result.error == text and result.status == status and result.body is None
    assert result.etag == '"keep"'  # stored validators survive a failure
    assert result.retry_after is None


def test_429_with_retry_after_seconds(feed_server: FeedServer) -> None:
    url = feed_server.route("/x", Response(429, headers={"Retry-After": "120"}))
    before = datetime.now(timezone.utc)
    result = fetch_one(url)
    assert result.status == 429 and result.error is not None
    assert result.error.startswith("HTTP 429 Too Many Requests")
    assert result.retry_after is not None and result.retry_after.tzinfo is not None
    assert (
        before + timedelta(seconds=119)
        <= result.retry_after
        <= datetime.now(timezone.utc) + timedelta(seconds=121)
    )


def test_503_with_retry_after_http_date(feed_server: FeedServer) -> None:
    when = (datetime.now(timezone.utc) + timedelta(hours=3)).replace(microsecond=0)
    url = feed_server.route(
        "/x", Response(503, headers={"Retry-After": http_date(when.timestamp())})
    )
    result = fetch_one(url)
    assert result.status == 503 and result.retry_after == when
    assert result.error is not None and result.error.startswith("HTTP 503 Service Unavailable")


def test_absurd_retry_after_is_clamped_to_a_week(feed_server: FeedServer) -> None:
    url = feed_server.route("/x", Response(429, headers={"Retry-After": "99999999999999"}))
    result = fetch_one(url)
    assert result.retry_after is not None
    assert result.retry_after <= datetime.now(timezone.utc) + timedelta(days=7)
    assert result.retry_after >= datetime.now(timezone.utc) + timedelta(days=6, hours=23)


@pytest.mark.parametrize("status", [429, 503])
def test_429_503_without_retry_after(feed_server: FeedServer, status: int) -> None:
    result = fetch_one(feed_server.route("/x", Response(status)))
    assert result.error is not None and result.error.startswith(f"HTTP {status}")
    assert result.retry_after is None


# -- timeouts --------------------------------------------------------------------------


def test_read_timeout(feed_server: FeedServer) -> None:
    url = feed_server.route("/slow", Response(body=RSS, delay=2.0))
    start = time.monotonic()
    result = fetch_one(url, config=FetchConfig(read_timeout=0.3, feed_deadline=5))
    assert result.error == "timed out reading from 127.0.0.1 (nothing for 0.3 s)"
    assert time.monotonic() - start < 1.8


def test_drip_is_stopped_by_the_feed_deadline(feed_server: FeedServer) -> None:
    url = feed_server.route("/drip", Response(body=drip(RSS, 0.2)))
    config = FetchConfig(read_timeout=0.5, feed_deadline=1.0)
    start = time.monotonic()
    result = fetch_one(url, config=config)
    elapsed = time.monotonic() - start
    assert result.error == "gave up after 1 s (feed deadline)"
    assert 0.9 < elapsed < 2.5


def test_connection_refused(feed_server: FeedServer) -> None:
    port = unused_port()
    result = fetch_one(f"http://127.0.0.1:{port}/feed")
    assert result.error == f"connection refused by 127.0.0.1:{port}"
    assert result.status is None and result.body is None


def test_connection_reset_before_response(feed_server: FeedServer) -> None:
    result = fetch_one(feed_server.route("/reset", lambda request: RESET))
    assert result.error == "connection reset by 127.0.0.1"


def test_connection_reset_mid_body(feed_server: FeedServer) -> None:
    result = fetch_one(feed_server.route("/reset", Response(body=[b"<rss>", RESET])))
    assert result.error == "connection reset by 127.0.0.1" and result.body is None


def test_connection_closed_without_a_response(feed_server: FeedServer) -> None:
    result = fetch_one(feed_server.route("/close", lambda request: CLOSE))
    assert result.error == "127.0.0.1 closed the connection without a response"


def test_connection_closed_mid_body(feed_server: FeedServer) -> None:
    truncated = Response(body=[b"<rss>", CLOSE], headers={"Content-Length": "100"})
    result = fetch_one(feed_server.route("/short", truncated))
    assert result.error == "127.0.0.1 closed the connection before the body was complete"


# -- bodies: encodings and limits ------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", lambda b: gzip.compress(b)),
        ("x-gzip", lambda b: gzip.compress(b)),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as some servers send
        ("br", brotli.compress),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
        ("utf-8", lambda b: b),  # nonsense seen in the wild: passed through
    ],
)
def test_compressed_bodies_are_decoded(
    feed_server: FeedServer, encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    url = feed_server.route(
        "/z", Response(body=encode(RSS), headers={"Content-Encoding": encoding})
    )
    result = fetch_one(url)
    assert result.error is None and result.body == RSS and result.content_hash == body_hash(RSS)


def test_streamed_gzip_is_decoded(feed_server: FeedServer) -> None:
    data = gzip.compress(RSS * 1000)
    url = feed_server.route(
        "/z",
        Response(
            body=[data[i : i + 100] for i in range(0, len(data), 100)],
            headers={"Content-Encoding": "gzip"},
        ),
    )
    assert fetch_one(url).body == RSS * 1000


def test_gzip_bomb_is_cut_off_while_streaming(feed_server: FeedServer) -> None:
    bomb = lambda request: Response(
        body=gzip_bomb(), headers={"Content-Encoding": "gzip"}
    )  # noqa: E731
    url = feed_server.route("/bomb", bomb)  # a fresh generator per request
    start = time.monotonic()
    result = fetch_one(url)
    assert result.error == "response larger than 1 MiB" and result.body is None
    result = fetch_one(url, config=DEFAULT_FETCH_CONFIG)  # the real 16 MiB limit, 1 GiB bomb
    assert result.error == "response larger than 16 MiB"
    assert time.monotonic() - start < 5


def test_brotli_bomb_is_cut_off(feed_server: FeedServer) -> None:
    bomb = brotli.compress(bytes(8 << 20), quality=5)
    url = feed_server.route("/bomb", Response(body=bomb, headers={"Content-Encoding": "br"}))
    assert fetch_one(url).error == "response larger than 1 MiB"


def test_body_over_the_limit(feed_server: FeedServer) -> None:
    big = b"x" * ((1 << 20) + 1)
    with_length = feed_server.route("/big", Response(body=big))
    chunked = feed_server.route("/chunked", Response(body=[big[: 1 << 19], big[1 << 19 :]]))
    assert fetch_one(with_length).error == "response larger than 1 MiB"
    assert fetch_one(chunked).error == "response larger than 1 MiB"
    exact = feed_server.route("/exact", Response(body=big[:-1]))
    assert fetch_one(exact).body == big[:-1]


def test_bad_gzip_is_an_error(feed_server: FeedServer) -> None:
    url = feed_server.route(
        "/bad", Response(body=b"this is not gzip", headers={"Content-Encoding": "gzip"})
    )
    result = fetch_one(url)
    assert result.error is not None and result.error.startswith(
        "could not decode the body: bad gzip data"
    )


# -- sources that are not valid http(s) URLs ----------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["http://", "http:///feed", "http://[::1/feed", "https://:80/", "http://127.0.0.1:99999/"],
)
def test_invalid_urls(source: str) -> None:
    result = fetch_one(source)
    assert result.error is not None and result.error.startswith("invalid URL")


def test_unsupported_scheme() -> None:
    assert fetch_one("ftp://example.invalid/feed.xml").error == "unsupported URL scheme: ftp"


# -- the transport seam ------------------------------------------------------------------


def test_transport_seam_needs_no_network() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=RSS, headers={"ETag": '"m"'})

    config = FetchConfig(transport=httpx.MockTransport(handler))
    result = fetch_one("https://feeds.example.invalid/rss", config=config)
    assert result.body == RSS and result.etag == '"m"'
    assert seen[0].headers["accept-encoding"] == "gzip, deflate, br"


def test_dns_failure_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from exc

    config = FetchConfig(transport=httpx.MockTransport(handler))
    result = fetch_one("https://nowhere.invalid/feed", config=config)
    assert result.error == "could not resolve host nowhere.invalid (DNS lookup failed)"


# -- many at once ------------------------------------------------------------------------


def test_results_keep_request_order_and_callbacks_run_in_the_calling_thread(
    feed_server: FeedServer,
) -> None:
    for i in range(40):
        feed_server.route(f"/f{i}", Response(body=b"<rss>%d</rss>" % i, delay=0.05 * (i % 4 == 0)))
    requests = [FetchRequest(feed_server.url(f"/f{i}")) for i in range(40)]
    requests.insert(7, FetchRequest("/no/such/feed.xml"))
    called: list[tuple[str, int | None]] = []
    results = fetch_all(
        requests, FAST, on_result=lambda r: called.append((r.source, threading.get_ident()))
    )
    assert [r.source for r in results] == [r.source for r in requests]
    assert results[0].body == b"<rss>0</rss>" and results[40].body == b"<rss>39</rss>"
    assert results[7].error == "no such file: /no/such/feed.xml"
    assert sorted(s for s, _ in called) == sorted(r.source for r in requests)
    assert {t for _, t in called} == {threading.get_ident()}


def test_works_when_the_thread_already_runs_a_loop(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", Response(body=RSS))
    threads: list[int] = []

    async def notebook_cell() -> list[FetchResult]:
        return fetch_all(
            [FetchRequest(url)] * 3, FAST, on_result=lambda r: threads.append(threading.get_ident())
        )

    results = asyncio.run(notebook_cell())
    assert [r.body for r in results] == [RSS] * 3
    assert threads == [threading.get_ident()] * 3


@pytest.mark.parametrize("in_loop", [False, True])
def test_an_exception_in_on_result_propagates(feed_server: FeedServer, in_loop: bool) -> None:
    url = feed_server.route("/feed", Response(body=RSS))

    def boom(result: FetchResult) -> None:
        raise KeyError("from the callback")

    def run() -> None:
        fetch_all([FetchRequest(url)] * 5, FAST, on_result=boom)

    async def cell() -> None:
        run()

    with pytest.raises(KeyError, match="from the callback"):
        asyncio.run(cell()) if in_loop else run()


def test_empty_input() -> None:
    assert fetch_all([]) == []


def test_concurrency_is_bounded_per_host_and_overall(feed_server: FeedServer) -> None:
    active = peak = 0
    lock = threading.Lock()

    def slow(request: Request) -> Response:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with lock:
            active -= 1
        return Response(body=RSS)

    url = feed_server.route("/slow", slow)
    fetch_all([FetchRequest(url)] * 8, FetchConfig(max_per_host=2))
    assert peak == 2
    peak = 0
    fetch_all([FetchRequest(url)] * 6, FetchConfig(max_connections=1, max_per_host=4))
    assert peak == 1


def test_connections_are_kept_alive(feed_server: FeedServer) -> None:
    for i in range(30):
        feed_server.route(f"/f{i}", Response(body=RSS))
    results = fetch_all([FetchRequest(feed_server.url(f"/f{i}")) for i in range(30)], FAST)
    assert all(r.body == RSS for r in results)
    assert len({r.client_port for r in feed_server.requests}) <= FAST.max_per_host


def test_a_mixed_batch_never_raises(feed_server: FeedServer) -> None:
    feed_server.route("/ok", Response(body=RSS))
    feed_server.route("/gone", Response(410))
    feed_server.route("/reset", lambda request: RESET)
    feed_server.route("/bomb", Response(body=gzip_bomb(), headers={"Content-Encoding": "gzip"}))
    sources = [feed_server.url(p) for p in ("/ok", "/gone", "/reset", "/bomb", "/missing")]
    sources += [
        f"http://127.0.0.1:{unused_port()}/",
        "http://",
        "gopher://x/",
        "/nonexistent/file.xml",
    ]
    results = fetch_all([FetchRequest(s) for s in sources], FAST)
    assert results[0].body == RSS
    assert all(r.error for r in results[1:]), [r.error for r in results]
    assert all("\n" not in (r.error or "") for r in results)


def test_https_to_a_plain_http_server_is_a_tls_error(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed", Response(body=RSS)).replace("http:", "https:", 1)
    result = fetch_one(url)
    assert result.error is not None and result.error.startswith("TLS error with 127.0.0.1")
