"""Attachments by kind: programs, archives, web pages and macro-enabled Office files, as their
names and types tell (and the programs a zip's directory lists). Pure functions of one
``Attachment``; ``fraud`` and ``phishing`` weigh them."""

from __future__ import annotations

from tradetriage.mail.records import Attachment

# Archives: may be honest (a forwarder's zipped papers), and carry malware as often.
_ARCHIVE_EXT = frozenset(["zip", "rar", "7z", "gz", "tgz", "tar", "ace", "arj", "cab", "r00", "z"])
# Programs, scripts and disk images (which open as a drive of programs): what Gmail and
# Outlook refuse to deliver, so that no trade partner sends them.
_PROGRAM_EXT = frozenset(
    ["exe", "scr", "com", "bat", "cmd", "pif", "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta",
     "iso", "img", "vhd", "vhdx", "jar", "lnk", "msi", "ps1", "reg", "cpl"]
)  # fmt: skip
_PROGRAM_TYPES = ("application/x-msdownload", "application/x-dosexec")
# Besides: web pages (a login form runs from a local file), uuencoded files, OneNote
# notebooks (a button over an embedded script: the 2023 remittance lure), and Office files
# made to carry macros ("PO.docm": click "Enable Content"), which trade papers never need.
_DANGEROUS_EXT = (
    _ARCHIVE_EXT
    | _PROGRAM_EXT
    | frozenset(["html", "htm", "shtml", "xhtml", "svg", "uue", "one", "onepkg"])
    | frozenset(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "sldm"])
)
_OFFICE_EXT = frozenset(
    ["doc", "docx", "docm", "dot", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlt", "xltm", "xlam",
     "ppt", "pptx", "pptm", "pot", "potm", "pps", "ppsm", "sldm", "rtf"]
)  # fmt: skip
_DANGEROUS_TYPES = (*_PROGRAM_TYPES, "text/html")


def is_risky_attachment(att: Attachment) -> bool:
    """A program, script, archive or web page: what malware and phishing attach (an archive
    may be honest, but a bank's or mail provider's notice never carries one)."""
    return _extension(att) in _DANGEROUS_EXT or att.content_type.lower() in _DANGEROUS_TYPES


def is_office(att: Attachment) -> bool:
    """A Word, Excel or PowerPoint file of any kind (the old binary formats carry macros too)."""
    return _extension(att) in _OFFICE_EXT


def is_program_attachment(att: Attachment) -> bool:
    """A program, script or disk image, or a zip holding one: what mail providers refuse, and
    only malware sends."""
    return (
        _extension(att) in _PROGRAM_EXT
        or att.content_type.lower() in _PROGRAM_TYPES
        or bool(zipped_programs(att))
    )


def zipped_programs(att: Attachment) -> list[str]:
    """The programs, scripts and disk images inside a zip attachment ("Anfrage.pdf.lnk")."""
    return [name for name in att.members if _name_extension(name) in _PROGRAM_EXT]


def is_archive_attachment(att: Attachment) -> bool:
    """A zip, rar, 7z or other archive (whose content no mail filter may have read)."""
    return _extension(att) in _ARCHIVE_EXT


def _extension(att: Attachment) -> str:
    return _name_extension(att.filename)


def _name_extension(filename: str) -> str:
    name = filename.strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""
