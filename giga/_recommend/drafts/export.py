"""The week's drafts where people write mail: a text or Markdown digest (with mailto:
links), one RFC 5322 ``.eml`` per draft, or JSON. Nothing is ever sent.

Every value has been cleaned to plain text by the composer; here it is also escaped for
the format it lands in, and each format is written the way its reader opens it:

* Markdown (CommonMark, GitHub): text is backslash-escaped, URLs never are: a URL in a
  draft is an autolink ``<url>`` and the article a ``[title](<url>)`` link, so every
  href is the URL itself (an escaped ``_`` inside a bare URL broke GitHub's links);
* mailto: links percent-encode everything (RFC 6068);
* ``.eml`` headers are built by the ``email`` package from values that cannot hold a
  line break: From (the ``sender`` setting, when set), To, Subject, Date, a Message-ID
  and ``X-Unsent: 1``.

How an address is written (IDNA, RFC 6532, RFC 6068) is ``address.py``'s job; how files
reach the folder without overwriting anything is ``files.py``'s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from email.errors import MessageError
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...errors import ArgumentError
from ...types import ExportFormat, Suggestion
from .address import Recipient, recipient_of
from .files import file_stem, write_files
from .text import clean_title, plain_line

# Subjects are at most 150 characters: unfolded they stay under RFC 5322's 998-character
# limit, and folding (which puts a long first word on a line of its own, so some clients
# show a leading space) is avoided.
_EML_POLICY = SMTP.clone(max_line_length=200)
_EML_UTF8_POLICY = SMTPUTF8.clone(max_line_length=200)  # RFC 6532: a non-ASCII local part
# CommonMark's inline specials, GitHub's ~ (strike) and | (tables), & (entity references)
# and # (a heading's closing sequence): escaped wherever they are.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
# What starts a block at the beginning of a line (list item, setext underline, ordered list).
_MARKDOWN_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>]+", re.IGNORECASE)
_URL_TRAILER = ".,:;!?'\"*_~"  # punctuation that ends a sentence, not a URL (as GitHub's autolinks)
_UNSAFE_IN_AUTOLINK = re.compile(r"[\x00-\x20<>\x7f]")
_UNSAFE_IN_DESTINATION = re.compile(r"[\x00-\x1f\x7f]")


def recipient(item: Suggestion) -> str | None:
    """``Name <address>`` when the contact has an address that can be written, else None."""
    found = recipient_of(item.contact)
    return found.display() if found else None


def mailto(item: Suggestion) -> str:
    """A mailto: link with the draft filled in (RFC 6068: everything percent-encoded)."""
    found = recipient_of(item.contact)
    address = found.mailto_address() if found else ""
    return f"mailto:{address}?subject={quote(item.subject, safe='')}&body={quote(item.draft, safe='')}"


def _md(text: str, line_start: bool = False) -> str:
    """Plain text as Markdown that renders as the same text."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if line_start:
        escaped = _MARKDOWN_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, count=1)
    return escaped


def _autolink(url: str) -> str:
    """``<url>``: taken literally by CommonMark (no escapes, no entities), so only what
    cannot stand inside one (space, controls, angle brackets) is percent-encoded."""
    return "<" + _UNSAFE_IN_AUTOLINK.sub(lambda m: f"%{ord(m[0]):02X}", url) + ">"


def _destination(url: str) -> str:
    """A link destination ``<url>``: CommonMark reads backslash escapes and entity
    references there, so a backslash, an angle bracket and an ``&`` that would start an
    entity (``&copy;``) are escaped; a mailto: link's ``&body=`` is left as it is."""
    url = _UNSAFE_IN_DESTINATION.sub(lambda m: f"%{ord(m[0]):02X}", url)
    return "<" + re.sub(r"([\\<>]|&(?=#?[A-Za-z0-9]+;))", r"\\\1", url) + ">"


def _url_end(text: str, start: int, end: int) -> int:
    """Where a bare URL found at ``text[start:end]`` really ends: without the sentence's
    trailing punctuation or an unbalanced closing parenthesis."""
    while end > start:
        last = text[end - 1]
        if last in _URL_TRAILER or (last == ")" and text.count("(", start, end) < text.count(")", start, end)):
            end -= 1
        else:
            break
    return end


def _md_line(line: str, known: Sequence[str] = ()) -> str:
    """One line of a draft as Markdown: its URLs as autolinks (``known`` ones matched
    whole first), everything else escaped."""
    out, pos = [], 0
    while pos < len(line):
        found = [(line.find(url, pos), url) for url in known if url and line.find(url, pos) >= 0]
        match = _URL.search(line, pos)
        if match:
            found.append((match.start(), line[match.start():_url_end(line, match.start(), match.end())]))
        found = [(start, url) for start, url in found if url]
        if not found:
            break
        start, url = min(found, key=lambda f: (f[0], -len(f[1])))
        out += [_md(line[pos:start], line_start=pos == 0), _autolink(url)]
        pos = start + len(url)
    out.append(_md(line[pos:], line_start=pos == 0))
    return "".join(out)


