"""Personal "thought of you" drafts: Jinja2 templates, cleaned feed text, exports."""

from .compose import Composer, DraftInput, choose_variant
from .export import render_digest, to_eml, to_json, to_markdown, to_text, write_export
from .quotable import Takeaway, pick_takeaway, takeaway
from .text import clean_title, plain_line

__all__ = [
    "Composer",
    "DraftInput",
    "Takeaway",
    "choose_variant",
    "clean_title",
    "pick_takeaway",
    "plain_line",
    "render_digest",
    "takeaway",
    "to_eml",
    "to_json",
    "to_markdown",
    "to_text",
    "write_export",
]
