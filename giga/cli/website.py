"""A contact's web site, followed to their feed when ``contacts add``/``edit`` get ``--website``."""

from __future__ import annotations

from .. import Contact, GigaError
from .context import AppContext
from .render import plain


def follow_website(app: AppContext, contact: Contact) -> None:
    """Subscribe to the feed the contact's site names, and say in one line what came of
    it; the contact is saved whatever the site says (no feed, or not reachable)."""
    if not contact.website:
        return
    try:
        feed = app.giga.follow_website(contact)
    except GigaError as exc:
        app.err.print(f"note: could not read {plain(contact.website)} ({plain(exc)}); "
                      f"{plain(contact.name)} is saved without a feed", highlight=False)
        return
    if feed is None:
        app.err.print(f"note: {plain(contact.website)} names no feed; {plain(contact.name)} is saved without one "
                      "(give it with --feed if there is one)", highlight=False)
    else:
        app.out.print(f"following {plain(contact.first_name)}'s feed: {plain(feed)}", highlight=False)
