"""Is it an English sentence, with a verb, and who speaks in it: cheap word-list tests.

A takeaway is quoted in an English note, so it must be English prose rather than a
label, a heading or a listing. No tagger is needed for that: function words tell
English from the other languages in the feeds, and a verb is told by auxiliaries,
past tenses, contractions and the position of common verbs. Measured on the real-feeds
corpus with ``benchmarks/draft_audit.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["FUNCTION_WORDS", "VERB_BASES", "WORD", "has_verb", "names_one_of", "plain_word", "speaks_as_someone",
           "verb_like"]

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The author speaking: quoted in a note, these read as the sender's own claim.
_FIRST_PERSON = frozenset("i i'm i've i'd i'll me my mine myself we we're we've we'd we'll us our ours ourselves "
                          "let's you you're you've you'd you'll your yours yourself yourselves".split())
_AUXILIARIES = frozenset(
    "is are was were be been being am isn't aren't wasn't weren't has have had hasn't haven't hadn't do does did "
    "doesn't don't didn't will would won't wouldn't can could can't couldn't cannot should shouldn't may might "
    "must shall".split())
# Base forms of common verbs: many are nouns too ("a good design", "bug report"), so they
# count only where a verb would stand (after "I", "will", a plural subject, before "us"...).
VERB_BASES = frozenset("""
    add allow appear apply ask become begin believe bring build buy call change come consider continue cost create
    cut decide describe develop die draw drive eat expect explain face fall feel find follow get give go grow happen
    hear help hold include keep know lead learn leave let like live look lose love make mean meet move need offer open
    pay play plan provide put reach read remain remember report require run say see seem sell send serve set show
    sit speak spend stand start stay stop suggest take talk teach tell tend think try turn understand use wait walk
    want watch win wish work write announce launch release raise reduce increase hit rise drop join hire sign warn
    claim argue admit deny agree fail manage return share post publish introduce support replace remove improve
    cause carry produce receive prepare design discover celebrate host feature note notice heat power fix ship
    close test check miss hope enjoy kill hurt save earn vote rule fight push pull affect reflect explore examine
""".split())
_VERB_PASTS = frozenset("""
    became began bought brought built came chose drew drove ate fell felt found got gave went grew heard held kept
    knew led left lost made meant met paid ran said saw sold sent showed shown sat spoke spent stood took taught told
    thought understood won wrote written given known seen taken done gone caught blew flew threw wore woke broke froze
    rode rose shook stole tore sang rang drank swam struck fought sought slept swept dealt bent lit fed fled hid bit
    hung dug stuck spun swung forgot shot
""".split())
_SUBORDINATORS = frozenset("if when whenever because although though while unless since whether".split())
_SUBJECTS = frozenset("i we you they he she it".split())  # the word after one is a verb ("I prefer", "we pair")
_OBJECTS = frozenset("me you him her us them it".split())  # "bring you", "give us"
_BEFORE_BASE = frozenset("i we you they will would can could should may might must not never also just now often "
                         "always still already only really".split())
# English function words, and those of the other languages in the feeds. A quotable
# sentence has two English ones at least, and more than foreign ones; the ambiguous ones
# ("in", "a", "is", "an" are Dutch, German, French or Spanish words too) count only in a
# sentence without a foreign one.
_ENGLISH = frozenset("i the of and to for with that this from by has have had been will would which who their its "
                     "about into than after could should not but or it they you was were are there what when how "
                     "we he she our your his her my can more just also only".split())
_AMBIGUOUS = frozenset("a an in on at as is be no".split())
FUNCTION_WORDS = _ENGLISH | _AMBIGUOUS
_FOREIGN = frozenset("""
    le la les des du et est une il ils elle nous vous pour dans sur pas qui au aux ce cette sont avec
    der das und ist ein eine dem nicht mit sind auf sie auch sich wird wie oder aus zu im vom zum für über dass
    el los las del lo se su es más como pero una y que con por para
    het een van niet dat je wel wat als voor zijn maar ook om te op naar bij uit dit deze heel veel hebben heeft geen
    do da em na ao uma mais não com os di che per non della è sono gli och att det som og er en með í
