"""An article's opening as whole sentences, in order, for the takeaway to choose from.

Stored text keeps one line per HTML block (paragraph, heading, list item...), so a
heading is its own line and never the start of a sentence. Each line is cut into
sentences by a sentence segmenter that knows abbreviations ("5501 N. Main St.",
"Jan. 1", "Dr.", "U.S.", "e.g.", "No. 1", decimals) rather than by a regex. Only the
opening is read (:data:`MAX_SCAN` characters): the lead is what a note quotes, and a
week can hold thousands of drafts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ..._html import html_text
from .text import plain_line

__all__ = ["ABBREVIATIONS", "LEADING_ABBREVIATIONS", "MAX_SCAN", "ends_in_abbreviation", "opening_sentences", "text_blocks"]

MAX_HTML = 50_000  # characters of markup read when a caller hands over HTML
MAX_BLOCKS = 8  # lines of the article looked at
MAX_SCAN = 1_500  # characters of the article looked at (99% of takeaways start in the first 900)
WINDOW = 320  # characters segmented at a time (a takeaway is at most 200)
MAX_WINDOW = 4 * WINDOW  # a longer sentence ends the reading of its line

# Words that end with a period without ending the sentence. Used to mend a cut that a
# segmenter made after one ("... 5501 N." + "Main St., on Saturday.") and to refuse a
# sentence that still ends in one.
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof sr jr st mt ft ave blvd rd ln hwy pkwy jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue tues wed thu thur thurs fri sat sun no nos vol vols fig figs pp ch sec
    ed eds rev gen gov sen rep lt col capt sgt cmdr adm pres supt inc ltd co corp llc bros dept
    univ assn est approx vs etc cf al ca e.g i.e u.s u.k u.n a.m p.m ph.d
""".split())
# Of those, the ones that never end a sentence: a capital after them starts no new one
# ("Dr. Smith", "Jan. 1", "Vinton G. Cerf").
LEADING_ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof rev gen gov sen rep lt col capt sgt cmdr adm pres supt mt ft no nos vol vols fig figs pp ch
    sec jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf vs approx
""".split())
_LOWER_CASE_ABBREVIATIONS = frozenset("etc e.g i.e a.m p.m vs approx al cf ca pp".split())
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]{0,2000}>")
# A sentence end inside a line: a stop, then whitespace and more text.
_INNER_END = re.compile(r"[.!?…][\"'”’)\]]*\s+\S")
# "... since 2015.Over 120 Tibetans ...": a feed that lost the space after a full stop.
_MISSING_SPACE = re.compile(r"(?<=[a-z0-9][.!?])(?=[A-Z][a-z])")
_ENDS = re.compile(r"[.!?…:][\"'”’)\]]*$")
_STARTS_LOWER = re.compile(r"[a-z]")
_LAST_WORD = re.compile(r"(\S+)\.[\"'”’)\]]*$")
_STARTS_LOW = re.compile(r"[\W\d_]*(?:[a-z]|\d)|[,;:)\]]")


def text_blocks(text: str | None) -> list[str]:
    """The article's opening lines: stored text is one line per block already; HTML
    handed over as is goes through the HTML parser first. Each line is cleaned (control
    characters, entities, stray tags)."""
    if not text:
        return []
    if "<" in text[:MAX_SCAN] and _MARKUP.search(text[:MAX_HTML]):
        text = html_text(text[:MAX_HTML], "\n")
    blocks: list[str] = []
    seen = 0
    for line in text[: MAX_SCAN * 2].split("\n"):
        block = _MISSING_SPACE.sub(" ", plain_line(line, MAX_SCAN))
        if not block:
            continue
        if blocks and _STARTS_LOWER.match(block) and not _ENDS.search(blocks[-1]):
            blocks[-1] = f"{blocks[-1]} {block}"  # a line broken with <br> mid-sentence
        elif len(blocks) >= MAX_BLOCKS:
            break
        else:
            blocks.append(block)
        seen += len(block)
        if seen >= MAX_SCAN:
            break
    return blocks


def ends_in_abbreviation(sentence: str) -> bool:
    """True when the last word before the final period is a known abbreviation or a
    single letter ("N.", "Jan.", "U.S."): the sentence was most likely cut too early."""
    return _last_abbreviation(sentence) is not None


def _last_abbreviation(sentence: str) -> str | None:
    """The abbreviation (lower case) or initial the sentence ends in. Most abbreviations
    are words too ("the answer was no.", "under the sun."), so they count capitalized
    ("No.", "Sun.", "Inc."), save those written in lower case ("etc.", "e.g.", "p.m.")."""
    match = _LAST_WORD.search(sentence)
    if match is None:
        return None
    written = match.group(1).lstrip("(\"'“‘[")
    word = written.lower()
    if word in _LOWER_CASE_ABBREVIATIONS or (word in ABBREVIATIONS and written[:1].isupper()):
        return word
    return word if len(written) == 1 and written.isupper() else None


def _continues(previous: str, part: str) -> bool:
    """Whether ``part`` goes on the sentence that ``previous`` was cut from."""
    word = _last_abbreviation(previous)
    if word is None:
        return False
    return word in LEADING_ABBREVIATIONS or len(word) == 1 or bool(_STARTS_LOW.match(part))


@lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], list[tuple[int, int]]]:
    """syntok's segmenter, as (start, end) offsets of each sentence in a line."""
    from syntok.segmenter import segment  # loads only when a draft quotes an article
    from syntok.tokenizer import Tokenizer

    tokenizer = Tokenizer(replace_not_contraction=False)  # keeps the text as written

    def spans(line: str) -> list[tuple[int, int]]:
        return [(tokens[0].offset, tokens[-1].offset + len(tokens[-1].value))
                for tokens in segment(tokenizer.tokenize(line)) if tokens]

    return spans


