"""A real HTTP/1.1 server on 127.0.0.1 for tests (standard library only).

Tests register routes (a canned ``Response`` or a function of the ``Request``), point
giga at ``server.url(path)`` and read back ``server.requests`` to see exactly what was
sent, headers included. Real sockets, so keep-alive, chunked bodies, resets and slow
servers behave as they do on the network, while nothing leaves the loopback interface.

    with FeedServer() as server:
        server.route("/feed.xml", Response(body=b"<rss/>"))
        server.url("/feed.xml")  # http://127.0.0.1:PORT/feed.xml
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = [
    "FeedServer",
    "Request",
    "Response",
    "RESET",
    "CLOSE",
    "HANG",
    "conditional",
    "redirect",
    "drip",
    "gzip_bomb",
    "endless",
    "http_date",
    "unused_port",
]

RESET = object()  # return it from a handler, or yield it from a body, to reset the connection
CLOSE = object()  # likewise, to just close it (a clean FIN): a truncated or missing response
HANG = object()  # return it from a handler to accept the request and never answer (until stop)


@dataclass(frozen=True)
class Request:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    client_port: int = 0  # one per TCP connection: shows keep-alive at work


@dataclass
class Response:
    """What to send. ``body`` may be bytes (sent with Content-Length) or an iterable of
    chunks (sent chunked unless ``headers`` has a Content-Length); a chunk may be RESET.
    An iterator is used up by one request: route a function to serve it again."""

    status: int = 200
    body: bytes | Iterable[object] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before the status line: a slow server
    reason: str | None = None  # the status line's reason phrase (None: the standard one)


Handler = Callable[[Request], "Response | object"]


def http_date(when: float | None = None) -> str:
    return formatdate(time.time() if when is None else when, usegmt=True)


def conditional(
    body: bytes,
    etag: str | None = '"v1"',
    last_modified: str | None = "Mon, 01 Jan 2024 00:00:00 GMT",
    content_type: str = "application/rss+xml",
) -> Handler:
    """A well-behaved feed: 200 with validators, 304 when the request presents them."""
    validators = {"ETag": etag, "Last-Modified": last_modified}
    headers = {k: v for k, v in validators.items() if v is not None}

    def handle(request: Request) -> Response:
        inm = request.headers.get("if-none-match")
        ims = request.headers.get("if-modified-since")
        if (etag and inm == etag) or (inm is None and last_modified and ims == last_modified):
            return Response(304, headers=dict(headers))
        return Response(200, body, {**headers, "Content-Type": content_type})

    return handle


def redirect(to: str, status: int = 302) -> Response:
    return Response(status, b"", {"Location": to})


def drip(data: bytes, interval: float) -> Iterator[bytes]:
    """One byte per ``interval`` seconds: never idle long enough for a read timeout."""
    for i in range(len(data)):
        yield data[i : i + 1]
        time.sleep(interval)


def gzip_bomb(total: int = 1 << 30, block: int = 1 << 20) -> Iterator[bytes]:
    """A valid gzip stream of ``total`` zero bytes, about 1/1000 of that on the wire,
    made lazily: one block is compressed once (full flush, so it stands alone) and
    repeated, so nothing close to ``total`` is ever held in memory or even computed."""
    zeros = bytes(block)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    unit = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header, no name, no mtime
    crc = 0
    for _ in range(total // block):
        yield unit
        crc = zlib.crc32(zeros, crc)
    yield deflate.flush() + struct.pack("<II", crc, total & 0xFFFFFFFF)


def endless(total: int, block: int = 1 << 16) -> Iterator[bytes]:
    """``total`` bytes of a feed-looking body made block by block: a huge download that
    the server never holds in memory (one block is reused)."""
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title><description>'
    yield head
    filler = b"x" * block
    sent = len(head)
    while sent < total:
        piece = filler[: min(block, total - sent)]
        yield piece
        sent += len(piece)


def unused_port() -> int:
    """A loopback port nobody listens on (bound, then released): connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FeedServer:
    """The server and its routes; start/stop it, or use it as a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # another loopback address (127.0.0.2) plays a second machine
        self.routes: dict[str, Handler | Response] = {}
        self.requests: list[Request] = []
        self.errors: list[str] = []  # tracebacks of handlers that raised
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # releases handlers that HANG
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> FeedServer:
        self._httpd = _Server((self.host, 0), _Handler)
        self._httpd.app = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration and inspection --------------------------------------------
    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path if path.startswith('/') else '/' + path}"

    def route(self, path: str, handler: Handler | Response) -> str:
        """Serve ``path`` (exact match, query included if given); returns its URL."""
        self.routes[path] = handler
        return self.url(path)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # -- used by the handler -------------------------------------------------------
    def _respond(self, request: Request) -> Response | object:
        with self._lock:
            self.requests.append(request)
        handler = self.routes.get(request.path) or self.routes.get(request.path.split("?")[0])
        if handler is None:
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        if isinstance(handler, Response):
            return handler
        try:
            return handler(request)
        except Exception:  # noqa: BLE001 - report to the test, answer 500
            self.errors.append(traceback.format_exc())
            return Response(500, b"handler failed", {"Content-Type": "text/plain"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    app: FeedServer

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-response is routine here (deadlines, size limits)."""
        if not isinstance(sys.exc_info()[1], OSError):
            self.app.errors.append(traceback.format_exc())

    def close_connections(self) -> None:
        """Wake handler threads parked on idle keep-alive connections."""
        with self.connections_lock:
            for conn in list(self.connections):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 10  # idle keep-alive connections give up after this
    # Headers and body go out in separate writes; with Nagle's algorithm on, the body
    # would wait for the client's delayed ACK: 40 ms a response.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command, self.path, headers, self.client_address[1])
        response = self.server.app._respond(request)
        if response is HANG:
            self.server.app.stopping.wait()
            self._close()
            return
        if response is RESET or response is CLOSE:
            self._reset() if response is RESET else self._close()
            return
        assert isinstance(response, Response)
        if response.delay:
            time.sleep(response.delay)
        try:
            self._send(response)
        except OSError:  # the client went away (deadline, size limit): that is the point
            self.close_connection = True

    def _send(self, response: Response) -> None:
        self.send_response(response.status, response.reason)
        names = {k.lower() for k in response.headers}
        for name, value in response.headers.items():
            self.send_header(name, value)
        body = response.body
        if isinstance(body, bytes | bytearray):
            if "content-length" not in names and response.status not in (204, 304):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if response.status not in (204, 304):
                self.wfile.write(body)
            return
        chunked = "content-length" not in names
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        for piece in body:
            if piece is RESET or piece is CLOSE:
                self._reset() if piece is RESET else self._close()
                return
            assert isinstance(piece, bytes | bytearray)
            if not piece:
                continue
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _close(self) -> None:
        self.close_connection = True
        self.wfile.flush()

    def _reset(self) -> None:
        """Abort with a TCP RST (SO_LINGER 0, then close), like a crashed server."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the file holds a reference that would keep the socket open
        self.connection.close()
