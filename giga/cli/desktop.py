"""Handing a draft or a link to the desktop: the clipboard and the web browser.

Each returns one line saying what happened, because over ssh or in a bare console there
may be neither, and the person should know rather than paste an old clipboard.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import webbrowser

from .render import cell

# The first of these that is installed and works gets the text (Wayland, X11 twice, macOS, WSL).
CLIPBOARD_PROGRAMS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)


def copy(text: str) -> str:
    """Put ``text`` on the clipboard; says where it went, or that there is no clipboard."""
    for program, *args in CLIPBOARD_PROGRAMS:
        path = shutil.which(program)
        if path is None:
            continue
        try:  # xclip and wl-copy stay behind to serve the selection: never wait on their output
            done = subprocess.run([path, *args], input=text.encode("utf-8"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:  # xclip with no display fails here, and the next one is tried
            return f"copied the draft to the clipboard ({program})"
    if sys.stdout.isatty():
        # OSC 52: the terminal itself sets the clipboard; works over ssh in many terminals
        # (and in tmux with set-clipboard on). Nobody can tell whether it did.
        sys.stdout.write(f"\x1b]52;c;{base64.b64encode(text.encode('utf-8')).decode('ascii')}\x07")
        sys.stdout.flush()
        return "no clipboard program here; asked the terminal to copy it (works where it allows OSC 52)"
    return "no clipboard here"


def open_link(url: str | None) -> str:
    """Open a web link in the browser; one line on what happened."""
    if not url or not url.lower().startswith(("https://", "http://")):
        return "this article has no web link to open"
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    return "opened in your web browser" if opened else f"no web browser here; the link is {cell(url)}"
