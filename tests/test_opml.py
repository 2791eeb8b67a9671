"""OPML import/export: real exports, hostile files, and the write/parse round trip."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giga._feeds.opml import parse_opml, read_opml, write_opml
from giga.errors import OpmlError
from giga.types import Subscription

DATA = Path(__file__).parent / "data" / "opml"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "opml"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".opml", ".xml")) if CORPUS.is_dir() else []

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/opml not present")


def feed_urls_by_regex(path: Path) -> set[str]:
    """Count feeds without the parser under test: distinct non-empty xmlUrl/feedUrl values."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # commented-out outlines are not feeds
    found = re.findall(r"""\b(?:xmlUrl|feedUrl)\s*=\s*(?:"([^"]*)"|'([^']*)')""", text, flags=re.I)
    return {html.unescape(a or b).strip() for a, b in found} - {""}


def opml(body: str, head: str = "") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head>{head}</head><body>\n{body}\n</body></opml>'.encode()


# -- the whole corpus ----------------------------------------------------------------------


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_gives_subscriptions_or_opml_error(path: Path) -> None:
    warnings: list[str] = []
    try:
        subs = read_opml(path, warnings)
    except OpmlError as e:
        assert e.path == str(path)
        assert e.line is not None and e.line > 0, "every corpus failure has a parser line"
        assert "\n" not in str(e)
        return
    assert all(isinstance(s, Subscription) for s in subs)
    assert len({s.url for s in subs}) == len(subs)
    assert all(s.url == s.url.strip() and s.url for s in subs)
    if "listparser-tests" not in path.parts:
        written = {with_scheme(u) for u in feed_urls_by_regex(path)}
        lost = written - {s.url for s in subs}
        assert {s.url for s in subs} <= written
        assert all(u in " ".join(warnings) for u in lost), "every feed the recovering parser lost is named"
        assert all(w.startswith(f"{path}:") and "\n" not in w for w in warnings)


def with_scheme(url: str) -> str:
    """What a scheme-less host URL in the corpus (www.cfoworld.com/blog/feed) becomes."""
    return f"https://{url}" if re.match(r"[\w-]+(\.[\w-]+)+/", url) else url


KNOWN_EXPORTS = {
    # file: (distinct feeds, folder names); outline counts are in SOURCES.md, duplicates removed
    "feedly-export/lmmx-feedly.opml": (
        389,
        {"Journal", "math", "Journals", "Technology News", "Scientific news and blogs",
         "Research Institutions", "bioinformatics", "Podcasts"},
    ),
    "netnewswire-export/hackthehackerman-Subscriptions-OnMyMac.opml": (11, set()),
    "netnewswire-tests/Subs.opml": (207, {"Programming", "Macintosh", "Weblogs", "Writers"}),
    "netnewswire-tests/SubsNoTitleAttributes.opml": (207, {"Programming", "Macintosh", "Weblogs", "Writers"}),
    "google-reader-export/pauldix-google-reader-subscriptions.xml": (287, None),  # 300 outlines
    "google-reader-export/aramzs-subscriptions.opml": (671, None),  # 710 outlines
    "other-reader-exports/schmug-donthypeme-feeds.opml": (78, None),
    "other-reader-exports/echopi-inoreader.opml": (17, {"cs", "info"}),
}


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("name", sorted(KNOWN_EXPORTS))
def test_known_exports_feed_counts(name: str) -> None:
    count, folders = KNOWN_EXPORTS[name]
    subs = read_opml(CORPUS / name)
    assert len(subs) == count == len(feed_urls_by_regex(CORPUS / name))
    if folders is not None:
        assert {c for s in subs for c in s.categories} == folders
    assert sum(1 for s in subs if s.title) >= 0.95 * count


@pytest.mark.corpus
@needs_corpus
def test_curated_lists_each_parse_into_their_topic_folder() -> None:
    files = sorted((CORPUS / "curated-awesome-rss-feeds").rglob("*.opml"))
    assert len(files) == 59
    recovered = 0
    for path in files:
        warnings: list[str] = []
        subs = read_opml(path, warnings)
        # recovering from damage inside a folder can close the folder early (Android Development)
        assert subs and all(len(s.categories) <= 1 for s in subs) and subs[0].categories, path
        recovered += bool(warnings)
    # 40 are not well-formed: the bare-'&' ones are repaired, quote/'<' damage is recovered around
    assert recovered == 11


