"""The schema language: field types that clean a value or explain what was expected.

Each content type declares its keys once (see schemas.py) with these fields.
`clean()` never stops at the first mistake: every problem is reported through
a Report, so an artist fixes a whole file in one go.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from unidecode import unidecode

from ..errors import Problem, format_got

INVALID = object()  # a cleaned value that failed; its problem is already reported

# Characters that break XML (feeds, XSPF) and iCalendar files, or disguise what text says: C0 and C1
# controls (tab and line breaks excepted), DEL, the noncharacters U+FFFE and U+FFFF, and the
# bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069).
HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def hidden_character(text: str) -> tuple[int, str] | None:
    """(offset, what to do) for the first character of text that breaks feeds and calendars, if any."""
    match = HIDDEN_CHARACTERS.search(text)
    if match is None:
        return None
    code = ord(match.group())
    what = "a text-direction control character" if code >= 0x202A else "an invisible control character"
    return match.start(), (f"contains {what} (U+{code:04X}); delete it (such characters often come from "
                           "copying text out of another app)")


@dataclass
class Report:
    """Collects problems for one file; `key` prefixes are built while descending."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    today: dt.date | None = None  # the day the site is built for, for rules that compare dates with it

    def error(self, key: str, message: str) -> object:
        self.problems.append(Problem(self.path, key, message))
        return INVALID

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, key, message, warning=True))


def join(parent: str, child: str | int) -> str:
    if isinstance(child, int):
        return f"{parent}[{child + 1}]"  # artists count from 1
    return f"{parent}.{child}" if parent else child


class Field:
    """A key's type; subclasses implement `check`, which returns a clean value or INVALID."""

    expected = "a value"
    when_empty = ""  # set where `key:` with nothing after it is a mistake, not "leave it out"

    def __init__(self, doc: str = "", *, required: bool = False, default: Any = None, example: str = ""):
        self.doc = doc  # what the key does, in the artist's words (docs/authoring.md's tables are made from it)
        self.required = required
        self.default = default
        self.example = example

    def describe(self) -> str:
        """What the key takes, for docs/authoring.md."""
        return self.expected

    def clean(self, value: Any, key: str, report: Report) -> Any:
        return self.check(value, key, report)

    def check(self, value: Any, key: str, report: Report) -> Any:
        return value

    def fail(self, value: Any, key: str, report: Report, expected: str | None = None) -> object:
        return report.error(key, f"expected {expected or self.expected}, got {format_got(value)}")


class Text(Field):
    expected = "text"

    def __init__(self, doc: str = "", *, max_length: int = 300, pattern: str | None = None,
                 pattern_hint: str = "", **kw):
        super().__init__(doc, **kw)
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_hint = pattern_hint

    def describe(self) -> str:
        if self.pattern is not None:
            return self.pattern_hint
        return f"{self.expected}, up to {self.max_length:,} characters"

    def check(self, value, key, report):
        # numbers and dates typed as text are fine as text; YAML sets, bytes and the like are not
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            return self.fail(value, key, report)
        text = str(value).strip()
        if not text:
            return report.error(key, f"expected {self.expected}, got an empty value")
        hidden = hidden_character(text)
        if hidden:
            return report.error(key, hidden[1])
        if len(text) > self.max_length:
            return report.error(key, f"expected at most {self.max_length:,} characters, got {len(text):,}")
        if self.pattern and not self.pattern.fullmatch(text):
            return self.fail(value, key, report, self.pattern_hint)
        return text


class Markdown(Text):
    """Multi-line Markdown text (a bio, a teaser)."""

    def __init__(self, doc: str = "", *, max_length: int = 5000, **kw):
        super().__init__(doc, max_length=max_length, **kw)

    def describe(self) -> str:
        return f"Markdown text, up to {self.max_length:,} characters"


class Boolean(Field):
    expected = "true or false"

    def check(self, value, key, report):
        return value if isinstance(value, bool) else self.fail(value, key, report)


class Integer(Field):
    def __init__(self, doc: str = "", *, minimum: int = 0, maximum: int = 10**9, **kw):
        super().__init__(doc, **kw)
        self.minimum, self.maximum = minimum, maximum
        self.expected = f"a whole number from {minimum} to {maximum}"

    def check(self, value, key, report):
        # ASCII digits only: str.isdigit() also accepts '¹', which int() refuses
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not self.minimum <= value <= self.maximum:
            return self.fail(value, key, report)
        return value


