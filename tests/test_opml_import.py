"""``giga feeds import``/``export`` on real-world OPML damage (issue 18): one bad outline is
reported and skipped, malformed XML is read around the damage, folders survive a round trip."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from test_cli import giga

from giga._feeds.opml import read_opml

DATA = Path(__file__).parent / "data" / "opml"


def _folders(path: Path) -> dict[str, tuple[str, ...]]:
    """Each feed URL's folder path, read with ElementTree (not the parser under test)."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(el: ET.Element, path: tuple[str, ...]) -> None:
        for child in el.findall("outline"):
            if child.get("xmlUrl"):
                found.setdefault(child.get("xmlUrl", ""), path)
            else:
                walk(child, (*path, child.get("text") or child.get("title") or ""))

    body = ET.parse(path).getroot().find("body")
    assert body is not None
    walk(body, ())
    return found


def test_one_bad_outline_is_reported_and_skipped_the_rest_imported(tmp_path):
    db, subs = tmp_path / "g.db", tmp_path / "subs.opml"
    giga(db, "feeds", "list")  # created first: a new database is announced on stderr
    subs.write_text("""<?xml version="1.0"?><opml version="1.0"><body>
<outline text="News">
  <outline text="Digested Read" type="rss" xmlUrl="www.theguardian.com/books/series/digestedread/rss"/>
  <outline text="Gone" type="rss" xmlUrl="saved/missing-feed.xml"/>
  <outline text="Python" type="rss" xmlUrl="https://blog.python.org/feeds/posts/default"/>
</outline></body></opml>
""", encoding="utf-8")
    result = giga(db, "feeds", "import", str(subs))
    assert "2 added" in result.stdout
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith(f"warning: {subs}: skipped 'saved/missing-feed.xml'")
    urls = [f["url"] for f in json.loads(giga(db, "feeds", "list", "--json").stdout)]
    assert urls == ["https://www.theguardian.com/books/series/digestedread/rss",
                    "https://blog.python.org/feeds/posts/default"]


def test_an_unescaped_lt_in_a_curated_list_loses_one_feed_not_sixteen(tmp_path):
    db, path = tmp_path / "g.db", DATA / "plenary-Business-Economy.opml"
    giga(db, "feeds", "list")  # created first: a new database is announced on stderr
    result = giga(db, "feeds", "import", str(path))
    assert "15 added" in result.stdout
    (warning,) = result.stderr.strip().splitlines()
    assert f"{path}:21: malformed XML" in warning and "https://feeds.npr.org/510313/podcast.xml" in warning


def test_folders_are_kept_and_written_back_on_export(tmp_path):
    db, source = tmp_path / "g.db", DATA / "netnewswire-Subs.opml"
    giga(db, "feeds", "import", str(source))
    exported = tmp_path / "export.opml"
    giga(db, "feeds", "export", str(exported))
    before = _folders(source)
    assert set(before.values()) == {(), ("Programming",), ("Macintosh",), ("Weblogs",), ("Writers",)}
    assert _folders(exported) == before
    # one folder outline per name, and giga reads its own export back the same way
    body = ET.parse(exported).getroot().find("body")
    names = [o.get("text") for o in body.findall("outline") if not o.get("xmlUrl")]
    assert sorted(names) == ["Macintosh", "Programming", "Weblogs", "Writers"]
    assert {s.url: s.categories for s in read_opml(exported)} == before
    other = tmp_path / "other.db"
    giga(other, "feeds", "import", str(exported))
    again = tmp_path / "again.opml"
    giga(other, "feeds", "export", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
