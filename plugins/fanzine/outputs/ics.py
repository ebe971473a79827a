"""Release day as an iCalendar file (/releases/<slug>/release.ics): an all-day event fans add to their calendar.

Written by hand (RFC 5545 is small for one event): CRLF line ends, lines
folded at 75 octets, text escaped. Same release, same bytes.
"""
from __future__ import annotations

import datetime as dt
import re

PRODID = "-//Fanzine//Release day//EN"


# TEXT may not hold control characters other than tab (RFC 5545 3.3.11: TSAFE-CHAR); line breaks become \n.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile("\r\n|\r|\n")


def escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break (CRLF, CR
    or LF) written as \\n, and other control characters left out, since TEXT cannot hold them."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return CONTROLS.sub("", LINE_BREAKS.sub("\\\\n", text))


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out: list[bytes] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def release_day_event(*, uid: str, day: dt.date, summary: str, description: str = "", url: str = "",
                      stamp: dt.date) -> str:
    """A VCALENDAR holding one all-day VEVENT on `day`.

    `stamp` (DTSTAMP) is the day the site is built for, not the clock time, so a
    rebuild on the same day gives the same file.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
