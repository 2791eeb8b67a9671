"""Contact-file readers: every real export in the corpus, fictional rows per layout,
bad rows with their lines, malformed files, sniffing, and arbitrary bytes."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giga import ContactFormat
from giga._people.contacts_io import MAX_CONTACTS_BYTES, read_contacts, sniff_format

FORMATS = [f.value for f in ContactFormat]
from giga._people.contacts_io._clean import classify_urls, clean_emails, clean_line, clean_note, split_tags
from giga._people.contacts_io._vcard import MAX_CARD_CHARS
from giga.errors import InputError
from giga._types import ContactFile, ContactRecord
from giga.types import SkippedRow

DATA = Path(__file__).parent / "data" / "contacts"
VCARDS = DATA / "vcard" / "ez-vcard"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "contacts"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".csv", ".vcf")) if CORPUS.is_dir() else []

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/contacts not present")

# What each real file yields: (format, records, skipped). Verified by reading the files.
EXPECTED = {
    "csv-address-books/thunderbird/basic_csv_addressbook.csv": ("csv", 2, 0),
    "linkedin/connections_header_2018.csv": ("linkedin", 0, 0),
    "linkedin/connections_header_2026_excel_resaved.csv": ("linkedin", 0, 0),
    "linkedin/connections_preamble_2021_excel_resaved.csv": ("linkedin", 0, 0),
    "linkedin/connections_preamble_2024.csv": ("linkedin", 0, 0),
    "vcard/thunderbird/dos_vcard_addressbook.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_ANDROID.vcf": ("vcard", 6, 0),
    "vcard/ez-vcard/John_Doe_BLACK_BERRY.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_EVOLUTION.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_GMAIL.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_IPHONE.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_LOTUS_NOTES.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/fullcontact.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/gmail-list.vcf": ("vcard", 3, 0),
    "vcard/ez-vcard/gmail-single.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/gmail-single2.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/issue114.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/outlook-2003.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/outlook-2007.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/rfc2426-example.vcf": ("vcard", 2, 0),
    "vcard/ez-vcard/rfc6350-example.vcf": ("vcard", 1, 0),
    "vcard/ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf": ("vcard", 1, 0),
}
# Where each copy in tests/data came from in the corpus.
COPIES = {
    **{f"vcard/ez-vcard/{p.name}": f"vcard/ez-vcard/{p.name}" for p in VCARDS.glob("*.vcf")},
    "vcard/thunderbird/dos_vcard_addressbook.vcf": "vcard/thunderbird/dos_vcard_addressbook.vcf",
    "thunderbird/basic_csv_addressbook.csv": "csv-address-books/thunderbird/basic_csv_addressbook.csv",
}


def vcard(name: str) -> ContactFile:
    return read_contacts(VCARDS / name)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def raises_input_error(path: Path, fmt: str | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        read_contacts(path, fmt)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value


# -- the real corpus -------------------------------------------------------------------------


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_real_file_reads(path: Path) -> None:
    result = read_contacts(path)
    assert sniff_format(path) == result.format
    assert all(isinstance(r, ContactRecord) and r.name and r.line for r in result.records)
    expected = EXPECTED.get(path.relative_to(CORPUS).as_posix())
    if expected is not None:
        assert (result.format, len(result.records), len(result.skipped)) == expected


@needs_corpus
@pytest.mark.corpus
def test_corpus_has_every_expected_file() -> None:
    assert {p.relative_to(CORPUS).as_posix() for p in CORPUS_FILES} >= set(EXPECTED)


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("copy", sorted(COPIES))
def test_copies_in_tests_data_are_unmodified(copy: str) -> None:
    assert (DATA / copy).read_bytes() == (CORPUS / COPIES[copy]).read_bytes()


# -- vCard: concrete values from the real exports (copies in tests/data) ---------------------


@pytest.mark.parametrize(
    ("name", "full_name", "emails", "company", "position"),
    [
        ("John_Doe_GMAIL.vcf", "Mr. John Richter, James Doe Sr.", ("john.doe@ibm.com",), "IBM", "Money Counter"),
        ("John_Doe_EVOLUTION.vcf", "Mr. John Richter, James Doe Sr.", ("john.doe@ibm.com",), "IBM", "Money Counter"),
        ("John_Doe_IPHONE.vcf", "Mr. John Richter James Doe Sr.", ("john.doe@ibm.com",), "IBM", "Money Counter"),
        ("John_Doe_MAC_ADDRESS_BOOK.vcf", "Mr. John Richter,James Doe Sr.", ("john.doe@ibm.com",), "IBM", "Money Counter"),
        ("John_Doe_MS_OUTLOOK.vcf", "Mr. John Richter James Doe Sr.", ("john.doe@ibm.cm",), "IBM", "Money Counter"),
        ("John_Doe_LOTUS_NOTES.vcf", "Mr. Doe John I Johny", ("john.doe@ibm.com", "billy_bob@gmail.com"), "IBM", "Generic Accountant"),
        ("John_Doe_BLACK_BERRY.vcf", "John Doe", (), "Acme Solutions", None),
    ],
)
def test_john_doe_cards(name: str, full_name: str, emails: tuple[str, ...], company: str, position: str | None) -> None:
    (record,) = vcard(name).records
    assert (record.name, record.emails, record.company, record.position) == (full_name, emails, company, position)
    assert record.first_name in ("John", "john")
    assert record.line == 1


def test_gmail_list_has_three_cards_with_their_lines() -> None:
    result = vcard("gmail-list.vcf")
    assert [(r.name, r.first_name, r.emails, r.line) for r in result.records] == [
        ("Arnold Smith", "Arnold", ("asmithk@gmail.com",), 1),
        ("Chris Beatle", "Chris", ("chrisy55d@yahoo.com",), 7),
        ("Doug White", "Doug", ("dwhite@gmail.com",), 13),
    ]


def test_android_quoted_printable_utf8_names_and_broken_photo() -> None:
    """Six 2.1 cards: QP-encoded UTF-8 names (Ñ), soft line breaks, a PHOTO whose base64
    is invalid, and an ORG whose QP bytes are not UTF-8 (that one property is dropped)."""
    records = vcard("John_Doe_ANDROID.vcf").records
    assert [r.line for r in records] == [1, 6, 11, 18, 36, 71]
    assert [r.name for r in records] == [
        "john.doe@company.com",  # e-mail only: the address is the name
        "jane.doe@company.com",
        "Ñ Ñ Ñ Ñ Ñ",
        " ".join(["Ñ"] * 11),  # FN split by a QP soft line break
        "Ñ Ñ Ñ Ñ",
        "ÑÑÑÑ",
    ]
    bob, henry = records[4], records[5]
    assert bob.first_name == "Ñ Ñ Ñ" and bob.emails == ("bob@company.com",)  # the QP "e-mail" is not one
    assert bob.company == "Ñ" * 12 and bob.website == "https://www.company.com"
    assert henry.emails == ("henry@company.com",) and henry.company == "Ñ" * 44
    assert all(r.tags == () for r in records)  # "My Contacts" is Android's system group


def test_outlook_quoted_printable_notes_and_org_with_comma() -> None:
    (r2003,) = vcard("outlook-2003.vcf").records
    assert r2003.name == "John Doe III" and r2003.first_name == "John"
    assert r2003.company == "Company, The" and r2003.position == "The Job Title"
    assert r2003.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert r2003.website == "http://web-page-address.com" and r2003.emails == ("jdoe@hotmail.com",)
    (r2007,) = vcard("outlook-2007.vcf").records
    assert r2007.name == "Mr. Michael Angstadt Jr." and r2007.emails == ("mike.angstadt@gmail.com",)
    assert r2007.notes.startswith("This is the NOTE field\nI assume it encodes this text inside a NOTE vCard type.")


def test_gmail_escapes_groups_and_urls() -> None:
    (greg,) = vcard("gmail-single.vcf").records
    assert greg.website == "http://TheProfile.com"  # from item3.URL, "http\://" unescaped
    assert greg.notes == "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    (test,) = vcard("gmail-single2.vcf").records
    assert test.emails[-1] == "customcategory@example.com"  # item1.EMAIL
    assert len(test.emails) == 5


def test_thunderbird_categories_become_tags() -> None:
    (john,) = vcard("thunderbird-MoreFunctionsForAddressBook-extension.vcf").records
    assert john.tags == ("category1", "category2", "category3")
    assert john.company == "TheOrganization" and john.position == "TheTitle"
    assert john.website == "http://www.private-webpage.com"
    assert john.notes.splitlines()[:2] == ["This is the notes field.", "Second Line"]


def test_vcard_4_and_spec_examples() -> None:
    (full,) = vcard("fullcontact.vcf").records
    assert full.name == "Prefix FirstName MiddleName LastName Suffix" and full.first_name == "FirstName"
    assert full.company == "Organization1" and full.position == "Title1" and full.tags == ("Tag",)
    assert full.notes == "Notes line 1\nNotes line 2"
    assert [r.name for r in vcard("issue114.vcf").records] == ["Dummy, Dummy"]
    frank, tim = vcard("rfc2426-example.vcf").records  # "BEGIN:vCard", no N
    assert (frank.name, frank.first_name, frank.emails) == ("Frank Dawson", None, ("frank_dawson@lotus.com", "fdawson@earthlink.net"))
    assert (tim.name, tim.line) == ("Tim Howes", 13)


def test_thunderbird_vcard_and_csv() -> None:
    (card,) = read_contacts(DATA / "vcard" / "thunderbird" / "dos_vcard_addressbook.vcf").records
    assert (card.name, card.first_name, card.emails) == ("Name Surname", "Name", ("example@gmail.com",))
    result = read_contacts(DATA / "thunderbird" / "basic_csv_addressbook.csv")
    assert result.format == "csv"
    # ".invalid" is reserved never to resolve (RFC 6761): not an address anyone can write
    # to, so email-validator (the rule for add, edit and import alike) leaves it out
    assert [(r.name, r.first_name, r.emails, r.line) for r in result.records] == [
        ("John Doe", "John", (), 2),
        ("Jane Doe", "Jane", (), 3),
    ]


# -- vCard: written cases ----------------------------------------------------------------------

OUTLOOK_CP1252 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;ENCODING=QUOTED-PRINTABLE:M=FCller;Ren=E9\r\n"
    "FN;ENCODING=QUOTED-PRINTABLE:Ren=E9 M=FCller\r\n"
    "ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Caf=E9 Cr=E8me;Ventes\r\n"
    "EMAIL;PREF;INTERNET:Rene.Muller@Example.com\r\n"
    "URL;WORK:http://de.linkedin.com/in/rene-muller-example/?locale=de_DE\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:Zeile eins=0D=0A=\r\nZeile zwei\r\n"
    "CATEGORIES:Machine  Learning;Bread,bread\r\n"
    "END:VCARD\r\n"
)


def test_outlook_style_qp_without_charset_is_windows_1252(tmp_path: Path) -> None:
    (rene,) = read_contacts(write(tmp_path, "rene.vcf", OUTLOOK_CP1252)).records
    assert (rene.name, rene.first_name, rene.company) == ("René Müller", "René", "Café Crème")
    assert rene.emails == ("rene.muller@example.com",)
    assert rene.linkedin_url == "https://www.linkedin.com/in/rene-muller-example"
    assert rene.notes == "Zeile eins\nZeile zwei"
    assert rene.tags == ("Machine Learning", "Bread")


def test_one_bad_card_is_skipped_with_its_line(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Example\nEMAIL:ada@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=FF=FE\nTEL:123\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nTEL:555\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Only An Org\\, Inc.;Dept\nEND:VCARD\n"
    )
    result = read_contacts(write(tmp_path, "mixed.vcf", text))
    assert [(r.name, r.line) for r in result.records] == [("Ada Example", 1), ("Only An Org, Inc.", 15)]
    assert [s.line for s in result.skipped] == [6, 11]
    assert "line 8" in result.skipped[0].reason and "UnicodeDecodeError" in result.skipped[0].reason
    assert result.skipped[1].reason == "vCard has no name and no e-mail address"


def test_nested_agent_card_stays_inside_its_parent(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss Example\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\n"
        "FN:Assistant Example\nEMAIL:assistant@example.com\nEND:VCARD\nEMAIL:boss@example.com\nEND:VCARD\n"
    )
    (boss,) = read_contacts(write(tmp_path, "agent.vcf", text)).records
    assert (boss.name, boss.emails) == ("Boss Example", ("boss@example.com",))


def test_vcard_fallback_names_and_control_characters(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Lovelace;Ada;King,Byron;;\nEMAIL:ADA@EXAMPLE.COM\nEMAIL:ada@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Gr\x07ace\x00 \x1bHopper\nTITLE:Rear\tAdmiral\nEND:VCARD\n"
    )
    ada, grace = read_contacts(write(tmp_path, "fallback.vcf", text)).records
    assert (ada.name, ada.first_name, ada.emails) == ("Ada King Byron Lovelace", "Ada", ("ada@example.com",))
    assert (grace.name, grace.position) == ("Grace Hopper", "Rear Admiral")


def test_hostile_vcard_lines_stay_fast(tmp_path: Path) -> None:
    """vobject's line regex is exponential on ``FN;X=1;...;:``; photos cost it quadratic time."""
    photo = "\n ".join(["QUJD" * 18] * 40_000)  # ~2.9 MB of folded base64, lines 9-40008
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN;" + "X=1;" * 40 + ":Slow Example\nEMAIL:slow@example.com\nEND:VCARD\n"
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Photo Example\nPHOTO;ENCODING=b;TYPE=JPEG:{photo}\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Big Note\nNOTE:" + "x" * (MAX_CARD_CHARS + 1) + "\nEND:VCARD\n"
    )
    started = time.monotonic()
    result = read_contacts(write(tmp_path, "hostile.vcf", text))
    assert time.monotonic() - started < 5
    assert [(r.name, r.line) for r in result.records] == [("slow@example.com", 1), ("Photo Example", 6)]
    assert result.skipped == (SkippedRow(40_010, "vCard is larger than 256 KB without its photos"),)


