"""From stored articles to notes: vectorize -> match -> draft.

``vectorize/`` turns text into TF-IDF rows, ``match/`` picks articles for profiles
(pure), ``drafts/`` writes and exports the notes, ``service`` gathers what they need
from the store for the facade.
"""
