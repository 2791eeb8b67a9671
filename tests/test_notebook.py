"""notebooks/weekly.ipynb, executed end to end (papermill on a real kernel) so it cannot rot."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import nbformat
import papermill

import giga

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "weekly.ipynb"
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def run(tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters, kernel_name="python3",
                               cwd=str(tmp_path), progress_bar=False)
    return nbformat.read(out, as_version=4)


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def test_the_notebook_is_stored_without_outputs_and_uses_the_public_api():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    source = "\n".join(c.source for c in code)
    assert "giga._" not in source and "from giga." not in source  # public API only


def test_weekly_run_on_the_demo_data_records_actions_and_draws_pictures(tmp_path):
    db = tmp_path / "demo.db"
    edited = "Hi,\n\nmy own words about this one.\n"
    nb = run(tmp_path, DB_PATH=str(db), DEMO=True, SEND=[1], SKIP=[2], EDITS={1: edited}, SEARCH="sourdough schedule")
    produced = outputs(nb)
    assert not [o for o in produced if o.output_type == "error"]
    images = [o for o in produced if "data" in o and "image/png" in o["data"]]
    assert len(images) == 3  # health, gives vs asks, feeds that get shared
    tables = [o["data"]["text/html"] for o in produced if "data" in o and "text/html" in o["data"]]
    assert len(tables) == 4 and "<pre" in tables[1]
    assert "A forgiving sourdough schedule" in tables[2]  # the search found the headline
    assert "Chioma Windmere" in tables[3] and "last touch" in tables[3]  # the bundled page, shared
    printed = "".join(o.get("text", "") for o in produced if o.output_type == "stream")
    assert "sent to " in printed and "skipped for " in printed and "edited the draft to " in printed
    assert "who would like 'A forgiving sourdough schedule" in printed
    assert "this page has a feed: giga feeds add https://news.example.org/feed.xml" in printed
    with giga.open(db) as g:
        sent = g.db.execute("select body from drafts where sent_at is not null").fetchall()
        skipped = g.db.execute("select count(*) from feedback where verdict = 'skipped'").fetchone()[0]
        assert sent == [(edited,)] and skipped == 1  # the edited text is what was sent
        assert [i.kind for i in g.interactions()].count("shared") >= 1


HOSTILE = """<?xml version="1.0"?><rss version="2.0"><channel><title><![CDATA[<img src=x onerror=alert(1)>Feed]]></title>
<link>https://hostile.example/</link>
<item><title><![CDATA[Heat pumps <script>alert("owned")</script> $5 and $6]]></title>
<link>javascript:alert(1)</link><guid>h1</guid><pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate>
<description><![CDATA[<iframe src="https://evil.example"></iframe>Heat pumps heat whole streets in winter now, says the study.]]></description>
</item></channel></rss>"""


def test_feed_markup_never_reaches_a_notebook_cell_unescaped(tmp_path):
    feed = tmp_path / "hostile.xml"
    feed.write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "h.db"
    with giga.open(db, parse_workers=1) as g:
        g.add_feed(str(feed))
        g.fetch()
        g.add_contact("Mallory Nobody", tags=["heat pumps"])
    nb = run(tmp_path, DB_PATH=str(db), DEMO=False, REFRESH=False, WINDOW_DAYS=0)
    produced = outputs(nb)
    assert not [o for o in produced if o.output_type == "error"]
    html_out = " ".join(o["data"]["text/html"] for o in produced if "data" in o and "text/html" in o["data"])
    assert "Mallory Nobody" in html_out
    for bad in ("<script", "<iframe", "onerror=", 'href="javascript:'):
        assert bad not in html_out
