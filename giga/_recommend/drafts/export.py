"""The week's drafts where people write mail: a text or Markdown digest (with mailto:
links), one RFC 5322 ``.eml`` per draft, or JSON. Nothing is ever sent.

Every value has been cleaned to plain text by the composer; here it is also escaped for
the format it lands in (Markdown punctuation, percent-encoding in mailto: links), and
headers are built by the ``email`` package from values that cannot hold a line break.
How an address is written (IDNA, RFC 6532, RFC 6068) is ``address.py``'s job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from email.errors import MessageError
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...errors import ArgumentError, InputError
from ...types import ExportFormat, Suggestion
from .address import Recipient, recipient_of
from .text import clean_title, plain_line

# Subjects are at most 150 characters: unfolded they stay under RFC 5322's 998-character
# limit, and folding (which puts a long first word on a line of its own, so some clients
# show a leading space) is avoided.
_EML_POLICY = SMTP.clone(max_line_length=200)
_EML_UTF8_POLICY = SMTPUTF8.clone(max_line_length=200)  # RFC 6532: a non-ASCII local part
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def recipient(item: Suggestion) -> str | None:
    """``Name <address>`` when the contact has an address that can be written, else None."""
    found = recipient_of(item.contact)
    return found.display() if found else None


def mailto(item: Suggestion) -> str:
    """A mailto: link with the draft filled in (RFC 6068: everything percent-encoded)."""
    found = recipient_of(item.contact)
    address = found.mailto_address() if found else ""
    return f"mailto:{address}?subject={quote(item.subject, safe='')}&body={quote(item.draft, safe='')}"


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
            f"- [Open this draft in your mail app](<{mailto(item)}>)",
            "",
        ]
        lines += [f"> {_md(line)}" if line else ">" for line in item.draft.rstrip().splitlines()]
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


def to_eml(item: Suggestion, day: datetime) -> bytes:
    """An unsent draft: opens in a mail client ready to edit (``X-Unsent: 1`` makes
    Outlook open it as a draft; Thunderbird offers "Edit as New"). Should the email
    package still refuse the address, the draft is written without a To:."""
    to = recipient_of(item.contact)
    try:
        return _eml(item, day, to)
    except (ValueError, TypeError, MessageError):
        if to is None:
            raise
        return _eml(item, day, None)


def _eml(item: Suggestion, day: datetime, to: Recipient | None) -> bytes:
    message = EmailMessage(policy=_EML_UTF8_POLICY if to and to.needs_utf8 else _EML_POLICY)
    if to:
        message["To"] = to.header()
    message["Subject"] = item.subject
    message["Date"] = format_datetime(day)
    message["X-Unsent"] = "1"
    message["X-Giga-Article"] = plain_line(item.article.url or item.article.id, 900)
    message.set_content(item.draft, charset="utf-8")
    return message.as_bytes()


def render_digest(items: Sequence[Suggestion], fmt: str, day: datetime) -> str:
    """The one-file formats (txt, md, json) as text; the caller has checked ``fmt``."""
    if fmt == ExportFormat.TXT:
        return to_text(items, day)
    if fmt == ExportFormat.MD:
        return to_markdown(items, day)
    if fmt == ExportFormat.JSON:
        return to_json(items)
    raise ArgumentError("format", f"one of txt, md, json for a single file, not {fmt!r}")


def _slug(text: str) -> str:
    """A file-name part: ASCII letters and digits ("José Núñez" is "jose-nunez")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "contact"


def write_export(items: Sequence[Suggestion], fmt: str, out_dir: Path, day: datetime) -> list[Path]:
    """Write the export into ``out_dir`` (created if needed); the paths written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create the folder: {exc.strerror}") from None
    stamp = f"{day:%Y-%m-%d}"
    if fmt == ExportFormat.EML:
        paths = []
        for n, item in enumerate(items, start=1):
            path = out_dir / f"{stamp}-{n:02d}-{_slug(item.contact.name)}.eml"
            path.write_bytes(to_eml(item, day))
            paths.append(path)
        return paths
    path = out_dir / f"giga-drafts-{stamp}.{fmt}"
    path.write_text(render_digest(items, fmt, day), encoding="utf-8")
    return [path]