LISTPARSER_FEEDS = re.compile(r"Eval: len\(result\['feeds'\]\) == (\d+)")
LISTPARSER_FIELD = re.compile(r"""Eval: result\['feeds'\]\[0\]\['(url|title)'\] == ['"]([^'"]*)['"]""")


@pytest.mark.corpus
@needs_corpus
def test_agrees_with_listparser_expectations_on_the_files_it_accepts() -> None:
    checked = 0
    for path in sorted((CORPUS / "listparser-tests" / "opml").rglob("*.xml")):
        text = path.read_text(encoding="utf-8")
        subs = read_opml(path)  # every OPML case in that suite is well-formed
        for n in LISTPARSER_FEEDS.findall(text):
            assert len(subs) == int(n), path
            checked += 1
        for field, value in LISTPARSER_FIELD.findall(text):
            assert getattr(subs[0], field) == value, path
            checked += 1
    assert checked >= 15


# -- bundled real files (fresh clone) --------------------------------------------------------


def test_feedly_export() -> None:
    subs = read_opml(DATA / "feedly-echopi.opml")
    assert subs == [
        Subscription(
            url="https://twitrss.me/twitter_user_to_rss/?user=realDonaldTrump",
            title="Twitter Search / realDonaldTrump",
            site_url="https://twitter.com/realDonaldTrump",
            categories=("Twitter",),
        ),
        Subscription(
            url="https://twitrss.me/twitter_user_to_rss/?user=elonmusk",
            title="Twitter Search / elonmusk",
            site_url="https://twitter.com/elonmusk",
            categories=("Twitter",),
        ),
    ]


def test_netnewswire_list() -> None:
    path = DATA / "netnewswire-Subs.opml"
    subs = read_opml(path)
    assert len(subs) == 207 == len(feed_urls_by_regex(path))
    assert {s.categories for s in subs} == {(), ("Programming",), ("Macintosh",), ("Weblogs",), ("Writers",)}
    assert subs[0] == Subscription(
        "http://daringfireball.net/feeds/main", "Daring Fireball", "http://daringfireball.net/", ()
    )
    julia = next(s for s in subs if s.title == "Julia Evans")
    assert julia.site_url is None  # htmlUrl="" in the file
    assert any(s.title == "chat & code" for s in subs)  # entity decoded


def test_inoreader_export_with_unicode_titles() -> None:
    subs = read_opml(DATA / "inoreader-echopi.opml")
    assert len(subs) == 17
    assert [s.categories for s in subs].count(("cs",)) == 6
    assert [s.categories for s in subs].count(("info",)) == 11
    ft = next(s for s in subs if s.title and s.title.startswith("FT中文网"))
    assert ft.url.endswith("%2Frss%2Ffeed&max=3")


def test_google_reader_duplicates_kept_once_first_folder_wins() -> None:
    path = DATA / "google-reader-pauldix.xml"
    subs = read_opml(path)
    assert len(re.findall(r"xmlUrl=", path.read_text())) == 300
    assert len(subs) == 287 == len(feed_urls_by_regex(path))
    ir = [s for s in subs if s.url == "http://irthoughts.wordpress.com/feed/"]
    assert [s.categories for s in ir] == [("Search",)]  # also listed under IR and ML


def test_nested_folders_become_a_category_path() -> None:
    (sub,) = read_opml(DATA / "listparser-hier-2-nested.xml")
    assert sub == Subscription("http://domain/feed", "feedname", None, ("grouping1", "grouping2"))


def test_bare_ampersand_is_repaired() -> None:
    subs = read_opml(DATA / "plenary-Football.opml")
    assert len(subs) == 5
    assert subs[2].title == "Football News, Live Scores, Results & Transfers | Goal.com"
    assert {s.categories for s in subs} == {("Football",)}


@pytest.mark.parametrize(
    ("name", "line", "words", "feeds"),
    [
        ("listparser-end-element-missing.xml", 12, "Premature end", 1),
        ("plenary-Beauty.opml", 16, "attributes construct error", 10),
        # 0 of 16 read before issue 18: one unescaped '<' in a title refused the whole list
        ("plenary-Business-Economy.opml", 21, "Unescaped '<'", 15),
    ],
)
def test_malformed_real_files_are_recovered_with_a_warning(name: str, line: int, words: str, feeds: int) -> None:
    path = DATA / name
    warnings: list[str] = []
    subs = read_opml(path, warnings)
    assert len(subs) == feeds
    (warning,) = warnings
    assert warning.startswith(f"{path}:{line}: malformed XML") and words in warning and "\n" not in warning
    lost = feed_urls_by_regex(path) - {s.url for s in subs}
    assert all(url in warning for url in lost)


