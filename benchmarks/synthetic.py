"""Deterministic synthetic mail of realistic sizes for the sync and grading benchmarks.

Sizes follow a log-normal distribution clipped to 2 KB – 200 KB with a mean near 30 KB; one
message in ten is GB2312, one in twenty Big5. Every message has a Received chain, Message-ID and
Date. Two compositions fill that size:

- ``mail``: as real mail is made. The text a sender writes is short (log-normal, median ~1.8 KB,
  as the legitimate mail of ../shared/corpus: median text 1.1–2.0 KB, text 2–39% of the bytes),
  three in five UTF-8 messages carry an Outlook-style HTML alternative, and when the size asks
  for more than 4 KB beyond that, the rest is an attachment (a PDF, a JPEG or a spreadsheet; 45%),
  a quoted thread (in the text and the HTML; 35%) or the markup of Outlook's HTML (20%; an
  attachment where there is no HTML). The sync benchmark's corpus.
- ``text``: the size is nearly all plain text of trade words (80% of the bytes), one message in
  six has an attachment, one in four an HTML alternative. A worst case for everything that reads
  text (parsing, the search index, grading): the grading benchmark's synthetic mix, and the sync
  benchmark's stress run (``--composition text``).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

# Kept as one string for readability; split once at import.
_WORD_TEXT = (
    "valve stainless steel quotation price FOB Ningbo CIF Hamburg quantity pcs delivery sample "
    "order invoice payment shipment container specification pressure PN16 DN25 flange thread "
    "certificate CE ISO drawing catalogue customer please kindly regards thank you best inquiry "
    "urgent confirm schedule packing carton pallet warehouse port vessel booking balance deposit "
    "ball valve gate valve check valve butterfly valve EB-BV316-DN25 EB-GV-PN16 EB-BF150"
)
WORDS = _WORD_TEXT.split()
CHINESE = "您好请报价我们需要不锈钢球阀数量交货期付款方式包装样品订单确认谢谢合作发货港口价格"
TRADITIONAL = "您好請報價我們需要不鏽鋼球閥數量交貨期付款方式包裝樣品訂單確認謝謝合作發貨港口價格"
COUNTRIES = [
    ("de", "80.156.{}.{}", "+0100"),
    ("com", "66.102.{}.{}", "-0500"),
    ("com.br", "177.54.{}.{}", "-0300"),
    ("in", "49.36.{}.{}", "+0530"),
    ("ae", "94.200.{}.{}", "+0400"),
    ("cn", "113.108.{}.{}", "+0800"),
    ("com.tw", "61.220.{}.{}", "+0800"),
]


def _text(rng: random.Random, size: int, charset: str) -> str:
    if charset == "utf-8":
        words = [rng.choice(WORDS) for _ in range(size // 6)]
        lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        return "\n".join(lines) + "\n"
    alphabet = TRADITIONAL if charset == "big5" else CHINESE
    chars = [rng.choice(alphabet) for _ in range(size // 3)]
    return "\n".join("".join(chars[i : i + 30]) for i in range(0, len(chars), 30)) + "\n"


COMPOSITIONS = ("mail", "text")


def message(number: int, rng: random.Random, start: datetime, composition: str = "text") -> bytes:
    """One synthetic message; the same (number, seed, composition) always gives the same bytes."""
    # Text grows by a third in its transfer encoding, an attachment's size is what it is: the
    # mail composition draws larger for the same ~30 KB mean.
    mu = 9.9 if composition == "mail" else 9.75
    size = int(min(200_000, max(2_000, rng.lognormvariate(mu, 0.9))))
    charset = "utf-8"
    roll = rng.random()
    if roll < 0.10:
        charset = "gb2312"
    elif roll < 0.15:
        charset = "big5"
    tld, ip_pattern, offset = rng.choice(COUNTRIES)
    domain = f"buyer{number % 700}.{tld}"
    ip = ip_pattern.format(rng.randrange(1, 255), rng.randrange(1, 255))
    when = start + timedelta(minutes=7 * number)
    msg = EmailMessage(policy=SMTP)
    msg["Received"] = (
        f"from mail.{domain} (mail.{domain} [{ip}]) by mx.everbright-valve.cn (Postfix) "
        f"with ESMTPS id {number:08X}; {format_datetime(when)}"
    )
    msg["Received"] = (
        f"from localhost (localhost [127.0.0.1]) by mail.{domain}; {format_datetime(when)}"
    )
    msg["From"] = f"Buyer {number} <purchasing{number % 50}@{domain}>"
    msg["To"] = "Ningbo Everbright Valve Sales <sales@everbright-valve.cn>"
    subject_words = " ".join(rng.choice(WORDS) for _ in range(6))
    msg["Subject"] = {"utf-8": "", "gb2312": "询价 ", "big5": "詢價 "}[charset] + subject_words
    msg["Date"] = format_datetime(when).replace("+0000", offset).replace("-0000", offset)
    # Not email.utils.make_msgid: it mixes in the clock and the PID, and the bytes must be
    # reproducible.
    msg["Message-ID"] = f"<{when:%Y%m%d%H%M}.{number:06d}.bench@{domain}>"
    if composition == "mail":
        _mail_body(msg, number, rng, size, charset)
    else:
        _text_body(msg, number, rng, size, charset)
    # Fixed boundaries: the generator's default draws from the global random module.
    for depth, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_bench{number:06d}_{depth}")
    return msg.as_bytes()


_ATTACHMENT_KINDS = (
    ("application", "pdf", "pdf"),
    ("image", "jpeg", "jpg"),
    ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
)


def _mail_body(msg: EmailMessage, number: int, rng: random.Random, size: int, charset: str) -> None:
    text_size = int(min(0.8 * size, 60_000, max(300, rng.lognormvariate(7.5, 1.0))))
    text = _text(rng, text_size, charset)
    html = charset == "utf-8" and rng.random() < 0.6
    # What makes a business mail long besides its text: an attachment, the thread it quotes,
    # or the markup of the HTML its client wrote.
    rest = size - len(text.encode(charset)) * 4 // 3 * (2 if html else 1)
    filler = rng.choices(("attachment", "thread", "markup"), (0.45, 0.35, 0.20))[0]
    if rest > 4_000 and filler == "thread":
        quoted = _text(rng, rest // (4 if html else 2), charset)
        text += "\nOn Mon, 5 Jan 2026 08:00, Lily Chen wrote:\n" + "".join(
            f"> {line}\n" for line in quoted.splitlines()
        )
        rest = 0
    msg.set_content(text, charset=charset)
    if html:
        style = "p.MsoNormal{margin:0cm;font-size:11.0pt}"
        if rest > 4_000 and filler == "markup":
            style += "".join(_outlook_style(rng) for _ in range(rest // 180))
            rest = 0
        msg.add_alternative(
            f"<html><head><style>{style}</style></head><body>"
            '<div class="WordSection1">'
            + "".join(
                f'<p class="MsoNormal"><span style="font-family:Calibri,sans-serif">{line}'
                "</span></p>"
                for line in text.splitlines()
            )
            + '<p><a href="https://www.everbright-valve.cn">www.everbright-valve.cn</a></p>'
            "</div></body></html>",
            subtype="html",
        )
    if rest > 4_000:
        maintype, subtype, extension = rng.choice(_ATTACHMENT_KINDS)
        msg.add_attachment(
            rng.randbytes(rest * 3 // 4),
            maintype=maintype,
            subtype=subtype,
            filename=f"RFQ-{number}.{extension}",
        )


def _outlook_style(rng: random.Random) -> str:
    name = rng.choice(
        ("MsoNormal", "MsoListParagraph", "EmailStyle", "MsoChpDefault", "WordSection")
    )
    return (
        f"\np.{name}{rng.randrange(1000)}, li.{name}, div.{name}\n"
        f"\t{{mso-style-priority:{rng.randrange(99)};margin:0cm;font-size:11.0pt;"
        f'font-family:"Calibri",sans-serif;mso-fareast-language:EN-US;}}'
    )


def _text_body(msg: EmailMessage, number: int, rng: random.Random, size: int, charset: str) -> None:
    attachment = rng.random() < 0.16
    body_size = size // 3 if attachment else size
    msg.set_content(_text(rng, body_size, charset), charset=charset)
    if rng.random() < 0.25 and charset == "utf-8":
        html = "<html><body>" + "".join(
            f"<p>{line}</p>" for line in _text(rng, body_size // 2, charset).splitlines()
        )
        msg.add_alternative(
            html + '<a href="https://www.everbright-valve.cn">site</a></body></html>',
            subtype="html",
        )
    if attachment:
        payload = rng.randbytes(max(1_000, (size - body_size) * 3 // 4))
        msg.add_attachment(
            payload, maintype="application", subtype="pdf", filename=f"RFQ-{number}.pdf"
        )


def messages(count: int, seed: int = 42, composition: str = "text") -> Iterator[bytes]:
    """``count`` synthetic messages, streamed."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    for number in range(count):
        yield message(number, rng, start, composition)


