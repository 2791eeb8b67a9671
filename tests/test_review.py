"""``giga review`` driven through a real pseudo-terminal (pexpect), one key at a time, then
the database read back: what was answered is recorded, what was not is untouched."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from giga_process import giga_env
from test_cli import giga as run_giga

import giga

PROMPT = "[?] > "
HEADING = re.compile(r"── (\d+)/(\d+) ([^:\r\n]+): ")
EDITED = "Hi there,\n\nedited in the editor before sending.\n"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def desktop(tmp_path: Path) -> dict[str, str]:
    """An editor, a clipboard program and a browser that leave what they got in files."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "edited.txt").write_text(EDITED, encoding="utf-8")
    scripts = {
        "editor": f"#!/bin/sh\ncat '{tmp_path / 'edited.txt'}' > \"$1\"\n",
        "wl-copy": f"#!/bin/sh\ncat > '{tmp_path / 'clipboard.txt'}'\n",
        "browser": f"#!/bin/sh\nprintf '%s' \"$1\" > '{tmp_path / 'opened.txt'}'\n",
    }
    for name, text in scripts.items():
        path = bin_dir / name
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
    return {"EDITOR": str(bin_dir / "editor"), "BROWSER": str(bin_dir / "browser"),
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def spawn(db: Path, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "giga", "review", *args], env={**giga_env(db), **(env or {})},
                         encoding="utf-8", timeout=60, dimensions=(40, 200))


def heading(child: pexpect.spawn) -> tuple[int, str]:
    """The next suggestion's number and contact, read off its heading."""
    child.expect(HEADING)
    return int(child.match.group(1)), child.match.group(3)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def contact_id(db: Path, name: str) -> int:
    return rows(db, "select id from contacts where name = ?", name)[0][0]


def test_a_review_records_sent_skipped_and_not_for_them_and_leaves_the_rest(db: Path, desktop, tmp_path):
    child = spawn(db, "--all", "--max-age", "0", env=desktop)
    try:
        _, first = heading(child)
        child.expect(r"link: (https?://\S+)")
        link = child.match.group(1)
        child.expect_exact(PROMPT)
        child.send("?")
        child.expect("never suggested to this person again")
        child.expect_exact(PROMPT)
        child.send("e")
        child.expect("your edit is kept")
        assert heading(child)[1] == first  # the same suggestion again, now with the edit
        child.expect("edited in the editor before sending")
        child.expect_exact(PROMPT)
        child.send("c")
        child.expect(r"copied the draft to the clipboard \(wl-copy\)")
        child.expect_exact(PROMPT)
        child.send("o")
        child.expect("opened in your web browser")
        child.expect_exact(PROMPT)
        child.send("x")
        child.expect("press one of")
        child.expect_exact(PROMPT)
        child.send("s")
        number, second = heading(child)
        assert number == 2
        child.expect_exact(PROMPT)
        child.send("k")
        _, third = heading(child)
        child.expect_exact(PROMPT)
        child.send("n")
        _, fourth = heading(child)
        child.expect_exact(PROMPT)
        child.send("q")
        child.expect(r"1 sent, 1 skipped, 1 not for them, (\d+) left")
        left = int(child.match.group(1))
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "clipboard.txt").read_text(encoding="utf-8") == EDITED
    assert (tmp_path / "opened.txt").read_text(encoding="utf-8") == link

    # sent: a give in the ledger, as giga log NAME --shared URL records it, and the edited draft marked sent
    touches = rows(db, "select contact_id, kind, url from interactions")
    assert touches == [(contact_id(db, first), "shared", link)]
    sent = rows(db, "select contact_id, body from drafts where sent_at is not null")
    assert sent == [(contact_id(db, first), EDITED)]
    assert rows(db, "select count(*) from drafts")[0][0] == left + 3  # every suggestion shown was kept as a draft
    # skipped and not for them: feedback, exactly as giga feedback --skip / --not-for-them
    verdicts = rows(db, "select contact_id, verdict from feedback order by verdict")
    assert verdicts == [(contact_id(db, third), "not_for_them"), (contact_id(db, second), "skipped")]
    assert not rows(db, "select 1 from feedback where contact_id = ?", contact_id(db, fourth))  # q: nothing
    history = json.loads(run_giga(db, "history", "--json").stdout)
    assert len(history) == 3
    skipped = rows(db, "select article_id from feedback where verdict = 'skipped'")[0][0]
    again = json.loads(run_giga(db, "suggest", "--contact", second, "--top", "5", "--max-age", "0", "--json").stdout)
    assert again and skipped not in [item["article"]["id"] for item in again]  # not offered again


