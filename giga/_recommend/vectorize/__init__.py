"""Vectorizing and term statistics (scikit-learn lives here and in matching)."""

from .terms import distinctive_terms
from .vectorizer import ArticleVectorizer

__all__ = ["ArticleVectorizer", "distinctive_terms"]
