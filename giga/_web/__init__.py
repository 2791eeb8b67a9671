"""Pages the user came across, shared with ``giga share``: ``load`` (fetch or read the
page with the feeds' guarded fetcher), ``page`` (its article, by trafilatura; pure),
``service`` (store it under the "found on the web" source and ask who would like it)."""
