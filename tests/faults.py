"""The hostile-server fault set, shared by tests/test_reliability.py and
benchmarks/reliability.py so that the figures and the tests measure the same thing.

``install(server, secret)`` routes every fault and some healthy feeds on a
:class:`~httpserver.FeedServer` and returns what each should do to giga:

* ``"error"``: the feed fails with one clear line containing ``words``;
* ``"ok"``: the feed is ingested (``articles`` entries, at least);
* ``"survive"``: hostile bytes (entity bombs, XXE) that may be read harmlessly or
  refused; either is fine as long as nothing leaks and nothing blows up.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from httpserver import (
    HANG,
    RESET,
    FeedServer,
    Request,
    Response,
    conditional,
    drip,
    endless,
    gzip_bomb,
    redirect,
)

HUGE = 200 * 1024 * 1024  # the streamed download; giga stops at its 16 MiB limit
RETRY_AFTER_SECONDS = 3600


@dataclass(frozen=True)
class Fault:
    path: str
    expect: str  # "error" | "ok" | "survive"
    words: str = ""  # in the error line, for "error" ("a|b": either will do)
    articles: int = 0  # at least this many stored, for "ok"


def matches(fault: Fault, error: str) -> bool:
    """Does a stored error line say what this fault should have caused?"""
    return any(words in error for words in fault.words.split("|"))


def rss(items: list[tuple[str, str | None, str]], title: str = "feed", head: bytes = b"") -> bytes:
    """A small RSS 2.0 document from (guid, link, title) triples."""
    parts = []
    for guid, link, item_title in items:
        link_xml = f"<link>{link}</link>" if link else ""
        parts.append(f"<item><guid>{guid}</guid>{link_xml}<title>{item_title}</title>"
                     f"<description>about {item_title}</description></item>")
    return head + (f'<rss version="2.0"><channel><title>{title}</title>'
                   f'{"".join(parts)}</channel></rss>').encode()


def billion_laughs() -> bytes:
    """Nine levels of ten-fold entity expansion: 10^9 'lol's if a parser expands them."""
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    head = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decls) + "\n]>\n").encode()
    return head + rss([("urn:laughs:1", "http://laughs.example/1", "&lol9;")], "laughs &lol9;")


def xxe(secret: Path) -> bytes:
    """External entities pointing at a local file, as a general and a parameter entity."""
    uri = secret.as_uri()
    head = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "{uri}">\n'
            f'<!ENTITY % remote SYSTEM "{uri}">\n%remote;\n]>\n').encode()
    return head + rss([("urn:xxe:1", "http://xxe.example/1", "leak &xxe; here")], "xxe &xxe;")


def html_page(feed_href: str | None) -> bytes:
    link = (f'<link rel="alternate" type="application/rss+xml" title="Feed" href="{feed_href}">'
            if feed_href else '<link rel="stylesheet" href="/style.css">')
    return (f"<!DOCTYPE html><html><head><title>A blog</title>{link}</head>"
            "<body><h1>Welcome</h1><p>Posts are below.</p></body></html>").encode()


def bad_bytes() -> bytes:
    """Declared UTF-8, with bytes that are not UTF-8 in one title."""
    return (b'<?xml version="1.0" encoding="utf-8"?>' + rss([
        ("urn:bad:1", "http://bad.example/1", "readable"),
        ("urn:bad:2", "http://bad.example/2", "broken"),
    ]).replace(b"broken", b"bro\xff\xfeken \xc3("))


def rotating(server_name: str, count: int = 5) -> Callable[[Request], Response]:
    """Every request gets new guids for the same posts (same links, same titles)."""
    fetches = itertools.count()
    lock = threading.Lock()

    def handle(request: Request) -> Response:
        with lock:
            n = next(fetches)
        items = [(f"urn:uuid:{n}-{i}", f"http://{server_name}/post/{i}", f"post {i}")
                 for i in range(count)]
        linkless = [(f"urn:uuid:{n}-nolink-{i}", None, f"linkless {i}") for i in range(2)]
        return Response(200, rss(items + linkless, "rotating"), {"Content-Type": "application/rss+xml"})

    return handle


HEALTHY = 5
HEALTHY_ITEMS = 6


def install(server: FeedServer, secret: Path) -> dict[str, Fault]:
    """Route the fault set and the healthy feeds; returns each URL's expectation."""
    faults = {
        "/hang": (lambda r: HANG, Fault("/hang", "error", "timed out reading|gave up after")),
        "/drip": (lambda r: Response(200, drip(rss([("a", None, "x")] * 20), 1.0)),
                  Fault("/drip", "error", "gave up after")),
        "/reset": (lambda r: RESET, Fault("/reset", "error", "connection reset")),
        "/500": (Response(500, b"oops"), Fault("/500", "error", "HTTP 500")),
        "/503": (Response(503, b"busy"), Fault("/503", "error", "HTTP 503")),
        "/429": (Response(429, b"slow down", {"Retry-After": str(RETRY_AFTER_SECONDS)}),
                 Fault("/429", "error", "HTTP 429")),
        "/loop-a": (redirect("/loop-b"), Fault("/loop-a", "error", "redirect loop")),
        "/gzip-bomb": (lambda r: Response(200, gzip_bomb(), {"Content-Encoding": "gzip"}),
                       Fault("/gzip-bomb", "error", "larger than")),
        "/huge": (lambda r: Response(200, endless(HUGE), {"Content-Type": "application/rss+xml"}),
                  Fault("/huge", "error", "larger than")),
        "/laughs": (Response(200, billion_laughs()), Fault("/laughs", "survive")),
        "/xxe": (Response(200, xxe(secret)), Fault("/xxe", "survive")),
        "/html-no-feed": (Response(200, html_page(None), {"Content-Type": "text/html"}),
                          Fault("/html-no-feed", "error", "is an HTML page with no feed link")),
        "/blog/": (Response(200, html_page("../feeds/blog.xml"), {"Content-Type": "text/html"}),
                   Fault("/blog/", "ok", articles=3)),
        "/bad-bytes": (Response(200, bad_bytes(), {"Content-Type": "application/rss+xml; charset=utf-8"}),
                       Fault("/bad-bytes", "ok", articles=2)),
        "/rotating": (rotating(f"127.0.0.1:{server.port}"), Fault("/rotating", "ok", articles=7)),
    }
    server.route("/loop-b", redirect("/loop-a"))
    blog = rss([(f"urn:blog:{i}", f"http://blog.example/{i}", f"blog post {i}") for i in range(3)])
    server.route("/feeds/blog.xml", conditional(blog))
    expected: dict[str, Fault] = {}
    for path, (handler, fault) in faults.items():
        expected[server.route(path, handler)] = fault
    for n in range(HEALTHY):
        body = rss([(f"urn:ok:{n}:{i}", f"http://ok{n}.example/{i}", f"healthy {n} story {i}")
                    for i in range(HEALTHY_ITEMS)], f"healthy {n}")
        path = f"/ok/{n}.xml"
        expected[server.route(path, conditional(body, etag=f'"ok{n}"'))] = Fault(path, "ok", articles=HEALTHY_ITEMS)
    return expected