def _segment(line: str) -> list[str]:
    """Sentences of one line, as written. A line without a stop inside it is one
    sentence and needs no segmenter; a cut after an abbreviation is mended."""
    if not _INNER_END.search(line):
        return [line]
    spans: list[list[int]] = []
    for start, end in _segmenter()(line):
        part = line[start:end]
        if spans and _continues(line[spans[-1][0]:spans[-1][1]], part.lstrip()):
            spans[-1][1] = end  # "... 5501 N." + "Main St., on ...": one sentence
        else:
            spans.append([start, end])
    return [sentence for sentence in (line[start:end].strip() for start, end in spans) if sentence]


def opening_sentences(text: str | None, worth_reading: Callable[[str], bool] | None = None,
                      ) -> Iterator[tuple[int, str]]:
    """(line number, sentence) for the opening of ``text``, in reading order. Long lines
    are read a window at a time; the last sentence of a window that was cut short is
    read again at the start of the next. A line ``worth_reading`` turns down is not
    segmented at all (segmenting is most of the cost)."""
    budget = MAX_SCAN
    for number, block in enumerate(text_blocks(text)):
        if worth_reading is not None and not worth_reading(block):
            budget -= len(block)
            continue
        start, size = 0, WINDOW
        while budget > 0:
            window = block[start:start + size]
            sentences = _segment(window)
            cut = start + size < len(block)
            if cut and len(sentences) < 2:
                if size >= MAX_WINDOW:
                    break  # where the next sentence starts is not known: on to the next line
                size *= 2  # a sentence longer than the window: read on to find where it ends
                continue
            size = WINDOW
            if cut:
                sentences = sentences[:-1]  # probably incomplete: read again from its start
            yield from ((number, sentence) for sentence in sentences)
            if not cut:
                break
            used = _consumed(window, sentences)
            budget -= used
            start += used


def _consumed(window: str, sentences: list[str]) -> int:
    """How far into ``window`` the kept sentences reach."""
    end = window.rfind(sentences[-1]) if sentences else -1
    return end + len(sentences[-1]) if end >= 0 else len(window)
