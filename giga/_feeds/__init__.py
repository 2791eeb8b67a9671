"""The feed side: fetch -> parse, and the refresh that runs both and hands results to storage.

``fetch/`` retrieves bytes (HTTP and local files), ``parse/`` turns them into entries,
``refresh`` orchestrates one refresh of every feed, ``opml`` reads and writes
subscription lists and ``sources`` checks what the user subscribes to.
"""
