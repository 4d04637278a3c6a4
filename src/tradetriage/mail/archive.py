"""The names of the files inside a zip attachment, read at parse time.

A shortcut or script zipped ("Anfrage_RAB-2024-0709.zip" holding "Anfrage.pdf.lnk") passes
every check that reads only the attachment's own name; Gmail and Outlook refuse such an archive
for the same reason they refuse the program itself. The names come from the zip's central
directory, which lists them without decompressing anything, and even when the archive is
locked with a password. Only zip: RAR and 7-Zip need libraries of their own to read, and
compressed tarballs need decompressing.
"""

from __future__ import annotations

import io
import zipfile

# Bigger archives are drawings and catalogues that no one hides a lure in; decoding one costs
# a copy of it in memory.
MAX_ZIP_BYTES = 20_000_000
# Enough to find the one shortcut among the decoys; a zip bomb lists millions.
MAX_MEMBERS = 50
# Names read from either list before folders are left out.
_READ_NAMES = 2 * MAX_MEMBERS
_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_TYPES = frozenset(["application/zip", "application/x-zip-compressed", "application/x-zip"])


def is_zip(filename: str, content_type: str) -> bool:
    """Whether an attachment is named or typed as a zip archive."""
    return filename.strip().lower().endswith(".zip") or content_type in _ZIP_TYPES


def zip_members(data: bytes) -> tuple[str, ...] | None:
    """The file names inside a zip archive's bytes (folders left out, at most ``MAX_MEMBERS``);
    None when the bytes are no zip archive that can be read.

    Both lists a zip keeps are read: its central directory, and the header in front of each
    file. An archive can be made whose two lists differ (a second archive appended to the
    first, or the directory cut off), and Windows and WinRAR then open files a scanner reading
    one list never saw."""
    directory = _directory_names(data)
    headers = _header_names(data)
    if directory is None and not headers:
        return None
    names = dict.fromkeys((directory or []) + headers)
    return tuple([name for name in names if not name.endswith("/")][:MAX_MEMBERS])


def _directory_names(data: bytes) -> list[str] | None:
    """The names in the central directory; None when there is none to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [info.filename for info in archive.infolist()[:_READ_NAMES]]
    # A truncated or corrupt archive, or a directory entry the zipfile module rejects.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None


def _header_names(data: bytes) -> list[str]:
    """The names in the local file headers, found by their signature."""
    names: list[str] = []
    at = data.find(_LOCAL_HEADER)
    while at >= 0 and len(names) < _READ_NAMES:
        flags = int.from_bytes(data[at + 6 : at + 8], "little")
        length = int.from_bytes(data[at + 26 : at + 28], "little")
        raw = data[at + 30 : at + 30 + length]
        # Bit 11: the name is UTF-8; else the archiver's code page, read as zipfile reads it.
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        if length and len(raw) == length and name.isprintable():
            names.append(name)
        at = data.find(_LOCAL_HEADER, at + 4)
    return names
