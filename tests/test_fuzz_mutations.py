"""Mutation fuzzing: real files with bytes flipped, cut, duplicated or spliced.

Random bytes (tests/test_parse.py, test_opml.py, test_contacts_io.py) rarely get past
the first check of a reader; a real document with a few bytes damaged goes deep into it.
Each reader must return a value or raise its own GigaError subclass, never anything
else; parsed feeds must also store cleanly in a real SQLite file (NULs, odd dates and
huge titles included).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giga import _store
from giga._people.contacts_io import read_contacts
from giga._feeds.opml import parse_opml
from giga._feeds.parse import parse_feed
from giga.errors import GigaError, InputError, OpmlError, ParseError
from giga._types import FetchResult

ROOT = Path(__file__).resolve().parents[1]
FEEDS = sorted((ROOT / "giga" / "demo_data" / "feeds").glob("*"))[:4]
OPML = sorted((ROOT / "tests" / "data" / "opml").glob("*.*ml"))
CONTACTS = sorted(p for p in (ROOT / "tests" / "data" / "contacts").rglob("*") if p.suffix in (".csv", ".vcf"))
NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)
FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw: st.DrawFn, files: list[Path]) -> bytes:
    """A real file with up to four damages: flip, delete, duplicate or insert bytes."""
    data = bytearray(draw(st.sampled_from(files)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        span = draw(st.integers(1, 64))
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "insert"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[at : at + span]
        elif kind == "duplicate":
            data[at:at] = data[at : at + span]
        else:
            data[at:at] = draw(st.sampled_from(
                [b"\x00", b"\xff\xfe", b"<![CDATA[", b"]]>", b"&lol;", b"<!DOCTYPE x [", b"\xc3",
                 b"</item>", b"<entry>", b'"', b",", b"\r\n", b"=\r\n", b"BEGIN:VCARD\r\n"]))
    return bytes(data)


def test_the_fuzz_seeds_are_there() -> None:
    assert len(FEEDS) >= 2 and len(OPML) >= 5 and len(CONTACTS) >= 5


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    database = _store.open_database(tmp_path_factory.mktemp("fuzz") / "giga.db")
    _store.migrate(database)
    _store.add_feeds(database, ["https://fuzz.example/feed"], NOW)
    yield database
    database.close()


@FUZZ
@given(mutated(FEEDS))
def test_damaged_feeds_parse_or_raise_parse_error_and_store_cleanly(db, body: bytes) -> None:  # type: ignore[no-untyped-def]
    url = "https://fuzz.example/feed"
    try:
        parsed = parse_feed(body, url)
    except ParseError:
        return
    result = FetchResult(source=url, status=200, content_hash="h")
    _store.store_fetched_feed(db, url, result, parsed, NOW, "h")
    assert db.execute("pragma quick_check").fetchone() == ("ok",)


@FUZZ
@given(mutated(OPML))
def test_damaged_opml_reads_or_raises_opml_error_with_a_line(data: bytes) -> None:
    try:
        subs = parse_opml(data, "fuzz.opml")
    except OpmlError as exc:
        assert exc.path == "fuzz.opml" and "\n" not in str(exc)
        return
    assert all(s.url for s in subs)


@FUZZ
@given(mutated(CONTACTS), st.sampled_from([".csv", ".vcf"]))
def test_damaged_contact_files_read_or_raise_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"contacts{suffix}"
    path.write_bytes(data)
    try:
        read_contacts(path)
    except InputError as exc:
        assert exc.path == str(path)
    except GigaError as exc:  # pragma: no cover - would be a wrong error type
        raise AssertionError(f"not an InputError: {exc!r}") from exc
