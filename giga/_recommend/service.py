"""Recommendations as one service: gathers what the pure matcher needs from the store
(the candidate window, each contact's tags, own posts, shares and feedback), runs it, and
turns matches into suggestions with reasons and a draft note.

Built by the facade with the database, the user's settings and the people service.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import _store
from .._people.service import People
from .._settings import Settings
from .._store import drafts as draft_rows
from .._store import feedback as feedback_rows
from .._store import interactions as ledger_rows
from ..errors import ArgumentError, NotFoundError
from .explained import Item
from .window import languages_of, new_post, reader_languages
from ..types import (
    Article,
    Contact,
    ExportFormat,
    Interaction,
    Interested,
    InteractionKind,
    LogResult,
    Suggestion,
    SuggestionKind,
    Suggestions,
    Verdict,
)

DEFAULT_MAX_AGE_DAYS = 14
OWN_POSTS_FOR_PROFILE = 20


def _doc(article: Article, language: str = "") -> Any:
    from .match import Doc

    return Doc(article.id, article.title, article.content or article.summary, article.categories, article.published,
               seen=article.fetched_at, feed=article.feed, language=language)


class Recommender:
    """Suggestions, drafts and feedback over one database."""

    def __init__(self, db: sqlite_utils.Database, settings: Settings, people: People) -> None:
        self.db = db
        self.settings = settings
        self.people = people

    def clock(self) -> datetime:
        return self.settings.clock()

    # -- articles --------------------------------------------------------------
    def article(self, ref: str) -> Article:
        """An article by its id or its URL (tracking parameters ignored)."""
        from .._feeds.parse.normalize import canonical_url

        found = _store.find_article(self.db, ref, canonical_url(ref))
        if found is None:
            raise NotFoundError(f"no article with id or URL {ref!r}")
        return found

    def _window(self, max_age_days: int | None) -> list[Article]:
        since = self.clock() - timedelta(days=max_age_days) if max_age_days else None
        return _store.list_articles(self.db, since=since)

    def _reading(self, articles: Sequence[Article]) -> tuple[list[Article], dict[str, str]]:
        from .window import reading

        return reading(self.db, articles)

    # -- profiles --------------------------------------------------------------
    def _sources(self, contacts: Sequence[Contact]) -> _Sources:
        """What every contact's profile is made of, in a few queries for all of them."""
        ids = [c.id for c in contacts]
        shared_urls = ledger_rows.shared_urls(self.db, ids)
        verdicts = feedback_rows.feedback_of(self.db, ids)
        urls = {url for found in shared_urls.values() for url in found}
        canonical: dict[str, str | None] = {}
        if urls:  # the parsers (lxml) load only when something was shared
            from .._feeds.parse.normalize import canonical_url

            canonical = {url: canonical_url(url) for url in urls}
        refs = urls | {c for c in canonical.values() if c} | {i for v in verdicts.values() for i in v}
        by_ref = _store.articles_by_ref(self.db, refs)
        shared = {}
        for contact_id, found in shared_urls.items():
            articles = (by_ref.get(url) or by_ref.get(canonical[url] or url) for url in sorted(found))
            shared[contact_id] = [a for a in articles if a is not None]
        own = _store.own_articles(self.db, ids)
        languages = languages_of(self.db, [a.id for posts in own.values() for a in posts])
        return _Sources(own, shared, shared_urls, verdicts, by_ref, self.people.last_touches(contacts), languages)

    def _profile(self, contact: Contact, sources: _Sources) -> Any:
        from . import cold_start
        from .match import Profile

        own = sources.own.get(contact.id, [])
        shared = sources.shared.get(contact.id, [])
        verdicts = sources.verdicts.get(contact.id, {})
        judged = {verdict: [sources.articles[i] for i, v in verdicts.items() if v == verdict and i in sources.articles]
                  for verdict in (Verdict.LIKED, Verdict.NOT_FOR_THEM)}
        liked = shared + judged[Verdict.LIKED]
        disliked = judged[Verdict.NOT_FOR_THEM]
        inferred, min_score = cold_start.guesses(contact, bool(own or liked))
        return Profile(
            key=str(contact.id),
            tags=contact.tags,
            own=tuple(_doc(a) for a in own[:OWN_POSTS_FOR_PROFILE]),
            liked=tuple(_doc(a) for a in liked),
            disliked=tuple(_doc(a) for a in disliked),
            exclude=frozenset({a.id for a in own} | {a.id for a in shared} | set(verdicts)),
            shared=tuple(_doc(a) for a in shared),
            inferred=inferred,
            min_score=min_score,
            languages=reader_languages(own, sources.languages),
        )

    def _matcher(self, articles: Sequence[Article], languages: dict[str, str]) -> Any:
        from .._store.counts import TextCounts
        from .match import Matcher

        matcher = Matcher()
        docs = [_doc(a, languages.get(a.id, "")) for a in articles]
        return matcher.fit(docs, self.clock(), counts=self._counts(docs, matcher.counter()),
                           text_counts=TextCounts(self.db))

    def _counts(self, docs: Sequence[Any], counter: Any) -> Any:
        """The docs' term counts, one row each: kept ones from the store, the others
        counted now and kept (where the database can be written) for the next run."""
        from .._store.counts import ArticleCounts
        from .vectorize.vectorizer import split_counts, stack_counts

        kept = ArticleCounts(self.db)
        known = kept.load([d.id for d in docs], counter.counting)
        missing = [d for d in docs if d.id not in known]
        if missing:
            fresh = counter.count([d.title for d in missing], [d.body for d in missing])
            counted = [(d.id, columns, values) for d, (columns, values) in zip(missing, split_counts(fresh))]
            kept.save(counted, counter.counting)
            known.update((article_id, (columns, counts)) for article_id, columns, counts in counted)
        return stack_counts([known[d.id] for d in docs])

    # -- suggestions -----------------------------------------------------------
    def suggest(
        self,
        contact: str | None = None,
        *,
        everyone: bool = False,
        top: int = 3,
        max_age_days: int | None = DEFAULT_MAX_AGE_DAYS,
    ) -> Suggestions:
        """What to pass along this week: for one contact, everyone, or (default) those due.

        ``max_age_days`` 0 or None means no age limit. Never suggests what was already
        shared with that person, nor a near-duplicate of it; an article goes to at most
        a few people per run; the most overdue contacts get first pick. A contact nothing
        in the window suits well enough gets nothing, and is named in ``quiet``.
        """
        if top < 1:
            raise ArgumentError("top", "must be at least 1")
        if contact is not None:
            targets = [self.people.contact(contact)]
        elif everyone:
            targets = self.people.contacts()
        else:
            targets = [d.contact for d in self.people.due()]
        if not targets:
            return Suggestions(())
        from . import cold_start
        from .explained import share_item

        window, languages = self._reading(self._window(max_age_days))
        items: list[Item] = []
        warnings: list[str] = []
        by_id = {a.id: a for a in window}
        sources = self._sources(targets)
        profiles = [self._profile(c, sources) for c in targets]
        if window:
            matcher = self._matcher(window, languages)
            recommendation = matcher.recommend(profiles, k=top)
            explainer = matcher.explainer(profiles)
            for target, profile in zip(targets, profiles):
                items.extend(share_item(explainer, target, profile, by_id[match.doc], match.score)
                             for match in recommendation.matches.get(profile.key, []))
                missing = recommendation.unknown_tags.get(profile.key)
                if missing:
                    warnings.append(f"{target.name}: no article in the window mentions "
                                    + ", ".join(repr(t) for t in missing))
        since = self.clock() - timedelta(days=max_age_days or DEFAULT_MAX_AGE_DAYS)
        for target in targets:
            items.extend((item, None, "", True) for item in self._respond_items(target, sources, since))
        silent = cold_start.no_signal_note([t.name for t, p in zip(targets, profiles) if cold_start.is_silent(p)])
        if silent:
            warnings.append(silent)
        suggestions = self._with_drafts(items)
        given = {item.contact.id for item in suggestions}
        quiet = tuple(t for t, p in zip(targets, profiles) if t.id not in given and not cold_start.is_silent(p))
        return Suggestions(tuple(suggestions), tuple(warnings), quiet)

    # -- drafts ----------------------------------------------------------------
    def _composer(self) -> Any:
        from .drafts import Composer  # jinja2 loads only when a draft is written

        return Composer(self.settings.templates_dir)

    def _with_drafts(self, items: list[Item]) -> list[Suggestion]:
        """Each suggestion with its draft, naming the matched interest (or the reason when
        no tag explains it). The phrasing differs from the one this person got last time
        and from their other drafts of this run. A share whose title names none of their
        interests and that has nothing worth quoting is dropped: the note could not show why."""
        if not items:
            return []
        from .drafts import DraftInput

        composer = self._composer()
        signature = self.settings.signature
        used: dict[int, list[str]] = {}
        usage: Counter[str] = Counter()
        out = []
        for item, interest, because, named in items:
            avoid = used.setdefault(item.contact.id, [])
            if not avoid:
                avoid.extend(draft_rows.recent_variants(self.db, item.contact.id, item.article.id)[:1])
            draft = composer.compose(DraftInput(
                kind=item.kind, contact_key=str(item.contact.id), first_name=item.contact.first_name,
                article_id=item.article.id, title=item.article.title, url=item.article.url,
                text=item.article.content or item.article.summary or "",
                interest=interest, because=because, signature=signature,
            ), avoid, usage)
            if not (named or draft.quoted):
                continue
            avoid.append(draft.variant)
            usage[draft.variant] += 1
            out.append(item.with_draft(draft.variant, draft.subject, draft.body))
        return out

    def drafts(self, contact: str | None = None, *, everyone: bool = False, top: int = 1,
               max_age_days: int | None = DEFAULT_MAX_AGE_DAYS, record: bool = True) -> Suggestions:
        """This week's drafts (``suggest`` with a draft each), remembered (unless not
        ``record``: ``export_drafts`` then records them once the files are written) so
        the next draft to the same person opens differently and a sent one can be marked."""
        result = self.suggest(contact, everyone=everyone, top=top, max_age_days=max_age_days)
        from .drafts.address import problems  # the rule exports use to pick an address

        result = replace(result, warnings=(*result.warnings, *problems(result)))
        if record:
            self.record_drafts(result)
        return result

    def record_drafts(self, drafts: Sequence[Suggestion]) -> None:
        """Remember drafts as handed out (again is harmless: a sent one stays sent)."""
        draft_rows.save_drafts(self.db, (
            {"contact_id": s.contact.id, "article_id": s.article.id, "kind": s.kind, "variant": s.variant,
             "subject": s.subject, "body": s.draft} for s in drafts
        ), self.clock())

    def export_drafts(self, drafts: Sequence[Suggestion], fmt: str, out_dir: str | Path,
                      day: datetime | None = None, *, force: bool = False, record: bool = True) -> list[Path]:
        """Write drafts where people write mail: ``txt``/``md`` digest with mailto: links,
        one ``eml`` per draft (an unsent e-mail, From: the ``sender`` setting), or
        ``json``; then (``record``) remember them as handed out, so a run stopped before
        the files are all written records nothing. Files already in ``out_dir`` are kept
        (the new ones numbered) unless ``force``. Returns the files written."""
        from .drafts import write_export
        from .drafts.address import sender_of

        items = list(drafts)
        paths = write_export(items, _export_format(fmt), Path(out_dir), day or self.settings.now_local(),
                             sender=sender_of(self.settings.sender), force=force)
        if record:
            self.record_drafts(items)
        return paths

    def render_drafts(self, drafts: Sequence[Suggestion], fmt: str, day: datetime | None = None) -> str:
        """The drafts as one ``txt``, ``md`` or ``json`` text (what ``export_drafts``
        writes into a single file)."""
        from .drafts import render_digest

        return render_digest(list(drafts), _export_format(fmt), day or self.settings.now_local())

    def edit_draft(self, suggestion: Suggestion, body: str) -> Suggestion:
        """The user rewrote the draft: kept as this suggestion's draft (unless it was
        already sent), and returned with it, for ``accept`` or an export."""
        if not body.strip():
            raise ArgumentError("draft", "an empty draft is not kept")
        edited = replace(suggestion, draft=body)
        draft_rows.save_drafts(self.db, [{
            "contact_id": edited.contact.id, "article_id": edited.article.id, "kind": edited.kind,
            "variant": edited.variant, "subject": edited.subject, "body": edited.draft}], self.clock())
        return edited

    def accept(self, suggestion: Suggestion, note: str | None = None) -> LogResult:
        """The user sent this draft: a give in the ledger (resets their cadence), and the
        article is never suggested to them again."""
        return self.people.log_contact(suggestion.contact, InteractionKind.SHARED, note or suggestion.article.title,
                                       url=suggestion.article.url or suggestion.article.id)

    def skip(self, suggestion: Suggestion) -> None:
        """Not now: never suggest this article to this person again."""
        self._feedback(suggestion.contact, suggestion.article.id, Verdict.SKIPPED)

    def not_for_them(self, suggestion: Suggestion) -> None:
        """Wrong for this person: excluded, and similar articles are demoted for them."""
        self._feedback(suggestion.contact, suggestion.article.id, Verdict.NOT_FOR_THEM)

    def _respond_items(self, contact: Contact, sources: _Sources, since: datetime) -> list[Suggestion]:
        """Their own new post (since ``since`` and the last touch): respond to it rather
        than send a link. With no age limit the window is still the default one: a post
        of years ago is no news to answer."""
        last = sources.last_touches.get(contact.id)
        answered = sources.answered.get(contact.id, set())
        own = sources.own.get(contact.id, [])
        fresh = [
            a for a in own
            if new_post(a, own, since)
            and (last is None or (a.published or a.fetched_at or last.at) > last.at) and a.url not in answered
        ]
        fresh.sort(key=lambda a: a.published or a.fetched_at or datetime.min, reverse=True)
        items = []
        for post in fresh[:1]:
            when = f" on {post.published:%Y-%m-%d}" if post.published else ""
            why = (f"{contact.first_name} published this{when}: a reply to their own work means more than a link",)
            items.append(Suggestion(contact, post, 1.0, why, SuggestionKind.RESPOND, "", variant=""))
        return items

    def who_would_like(self, article: str, *, top: int = 5, max_age_days: int | None = DEFAULT_MAX_AGE_DAYS) -> list[Interested]:
        """The per-article direction: which contacts an article suits best."""
        wanted = self.article(article)
        window, languages = self._reading(self._window(max_age_days))
        if wanted.id not in {a.id for a in window}:
            window.append(wanted)
            languages.update(self._reading([wanted])[1])
        people = self.people.contacts()
        if not people:
            return []
        sources = self._sources(people)
        profiles = [self._profile(c, sources) for c in people]
        matcher = self._matcher(window, languages)
        by_key = {str(c.id): (c, p) for c, p in zip(people, profiles)}
        picks = matcher.who_would_like(wanted.id, profiles, k=top)
        explainer = matcher.explainer([by_key[m.profile][1] for m in picks])
        return [
            Interested(by_key[m.profile][0], m.score, explainer.explain(by_key[m.profile][1], wanted.id))
            for m in picks
        ]

    def feedback(self, name: str, article: str, verdict: str) -> None:
        """Teach the recommender: "liked", "not_for_them" or "skipped" for a suggestion."""
        if verdict not in Verdict.__members__.values():
            raise ArgumentError("verdict", f"one of {', '.join(Verdict)}, not {verdict!r}")
        self._feedback(self.people.contact(name), self.article(article).id, Verdict(verdict))

    def _feedback(self, contact: Contact, article_id: str, verdict: Verdict) -> None:
        feedback_rows.record_feedback(self.db, contact.id, article_id, verdict, self.clock())


@dataclass(frozen=True)
class _Sources:
    """Per contact id: what their profile and their "respond" suggestions are made of."""

    own: dict[int, list[Article]]  # posts of their own feed, newest first
    shared: dict[int, list[Article]]  # stored articles already passed along to them
    answered: dict[int, set[str]]  # every URL passed along to them
    verdicts: dict[int, dict[str, str]]  # article id -> verdict
    articles: dict[str, Article]  # the articles named above, by id or URL
    last_touches: dict[int, Interaction]
    languages: dict[str, str]  # their own posts' languages, by article id ("" unknown)


def _export_format(fmt: str) -> ExportFormat:
    if fmt not in ExportFormat.__members__.values():
        raise ArgumentError("format", f"one of {', '.join(ExportFormat)}, not {fmt!r}")
    return ExportFormat(fmt)
