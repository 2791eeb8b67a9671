"""The one sentence of an article a note may quote, and how it speaks.

A takeaway is a whole sentence of the article's opening, as the author wrote it, that
reads well on its own in someone else's note. The lead is preferred (the first
sentences are the most faithful summary an article gives); a sentence is passed over
when quoting it would embarrass the sender:

* it is not a sentence: a heading or title-case run, a byline, a dateline (dropped
  from the front of a sentence that goes on), a caption or image credit, a crumb
  ("(more…)", "Continue reading", "The post X appeared first on Y"), a shop or event
  listing (prices, SKUs, "Vendor:", opening hours, addresses, phone numbers), a line
  with no verb, code, links or handles;
* it leans on what came before ("But", "So", "That's why", "This" + anything but
  "this article/week/year..."; "He", "She", "They", "It" refer to someone the note
  never names);
* it is a question, an exclamation (the sender's note asks its own question, and an
  author's "!" reads as the sender gushing) or an instruction to the reader ("Set it up
  to run at boot."), not English, too short to say anything (under
  :data:`MIN_WORDS` words) or too long to quote whole (over the limit; never cut);
* it was cut: ends in "…", an abbreviation or a single initial, has unbalanced
  quotes or brackets, or a word glued to the next ("workshopA") or split ("I t's").

No sentence passing means no takeaway: a note without one beats a note with a bad one.
The sentence's voice is reported too: one that speaks as "I", "we" or "you" is the
author's own and templates quote and attribute it ("As the author puts it: ...")
instead of saying it in the sender's voice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .english import FUNCTION_WORDS, VERB_BASES, WORD, has_verb, plain_word, speaks_as_someone, verb_like
from .sentences import ends_in_abbreviation, opening_sentences

__all__ = ["LIMIT", "MIN_WORDS", "Takeaway", "pick_takeaway", "rejection", "takeaway"]

MIN_WORDS = 6
LIMIT = 200

# Patterns in lower case are matched against the sentence in lower case (much faster than
# IGNORECASE on long alternations); a leading \b is shared by each alternation for speed too.
_END = re.compile(r"[.!?][\"'”’)\]]*$")
_CUT = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]{2,}(?:,\s*[A-Z][A-Za-z.'’\- ]+)?(?:\s*\([A-Za-z .&/]{1,40}\))?"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})\s*[—–-]+\s+(?=[A-Z\"“])"
)
_BYLINE = re.compile(r"^(?:by|posted by|written by|words by|story by|reported by|author)\b|^(?:posted|published|updated)"
                     r"\s+(?:on|at|in)\b")
_CREDIT = re.compile(
    r"^(?:photo|image|picture|pic|credit|source|via|caption|illustration|screenshot|screen shot|video|audio)s?"
    r"\s*(?:[:|/(—–-]|by\b|courtesy\b|credit\b)|\((?:getty|ap|reuters|afp|epa|shutterstock|istock|photo|image|credit)"
    r"[^)]*\)|getty images|courtesy of|©|\(c\) \d{4}|\bis a production of\b")
_CRUMB = re.compile(
    r"\(more\b|\b(?:continue reading|continue(?:…|\.\.\.)|read more|read the (?:rest|full)|keep reading|click here"
    r"|appeared first on|full (?:story|article|post)|view (?:the )?(?:full|original)|leave a comment"
    r"|comments?\s*\(\d+\)|permalink|filed under|posted in|share (?:this|on))\b")
_CALL = re.compile(
    r"^(?:subscribe|sign up|join us|join|register|follow us|follow|like us|download|buy|order|shop|click|tap"
    r"|get (?:your|it|the|yours|tickets)|don[’']?t miss|check out|call|rsvp|learn more|find out|visit|save|enter|book"
    r"|grab|reserve|donate|listen|watch|tune in|come (?:chat|join|see|visit)|bring|support|email|contact|apply)\b"
    r"|\b(?:subscribe to|sign up (?:for|to)|newsletter|unsubscribe|follow us|like us on|sponsored by"
    r"|(?:is|are) (?:supported|sponsored|brought to you|made possible) by|in partnership with)\b")
_DANGLING = re.compile(
    r"^[\"“‘(]?(?:but|and|or|so|also|however|still|yet|then|thus|therefore|hence|instead|meanwhile|besides"
    r"|moreover|furthermore|otherwise|anyway|anyhow|nevertheless|nonetheless|plus|which|whereas|as a result"
    r"|rather than|in fact|indeed|after all|of course|for (?:example|instance)|in other words|similarly|likewise"
    r"|as such|again|that said|at the same time|on top of that|now that|even then|by contrast|in contrast"
    r"|in addition|on the other hand|even so|that[’']?s (?:why|how|what|because)|that is (?:why|how)"
    r"|this is (?:why|how|what|because)|here[’']?s|there[’']?s more|if (?:yes|so|not)|if that[’']?s"
    r"|(?:this|these|that|those|such)(?!\s+(?:article|post|piece|story|essay|paper|study|report|book|episode"
    r"|week|weekend|year|month|morning|afternoon|evening|summer|winter|spring|fall|autumn|season|video|podcast"
    r"|talk|tutorial|guide|release|update|version|issue|edition|series|chapter|session|event|conference|course"
    r"|project|site|blog|page|list|time|past|coming|new|latest|last|first|second|third|year[’']s|week[’']s)\b))\b")
# Talk and labels before the sentence proper: "Well, ...", "Update: ...".
_FILLER = re.compile(r"^(?:well|okay|ok|btw|anyway|oh|yes|no|hey|hi|hello|um|so|update|updated|edit|note|ps|p\.s\.?)"
                     r"\s*[,:—–-]|^(?:hey|oh|wow|yay|dear|lol|haha)\b")
# An instruction to the reader ("Set it up to run at boot.", "Use a linter..."): in the
# sender's note it would read as an order to the recipient.
_IMPERATIVE_NEXT = frozenset("the a an your it this that these those them me us up out our some all".split())
# "I can't get this out of my head.", "surprised at this.": "this" standing for something
# the note does not show.
_THIS_ALONE = re.compile(r"\b(?:this|these|those)(?:\s*[.,;:!?]|\s+(?:is|was|are|were|out|up|one|has|had|will|would"
                         r"|can|could|should|may|might|in|on|to|for|with|from|into|of)\b)")
# A pronoun with nothing to point to in someone else's note. "It" is fine where it points at
# nothing ("It's that time of year", "It turns out that...").
_PRONOUN = re.compile(r"^[\"“‘(]?(?:he|she|they|him|her|them|his|their|its|it)\b")
_EXPLETIVE_IT = re.compile(r"^[\"“‘(]?it(?:[’']s\b| is\b| was\b| has been\b| seems\b| turns out\b| took\b| all\b)")
_LISTING = re.compile(
    r"\b(?:price|sale price|regular price|vendor|sku|type|category|categories|tags?|item|product|qty|quantity"
    r"|condition|brand|model|size|colou?r|shipping|availability|location|venue|when|where|time|date|cost"
    r"|admission|tickets?|phone|tel|fax|e-?mail|address|hours|contact|website|isbn|pages|publisher|format"
    r"|duration|runtime|genre|rating|director|cast|starring|language|country|sponsors?)\s*:")
_MONEY = re.compile(r"[$€£¥]\s?\d[\d,]*\.\d{2}\b|\b\d[\d,]*\.\d{2}\s?(?:USD|EUR|GBP)\b")
_TIMES = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[-–—]|to|until)\s*\d{1,2}(?::\d{2})?\s*[ap]\.?m\b")
_PHONE = re.compile(r"\(?\b\d{3}\)?[-.\s]\d{3}[-.]\d{4}\b")
_ADDRESS = re.compile(r"\b\d{2,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd"
                      r"|Boulevard|Dr|Drive|Ln|Lane|Way|Hwy|Highway|Pkwy|Parkway|Ct|Court|Pl|Place|Sq|Square)\b")
_LINK = re.compile(r"https?://|\bwww\.|@[\w-]+\.\w|(?:^|\s)[@#]\w|(?<=\w)\.(?:com|org|net|io|co|fm|ly|me|tv|info|biz"
                   r"|uk|de|fr|jp|ru|cn)\b(?!\.\w)")
_CODE = re.compile(r"[{}<>=\\|]|\w\(\)|::|->|\w\.\w+\(")
_DROP_CAP = re.compile(r"^[\"“‘(]?(?:(?![AI]\b)[A-Z]|I(?= [a-z][’']))\s[a-z]")
_GLUED = re.compile(r"[a-z]{2,}[.!?;:,][A-Z][a-z]|\b[a-z]{3,}[A-Z]\b|\b[a-z]{4,}[A-Z][a-z]")

# What a reader could check against their own experience: a finding, a measure, a trend.
_CLAIM = re.compile(
    r"%|\bpercent\b|\b(?:found|finds|shows|showed|shown|suggests?|suggested|reveals?|revealed|according to|study"
    r"|studies|survey|research|researchers|data|analysis|evidence|estimates?|estimated|predicts?|trend|growing|grows"
    r"|grew|rising|rises|rose|falling|falls|fell|declin\w+|increas\w+|decreas\w+|increasingly|more than|fewer than"
    r"|less than|majority|doubled|tripled|halved)\b")


@dataclass(frozen=True, slots=True)
class Takeaway:
    """One whole sentence of the article (never cut), or empty when none qualifies."""

    text: str = ""
    voice: str = ""  # "author": speaks as I/we/you, to be quoted and attributed; "neutral"; "" without a takeaway
    claim: bool = False  # a neutral statement of a finding or trend the reader can agree with or not

    def __bool__(self) -> bool:
        return bool(self.text)


def pick_takeaway(text: str | None, title: str = "", limit: int = LIMIT) -> Takeaway:
    """The first sentence of the article's opening that reads well quoted on its own in
    someone else's note (see the module's docstring for what is passed over)."""
    heading = _key(title)
    for _line, sentence in opening_sentences(text, _worth_reading):
        sentence = _without_dateline(sentence)
        if rejection(sentence, heading, limit) is None:
            voice = "author" if speaks_as_someone(sentence) else "neutral"
            return Takeaway(_nested_quotes(sentence), voice,
                            voice == "neutral" and bool(_CLAIM.search(sentence.lower())))
    return Takeaway()


_DOUBLE_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


def _nested_quotes(sentence: str) -> str:
    """Quotes inside the sentence become single ones: the note puts the whole sentence
    in double quotes (`"... call sugary snacks "junk food.""` read as broken)."""
    return _DOUBLE_QUOTED.sub(lambda m: f"‘{m.group(1) or m.group(2)}’", sentence)


def takeaway(text: str | None, title: str = "", limit: int = LIMIT) -> str:
    """The takeaway's sentence alone ("" when none qualifies)."""
    return pick_takeaway(text, title, limit).text


