"""Vectorizing and term statistics (scikit-learn lives here and in matching)."""

from .terms import distinctive_terms

__all__ = ["distinctive_terms"]