def test_a_file_with_no_opml_to_recover_is_still_an_error() -> None:
    with pytest.raises(OpmlError) as info:
        parse_opml(b"<html><body><p>not a <b list</p>", source="page.opml")
    assert str(info.value).startswith("page.opml:")
    with pytest.raises(OpmlError):
        parse_opml(b"<<<<", source="junk.opml")


# -- structure -------------------------------------------------------------------------------


def test_deep_nesting_unnamed_folders_and_feeds_at_every_level() -> None:
    subs = parse_opml(
        opml(
            """
        <outline xmlUrl="http://top/"/>
        <outline text="Tech">
          <outline text="a" xmlUrl="http://a/"/>
          <outline title="Python">
            <outline text="b" xmlUrl="http://b/"/>
            <outline>
              <outline text=" Deep   folder ">
                <outline text="c" xmlUrl="http://c/"/>
              </outline>
            </outline>
          </outline>
          <outline text="empty folder"/>
        </outline>
        <outline text="d" xmlUrl="http://d/"/>"""
        )
    )
    assert [(s.url, s.categories) for s in subs] == [
        ("http://top/", ()),
        ("http://a/", ("Tech",)),
        ("http://b/", ("Tech", "Python")),
        ("http://c/", ("Tech", "Python", "Deep folder")),
        ("http://d/", ()),
    ]


def test_title_is_text_then_title_and_whitespace_is_tidied() -> None:
    subs = parse_opml(
        opml(
            """
        <outline text="shown" title="feed's own" xmlUrl="http://1/"/>
        <outline text="  " title=" only\ttitle " xmlUrl="http://2/"/>
        <outline xmlUrl="http://3/"/>"""
        )
    )
    assert [s.title for s in subs] == ["shown", "only title", None]


def test_feed_url_attribute_variants() -> None:
    subs = parse_opml(
        opml(
            """
        <outline text="lj" xmlURL="http://lj/"/>
        <outline text="lower" xmlurl="http://lower/"/>
        <outline text="edited" feedUrl="http://edited/"/>
        <outline text="rss url" type="RSS" url="http://rssurl/"/>
        <outline text="web page" type="link" url="http://page/"/>
        <outline text="wp link" type="link" xmlUrl="http://wplink/"/>
        <outline text="sublist" type="include" url="http://list.opml"/>
        <outline text="liferea" type="source" xmlUrl="http://liferea/list"/>
        <outline text="atom" type="pie" xmlUrl="http://pie/"/>
        <outline text="empty" type="rss" xmlUrl="" htmlUrl="http://site/"/>
        <outline text="ns" xmlns:x="urn:x" x:xmlUrl="http://namespaced/"/>"""
        )
    )
    assert [s.url for s in subs] == [
        "http://lj/", "http://lower/", "http://edited/", "http://rssurl/", "http://wplink/", "http://pie/",
    ]


def test_opml_namespace_on_elements_is_accepted() -> None:
    data = b'<opml xmlns="http://opml.org/spec2" version="2.0"><body><outline text="f"><outline xmlUrl="http://x/"/></outline></body></opml>'
    assert parse_opml(data) == [Subscription("http://x/", None, None, ("f",))]


def test_url_schemes() -> None:
    warnings: list[str] = []
    subs = parse_opml(
        opml(
            """
        <outline xmlUrl="  https://padded/feed  "/>
        <outline xmlUrl="HTTP://upper/"/>
        <outline xmlUrl="file:///home/me/feed.xml"/>
        <outline xmlUrl="feeds/local.xml"/>
        <outline xmlUrl="/abs/feed.xml"/>
        <outline xmlUrl="C:\\feeds\\x.xml"/>
        <outline xmlUrl="feed://old/rss"/>
        <outline xmlUrl="feed:https://new/rss"/>
        <outline xmlUrl="javascript:alert(1)"/>
        <outline xmlUrl=" JavaScript:alert(2)"/>
        <outline xmlUrl="data:text/xml,&lt;rss/&gt;"/>
        <outline xmlUrl="mailto:me@example.com"/>
        <outline xmlUrl="http://"/>
        <outline xmlUrl="http://[broken/"/>
        <outline xmlUrl="   "/>
        <outline xmlUrl="https://ok/" htmlUrl="javascript:alert(3)"/>
        <outline xmlUrl="https://ok2/" htmlUrl=" https://site/ "/>"""
        ),
        source="list.opml",
        warnings=warnings,
    )
    assert [s.url for s in subs] == [
        "https://padded/feed", "HTTP://upper/", "file:///home/me/feed.xml", "feeds/local.xml",
        "/abs/feed.xml", "C:\\feeds\\x.xml", "http://old/rss", "https://new/rss", "https://ok/", "https://ok2/",
    ]
    assert subs[-2].site_url is None and subs[-1].site_url == "https://site/"
    assert len(warnings) == 6
    assert all(w.startswith("list.opml:") and "unsupported feed URL" in w for w in warnings)