def rejection(sentence: str, heading: str = "", limit: int = LIMIT) -> str | None:
    """Why ``sentence`` may not be quoted as a takeaway, or None when it may
    (``heading`` is the article's title, lowercased, without its final stop). The
    cheap checks run first and the first failure answers."""
    words = sentence.split()
    end = sentence.rstrip("\"'”’)]")
    low = sentence.lower()
    checks: tuple[tuple[str, Callable[[], object]], ...] = (
        ("short", lambda: len(words) < MIN_WORDS),
        ("long", lambda: len(sentence) > limit),
        ("question", lambda: end.endswith("?")),
        ("exclamation", lambda: end.endswith("!")),
        ("no stop", lambda: not _END.search(sentence)),
        ("cut", lambda: _CUT.search(sentence)),
        ("abbreviation", lambda: ends_in_abbreviation(sentence)),
        ("fragment", lambda: not _opens_like_a_sentence(sentence)),
        ("split or glued word", lambda: _DROP_CAP.match(sentence) or _GLUED.search(sentence)),
        ("unbalanced", lambda: _unbalanced(sentence)),
        ("title", lambda: heading and _repeats(sentence, heading)),
        ("byline", lambda: _BYLINE.match(low)),
        ("credit", lambda: _CREDIT.search(low)),
        ("crumb", lambda: _CRUMB.search(low)),
        ("call to action", lambda: _CALL.search(low)),
        ("dangling", lambda: _DANGLING.match(low) or _FILLER.match(low) or _THIS_ALONE.search(low)),
        ("pronoun", lambda: _PRONOUN.match(low) and not _EXPLETIVE_IT.match(low)),
        ("instruction", lambda: _instruction(low)),
        ("listing", lambda: (_LISTING.search(low) or _MONEY.search(sentence) or _TIMES.search(low)
                             or _PHONE.search(sentence) or _ADDRESS.search(sentence))),
        ("link", lambda: _LINK.search(low)),
        ("code", lambda: _CODE.search(sentence)),
        ("heading", lambda: _heading_like(words)),
        ("no verb", lambda: not has_verb(sentence)),
    )
    return next((name for name, failed in checks if failed()), None)


