"""Personal "thought of you" drafts: Jinja2 templates, cleaned feed text, exports."""

from .compose import Composer, DraftInput, choose_variant
from .export import render_digest, to_eml, to_json, to_markdown, to_text, write_export
from .text import clean_title, plain_line, takeaway

__all__ = [
    "Composer",
    "DraftInput",
    "choose_variant",
    "clean_title",
    "plain_line",
    "render_digest",
    "takeaway",
    "to_eml",
    "to_json",
    "to_markdown",
    "to_text",
    "write_export",
]
