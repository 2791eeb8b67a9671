"""giga: give-first networking.

Read the feeds you follow, find the article each contact would enjoy, and draft a short
personal note for you to send yourself. The public API is what ``__all__`` lists;
modules whose names start with an underscore are private.
"""

from __future__ import annotations

from . import _interrupt  # noqa: F401 - first: a Ctrl-C while the rest imports is one line

# isort: split
from importlib.metadata import PackageNotFoundError, version

from ._demo import demo_data, open_demo
from .core import DEFAULT_MAX_AGE_DAYS, Giga, open
from .errors import (
    ArgumentError,
    ContactNotFoundError,
    FeedError,
    FeedNotFoundError,
    FetchError,
    GigaError,
    InputError,
    NotFoundError,
    OpmlError,
    PageError,
    ParseError,
    StorageError,
)
from .history import HistoryEntry
from .identity import DuplicatePair, MergeReport
from .sharing import SharedPage, SharePick, ShareResult
from .types import (
    Article,
    Contact,
    ContactFormat,
    ContactImportReport,
    DueContact,
    ExportFormat,
    Feed,
    FeedFailure,
    Interaction,
    InteractionKind,
    Interested,
    Ledger,
    LogResult,
    OpmlImportReport,
    Relationship,
    SkippedRow,
    Subscription,
    Suggestion,
    SuggestionKind,
    Suggestions,
    UpdateSummary,
    Verdict,
)

try:
    __version__ = version("giga")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    "open",
    "open_demo",
    "demo_data",
    "Giga",
    "DEFAULT_MAX_AGE_DAYS",
    "OpmlImportReport",
    "Feed",
    "Article",
    "FeedFailure",
    "Subscription",
    "UpdateSummary",
    "Contact",
    "ContactImportReport",
    "DueContact",
    "Interaction",
    "Ledger",
    "LogResult",
    "Relationship",
    "SkippedRow",
    "Suggestion",
    "Suggestions",
    "Interested",
    "InteractionKind",
    "SuggestionKind",
    "Verdict",
    "ExportFormat",
    "ContactFormat",
    "GigaError",
    "ArgumentError",
    "FeedError",
    "FetchError",
    "ParseError",
    "InputError",
    "OpmlError",
    "PageError",
    "NotFoundError",
    "FeedNotFoundError",
    "ContactNotFoundError",
    "StorageError",
    "HistoryEntry",
    "DuplicatePair",
    "MergeReport",
    "SharedPage",
    "SharePick",
    "ShareResult",
]