def _worth_reading(line: str) -> bool:
    """A line that could hold a takeaway, so worth segmenting: a full stop, and an
    English function word (every quotable sentence has one, so its line has too)."""
    return "." in line and any(word.lower().split("'", 1)[0].split("’", 1)[0] in FUNCTION_WORDS
                               for word in WORD.findall(line))


def _key(title: str) -> str:
    return " ".join(title.lower().split()).rstrip(".!?:")


def _without_dateline(sentence: str) -> str:
    """"LONDON (Reuters) - Prices rose." -> "Prices rose." (the rest is the author's sentence)."""
    match = _DATELINE.match(sentence)
    return sentence[match.end():] if match else sentence


def _instruction(low: str) -> bool:
    words = low.lstrip("\"“‘'(").split(None, 2)
    return len(words) > 1 and words[0] in VERB_BASES and words[1].strip(",.") in _IMPERATIVE_NEXT


# "Vol. 290 Proceedings of ...", "No. 5 ...": the tail of a reference the splitter cut.
_ABBREVIATED_START = re.compile(r"^[A-Z][a-z]{0,3}\.\s+\d")


def _opens_like_a_sentence(sentence: str) -> bool:
    """A capital or a digit first; an aside in brackets, or an abbreviation and a
    number ("Vol. 290 ..."), is no opening."""
    if sentence.startswith(("(", "[")) or _ABBREVIATED_START.match(sentence):
        return False
    first = sentence.lstrip("\"“‘'")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _unbalanced(sentence: str) -> bool:
    return (sentence.count('"') % 2 == 1 or sentence.count("“") != sentence.count("”")
            or sentence.count("(") != sentence.count(")") or sentence.count("[") != sentence.count("]"))


def _repeats(sentence: str, heading: str) -> bool:
    """The title itself, or the title run into the sentence after it (a heading glued
    to its paragraph in text stored before headings were kept apart)."""
    text = _key(sentence)
    if text == heading:
        return True
    if len(heading.split()) < 2 or not text.startswith(heading + " "):
        return False
    rest = sentence[len(heading):].lstrip()
    return bool(rest) and rest[0].isupper()


def _heading_like(words: list[str]) -> bool:
    """Mostly capitals, or most longer words capitalized and no verb in lower case
    ("Luxury Retirement Communities Are Embracing Private Clubs."): a heading or a listing."""
    letters = [c for c in "".join(words) if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return True
    longer = [w for w in words[1:] if len(w) > 3 and w[0].isalpha()]
    if len(longer) < 3 or sum(w[0].isupper() for w in longer) <= 0.7 * len(longer):
        return False
    return not any(verb_like(w) for w in (plain_word(w) for w in words[1:] if w[:1].islower()))