def test_a_url_without_a_scheme_that_starts_with_a_host_is_https() -> None:
    # aramzs' Google Reader list (GPL, not copied here) writes 39 feeds like this
    subs = parse_opml(opml("""
        <outline xmlUrl="www.theguardian.com/books/series/digestedread/rss" htmlUrl="www.theguardian.com/books"/>
        <outline xmlUrl="licpost.com/feed/"/>
        <outline xmlUrl="//cdn.example.org/feed"/>
        <outline xmlUrl="feed.xml"/>
        <outline xmlUrl="feeds/blog.rss"/>"""))
    assert [s.url for s in subs] == ["https://www.theguardian.com/books/series/digestedread/rss",
                                     "https://licpost.com/feed/", "https://cdn.example.org/feed", "feed.xml", "feeds/blog.rss"]
    assert subs[0].site_url == "https://www.theguardian.com/books"


def test_duplicate_urls_first_occurrence_wins() -> None:
    subs = parse_opml(
        opml(
            """
        <outline text="A"><outline text="first" xmlUrl="http://same/"/></outline>
        <outline text="B"><outline text="second" xmlUrl=" http://same/ " htmlUrl="http://s/"/></outline>"""
        )
    )
    assert subs == [Subscription("http://same/", "first", None, ("A",))]


def test_empty_body_is_an_empty_list() -> None:
    assert parse_opml(b"<opml version='2.0'><head/><body/></opml>") == []


# -- errors ----------------------------------------------------------------------------------


def test_malformed_xml_is_recovered_with_a_warning_naming_the_line() -> None:
    # lines: 1 declaration, 2 <opml>, 3 and 4 good feeds, 5 a duplicated attribute
    data = opml('<outline xmlUrl="http://ok/"/>\n<outline xmlUrl="http://ok2/"/>\n<outline text="a" text="b"/>')
    warnings: list[str] = []
    assert [s.url for s in parse_opml(data, source="subs.opml", warnings=warnings)] == ["http://ok/", "http://ok2/"]
    assert warnings == ["subs.opml:5: malformed XML (Attribute text redefined); read the rest, every feed kept"]
    # an unclosed element is reported where the parser noticed it: the closing </body>
    warnings.clear()
    subs = parse_opml(opml('<outline xmlUrl="http://ok/">\n<outline xmlUrl="http://ok2/"/>'), warnings=warnings)
    assert len(subs) == 2 and warnings[0].startswith("<opml>:5: malformed XML (Opening and ending tag mismatch")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "root element is <rss>"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "root element is <rdf:RDF>"),
        (b"<opml version='2.0'><head><title>t</title></head></opml>", "no <body> element"),
        (b"", "empty"),
        (b" \n ", "empty"),
        (b"\x00\x01\x02garbage", "malformed XML"),
        (b'<?xml version="1.0" encoding="no-such-codec"?><opml><body/></opml>', "encoding"),
    ],
)
def test_not_opml_or_not_xml(data: bytes, words: str) -> None:
    with pytest.raises(OpmlError) as info:
        parse_opml(data, source="x.opml")
    assert words in info.value.message
    assert "\n" not in str(info.value)


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.opml"
    with pytest.raises(OpmlError) as info:
        read_opml(missing)
    assert info.value.path == str(missing) and "cannot read" in info.value.message
    with pytest.raises(OpmlError):
        read_opml(tmp_path)  # a directory