# -- LinkedIn ------------------------------------------------------------------------------------


def test_linkedin_2024_with_preamble() -> None:
    result = read_contacts(DATA / "linkedin" / "connections_2024.csv")
    assert result.format == "linkedin"
    ada, bruno, chioma = result.records
    assert (ada.name, ada.first_name, ada.emails, ada.line) == ("Ada Quillfeather", "Ada", (), 5)
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada-quillfeather-example"
    assert (ada.company, ada.position, ada.notes) == ("Quillfeather Analytics", "Staff Engineer", "Connected on 30 May 2024")
    assert bruno.emails == ("bruno@kettleby.example.com",) and bruno.company == "Kettleby & Crumb, Bakers"
    assert bruno.linkedin_url == "https://www.linkedin.com/in/bruno-kettleby-example"
    assert (chioma.line, chioma.position) == (8, "Grid Analyst, Demand Response")
    assert result.skipped == (SkippedRow(7, "no name and no e-mail address"),)


def test_linkedin_2018_quoted_dates() -> None:
    dmitri, elif_ = read_contacts(DATA / "linkedin" / "connections_2018.csv").records
    assert dmitri.notes == "Connected on 1/8/18, 6:14 PM" and dmitri.linkedin_url is None
    assert dmitri.emails == ("dmitri.halloway@example.com",)
    assert (elif_.name, elif_.emails, elif_.line) == ("Elif Brightwater", (), 3)