def corpus(count: int, seed: int = 42, composition: str = "text") -> Path:
    """A folder of ``count`` messages as ``.eml`` files, generated once and cached in
    benchmarks/out (the sync and grading benchmarks share it)."""
    # The text corpus keeps the folder name it had before there were two compositions.
    prefix = "corpus" if composition == "text" else f"corpus-{composition}"
    folder = OUT / f"{prefix}-{seed}-{count}"
    if is_current(folder, _VERSION):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    for number, raw in enumerate(messages(count, seed, composition)):
        (folder / f"{number:07d}.eml").write_bytes(raw)
    mark_current(folder, _VERSION)
    print(f"generated {count} messages in {time.perf_counter() - started:.1f} s → {folder}")
    return folder


# A cached folder is used only if the code that made it is the code here now: a changed
# generator (as when the `mail` composition changed) must not be measured with old files.
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def is_current(folder: Path, version: str) -> bool:
    """Whether ``folder`` was completed by the generator of ``version``."""
    done = folder / ".complete"
    return done.exists() and done.read_text() == version


def mark_current(folder: Path, version: str) -> None:
    """Record that ``folder`` is complete, made by the generator of ``version``."""
    (folder / ".complete").write_text(version)


if __name__ == "__main__":
    import statistics

    for kind in COMPOSITIONS:
        sizes = [len(m) for m in messages(2000, composition=kind)]
        print(
            f"{kind}: mean {statistics.mean(sizes) / 1024:.1f} KB, median "
            f"{statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.0f} KB"
        )
