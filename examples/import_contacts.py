"""Import people from a LinkedIn export and from vCards, then give them interests.

    python examples/import_contacts.py [--db PATH] [FILE ...]

Without FILE it imports the fictional examples in examples/data/. The format (LinkedIn
Connections.csv, vCard, Google Contacts CSV, plain CSV) is sniffed from the file. Importing
the same file again changes nothing: people are matched by e-mail, LinkedIn URL, then name.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import giga

DATA = Path(__file__).resolve().parent / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DATA / "Connections.csv", DATA / "friends.vcf"])
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="giga-import-")) / "giga.db"

    with giga.open(path) as g:
        for file in args.files:
            try:
                report = g.import_contacts(file)
            except giga.GigaError as error:  # a malformed file: one clear line, nothing imported
                print(f"{file}: {error}")
                return 1
            print(f"{file.name} ({report.format}): {len(report.added)} added, {len(report.updated)} updated, "
                  f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped")
            for row in report.skipped:
                print(f"  line {row.line}: {row.reason}")

        # Interests make suggestions possible; cadence says how often to be in touch.
        for contact in g.contacts():
            if not contact.tags and "Oskar" in contact.name:
                g.edit_contact(contact.name, tags="bike touring, bikepacking", cadence_days=45)
        for contact in g.contacts():
            print(f"  {contact.name:<22} {', '.join(contact.emails) or '-':<32} tags: {', '.join(contact.tags) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