def test_linkedin_excel_resave_without_name_columns_skips_every_row() -> None:
    result = read_contacts(DATA / "linkedin" / "connections_2021_excel_resaved.csv")
    assert result.format == "linkedin" and result.records == ()
    assert [s.line for s in result.skipped] == [5, 6]
    assert all("no name" in s.reason and "no name or e-mail columns" in s.reason for s in result.skipped)


def test_linkedin_2026_windows_1252_file() -> None:
    finn, jose = read_contacts(DATA / "linkedin" / "connections_2026_excel_resaved.csv").records
    assert finn.notes == "Connected on 5-Jan-26"
    assert (jose.name, jose.first_name, jose.company) == ("José Peña", "José", "Peña Consulting")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_linkedin_with_byte_order_marks(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = (DATA / "linkedin" / "connections_2024.csv").read_text("utf-8") + "Zoë,Ångström,,zoe@example.com,,,1 Jun 2024\n"
    path = write(tmp_path, "Connections.csv", prefix + text.encode(encoding))
    result = read_contacts(path)
    assert result.format == "linkedin"
    assert [r.name for r in result.records][-1] == "Zoë Ångström"
    assert [r.line for r in result.records] == [5, 6, 8, 9]


def test_semicolon_separated_resave(tmp_path: Path) -> None:
    path = write(tmp_path, "Connections.csv", 'First Name;Last Name;Email Address;Company;Position;Connected On\r\nAda;Example;;"A; B";CTO;1 Jan 2024\r\n')
    (ada,) = read_contacts(path).records
    assert (ada.name, ada.company) == ("Ada Example", "A; B")


# -- Google --------------------------------------------------------------------------------------


def test_google_current_export() -> None:
    result = read_contacts(DATA / "google" / "google_contacts.csv")
    assert result.format == "google"
    grace, hiro, org = result.records
    assert grace.emails == ("grace.ottermill@example.com", "grace@ottermill.example.org")
    assert grace.tags == ("Climate Tech",)  # "* myContacts" and "* starred" dropped
    assert grace.linkedin_url == "https://www.linkedin.com/in/grace-ottermill-example"
    assert grace.website == "https://ottermill.example.org/blog"
    assert grace.notes == "Raising a seed round.\nAsked for intros to heat-pump installers."
    assert (grace.company, grace.position, grace.line) == ("Ottermill Carbon", "Co-founder & CEO", 2)
    assert (hiro.name, hiro.first_name, hiro.line, hiro.tags) == ("Hiro K. Tanbrook", "Hiro", 4, ("Data Visualization",))
    assert (org.name, org.emails) == ("Nameless Org", ("info@nameless.example.com",))
    assert result.skipped == (SkippedRow(5, "no name and no e-mail address"),)


def test_google_legacy_export() -> None:
    isla, jonah = read_contacts(DATA / "google" / "google_contacts_legacy.csv").records
    assert (isla.name, isla.first_name, isla.emails) == ("Isla Pennywhistle", "Isla", ("isla.p@example.com",))
    assert isla.tags == ("Running", "Friends")  # "* My Contacts" dropped, "* Friends" kept
    assert (isla.company, isla.position, isla.website) == ("Pennywhistle Nutrition", "Sports Dietitian", "http://pennywhistle.example.com")
    assert (jonah.name, jonah.tags) == ("Jonah Featherstone", ("Sailing", "Woodworking"))


# -- giga's plain CSV ------------------------------------------------------------------------


def test_plain_csv_records_and_bad_rows_with_lines() -> None:
    result = read_contacts(DATA / "plain" / "contacts.csv")
    assert result.format == "csv"
    kavya, nico = result.records
    assert kavya.tags == ("open source", "Developer Tools", "pricing")
    assert (kavya.cadence_days, kavya.first_name, kavya.line) == (21, "Kavya", 2)
    assert kavya.linkedin_url == "https://www.linkedin.com/in/kavya-moonfield-example"
    assert (kavya.website, kavya.feed_url) == ("https://moonfield.example.com", "https://moonfield.example.com/feed.xml")
    assert kavya.notes == "Building an open core CLI.\nWeighing usage pricing."
    assert (nico.emails, nico.cadence_days, nico.website, nico.line) == (("nico@example.com",), 7, "https://www.fenwick.example.com", 7)
    lines = [(s.line, s.reason.split(",")[0].split(" (")[0]) for s in result.skipped]
    assert lines == [
        (4, "every must be a whole number of days from 1 to 3650"),  # "sixty", after a 2-line record
        (5, "no name and no e-mail address"),
        (6, "every must be a whole number of days from 1 to 3650"),  # 0
        (8, "more cells than the header has columns"),
    ]


def test_plain_csv_minimal_and_case_insensitive_header(tmp_path: Path) -> None:
    path = write(tmp_path, "people.txt", "NAME\nAda\n\n Grace \n")
    result = read_contacts(path)
    assert [(r.name, r.line) for r in result.records] == [("Ada", 2), ("Grace", 4)]


# -- malformed files -----------------------------------------------------------------------------


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", b"name,email\nAda,ada@example.com\nBad\x81\x8d,x@example.com\n")
    err = raises_input_error(path)
    assert err.line == 3 and "undecodable" in err.message


def test_unknown_header_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "\n\nfoo,bar,baz\n1,2,3\n")
    with pytest.raises(InputError, match="--format"):
        read_contacts(path)
    err = raises_input_error(path, "csv")
    assert err.line == 3 and "name" in err.message
    assert raises_input_error(path, "linkedin").line == 3


