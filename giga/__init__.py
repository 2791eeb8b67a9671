"""giga: give-first networking.

Read the feeds you follow, find the article each contact would enjoy, and draft a short
personal note for you to send yourself. The public API is what ``__all__`` lists;
modules whose names start with an underscore are private.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._demo import demo_data, open_demo
from ._recommend.service import Interested, Suggestion, Suggestions
from .core import Giga, OpmlImportReport, open
from .errors import (
    ContactNotFoundError,
    FeedError,
    FeedNotFoundError,
    FetchError,
    GigaError,
    InputError,
    NotFoundError,
    OpmlError,
    ParseError,
    StorageError,
)
from .models import (
    Article,
    Contact,
    ContactImportReport,
    DueContact,
    Feed,
    FeedFailure,
    Interaction,
    Ledger,
    LogResult,
    Relationship,
    SkippedRow,
    Subscription,
    UpdateSummary,
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
    "GigaError",
    "FeedError",
    "FetchError",
    "ParseError",
    "InputError",
    "OpmlError",
    "NotFoundError",
    "FeedNotFoundError",
    "ContactNotFoundError",
    "StorageError",
]