def test_ctrl_c_keeps_what_was_answered_and_records_nothing_half(db: Path):
    child = spawn(db, "--all", "--max-age", "0")
    try:
        _, first = heading(child)
        child.expect_exact(PROMPT)
        child.send("s")
        heading(child)
        child.expect_exact(PROMPT)
        child.send("\x03")
        child.expect(r"1 sent, 0 skipped, 0 not for them, \d+ left")
        child.expect("Aborted")  # what giga prints on Ctrl-C anywhere
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert rows(db, "pragma integrity_check") == [("ok",)]
    assert rows(db, "pragma foreign_key_check") == []
    assert rows(db, "select contact_id, kind from interactions") == [(contact_id(db, first), "shared")]
    assert rows(db, "select contact_id from drafts where sent_at is not null") == [(contact_id(db, first),)]
    assert rows(db, "select count(*) from feedback") == [(0,)]


def test_after_a_send_the_others_for_that_person_are_passed_over(db: Path):
    child = spawn(db, "--contact", "Ada Quillfeather", "--top", "2", "--max-age", "0", env={"EDITOR": "true"})
    try:
        heading(child)
        child.expect_exact(PROMPT)
        child.send("e")  # an editor closed without saving changes nothing
        child.expect("draft unchanged")
        child.expect_exact(PROMPT)
        child.send("s")
        child.expect("passed over: you just sent Ada Quillfeather one")
        child.expect("1 sent, 0 skipped, 0 not for them, 1 left")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert len(rows(db, "select 1 from interactions")) == 1


def test_without_a_terminal_it_says_so_and_records_nothing(db: Path):
    done = subprocess.run([sys.executable, "-m", "giga", "review", "--all"], env=giga_env(db),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "needs a terminal" in done.stderr
    assert rows(db, "select count(*) from drafts") == [(0,)]


def test_an_edited_draft_is_kept_and_is_what_accept_marks_sent(db: Path):
    with giga.open(db) as g:
        first = next(iter(g.drafts(everyone=True, max_age_days=None)))
        with pytest.raises(giga.ArgumentError, match="empty"):
            g.edit_draft(first, "  \n")
        edited = g.edit_draft(first, "Mine now.\n")
        assert edited.draft == "Mine now.\n" and edited.article == first.article
        g.accept(edited)
        assert g.db.execute("select body from drafts where sent_at is not null").fetchall() == [("Mine now.\n",)]
        g.edit_draft(edited, "Too late.\n")  # a sent draft keeps the text that was sent
        assert g.db.execute("select body from drafts where sent_at is not null").fetchall() == [("Mine now.\n",)]


def test_a_shared_page_is_reviewed_person_by_person(db: Path):
    """``giga review --share FILE``: the people a page suits (three by default), each
    with the relationship; s records the give of that page's URL."""
    page = giga.demo_data() / "pages" / "heat-pump-street.html"
    with giga.open(db) as g:  # the demo has one heat-pump person; a looser match needs a whole interest
        g.add_contact("Ada Stone", tags="heat pumps")
        g.add_contact("Bo Lind", tags="heat pumps, insulation")
    child = spawn(db, "--share", str(page))
    child.expect(r"Chioma Windmere: (last touch \d+ days ago|never in touch yet)")
    number, name = heading(child)
    assert number == 1
    child.expect_exact(PROMPT)
    child.send("s")
    child.expect(f"recorded: {re.escape(name)} got One street, forty heat pumps")
    for _ in range(2):
        heading(child)
        child.expect_exact(PROMPT)
        child.send("k")
    child.expect(r"1 sent, 2 skipped, 0 not for them, 0 left")
    child.expect(pexpect.EOF)
    with giga.open(db) as g:
        shared = [i for i in g.interactions() if i.kind == "shared" and i.contact.name == name]
        assert [i.url for i in shared] == ["https://news.example.org/2026/11/one-street-forty-heat-pumps"]