""".split())
# After these, a word in -s is a noun, not a verb ("hours, prices and directions").
_BEFORE_NOUN = frozenset("the a an and or of for with in on at to by from".split())


def has_verb(sentence: str) -> bool:
    """A cheap test for an English sentence rather than a label: more English function
    words than foreign ones (see ``_ENGLISH``), and a verb outside a clause tacked on
    after a comma ("Pretty logical place, if you ask me."): an auxiliary, a contraction,
    a past tense, the word after a subject pronoun, an -ing after an auxiliary, a common
    verb where a verb stands, or a word in -s that follows no article, preposition, -ing
    word or comma (there it is a plural)."""
    matches = list(WORD.finditer(sentence))
    words = [plain_word(m.group()) for m in matches]
    roots = [w.split("'", 1)[0] for w in words]  # "it's" -> "it", "we're" -> "we"
    foreign = sum(w in _FOREIGN for w in roots)
    english = sum(w in _ENGLISH for w in roots) + (0 if foreign else sum(w in _AMBIGUOUS for w in roots))
    if english < 2 or english <= foreign:
        return False
    subordinate = False
    for n, word in enumerate(words):
        before = words[n - 1] if n else ""
        after = words[n + 1] if n + 1 < len(words) else ""
        comma_before = n > 0 and "," in sentence[matches[n - 1].end():matches[n].start()]
        if comma_before:
            subordinate = False  # "If you are like most readers, your inbox is full."
        if word in _SUBORDINATORS and comma_before:
            subordinate = True  # a clause tacked on at the end: ", if you ask me."
        elif not subordinate and _verb_at(word, before, after, comma_before, matches[n].group()[:1].islower()):
            return True
    return False


def _verb_at(word: str, before: str, after: str, comma_before: bool, lower: bool) -> bool:
    """Whether ``word`` is a verb where it stands, between ``before`` and ``after``
    (``lower``: written in lower case; "Jones" is no verb in -s)."""
    if word in _AUXILIARIES or word in _VERB_PASTS or word.endswith(("'s", "'re", "'ve", "'ll", "'d", "'m", "n't")) \
            or (len(word) > 4 and word.endswith("ed")) or (before in _SUBJECTS and word not in FUNCTION_WORDS):
        return True
    if word.endswith("ing") and (before in _AUXILIARIES or before.endswith(("'m", "'re", "'s"))):
        return True
    if not lower:
        return False
    if word in VERB_BASES and (before in _BEFORE_BASE or _plural(before) or after in _OBJECTS):
        return True
    return (len(word) > 3 and word.endswith("s") and bool(before) and before not in _BEFORE_NOUN
            and not before.endswith("ing") and not comma_before)


def verb_like(word: str) -> bool:
    """Could be a verb wherever it stands ("is", "stands", "said", "launched")."""
    return (word in _AUXILIARIES or word in _VERB_PASTS or word in VERB_BASES or word.endswith("ed")
            or (len(word) > 3 and word.endswith("s")))


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word not in FUNCTION_WORDS


def plain_word(word: str) -> str:
    """Lower case, straight apostrophe, no punctuation around."""
    return word.lower().replace("’", "'").strip(".,;:!?\"'“”‘()")


def speaks_as_someone(sentence: str) -> bool:
    """First or second person: "I", "we", "our", "you"... ("US" in capitals is a country)."""
    for word in WORD.findall(sentence):
        lower = word.lower().replace("’", "'")
        if lower in _FIRST_PERSON and (lower != "i" or word == "I") and word != "US":
            return True
    return False


def names_one_of(title: str, interests: Sequence[str]) -> bool:
    """Whether ``title`` names a word of one of ``interests`` ("Books" for 'books',
    "Photography" for 'wedding photography'); function words do not count."""

    def stems(text: str) -> set[str]:
        return {w.removesuffix("s") for w in re.findall(r"[\w+#]+", text.lower())
                if len(w) > 2 and w not in FUNCTION_WORDS}

    words = stems(title)
    return any(stem in words for interest in interests for stem in stems(interest))
