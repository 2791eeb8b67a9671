"""Content-Encoding decoders that never produce more than they are allowed to.

httpx's own decoders inflate a whole network chunk at once, so a 64 KiB slice of a gzip
bomb can become 64 MiB before anyone counts it. These take an output budget on every
call and stop one byte past it, so memory stays bounded by ``max_body_bytes``.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

__all__ = ["BodyTooLarge", "BadEncoding", "Decoder", "make_decoder"]


class BodyTooLarge(Exception):
    """The decoded body would exceed the budget."""


class BadEncoding(Exception):
    """The body is not valid in its declared Content-Encoding."""


class Decoder(Protocol):
    def decode(self, data: bytes, budget: int) -> bytes:
        """Decode ``data``; raise BodyTooLarge rather than return more than ``budget``."""

    def flush(self, budget: int) -> bytes:
        """Whatever is left once the input has ended."""


class _Identity:
    def decode(self, data: bytes, budget: int) -> bytes:
        if len(data) > budget:
            raise BodyTooLarge
        return data

    def flush(self, budget: int) -> bytes:
        return b""


class _Zlib:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send).

    Whatever follows the last complete stream and does not start a new one (padding,
    garbage) is ignored, as browsers do.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.wbits = 16 + zlib.MAX_WBITS if name == "gzip" else zlib.MAX_WBITS
        self.inflater = zlib.decompressobj(self.wbits)
        self.fresh = True  # nothing accepted by this inflater yet
        self.members = 0  # complete streams seen
        self.ended = False  # the data is over; drop whatever else arrives

    def decode(self, data: bytes, budget: int) -> bytes:
        out = bytearray()
        while data and not self.ended:
            try:
                out += self.inflater.decompress(data, budget - len(out) + 1)
            except zlib.error as exc:
                if self.fresh and self.members:
                    self.ended = True  # junk after a complete gzip member
                    break
                if self.fresh and self.name == "deflate" and self.wbits > 0:
                    self.wbits = -zlib.MAX_WBITS  # raw deflate, without the zlib header
                    self.inflater = zlib.decompressobj(self.wbits)
                    continue
                raise BadEncoding(f"bad {self.name} data: {exc}") from None
            self.fresh = False
            if len(out) > budget:
                raise BodyTooLarge
            # Room was left, so zlib took all the input it could; any rest follows the end.
            data = b""
            if self.inflater.eof:
                self.members += 1
                data = self.inflater.unused_data
                if self.name == "gzip":
                    self.inflater = zlib.decompressobj(self.wbits)  # maybe another member
                    self.fresh = True
                else:
                    self.ended = True
        return bytes(out)

    def flush(self, budget: int) -> bytes:
        out = self.inflater.flush()
        if len(out) > budget:
            raise BodyTooLarge
        return out


class _Brotli:
    def __init__(self) -> None:
        self.inflater = brotli.Decompressor()

    def decode(self, data: bytes, budget: int) -> bytes:
        try:
            out: bytes = self.inflater.process(data, output_buffer_limit=budget + 1)
        except brotli.error as exc:
            raise BadEncoding(f"bad br data: {exc}") from None
        if len(out) > budget:
            raise BodyTooLarge
        return out

    def flush(self, budget: int) -> bytes:
        return b""


class _Chain:
    """Several encodings, listed in the order they were applied; undone in reverse."""

    def __init__(self, decoders: list[Decoder]) -> None:
        self.decoders = decoders[::-1]

    def decode(self, data: bytes, budget: int) -> bytes:
        for decoder in self.decoders:
            data = decoder.decode(data, budget)
        return data

    def flush(self, budget: int) -> bytes:
        data = b""
        for decoder in self.decoders:
            data = (decoder.decode(data, budget) if data else b"") + decoder.flush(budget)
        if len(data) > budget:
            raise BodyTooLarge
        return data


def make_decoder(content_encoding: str | None) -> Decoder:
    """A decoder for a Content-Encoding header; unknown codings pass through like httpx does
    (servers send nonsense such as ``Content-Encoding: utf-8``)."""
    names = [n.strip().lower() for n in (content_encoding or "").split(",")]
    decoders: list[Decoder] = []
    for name in names:
        if name in ("gzip", "x-gzip"):
            decoders.append(_Zlib("gzip"))
        elif name == "deflate":
            decoders.append(_Zlib("deflate"))
        elif name == "br":
            decoders.append(_Brotli())
    if not decoders:
        return _Identity()
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)
