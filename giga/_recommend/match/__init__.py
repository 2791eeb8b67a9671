"""Matching articles to people: pure (data in, data out; no clock, no database)."""

from .matcher import Matcher
from .types import Doc, Interest, Match, Profile, Recommendation, article_text

__all__ = ["Doc", "Interest", "Match", "Matcher", "Profile", "Recommendation", "article_text"]
