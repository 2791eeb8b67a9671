"""Local feed files: same limits and error values as HTTP, validators from the mtime."""

from __future__ import annotations

import os
import time
from email.utils import formatdate
from pathlib import Path

from giga._feeds.fetch import FetchConfig, FetchRequest, body_hash, fetch_all
from giga._types import FetchResult

RSS = b'<rss version="2.0"><channel><title>local</title></channel></rss>'
OLD = time.time() - 3600  # an mtime well outside the "racy" window


def fetch_one(
    source: str, config: FetchConfig = FetchConfig(), **validators: str | None
) -> FetchResult:
    return fetch_all([FetchRequest(source, **validators)], config)[0]


def write(path: Path, data: bytes, mtime: float | None = OLD) -> str:
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return str(path)


def test_reads_a_file_with_mtime_as_last_modified(tmp_path: Path) -> None:
    source = write(tmp_path / "feed.xml", RSS)
    result = fetch_one(source)
    assert result.error is None and result.body == RSS and not result.not_modified
    assert result.last_modified == formatdate(OLD, usegmt=True)
    assert result.content_hash == body_hash(RSS)
    assert result.status is None and result.etag is None


def test_unchanged_mtime_is_not_modified_without_reading(tmp_path: Path) -> None:
    source = write(tmp_path / "feed.xml", RSS)
    first = fetch_one(source)
    again = fetch_one(source, last_modified=first.last_modified, content_hash=first.content_hash)
    assert again.not_modified and again.body is None and again.error is None
    assert again.last_modified == first.last_modified and again.content_hash == first.content_hash


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    first = fetch_one(write(path, RSS))
    changed = fetch_one(write(path, RSS + b" ", mtime=OLD + 60), last_modified=first.last_modified)
    assert not changed.not_modified and changed.body == RSS + b" "


def test_same_content_with_new_mtime_is_not_modified_by_hash(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    first = fetch_one(write(path, RSS))
    touched = fetch_one(
        write(path, RSS, mtime=OLD + 60),
        last_modified=first.last_modified,
        content_hash=first.content_hash,
    )
    assert touched.not_modified and touched.body is None
    assert touched.last_modified == formatdate(OLD + 60, usegmt=True)


def test_a_just_written_file_gets_no_last_modified(tmp_path: Path) -> None:
    # Its mtime could stay the same through another write in the same second.
    result = fetch_one(write(tmp_path / "feed.xml", RSS, mtime=None))
    assert (
        result.body == RSS
        and result.last_modified is None
        and result.content_hash == body_hash(RSS)
    )


def test_file_urls(tmp_path: Path) -> None:
    path = tmp_path / "a feed.xml"
    write(path, RSS)
    assert fetch_one(path.as_uri()).body == RSS
    assert fetch_one("file://localhost" + path.as_uri()[len("file://") :]).body == RSS
    result = fetch_one("file://elsewhere/feed.xml")
    assert result.error is not None and "another host" in result.error


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.xml")
    assert fetch_one(missing).error == f"no such file: {missing}"
    assert fetch_one(str(tmp_path), etag='"x"').error == f"{tmp_path} is a folder, not a regular file"


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """A subscribed file swapped for a named pipe: refused at once, saying what it is; the
    check is made on the opened descriptor (opened without blocking), so no race between
    a check and the open can make the read wait for a writer."""
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    assert fetch_one(str(fifo)).error == f"{fifo} is a named pipe (FIFO), not a regular file"


def test_file_over_the_limit(tmp_path: Path) -> None:
    source = write(tmp_path / "big.xml", b"x" * 1025)
    result = fetch_one(source, FetchConfig(max_body_bytes=1024), content_hash="keep")
    assert result.error == "response larger than 1 KiB" and result.body is None
    assert result.content_hash == "keep"
    assert (
        fetch_one(write(tmp_path / "ok.xml", b"x" * 1024), FetchConfig(max_body_bytes=1024)).body
        == b"x" * 1024
    )