def test_undefined_entity_is_dropped_not_guessed_with_a_warning() -> None:
    warnings: list[str] = []
    (sub,) = parse_opml(opml('<outline text="a&nosuchthing;b" xmlUrl="http://x/"/>'), warnings=warnings)
    assert sub.title == "ab"
    assert warnings[0].startswith("<opml>:3: malformed XML") and "nosuchthing" in warnings[0]


def test_bytes_that_are_not_the_declared_encoding_are_read_with_a_warning() -> None:
    warnings: list[str] = []
    data = "<opml><body><outline text='é' xmlUrl='http://x/'/></body></opml>".encode("latin-1")
    assert [s.url for s in parse_opml(data, warnings=warnings)] == ["http://x/"]
    assert "encoding" in warnings[0]


def test_html_entities_are_repaired() -> None:
    (sub,) = parse_opml(opml('<outline text="arch&aelig;ology &mdash; &amp; more" xmlUrl="http://x/?a=1&b=2"/>'))
    assert sub.title == "archæology — & more"
    assert sub.url == "http://x/?a=1&b=2"


# -- hostile input ---------------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE opml [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b']>\n<opml version="2.0"><head><title>&lol9;</title></head><body>\n'
)


@pytest.mark.parametrize(
    "tail",
    [
        b'<outline text="&lol9;" xmlUrl="http://x/"/></body></opml>',
        b'<outline text="f">&lol9;<outline xmlUrl="http://x/"/></outline></body></opml>',
    ],
    ids=["attribute", "text"],
)
def test_billion_laughs_is_harmless(tail: bytes) -> None:
    try:
        subs = parse_opml(LAUGHS + tail)
    except OpmlError:
        return  # libxml2's amplification limit refused it
    assert all(len(s.title or "") < 1000 for s in subs)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-42")
    (tmp_path / "evil.dtd").write_text(
        f'<!ENTITY xxe SYSTEM "{path.as_uri()}">\n<!ENTITY folder "TOPSECRET-42">\n'
    )
    return path


def _xxe_documents(secret: Path) -> list[bytes]:
    uri = secret.as_uri().encode()
    dtd = (secret.parent / "evil.dtd").as_uri().encode()
    internal = b'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "' + uri + b'">]>\n'
    return [
        internal + b'<opml><body><outline text="&xxe;" xmlUrl="http://x/"/></body></opml>',
        internal + b'<opml><body><outline text="a">&xxe;<outline text="b" xmlUrl="http://x/&xxe;"/></outline></body></opml>',
        internal + b'<opml><body><outline text="a">&xxe;<outline text="b" xmlUrl="http://x/"/></outline></body></opml>',
        b'<!DOCTYPE opml [<!ENTITY % p SYSTEM "' + dtd + b'"> %p;]>\n'
        b'<opml><body><outline text="&xxe;&folder;" xmlUrl="http://x/&xxe;"/></body></opml>',
        b'<!DOCTYPE opml SYSTEM "' + dtd + b'">\n'
        b'<opml><body><outline text="&folder;"><outline text="&xxe;" xmlUrl="http://x/"/></outline></body></opml>',
        b'<opml xmlns:xi="http://www.w3.org/2001/XInclude"><body><outline text="a">'
        b'<xi:include href="' + uri + b'" parse="text"/><outline xmlUrl="http://x/"/></outline></body></opml>',
    ]


@pytest.mark.parametrize("case", range(6))
def test_xxe_never_reads_local_files(secret: Path, case: int) -> None:
    data = _xxe_documents(secret)[case]
    path = secret.parent / "evil.opml"
    path.write_bytes(data)
    try:
        subs = read_opml(path)
    except OpmlError as e:
        assert "TOPSECRET" not in str(e)
        return
    for s in subs:
        assert "TOPSECRET" not in repr(s)


# -- encodings -------------------------------------------------------------------------------


def test_utf8_bom() -> None:
    data = "\ufeff" + '<?xml version="1.0" encoding="UTF-8"?><opml><body><outline text="café" xmlUrl="http://x/"/></body></opml>'
    assert parse_opml(data.encode("utf-8"))[0].title == "café"
    assert parse_opml(data.encode("utf-8")[3:])[0].title == "café"


def test_utf16_with_bom() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><opml><body><outline text="日本 &amp; café" xmlUrl="http://x/"/></body></opml>'
    assert parse_opml(data.encode("utf-16"))[0].title == "日本 & café"


