"""The shape of the code that newcomers rely on: lazy imports, a CLI over the public API
only, no import cycles, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "giga"
HEAVY = ("sklearn", "numba", "lxml", "httpx", "jinja2", "trafilatura")

PROBE = """
import sys
{code}
heavy = sorted({{name.split('.')[0] for name in sys.modules}} & set({heavy!r}))
print('heavy:' + ','.join(heavy))
"""


def _heavy_modules_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
                         capture_output=True, text=True, check=True).stdout
    line = out.strip().splitlines()[-1]
    assert line.startswith("heavy:"), out
    return [name for name in line.removeprefix("heavy:").split(",") if name]


def test_import_giga_loads_no_heavy_library():
    assert _heavy_modules_after("import giga") == []


@pytest.mark.parametrize("argv", [["--help"], ["contacts", "--help"], ["suggest", "--help"], ["share", "--help"]])
def test_giga_help_loads_no_heavy_library(argv):
    code = ("from giga.cli import cli\n"
            f"try:\n    cli.main(args={argv!r}, prog_name='giga', standalone_mode=False)\n"
            "except SystemExit:\n    pass\n")
    assert _heavy_modules_after(code) == []


@pytest.mark.parametrize("argv", [["due"], ["contacts", "list"], ["feeds", "list"], ["settings"]])
def test_everyday_commands_load_no_heavy_library(argv, tmp_path):
    """What the user runs every day answers in a blink: no scikit-learn, numba, lxml,
    httpx or jinja2 behind a listing."""
    code = ("from giga.cli import cli\n"
            f"try:\n    cli.main(args=['--db', {str(tmp_path / 'g.db')!r}, *{argv!r}], prog_name='giga',"
            " standalone_mode=False)\nexcept SystemExit:\n    pass\n")
    assert _heavy_modules_after(code) == []


def _imports(path: Path, *, top_level_only: bool) -> list[str]:
    """Absolute names of the giga modules ``path`` imports (relative imports resolved)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    package = package.removesuffix(".__init__")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != "giga":
                continue
            found.append(base)
            for alias in node.names:  # "from . import _store" imports a module
                candidate = f"{base}.{alias.name}"
                if _module_path(candidate) is not None:
                    found.append(candidate)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "giga"]
    return found


def _module_path(name: str) -> Path | None:
    base = PACKAGE.parent / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def test_the_cli_imports_only_public_modules():
    private = {str(path.name): [m for m in _imports(path, top_level_only=False)
                                if any(part.startswith("_") for part in m.split(".")[1:])]
               for path in (PACKAGE / "cli").glob("*.py")}
    assert {name: found for name, found in private.items() if found} == {}


def test_no_import_cycles_among_giga_modules():
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {m for m in _imports(path, top_level_only=True) if m != name and m in _all_modules()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            # importing a submodule runs its package's __init__ first: not a cycle by itself
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def _all_modules() -> set[str]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
            for p in PACKAGE.rglob("*.py")}


def test_modules_stay_small():
    """One job per module: over 400 lines is a sign it holds two (the numba kernels, one
    compiled unit, are the exception)."""
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    big = {name: n for name, n in sizes.items() if n > 400 and not name.endswith("_kernels.py")}
    assert big == {}


def _suggest_all_in_process(db: Path) -> str:
    """Code that runs ``giga suggest --all --json`` on ``db`` in the process it is run in."""
    argv = ["--db", str(db), "suggest", "--all", "--json", "--max-age", "0"]
    return ("import io, contextlib\nfrom giga.cli import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main(args={argv!r}, prog_name='giga', standalone_mode=False)\n")


def test_a_warm_suggest_loads_no_scikit_learn(demo_copy):
    """Once every article and interest of the window has been counted, suggesting needs no
    tokenizer: a run that finds everything counted never pays scikit-learn's import."""
    code = _suggest_all_in_process(demo_copy)
    assert "sklearn" in _heavy_modules_after(code)  # the first run counts
    assert "sklearn" not in _heavy_modules_after(code)


def test_a_warm_suggest_for_contacts_without_tags_loads_no_scikit_learn(demo_copy):
    """Contacts known only by role and notes (a LinkedIn import): their reasons name the
    words they share with the article without scikit-learn either."""
    import giga

    with giga.open(demo_copy) as g:
        for contact in g.contacts():
            g.edit_contact(contact.name, tags=[])
    code = _suggest_all_in_process(demo_copy)
    assert "sklearn" in _heavy_modules_after(code)  # the first run counts
    assert "sklearn" not in _heavy_modules_after(code)
