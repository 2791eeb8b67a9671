"""Serve a folder of feed files on 127.0.0.1, the way a polite real server would.

Used by the ingest benchmark: HTTP/1.1 keep-alive, ETag and Last-Modified with 304s,
bodies preloaded in memory so the server measures as little of itself as possible.
Runs in its own process so it does not compete with the client for the GIL.
"""

from __future__ import annotations

import hashlib
import mimetypes
import multiprocessing
import socket
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


def _load(root: Path) -> dict[str, tuple[bytes, str, str]]:
    files: dict[str, tuple[bytes, str, str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in {".md", ".csv"}:
            body = path.read_bytes()
            kind = mimetypes.guess_type(path.name)[0] or "application/xml"
            if path.suffix == ".json":
                kind = "application/feed+json"
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            files["/" + path.relative_to(root).as_posix()] = (body, kind, etag)
    return files


def _serve(root: str, ready: "multiprocessing.connection.Connection") -> None:
    files = _load(Path(root))
    last_modified = formatdate(0, usegmt=True)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            item = files.get(unquote(urlsplit(self.path).path))
            if item is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind, etag = item
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            self.wfile.write(body)

    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ready.send((server.server_address[1], sorted(files)))
    server.serve_forever()


class CorpusServer:
    """Context manager: ``with CorpusServer(root) as s: s.urls``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.urls: list[str] = []

    def __enter__(self) -> "CorpusServer":
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(str(self.root), child), daemon=True
        )
        self.process.start()
        port, paths = parent.recv()
        self.urls = [f"http://127.0.0.1:{port}{quote(p)}" for p in paths]
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join(5)