def test_broken_quoting_is_an_error_at_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'name,email\nAda,ada@example.com\n"Grace,grace@example.com\nLin,lin@example.com\n')
    err = raises_input_error(path)
    assert err.line == 3 and "malformed CSV" in err.message
    late = write(tmp_path, "late.csv", 'name,notes\nAda,"fine"\nBo,"x"y"\n')
    assert raises_input_error(late).line == 3


def test_vcard_without_end_is_an_error_at_begin(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\nFN:Ada\nEND:VCARD\n\nBEGIN:VCARD\nVERSION:3.0\nFN:Truncated\n"
    err = raises_input_error(write(tmp_path, "t.vcf", text))
    assert err.line == 5 and "END:VCARD" in err.message


def test_vcf_without_any_card_is_an_error(tmp_path: Path) -> None:
    raises_input_error(write(tmp_path, "empty.vcf", "FN:Nobody\n"))
    raises_input_error(write(tmp_path, "people.csv", "name\nAda\n"), "vcard")


def test_file_over_50_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"name\n")
        f.truncate(MAX_CONTACTS_BYTES + 1)
    assert "larger than 50 MB" in raises_input_error(path).message


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    assert "cannot read" in raises_input_error(tmp_path / "nope.csv").message
    assert "empty" in raises_input_error(write(tmp_path, "empty.csv", "")).message
    with pytest.raises(InputError):
        sniff_format(tmp_path / "nope.csv")


