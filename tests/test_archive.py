"""The names inside zip attachments: read at parse time, kept in the store, shown, graded."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tradetriage.mail.archive import MAX_MEMBERS, is_zip, zip_members
from tradetriage.mail.parse import parse_message

FIXTURE = Path(__file__).parent / "fixtures" / "attachments" / "zipped-shortcut-rfq.eml"


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name in names:
            archive.writestr(name, b"" if name.endswith("/") else b"stand-in")
    return buf.getvalue()


def test_members_are_the_files_not_the_folders() -> None:
    assert zip_members(_zip("RFQ/", "RFQ/drawing.pdf", "RFQ/list.pdf.lnk")) == (
        "RFQ/drawing.pdf",
        "RFQ/list.pdf.lnk",
    )


def test_a_zip_bomb_lists_only_the_first_members() -> None:
    names = [f"part{n}.txt" for n in range(MAX_MEMBERS + 30)]
    assert zip_members(_zip(*names)) == tuple(names[:MAX_MEMBERS])


def test_what_is_no_zip_reads_as_none() -> None:
    assert zip_members(b"%PDF-1.7 not an archive") is None
    assert zip_members(b"PK\x03\x04 cut off") is None
    assert zip_members(_zip()) == ()  # an empty archive is one


def test_names_the_directory_lacks_are_read_from_the_file_headers() -> None:
    # Cut off before its directory, or a second archive appended to the first: WinRAR and
    # Windows still open what the headers name.
    shortcut = _zip("drawings/", "drawings/list.pdf.lnk")
    assert zip_members(shortcut[: shortcut.index(b"PK\x01\x02")]) == ("drawings/list.pdf.lnk",)
    appended = zip_members(_zip("PL.pdf") + shortcut)
    assert appended is not None and set(appended) == {"PL.pdf", "drawings/list.pdf.lnk"}


@given(st.binary(max_size=400))
def test_any_bytes_give_names_or_none_and_never_raise(data: bytes) -> None:
    found = zip_members(data)
    assert found is None or all(isinstance(name, str) for name in found)


def test_zips_are_told_by_name_or_type() -> None:
    assert is_zip("Anfrage.ZIP ", "application/octet-stream")
    assert is_zip("scan", "application/x-zip-compressed")
    assert not is_zip("drawing.pdf", "application/pdf")


def test_parsing_reads_the_names_inside_an_attached_zip() -> None:
    parsed = parse_message(FIXTURE.read_bytes())
    (attachment,) = parsed.attachments
    assert attachment.filename == "Anfrage_RAB-2024-0709.zip"
    assert attachment.members == (
        "Anfrage_RAB-2024-0709/Stueckliste.pdf.lnk",
        "Anfrage_RAB-2024-0709/Zeichnung_TWA.txt",
    )
    assert parsed.parse_errors == ()


def test_a_broken_zip_is_kept_and_reported() -> None:
    raw = FIXTURE.read_bytes()
    head = raw.partition(b"Content-Transfer-Encoding: base64\n\n")[0]
    broken = base64.encodebytes(b"PK\x03\x04 cut off in transit")
    parsed = parse_message(
        head + b"Content-Transfer-Encoding: base64\n\n" + broken + b"\n--=-rab-0709--\n"
    )
    (attachment,) = parsed.attachments
    assert (attachment.filename, attachment.members) == ("Anfrage_RAB-2024-0709.zip", ())
    assert parsed.parse_errors == (
        "attachment 'Anfrage_RAB-2024-0709.zip' is no readable zip archive",
    )
    assert "Kugelh" in parsed.body_text