def test_latin1_declaration_is_honoured(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<opml><body><outline text="Zürich & Genève" xmlUrl="http://x/é"/></body></opml>'
    path = tmp_path / "latin1.opml"
    path.write_bytes(text.encode("latin-1"))
    (sub,) = read_opml(path)  # also exercises the bare-& repair on a non-UTF-8 file
    assert (sub.title, sub.url) == ("Zürich & Genève", "http://x/é")


def test_str_input_with_a_foreign_encoding_declaration() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<opml><body><outline text="é" xmlUrl="http://x/"/></body></opml>'
    assert parse_opml(text)[0].title == "é"


# -- writing ---------------------------------------------------------------------------------

SAMPLE = [
    Subscription("http://top/feed", "Top <level> & \"quoted\" 'feed'", "http://top/", ()),
    Subscription("https://a/rss?x=1&y=2", "Ünïcödé ☃ 🎉", None, ("Tech", "Python")),
    Subscription("https://b/atom", None, None, ("Tech", "Python")),
    Subscription("https://c/", "c", None, ("Tech",)),
    Subscription("https://d/", "d", "https://d.example/", ("News & <Views>",)),
    Subscription("https://e/", "e", None, ("Tech", "Python")),  # Tech reopened later: order kept
]


def test_write_is_opml_2_with_declaration_and_nested_folders() -> None:
    text = write_opml(SAMPLE, title="My <feeds> & more")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.fromstring(text.encode("utf-8"))  # an independent parser reads it
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "My <feeds> & more"
    tech = root.find("body/outline[@text='Tech']")
    assert tech is not None and tech.find("outline[@text='Python']/outline").get("xmlUrl") == "https://a/rss?x=1&y=2"
    assert len(root.findall("body/outline[@text='Tech']")) == 2
    assert all(o.get("type") == "rss" for o in root.iter("outline") if o.get("xmlUrl"))


def test_round_trip_sample() -> None:
    assert parse_opml(write_opml(SAMPLE)) == SAMPLE
    assert parse_opml(write_opml(SAMPLE).encode("utf-8")) == SAMPLE


def test_round_trip_real_file() -> None:
    subs = read_opml(DATA / "netnewswire-Subs.opml")
    assert parse_opml(write_opml(subs)) == subs


def test_write_strips_control_characters() -> None:
    text = write_opml([Subscription("http://x/\x00", "a\x01b\x1f", None, ("f\x0bg", "\x02"))], title="t\x07")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert parse_opml(text) == [Subscription("http://x/", "ab", None, ("fg",))]


def test_write_accepts_any_iterable() -> None:
    assert parse_opml(write_opml(s for s in SAMPLE[:2])) == SAMPLE[:2]
    assert parse_opml(write_opml([])) == []


# Text as parse_opml returns it: no control characters, single spaces, no padding.
_odd = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(list("<>&\"' ;#%é☃🎉")),
    min_size=1,
    max_size=30,
)
clean_text = _odd.map(lambda s: " ".join(s.split())).filter(bool)
any_text = st.text(max_size=30)  # includes control characters and surrogates
url_paths = st.text(alphabet=st.sampled_from(list("abcXYZ019-._~/?=&%#<>\"' é☃")), max_size=20)


@st.composite
def subscription_lists(draw: st.DrawFn, text: st.SearchStrategy[str]) -> list[Subscription]:
    n = draw(st.integers(0, 8))
    subs = []
    for i in range(n):
        url = f"{draw(st.sampled_from(['http', 'https']))}://host{i}.example/{draw(url_paths)}".strip()
        site = draw(st.none() | url_paths.map(lambda p: f"https://site.example/{p}".strip()))
        subs.append(
            Subscription(
                url=url,
                title=draw(st.none() | text),
                site_url=site,
                categories=tuple(draw(st.lists(text, max_size=3))),
            )
        )
    return subs


@settings(max_examples=150, deadline=None)
@given(subscription_lists(clean_text))
def test_round_trip_property(subs: list[Subscription]) -> None:
    assert parse_opml(write_opml(subs)) == subs


@settings(max_examples=150, deadline=None)
@given(subscription_lists(any_text), any_text)
def test_write_never_fails_and_is_stable_after_one_pass(subs: list[Subscription], title: str) -> None:
    once = parse_opml(write_opml(subs, title=title))
    assert [s.url for s in once] == [s.url.strip() for s in subs]
    assert parse_opml(write_opml(once, title=title)) == once
    for s in once:
        for value in (s.title or "", *s.categories):
            assert value == " ".join(value.split())
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", value)