def test_unknown_format_name_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown contacts format"):
        read_contacts(write(tmp_path, "a.csv", "name\nAda\n"), "outlook")


# -- sniffing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("linkedin/connections_2024.csv", "linkedin"),
        ("linkedin/connections_2018.csv", "linkedin"),
        ("linkedin/connections_2021_excel_resaved.csv", "linkedin"),
        ("linkedin/connections_2026_excel_resaved.csv", "linkedin"),
        ("google/google_contacts.csv", "google"),
        ("google/google_contacts_legacy.csv", "google"),
        ("plain/contacts.csv", "csv"),
        ("thunderbird/basic_csv_addressbook.csv", "csv"),
        ("vcard/ez-vcard/gmail-list.vcf", "vcard"),
    ],
)
def test_sniff_format(relative: str, expected: str) -> None:
    assert sniff_format(DATA / relative) == expected
    assert expected in FORMATS


def test_sniff_vcard_by_content_and_by_extension(tmp_path: Path) -> None:
    assert sniff_format(write(tmp_path, "contacts.txt", "\n\nbegin:vcard\nFN:Ada\nEND:VCARD\n")) == "vcard"
    assert sniff_format(write(tmp_path, "contacts.VCARD", "")) == "vcard"


def test_sniff_refuses_to_guess(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot tell the format.*--format"):
        sniff_format(write(tmp_path, "x.csv", "Full Name,Mail\nAda,ada@example.com\n"))


def test_explicit_format_reads_a_header_of_that_family_only(tmp_path: Path) -> None:
    path = DATA / "google" / "google_contacts_legacy.csv"  # has a "Name" column
    assert read_contacts(path, "csv").format == "csv"
    with pytest.raises(InputError, match="LinkedIn"):
        read_contacts(path, "linkedin")


# -- cleaning helpers ----------------------------------------------------------------------------


def test_clean_helpers() -> None:
    assert clean_emails(["A@X.org; a@x.org", "mailto:b@y.co.uk", "<c@z.io>", "no@tld", "two@@x.org", "d@.x.org", None]) == (
        "a@x.org",
        "b@y.co.uk",
        "c@z.io",
    )
    assert split_tags(["Machine  Learning, python;PYTHON,, ", "a\u0007i"]) == ("Machine Learning", "python", "ai")
    assert classify_urls(["ftp://x.org", "javascript:alert(1)", "http://uk.linkedin.com/in/x/?trk=1#top", "https://x.org/a"]) == (
        "https://www.linkedin.com/in/x",
        "https://x.org/a",
    )
    assert classify_urls(["https://www.linkedin.com/", "http://[bad"]) == (None, None)
    assert clean_line("  a\x00b\tc\u2028d  ") == "ab c d"
    assert clean_note("one\r\ntwo\x0c\n\n\n\nthree\x00") == "one\ntwo\n\nthree"


# -- arbitrary bytes ---------------------------------------------------------------------------

_SEEDS = [
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:=C3=91=\r\n",
    b"Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    b"name,email,every\n",
    b"First Name,E-mail 1 - Value\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from([b"", *_SEEDS]),
    body=st.binary(max_size=400) | st.text(max_size=300).map(str.encode),
    suffix=st.sampled_from([".csv", ".vcf", ".txt"]),
    fmt=st.sampled_from([None, *FORMATS]),
)
def test_arbitrary_bytes_give_a_contact_file_or_input_error(tmp_path: Path, prefix: bytes, body: bytes, suffix: str, fmt: str | None) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(prefix + body)
    try:
        result = read_contacts(path, fmt)
    except InputError as e:
        assert e.path == str(path)
        return
    assert isinstance(result, ContactFile) and result.format in FORMATS
    for record in result.records:
        assert record.name and record.name == clean_line(record.name)
        assert all(e == e.lower() and e.count("@") == 1 for e in record.emails)
