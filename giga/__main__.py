"""``python -m giga`` runs the command line."""

from .cli import main

main()