class Choice(Field):
    """One of a list of words; the list may be worked out when checking (a plugin's content types add blocks)."""

    def __init__(self, options: list[str] | Callable[[], list[str]], doc: str = "", **kw):
        super().__init__(doc, **kw)
        self._options = options

    @property
    def options(self) -> list[str]:
        return list(self._options()) if callable(self._options) else self._options

    def describe(self) -> str:
        return "one of: " + ", ".join(f"`{option}`" for option in self.options)

    def check(self, value, key, report):
        if isinstance(value, str) and value.strip().lower() in self.options:
            return value.strip().lower()
        listed = ", ".join(self.options)
        hint = ""
        if isinstance(value, str):
            close = difflib.get_close_matches(value.strip().lower(), self.options, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
        return report.error(key, f"expected one of: {listed}, got {format_got(value)}{hint}")


class Date(Field):
    """A calendar date, optionally with a time: 2026-12-05 or 2026-12-05 18:00."""

    expected = "a date like 2026-12-05"

    def describe(self) -> str:
        return "a date like 2026-12-05, optionally with a time: 2026-12-05 18:00"
    _FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

    def check(self, value, key, report):
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None) if value.tzinfo is None else value
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            for fmt in self._FORMATS:
                try:
                    parsed = dt.datetime.strptime(value.strip(), fmt)
                except ValueError:
                    continue
                return parsed.date() if fmt == "%Y-%m-%d" else parsed
        return self.fail(value, key, report)


class Duration(Field):
    """A running time "3:41" or "1:02:03"; cleaned to whole seconds."""

    expected = 'a duration like "3:41"'
    _PATTERN = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{2})")

    def check(self, value, key, report):
        match = self._PATTERN.fullmatch(value.strip()) if isinstance(value, str) else None
        if not match:
            return self.fail(value, key, report)
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        if seconds >= 60 or (hours and minutes >= 60):
            return report.error(key, f"expected {self.expected} with seconds (and minutes after hours) "
                                     f"below 60, got {format_got(value)}")
        return hours * 3600 + minutes * 60 + seconds


class Colour(Field):
    expected = 'a colour like "#ff3e7f"'
    # accent: #ff3e7f without quotes is a YAML comment, so the value silently vanishes
    when_empty = " (in YAML a # starts a comment: put the colour in quotes)"
    _PATTERN = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

    def check(self, value, key, report):
        if not isinstance(value, str) or not self._PATTERN.fullmatch(value.strip()):
            return self.fail(value, key, report)
        text = value.strip().lower()
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text


SAFE_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")


def slugify(title: str, spell_out: bool = True) -> str:
    """"Tour Diary: Lisbon!" → "tour-diary-lisbon". Letters of any script are spelled in Latin ones with
    unidecode, as Pelican spells tags ("Światło" → "swiatlo", "Ночной город" → "nochnoi-gorod"; Japanese gets
    Chinese readings, worth renaming); with spell_out=False only accents are dropped and other letters go
    (names made before this, such as stats counters and curator anchors, keep theirs that way)."""
    if spell_out:
        ascii_title = unidecode(unicodedata.normalize("NFC", title))
    else:
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


class Slug(Text):
    expected = "a slug of lowercase letters, digits and hyphens, like night-drive"

    def describe(self) -> str:
        return self.expected

    def __init__(self, doc: str = "", **kw):
        super().__init__(doc, max_length=80, **kw)

    def check(self, value, key, report):
        text = super().check(value, key, report)
        if text is INVALID:
            return INVALID
        if not SAFE_SLUG.fullmatch(text):
            return self.fail(value, key, report)
        return text