def to_text(items: Sequence[Suggestion], day: datetime) -> str:
    lines = [f"giga drafts for the week of {day:%Y-%m-%d}: {len(items)} to review, edit and send yourself", ""]
    for n, item in enumerate(items, start=1):
        lines += [
            "=" * 72,
            f"{n}. To: {recipient(item) or plain_line(item.contact.name, 100) + ' (no e-mail address known)'}",
            f"   Subject: {item.subject}",
            f"   Why: {'; '.join(item.why)}",
            f"   Open in mail: {mailto(item)}",
            "-" * 72,
            item.draft.rstrip(),
            "",
        ]
    return "\n".join(lines)


def to_markdown(items: Sequence[Suggestion], day: datetime) -> str:
    lines = [f"# Drafts for the week of {day:%Y-%m-%d}", "",
             f"{len(items)} notes to review, edit and send yourself. giga never sends anything.", ""]
    for item in items:
        to = recipient(item)
        lines += [
            f"## {_md(plain_line(item.contact.name, 100))}: {_md(clean_title(item.article.title))}",
            "",
            f"- **To:** {_md(to) if to else '*no e-mail address known*'}",
            f"- **Subject:** {_md(item.subject)}",
            f"- **Why:** {_md('; '.join(item.why))}",
        ]
        if item.article.url:
            lines.append(f"- **Article:** [{_md(clean_title(item.article.title)) or 'the article'}]"
                         f"({_destination(item.article.url)})")
        lines += [f"- [Open this draft in your mail app]({_destination(mailto(item))})", ""]
        known = [item.article.url] if item.article.url else []
        lines += [f"> {_md_line(line.strip(), known)}" if line.strip() else ">"
                  for line in item.draft.rstrip().splitlines()]
        lines.append("")
    return "\n".join(lines)


def to_json(items: Sequence[Suggestion]) -> str:
    payload: list[dict[str, Any]] = []
    for item in items:
        entry = item.as_dict()
        entry["article"]["title"] = clean_title(item.article.title)  # plain text, like the draft
        entry.update({"to": recipient(item), "mailto": mailto(item)})
        payload.append(entry)
    return json.dumps(payload, indent=2, ensure_ascii=False)


def to_eml(item: Suggestion, day: datetime, sender: Recipient | None = None) -> bytes:
    """An unsent draft: opens in a mail client ready to edit (``X-Unsent: 1`` makes
    Outlook open it as a draft; Thunderbird offers "Edit as New"). From: is ``sender``
    (the user), when known. Should the email package still refuse the contact's address,
    the draft is written without a To:."""
    to = recipient_of(item.contact)
    try:
        return _eml(item, day, to, sender)
    except (ValueError, TypeError, MessageError):
        if to is None:
            raise
        return _eml(item, day, None, sender)


def _eml(item: Suggestion, day: datetime, to: Recipient | None, sender: Recipient | None) -> bytes:
    utf8 = bool(to and to.needs_utf8) or bool(sender and sender.needs_utf8)
    message = EmailMessage(policy=_EML_UTF8_POLICY if utf8 else _EML_POLICY)
    if sender:
        message["From"] = sender.header()
    if to:
        message["To"] = to.header()
    message["Subject"] = item.subject
    message["Date"] = format_datetime(day)
    message["Message-ID"] = make_msgid(domain=_message_id_domain(sender))
    message["X-Unsent"] = "1"
    message["X-Giga-Article"] = plain_line(item.article.url or item.article.id, 900)
    message.set_content(item.draft, charset="utf-8")
    return message.as_bytes()


def _message_id_domain(sender: Recipient | None) -> str:
    """The sender's domain in ASCII (a Message-ID is ASCII), else ``localhost``; never
    the machine's name (``make_msgid``'s default asks DNS for it, which can hang)."""
    if sender is None:
        return "localhost"
    domain = (sender.ascii or sender.address).rpartition("@")[2]
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return "localhost"


def render_digest(items: Sequence[Suggestion], fmt: str, day: datetime) -> str:
    """The one-file formats (txt, md, json) as text; the caller has checked ``fmt``."""
    if fmt == ExportFormat.TXT:
        return to_text(items, day)
    if fmt == ExportFormat.MD:
        return to_markdown(items, day)
    if fmt == ExportFormat.JSON:
        return to_json(items)
    raise ArgumentError("format", f"one of txt, md, json for a single file, not {fmt!r}")


def write_export(items: Sequence[Suggestion], fmt: str, out_dir: Path, day: datetime, *,
                 sender: Recipient | None = None, force: bool = False) -> list[Path]:
    """Write the export into ``out_dir`` (created if needed) and return the paths: one
    ``.eml`` per draft named after the contact, or one digest file. Nothing in the folder
    is overwritten unless ``force`` (``files.write_files``)."""
    if fmt == ExportFormat.EML:
        files = [(file_stem(item.contact.name), ".eml", to_eml(item, day, sender)) for item in items]
    else:
        files = [(f"giga-drafts-{day:%Y-%m-%d}", f".{fmt}", render_digest(items, fmt, day).encode("utf-8"))]
    return write_files(out_dir, files, force=force)
