"""Matching articles to people: pure (data in, data out; no clock, no database)."""

from .matcher import Doc, Match, Matcher, Profile

__all__ = ["Doc", "Match", "Matcher", "Profile"]
