"""feedparser's own test documents through giga's parse_feed.

Every file must give a ParsedFeed or a ParseError - never another exception. Where a
file's ``Expect:`` header asserts a plain title, link or id of the first entry, the
normalized value must match too.

The full suite lives in ``../shared/corpus/feedparser-tests`` beside the checkout (skipped
when absent); a representative subset is copied into ``tests/data/feedparser`` (BSD-2-Clause,
see its NOTICE.md) so a fresh clone runs the same checks.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from giga._feeds.parse import parse_feed
from giga._feeds.parse.normalize import canonical_url, collapse
from giga.errors import ParseError
from giga._types import ParsedFeed

HERE = Path(__file__).resolve().parent
SUBSET = HERE / "data" / "feedparser"
FULL = HERE.parents[1] / "shared" / "corpus" / "feedparser-tests"
SKIP_NAMES = {"SOURCES.md", "NOTICE.md"}


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in SKIP_NAMES)


_HEADER = re.compile(rb"^\s*Header:\s*Content-type:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
# Expect: ... entries[0]['title'] == 'Example title' (only plain quoted values are checked)
_EXPECT = re.compile(
    r"""entries\[0\]\[['"](title|link|id)['"]\]\s*==\s*u?(['"])((?:(?!\2)[^\\<&])*)\2(?=\s*(?:and\b|or\b|\)|$))"""
)


def _content_type(body: bytes) -> str | None:
    head = body[:2000]
    match = _HEADER.search(head)
    return match.group(1).decode("latin-1") if match else None


def _check(path: Path) -> None:
    body = path.read_bytes()
    url = f"http://127.0.0.1:8097/{path.name}"
    try:
        feed = parse_feed(body, url, _content_type(body))
    except ParseError as exc:
        assert str(exc).startswith(url), str(exc)
        assert "\n" not in exc.message
        return
    assert isinstance(feed, ParsedFeed)
    header = body[:3000].decode("utf-8", "replace")
    expect = re.search(r"Expect:\s*(.*)", header)
    if not expect or not feed.entries or "http" in path.parent.name or "http" in path.name:
        return
    for field, _quote, wanted in _EXPECT.findall(expect.group(1)):
        if "\\" in wanted or not wanted.strip():
            continue
        entry = feed.entries[0]
        if field == "title":
            assert entry.title == collapse(wanted), (field, wanted, entry)
        elif field == "link":
            assert entry.url == canonical_url(wanted, url), (field, wanted, entry)
        else:  # feedparser's harness has no base URL; ours resolves relative guids
            assert entry.id in (wanted, urljoin(url, wanted)), (field, wanted, entry)


@pytest.mark.parametrize("path", _files(SUBSET), ids=lambda p: str(p.relative_to(SUBSET)))
def test_subset_file(path: Path) -> None:
    _check(path)


def test_subset_is_present() -> None:
    assert len(_files(SUBSET)) >= 40


_FULL_FILES = _files(FULL)


@pytest.mark.corpus
@pytest.mark.skipif(not _FULL_FILES, reason="../shared/corpus/feedparser-tests is absent")
@pytest.mark.parametrize(
    "path", _FULL_FILES or [Path("absent")],
    ids=lambda p: str(p.relative_to(FULL)) if _FULL_FILES else "absent",
)
def test_full_suite_file(path: Path) -> None:
    _check(path)
