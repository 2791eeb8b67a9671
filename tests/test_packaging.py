"""What a plain `pip install .` ships: every data file the package reads at run time."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_package_is_declared_package_data():
    # an editable install (CI) reads the source tree, so a missing declaration only shows
    # on a real install: `giga demo` failed there once when the draft templates were left out
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["giga"]
    package = ROOT / "giga"
    data = [p for p in package.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
            and "__pycache__" not in p.parts]
    assert data
    missing = [str(p.relative_to(package)) for p in data
               if not any(p.relative_to(package).match(pattern) or
                          _under(p.relative_to(package), pattern) for pattern in patterns)]
    assert not missing, f"not shipped by `pip install .`: {missing}"


def _under(path: Path, pattern: str) -> bool:
    """``folder/**/*`` covers every file below ``folder``."""
    if not pattern.endswith("/**/*"):
        return False
    return path.parts[: len(Path(pattern[:-5]).parts)] == Path(pattern[:-5]).parts