class Url(Field):
    """A link. Absolute http(s) by default; `mailto:`/`tel:` and site paths where allowed.

    `javascript:`, `data:` and `vbscript:` are always refused: they run code in a fan's browser.
    """

    expected = "a web address starting with https://"
    UNSAFE = ("javascript", "data", "vbscript", "file")

    def __init__(self, doc: str = "", *, contact: bool = False, relative: bool = False, **kw):
        super().__init__(doc, **kw)
        self.contact, self.relative = contact, relative

    def describe(self) -> str:
        options = ["`https://`"] + (["`mailto:`", "`tel:`"] if self.contact else []) + (["`/`"] if self.relative else [])
        return "a web address starting with " + " or ".join(options)

    def check(self, value, key, report):
        if not isinstance(value, str) or not value.strip():
            return self.fail(value, key, report)
        text = value.strip()
        squashed = re.sub(r"[\x00-\x20]", "", text).lower()  # "java\tscript:" is still javascript:
        scheme = squashed.split(":", 1)[0] if ":" in squashed else ""
        if scheme in self.UNSAFE:
            return report.error(key, f"{scheme}: links are not allowed (they can run code in a fan's "
                                     f"browser); expected a web address starting with https://")
        if any(c in text for c in " <>\"'\\") or any(ord(c) < 32 for c in text):
            return report.error(key, f"expected a web address without spaces or quotes, got {format_got(value)}")
        if scheme in ("http", "https"):
            try:
                parts = urlsplit(text)
            except ValueError:  # "https://[abc": a malformed address, not a crash
                return self.fail(value, key, report)
            if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
                return self.fail(value, key, report)
            return text
        if self.contact and scheme in ("mailto", "tel") and len(squashed) > len(scheme) + 2:
            return text
        if self.relative and text.startswith("/") and not text.startswith("//") and ".." not in text.split("/"):
            return text
        options = ["https://"] + (["mailto:", "tel:"] if self.contact else []) + (["/"] if self.relative else [])
        return self.fail(value, key, report, "a web address starting with " + " or ".join(options))


EARLY_FOLDER = "early"  # content/early/: early-access pages and their files (early/sources.py)


def in_early_folder(path: str) -> bool:
    """Whether a content-relative path names something in content/early/ (any case: macOS and Windows ignore it)."""
    parts = [part for part in re.split(r"[/\\]", path) if part not in ("", ".")]
    return bool(parts) and parts[0].casefold() == EARLY_FOLDER


EARLY_ONLY = ("outside content/early/ (its files reach only the fans who unlock a page; this key is shown to "
              "everyone)")


class ImagePath(Text):
    """A picture inside content/, like images/cover.jpg; existence is checked with the whole site."""

    expected = "a picture path inside content/, like images/cover.jpg"

    def describe(self) -> str:
        return self.expected
    EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg")

    def check(self, value, key, report):
        text = super().check(value, key, report)
        if text is INVALID:
            return INVALID
        if text.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", text) or ":" in text:
            return report.error(key, f"expected a path inside content/ (no leading /, no ..), got {format_got(value)}")
        if not text.lower().endswith(self.EXTENSIONS):
            return report.error(key, f"expected a picture ({', '.join(self.EXTENSIONS)}), got {format_got(value)}")
        if in_early_folder(text):
            return report.error(key, f"expected a picture {EARLY_ONLY}, got {format_got(value)}")
        return text


class ListOf(Field):
    def __init__(self, item: Field, doc: str = "", *, max_items: int = 200, allow_single: bool = False, **kw):
        super().__init__(doc, **kw)
        self.item, self.max_items, self.allow_single = item, max_items, allow_single
        # also what "required key is missing: expected ..." says
        self.expected = f"a list (lines starting with '- ') of {item.expected}"

    def describe(self) -> str:
        if isinstance(self.item, Record):
            return f"a list (lines starting with `- `) of entries with the keys below, up to {self.max_items:,}"
        single = "; one alone may be written without the list" if self.allow_single else ""
        return f"a list of {self.item.describe()}, up to {self.max_items:,}{single}"

    def check(self, value, key, report):
        if self.allow_single and not isinstance(value, (list, dict)) and value is not None:
            value = [value]
        if not isinstance(value, list):
            return self.fail(value, key, report)
        if len(value) > self.max_items:
            return report.error(key, f"expected at most {self.max_items} entries, got {len(value):,}")
        cleaned = [self.item.clean(entry, join(key, i), report) for i, entry in enumerate(value)]
        return INVALID if any(c is INVALID for c in cleaned) else cleaned


