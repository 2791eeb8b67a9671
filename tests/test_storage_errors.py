"""The database file's doors (issue 18): every failure of the file is one line naming
the cause, never a traceback, and nothing stored is changed by the failure.

Real SQLite files and the ``giga`` command in a child process, as a user runs it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from giga_process import giga_env

import giga

SITE = Path(__file__).resolve().parent / "data" / "sigint_site"


def run(db: Path | str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "giga", "--db", str(db), *args], capture_output=True,
                          text=True, env={**giga_env(Path(str(db))), **(env or {})}, timeout=120)


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The stderr of a failed run, checked to be one Error: line with ``words`` in it."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and len(result.stderr.splitlines()) <= 2, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "giga.db"
    with giga.open(path) as g:
        for name, tags in (("Ada Lovelace", "climate"), ("Grace Hopper", "python"), ("Alan Turing", "maths")):
            g.add_contact(name, tags=tags)
    return path


def test_a_damaged_page_is_one_line_that_says_what_to_run(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("pragma page_size").fetchone()[0]
        root = conn.execute("select rootpage from sqlite_master where name = 'contacts'").fetchone()[0]
    with open(db, "r+b") as handle:  # the contacts table's first page, overwritten
        handle.seek(page_size * (root - 1))
        handle.write(b"\xde\xad" * (page_size // 2))
    for command in (("contacts", "list"), ("due",), ("log", "Ada Lovelace", "--gave", "a book")):
        one_line_error(run(db, *command), "damaged", "malformed", "PRAGMA integrity_check", str(db))


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my shopping list\n" * 200)
    before = digest(notes)
    one_line_error(run(notes, "contacts", "list"), "not a SQLite database")
    assert digest(notes) == before


def test_another_programs_database_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table photos (id integer primary key, path text)")
        conn.execute("insert into photos (path) values ('a.jpg')")
    conn.close()
    before = digest(other)
    for command in (("contacts", "list"), ("contacts", "add", "Ghost Person")):
        one_line_error(run(other, *command), "another program's database", "photos", "untouched")
    assert digest(other) == before
    assert not Path(f"{other}-wal").exists()
    with sqlite3.connect(other) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")] == ["photos"]


def test_an_emptied_migration_record_is_named_not_table_already_exists(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("delete from _giga_migrations")
    conn.close()
    before = digest(db)
    error = one_line_error(run(db, "contacts", "list"), "migration record", "_giga_migrations")
    assert "already exists" not in error
    assert digest(db) == before


@pytest.mark.parametrize("name", [":memory:", "/dev/null", "fifo"])
def test_memory_devices_and_pipes_are_refused_in_one_line(tmp_path: Path, name: str) -> None:
    target = str(tmp_path / "pipe") if name == "fifo" else name
    if name == "fifo":
        os.mkfifo(target)
    result = run(target, "contacts", "add", "Ghost Person")
    one_line_error(result)
    assert "added" not in result.stdout


def test_a_new_database_and_folder_are_announced_on_stderr_only(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "giga.db"
    result = run(target, "contacts", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []  # stdout stays pure JSON
    assert f"created the folder {target.parent}" in result.stderr
    assert f"created a new giga database at {target}" in result.stderr
    again = run(target, "contacts", "list", "--json")
    assert again.returncode == 0 and again.stderr == ""


def test_a_lock_held_past_the_timeout_says_it_waits_then_fails_in_one_line(db: Path) -> None:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("begin immediate")  # another process in the middle of a write
    try:
        logged = run(db, "log", "Ada Lovelace", "--gave", "a book", env={"GIGA_BUSY_TIMEOUT": "0.5"})
        assert f"waiting for another giga process holding {db}..." in logged.stderr
        one_line_error(logged, "locked by another process", "gave up after 0.5 s")
        listed = run(db, "contacts", "list", "--json", env={"GIGA_BUSY_TIMEOUT": "0.5"})
        assert listed.returncode == 0, listed.stderr  # reading does not wait for a writer
        assert len(json.loads(listed.stdout)) == 3
    finally:
        holder.rollback()
        holder.close()
    assert run(db, "log", "Ada Lovelace", "--gave", "a book").returncode == 0


def test_a_full_disk_during_a_write_is_one_line_and_keeps_what_was_stored(db: Path, tmp_path: Path) -> None:
    rows = "\n".join(f"Person {n},person{n}@example.org,topic {n}" for n in range(3000))
    big = tmp_path / "contacts.csv"
    big.write_text(f"name,email,tags\n{rows}\n")
    with giga.open(db) as g:
        pages = g.db.execute("pragma page_count").fetchone()[0]
        g.db.execute(f"pragma max_page_count = {pages + 2}")  # SQLite's own SQLITE_FULL
        with pytest.raises(giga.StorageError, match="disk is full"):
            g.import_contacts(big)
        assert len(g.contacts()) == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_read_only_and_full_are_told_from_the_causes_sqlite_and_the_os_give(tmp_path: Path) -> None:
    path = tmp_path / "giga.db"
    giga.open(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as readonly:
        conn.execute("insert into settings (key, value) values ('a', '1')")
    conn.close()
    assert "read-only" in str(giga.StorageError.from_exception(readonly.value, path))
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    assert "disk is full" in str(giga.StorageError.from_exception(full))
    denied = OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
    assert "cannot write here" in str(giga.StorageError.from_exception(denied))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_database_file_is_one_line(db: Path) -> None:
    db.chmod(0o444)
    try:
        one_line_error(run(db, "contacts", "add", "Bob"), "read-only")
    finally:
        db.chmod(0o644)


@pytest.mark.parametrize("module", ["giga.core", "giga.cli.people"])
def test_ctrl_c_while_giga_is_still_importing_is_one_line_and_exit_130(tmp_path: Path, module: str) -> None:
    """The SIGINT arrives while ``module`` is being imported (a meta-path hook in a
    sitecustomize sends it: the moment is exact, no timing involved)."""
    env = giga_env(tmp_path / "giga.db")
    env = {**env, "PYTHONPATH": f"{SITE}{os.pathsep}{env['PYTHONPATH']}", "GIGA_SIGINT_AT_IMPORT": module}
    result = subprocess.run([sys.executable, "-m", "giga", "contacts", "list"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "Interrupted.\n"


def test_the_tables_that_identify_a_giga_database_are_the_ones_it_creates(tmp_path: Path) -> None:
    from giga._store.identify import CORE_TABLES

    with giga.open(tmp_path / "giga.db") as g:
        assert CORE_TABLES <= set(g.db.table_names())


def test_a_full_disk_during_fetch_is_one_storage_error_and_the_file_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "giga.db"
    with giga.open(path, parse_workers=1) as g:
        g.import_opml(giga.demo_data() / "opml" / "demo.opml")
        pages = g.db.execute("pragma page_count").fetchone()[0]
        g.db.execute(f"pragma max_page_count = {pages + 1}")
        with pytest.raises(giga.StorageError, match="disk is full"):
            g.fetch()
        feeds = len(g.feeds())
    assert feeds > 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_an_export_onto_a_full_disk_is_one_line_and_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    """Verified, not changed: drafts are written in a temporary folder and moved in once
    all are whole, so a full disk half-way leaves neither a 0-byte .eml nor the folder."""
    from giga._recommend.drafts import files

    written: list[Path] = []

    def fill_up(path: Path, data: bytes) -> None:
        if written:  # the second file meets a full disk after a partial write
            path.write_bytes(b"")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        path.write_bytes(data)
        written.append(path)

    monkeypatch.setattr(files, "_write", fill_up)
    out = tmp_path / "drafts"
    with pytest.raises(giga.InputError, match="No space left on device") as error:
        files.write_files(out, [("ada", ".eml", b"To: a\n\nhi"), ("grace", ".eml", b"To: g\n\nhi")])
    assert "\n" not in str(error.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []
