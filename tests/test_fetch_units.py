"""Pure pieces of the fetching stage: Retry-After parsing, bounded decoders, helpers."""

from __future__ import annotations

import gzip
import zlib
from datetime import datetime, timedelta, timezone

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giga._feeds.fetch import DEFAULT_FETCH_CONFIG, FetchConfig, body_hash, parse_retry_after
from giga._feeds.fetch.decode import BadEncoding, BodyTooLarge, make_decoder
from giga._feeds.fetch.util import human_size

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
WEEK = timedelta(days=7)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", NOW + timedelta(seconds=120)),
        (" 0 ", NOW),
        ("Wed, 01 May 2024 13:00:00 GMT", NOW + timedelta(hours=1)),
        ("Wed, 01 May 2024 11:00:00 GMT", NOW),  # in the past: now
        ("Fri, 01 Jan 2100 00:00:00 GMT", NOW + WEEK),  # absurd: clamped
        ("999999999999999999999", NOW + WEEK),
        ("9" * 5000, NOW + WEEK),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: datetime | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@given(st.text(max_size=60))
def test_parse_retry_after_never_raises_and_stays_in_range(value: str) -> None:
    when = parse_retry_after(value, NOW)
    assert when is None or (NOW <= when <= NOW + WEEK and when.tzinfo is not None)


def decode_all(encoding: str | None, data: bytes, budget: int, step: int) -> bytes:
    decoder = make_decoder(encoding)
    out = b""
    for i in range(0, len(data), step):
        out += decoder.decode(data[i : i + step], budget - len(out))
    return out + decoder.flush(budget - len(out))


ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "identity": lambda b: b,
}


@settings(max_examples=60, deadline=None)
@given(
    body=st.binary(max_size=5000) | st.builds(lambda n: b"a" * n, st.integers(0, 200_000)),
    encoding=st.sampled_from(sorted(ENCODERS)),
    step=st.integers(1, 70_000),
    slack=st.integers(-3, 3),
)
def test_decoders_never_exceed_their_budget(
    body: bytes, encoding: str, step: int, slack: int
) -> None:
    data = ENCODERS[encoding](body)
    budget = max(0, len(body) + slack)
    if len(body) <= budget:
        assert decode_all(encoding, data, budget, step) == body
    else:
        with pytest.raises(BodyTooLarge):
            decode_all(encoding, data, budget, step)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000), encoding=st.sampled_from(["gzip", "deflate", "br"]))
def test_garbage_only_raises_bad_encoding_or_too_large(data: bytes, encoding: str) -> None:
    try:
        out = decode_all(encoding, data, 1000, 97)
    except (BadEncoding, BodyTooLarge):
        return
    assert len(out) <= 1000


def test_gzip_members_and_trailing_junk() -> None:
    assert decode_all("gzip", gzip.compress(b"one") + gzip.compress(b"two"), 100, 5) == b"onetwo"
    assert decode_all("gzip", gzip.compress(b"one") + b"\0\0junk", 100, 5) == b"one"


def test_body_hash_is_sha256_hex() -> None:
    assert body_hash(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_human_size() -> None:
    assert [human_size(n) for n in (16 << 20, 1 << 10, 1536, 10, 3 << 30)] == [
        "16 MiB",
        "1 KiB",
        "1.5 KiB",
        "10 bytes",
        "3 GiB",
    ]


def test_named_defaults() -> None:
    config = DEFAULT_FETCH_CONFIG
    assert (config.connect_timeout, config.read_timeout, config.feed_deadline) == (10.0, 20.0, 60.0)
    assert (config.max_connections, config.max_per_host, config.max_redirects) == (16, 4, 5)
    assert config.max_body_bytes == 16 * 1024 * 1024 and config.transport is None
    assert config.user_agent.startswith("giga/") and config.user_agent.endswith(
        "(+https://github.com/giga-project/giga; feed reader)"
    )
    assert FetchConfig() == config
