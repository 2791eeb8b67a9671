"""Putting an export's files into a folder without losing anything there.

* A file already in the folder is never overwritten (it may be a draft the user edited):
  the new one is numbered (``tomas-ferreira-2.eml``); ``force`` replaces instead.
* Names are transliterated to ASCII by python-slugify (Unidecode tables: "Tomás
  Ferreira" is ``tomas-ferreira``, "Łukasz" is ``lukasz``), so every mail program and
  file system takes them, and numbered to stay unique within one export.
* Every file is written and flushed to disk in a temporary folder beside the target
  first, then moved in: a new folder appears whole in one rename; into an existing folder
  each file moves in by one rename (or link), once all of them are written. A run killed
  while writing leaves only the hidden temporary folder (removed by a later export once
  it is an hour old), never a partial set in the target.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ...errors import InputError

STALE_SECONDS = 3600  # a temporary folder this old belongs to no running export
_MAX_STEM = 60


def file_stem(text: str, fallback: str = "contact") -> str:
    """A file-name part: lower-case ASCII letters, digits and hyphens."""
    from slugify import slugify  # a small import, only when files are named

    return slugify(text, max_length=_MAX_STEM, word_boundary=True) or fallback


def unique_names(files: Sequence[tuple[str, str]], taken: set[str]) -> list[str]:
    """A name ``stem + suffix`` for each ``(stem, suffix)``, numbered ``-2``, ``-3``...
    past the names in ``taken`` and each other (compared without case, as on macOS and
    Windows)."""
    used = {name.casefold() for name in taken}
    names = []
    for stem, suffix in files:
        name, n = f"{stem}{suffix}", 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}{suffix}"
        used.add(name.casefold())
        names.append(name)
    return names


def _temp_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.giga-"


def _sweep_stale(folder: Path) -> None:
    """Remove temporary folders of exports that were killed (older than an hour)."""
    now = time.time()
    for where in (folder.parent, folder):
        with contextlib.suppress(OSError):
            for entry in where.iterdir():
                if entry.name.startswith(_temp_prefix(folder)) and entry.is_dir() \
                        and now - entry.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)


def _temp_folder(folder: Path) -> Path:
    """A hidden temporary folder beside ``folder`` (one file system: a move is a rename),
    or inside it when only the folder itself can be written."""
    try:
        return Path(tempfile.mkdtemp(prefix=_temp_prefix(folder), dir=folder.parent))
    except OSError:
        if not folder.is_dir():
            raise
        return Path(tempfile.mkdtemp(prefix=_temp_prefix(folder), dir=folder))


def _write(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _move_in(source: Path, folder: Path, name: str, stem: str, suffix: str, force: bool) -> Path:
    """Move one written file into ``folder`` under ``name``; without ``force`` a file
    that appeared there meanwhile is kept and the next free number taken."""
    if force:
        target = folder / name
        os.replace(source, target)
        return target
    n = 1
    while True:
        target = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(source, target)  # fails when the name exists: nothing is replaced
        except FileExistsError:
            n += 1
            continue
        except OSError:  # no hard links on this file system: check, then rename
            if target.exists():
                n += 1
                continue
            os.rename(source, target)
            return target
        source.unlink()
        return target


def write_files(out_dir: Path, files: Sequence[tuple[str, str, bytes]], *, force: bool = False) -> list[Path]:
    """Write ``(stem, suffix, data)`` files into ``out_dir`` (created if needed) and
    return their paths (under ``out_dir`` as given); see the module docstring for what
    is never lost."""
    folder = Path(os.path.abspath(out_dir))  # "." has a name and a parent this way
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if folder.exists() and not folder.is_dir():
            raise InputError(str(out_dir), "cannot create the folder: a file of that name is in the way")
        _sweep_stale(folder)
        temp = _temp_folder(folder)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create the folder: {exc.strerror or exc}") from None
    try:
        existing = set() if force or not folder.is_dir() else set(os.listdir(folder))
        names = unique_names([(stem, suffix) for stem, suffix, _ in files], existing)
        for name, (_, _, data) in zip(names, files):
            _write(temp / name, data)
        if not folder.exists():
            with contextlib.suppress(OSError):
                os.rename(temp, folder)  # the whole set appears at once
                return [out_dir / name for name in names]
            folder.mkdir(exist_ok=True)
        return [out_dir / _move_in(temp / name, folder, name, stem, suffix, force).name
                for name, (stem, suffix, _) in zip(names, files)]
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot write the export: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)

