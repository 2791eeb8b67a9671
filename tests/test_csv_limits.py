"""Hostile CSV headers (issue 18): a file with a 5-million-column header took 1.6 GB of
memory; now a header line is measured before it is split, and one over the limits is a
one-line error naming the file and line, with nothing imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import giga as run_giga

import giga
MAX_COLUMNS, MAX_HEADER_CHARS = 500, 64 * 1024  # giga._people.contacts_io._table


def _one_line_error(db: Path, path: Path) -> str:
    result = run_giga(db, "contacts", "import", str(path), check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert f"{path}:" in lines[0]
    return lines[0]


def test_a_five_million_column_header_is_one_line_and_imports_nothing(tmp_path):
    db, path = tmp_path / "g.db", tmp_path / "wide.csv"
    giga.open(db).close()  # an existing database: a new one is announced on stderr
    path.write_text("name," + ",".join(["c"] * 5_000_000) + "\nAna Lima,x\n", encoding="utf-8")
    line = _one_line_error(db, path)
    assert "header line longer than 64 KB" in line
    assert json.loads(run_giga(db, "contacts", "list", "--json").stdout) == []


def test_a_header_with_too_many_columns_is_refused(tmp_path):
    path = tmp_path / "many.csv"
    header = ["name", *(f"extra {i}" for i in range(MAX_COLUMNS))]
    assert len(",".join(header)) < MAX_HEADER_CHARS
    path.write_text(",".join(header) + "\nAna Lima\n", encoding="utf-8")
    with giga.open(tmp_path / "g.db") as g, pytest.raises(giga.InputError) as caught:
        g.import_contacts(path)
    assert f"{MAX_COLUMNS + 1} columns" in str(caught.value) and str(caught.value).startswith(f"{path}:1:")


def test_a_header_within_the_limits_still_imports(tmp_path):
    path = tmp_path / "wide-ok.csv"
    header = ["name", *(f"extra {i}" for i in range(MAX_COLUMNS - 1))]
    path.write_text("Exported contacts\n" + ",".join(header) + "\nAna Lima\n", encoding="utf-8")
    with giga.open(tmp_path / "g.db") as g:
        assert g.import_contacts(path).added == ("Ana Lima",)


def test_a_data_line_over_a_megabyte_is_refused(tmp_path):
    path = tmp_path / "long-row.csv"
    path.write_text("name,notes\nAna Lima," + "x," * 600_000 + "\n", encoding="utf-8")
    with giga.open(tmp_path / "g.db") as g, pytest.raises(giga.InputError) as caught:
        g.import_contacts(path)
    assert str(caught.value).startswith(f"{path}:2: a line longer than 1,024 KB")
    with giga.open(tmp_path / "g.db") as g:
        assert g.contacts() == []
