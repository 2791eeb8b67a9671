"""The CLI's plain-text cards: lines that fit are printed as they are, longer ones are
wrapped exactly as ``textwrap`` wraps them, and untrusted text stays on clean lines."""

from __future__ import annotations

import textwrap

import pytest

from giga.cli.render import print_cards


@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 40])
def test_card_lines_wrap_as_textwrap_does(capsys, monkeypatch, extra):
    monkeypatch.setenv("COLUMNS", "60")
    words = ("alpha beta gamma delta epsilon " * 10).split()
    line = ""
    while len(line) < 56 + extra:
        line = (line + " " + words[len(line) % len(words)]).strip()
    line = line[: 56 + extra].rstrip()
    print_cards([("Heading", f"{line}\n\nshort")])
    printed = capsys.readouterr().out.splitlines()
    expected = textwrap.wrap(line, 58, initial_indent="  ", subsequent_indent="  ")
    assert printed[1 : 1 + len(expected)] == expected
    assert printed[1 + len(expected) : 3 + len(expected)] == ["", "  short"]
    assert all(len(p) <= 60 for p in printed)


def test_card_text_has_no_control_characters(capsys):
    print_cards([("Evil\x1b[2J", "line\x1b]0;title\x07 end\u202e")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
