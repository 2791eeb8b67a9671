"""Every example runs as a user would run it (a subprocess), offline."""

from __future__ import annotations

import email
import os
import plistlib
import subprocess
import sys
from email import policy
from pathlib import Path

import giga

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                            env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    return result


def test_quickstart(tmp_path):
    db = tmp_path / "q.db"
    out = run(str(EXAMPLES / "quickstart.py"), "--db", str(db), cwd=tmp_path).stdout
    assert "6 feeds" in out and "Due for a touch:" in out and "why:" in out and "Recorded." in out
    with giga.open(db) as g:
        assert g.db.execute("select count(*) from drafts").fetchone()[0] == 0  # suggest() stores nothing
        assert g.db.execute("select count(*) from interactions where kind = 'shared'").fetchone()[0] >= 1


def test_import_contacts_twice_changes_nothing(tmp_path):
    db = tmp_path / "c.db"
    first = run(str(EXAMPLES / "import_contacts.py"), "--db", str(db), cwd=tmp_path).stdout
    assert "Connections.csv (linkedin): 3 added" in first and "friends.vcf (vcard): 1 added, 0 updated, 1 unchanged" in first
    assert "bike touring" in first
    second = run(str(EXAMPLES / "import_contacts.py"), "--db", str(db), cwd=tmp_path).stdout
    assert "0 added, 0 updated, 3 unchanged" in second
    with giga.open(db) as g:
        assert len(g.contacts()) == 4


def test_weekly_drafts_writes_eml_files(tmp_path):
    out = tmp_path / "drafts"
    printed = run(str(EXAMPLES / "weekly_drafts.py"), "--demo", "--out", str(out), cwd=tmp_path).stdout
    files = sorted(out.glob("*.eml"))
    assert files and f"{len(files)} drafts written" in printed
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message["X-Unsent"] == "1" and message["Subject"] and message.get_content().startswith("H")


def test_schedule_prints_cron_and_launchd_and_runs_the_notebook(tmp_path):
    script = str(EXAMPLES / "schedule" / "schedule_weekly.py")
    cron = run(script, "cron", "--out", str(tmp_path), cwd=tmp_path).stdout.strip()
    fields = cron.split(" ", 5)
    assert fields[:5] == ["30", "7", "*", "*", "1"] and "schedule_weekly.py run --out" in fields[5]
    plist = plistlib.loads(run(script, "launchd", "--out", str(tmp_path), cwd=tmp_path).stdout.encode())
    assert plist["Label"] == "org.giga.weekly" and plist["StartCalendarInterval"]["Weekday"] == 1
    assert plist["ProgramArguments"][-3:] == ["run", "--out", str(tmp_path.resolve())]
    wrote = run(script, "run", "--demo", "--out", str(tmp_path / "runs"), cwd=tmp_path).stdout
    [notebook] = list((tmp_path / "runs").glob("weekly-*.ipynb"))
    assert str(notebook) in wrote and b'"image/png"' in notebook.read_bytes()
