"""User templates run within limits (issue 18): output, work, nesting and value size.

Each hostile template is set up as a user would (``giga settings templates DIR``) and
the draft is asked for through the CLI: the answer is one line naming the template file,
and a non-zero exit, never a traceback, a hang or gigabytes of memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import giga as run_giga

import giga
from giga._recommend.drafts import Composer, DraftInput

HOSTILE = {
    # 300 MB of 'x' (11 GB of memory before the fix)
    "multiply": ("{{ 'x' * 300000000 }}", "would grow past"),
    "power": ("{{ 10 ** 100000000 }}", "more than 19,000 digits"),
    # 10^10 turns (hangs before the fix)
    "nested-range": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                     "range of more than"),
    "nested-loops": ("{% set s = 'x' * 60000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
                     "steps"),
    # a 2,600-line RecursionError before the fix
    "recursive-macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nested more than"),
    "self-include": ("{% include 'share/hostile.txt.j2' %}", "itself"),
    "output": ("{% for i in range(10000) %}{{ 'y' * 100 }}{% endfor %}", "more than 64 KB"),
    "center": ("{{ ('x' * 1000).center(300000000) }}", "would grow past"),
    "format-width": ("{{ '{:>300000000}'.format(1) }}", "format width"),
    "doubling": (("{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                  "{% endfor %}{{ ns.s }}"), "would grow past"),
    "join": ("{{ range(10000)|map('string')|join('x' * 60000) }}", "would grow past"),
    "divide": ("{{ 1 / 0 }}", "division by zero"),
}


def _template_folder(root: Path, text: str) -> Path:
    """Every packaged share phrasing replaced by ``text``, plus ``hostile`` itself."""
    folder = root / "templates"
    (folder / "share").mkdir(parents=True)
    for name in [*Composer(None).variants("share"), "hostile"]:
        (folder / "share" / f"{name}.txt.j2").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    copy = tmp_path / "g.db"
    copy.write_bytes(demo_db.read_bytes())
    return copy


#: The three doors the red-team pass tried, and the output cap, through the CLI; the rest
#: in-process (a CLI run costs two seconds).
THROUGH_CLI = ["multiply", "nested-range", "recursive-macro", "output"]


@pytest.mark.parametrize("case", THROUGH_CLI)
def test_a_template_over_a_limit_is_one_line_naming_it(db, tmp_path, case):
    text, expected = HOSTILE[case]
    folder = _template_folder(tmp_path, text)
    run_giga(db, "settings", "templates", str(folder))
    result = run_giga(db, "suggest", "--all", "--max-age", "0", check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert str(folder / "share") in lines[0] and ".txt.j2" in lines[0]
    assert expected in lines[0]


@pytest.mark.parametrize("case", sorted(set(HOSTILE) - set(THROUGH_CLI)))
def test_every_limit_is_one_line_naming_the_template(tmp_path, case):
    text, expected = HOSTILE[case]
    folder = _template_folder(tmp_path, text)
    with pytest.raises(giga.InputError) as caught:
        Composer(folder).compose(DraftInput("share", "k", "Ana", "a1", "Heat pumps", "https://x.example/a", ""))
    message = str(caught.value)
    assert "\n" not in message and str(folder / "share") in message and expected in message


def test_ordinary_template_features_still_work(db, tmp_path):
    text = ("{% set subject = 'For ' ~ first_name %}{% macro shout(s) %}{{ s|upper }}{% endmacro %}"
            "Hi {{ first_name }}, {{ shout(title) }} {% for w in title.split()[:3] %}{{ loop.index }}.{{ w }} "
            "{% endfor %}{{ '%-6s|' % 'ab' }}{{ '-' * 10 }} {{ url }}\n")
    folder = _template_folder(tmp_path, text)
    run_giga(db, "settings", "templates", str(folder))
    result = run_giga(db, "suggest", "--all", "--max-age", "0", "--json")
    assert '1.' in result.stdout and "ab    |----------" in result.stdout