class Record(Field):
    """A mapping with declared keys; unknown keys are reported with a 'did you mean'."""

    expected = "a list of keys (a mapping)"

    def __init__(self, fields: dict[str, Field], doc: str = "", *,
                 shorthand: str | None = None, rules: Sequence[Callable] = (), expected: str | None = None, **kw):
        super().__init__(doc, **kw)
        self.fields = fields
        if expected:
            self.expected = expected
        self.shorthand = shorthand  # `curator: mara_k` means `curator: {name: mara_k}`
        self.rules = list(rules)    # cross-key checks run after the keys are clean

    def describe(self) -> str:
        shorthand = f" (or just the {self.shorthand})" if self.shorthand else ""
        return f"the keys below{shorthand}"

    def check(self, value, key, report):
        if self.shorthand and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = {self.shorthand: value}
        if not isinstance(value, dict):
            return self.fail(value, key, report)
        cleaned: dict[str, Any] = {}
        ok = True
        for name, raw in value.items():
            name_text = str(name)
            if name_text not in self.fields:
                report.error(join(key, name_text), unknown_key_message(name_text, self.fields))
                ok = False
                continue
            if raw is None:  # `key:` with nothing after it
                spec = self.fields[name_text]
                if spec.required or spec.when_empty:
                    report.error(join(key, name_text), f"expected {spec.expected}, got nothing{spec.when_empty}")
                    ok = False
                continue
            spec = self.fields[name_text]
            if isinstance(raw, str) and not raw.strip() and not spec.required and not spec.when_empty:
                continue  # `key: ""` on an optional key is left out (the browser editor writes it for empty fields)
            result = self.fields[name_text].clean(raw, join(key, name_text), report)
            ok &= result is not INVALID
            cleaned[name_text] = result
        for name, spec in self.fields.items():
            if name not in cleaned and name_text_missing(name, value):
                if spec.required:
                    if name not in value:  # `key:` with nothing after it was reported above
                        report.error(join(key, name), f"required key is missing: expected {spec.expected}")
                    ok = False
                elif spec.default is not None:
                    cleaned[name] = spec.default
        # A rule runs when every key it reads is valid, even if other keys are not, so one
        # mistake in a file never hides another (rules without `needs` wait for a clean record).
        valid = {name: value for name, value in cleaned.items() if value is not INVALID}
        for rule in self.rules:
            needs = getattr(rule, "needs", None)
            if ok or (needs is not None and all(cleaned.get(name) is not INVALID for name in needs)):
                ok &= rule(valid, key, report) is not INVALID
        return cleaned if ok else INVALID


def reads(*keys: str):
    """Mark a record rule with the keys it reads, so it can run beside mistakes in other keys."""
    def mark(rule):
        rule.needs = keys
        return rule
    return mark


def name_text_missing(name: str, value: dict) -> bool:
    return name not in value or value[name] is None


def unknown_key_message(name: str, known: dict[str, Field] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"unknown key; did you mean '{close[0]}'?"
    return "unknown key; expected one of: " + ", ".join(sorted(known))


class MapOf(Field):
    """A mapping whose keys are free (like platform names) and values share one type."""

    expected = "a list of keys (a mapping)"

    def __init__(self, value: Field, doc: str = "", *, key_pattern: str = r"[a-z0-9_]{1,40}", **kw):
        super().__init__(doc, **kw)
        self.value = value
        self.key_pattern = re.compile(key_pattern)

    def check(self, value, key, report):
        if not isinstance(value, dict):
            return self.fail(value, key, report)
        cleaned, ok = {}, True
        for name, raw in value.items():
            name_text = str(name)
            if not self.key_pattern.fullmatch(name_text):
                report.error(join(key, name_text), "expected a name of lowercase letters, digits and _ "
                                                   "(like apple_music)")
                ok = False
                continue
            result = self.value.clean(raw, join(key, name_text), report)
            ok &= result is not INVALID
            cleaned[name_text] = result
        return cleaned if ok else INVALID


class OneOf(Field):
    """The first alternative whose shape matches is used (e.g. a link or a block in a link page)."""

    def __init__(self, alternatives: list[tuple[Callable[[Any], bool], Field]], expected: str, doc: str = "", **kw):
        super().__init__(doc, **kw)
        self.alternatives = alternatives
        self.expected = expected

    def check(self, value, key, report):
        for matches, spec in self.alternatives:
            if matches(value):
                return spec.clean(value, key, report)
        return self.fail(value, key, report)
