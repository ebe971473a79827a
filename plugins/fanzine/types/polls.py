"""Polls (content/polls/): fans vote on cover art, mixes and song names; results the artist publishes.

A poll is open from `opens` through the day of `closes` (in the build's day,
so AS_OF previews it); its form posts to the endpoint's /vote with or without
JavaScript. Once it closes, `fanzine polls results` writes the counts into
`<poll>.results.yml` next to it, and the next build shows them as bars.
`results: live` polls also show the endpoint's running counts while open;
`hidden` polls never show counts.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican.contents import Page

from ..content.frontmatter import load_yaml
from ..content.schema import (
    EARLY_ONLY,
    INVALID,
    Choice,
    Date,
    ImagePath,
    Integer,
    ListOf,
    MapOf,
    Markdown,
    Record,
    Report,
    Slug,
    Text,
    Url,
    in_early_folder,
)
from ..content.today import day_of
from ..errors import Problem
from .fields import COMMON
from .registry import Build, ContentType, Scaffold, add

RESULTS_SUFFIX = ".results.yml"
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".opus": "audio/ogg",
               ".wav": "audio/wav", ".flac": "audio/flac"}
MAX_AUDIO_BYTES = 5_000_000  # a short preview, not the whole song


def results_path(source: str | Path) -> Path:
    """content/polls/<name>.results.yml, next to content/polls/<name>.md."""
    source = Path(source)
    return source.with_name(source.stem + RESULTS_SUFFIX)


def is_results_file(path: str | Path) -> bool:
    return Path(path).name.endswith(RESULTS_SUFFIX)


# --- when a poll is open --------------------------------------------------------------------------

def state(metadata: dict[str, Any], today: dt.date) -> str:
    """"upcoming", "open" or "closed" on `today`: open from `opens` through the day of `closes`."""
    opens, closes = metadata.get("opens"), metadata.get("closes")
    if opens is not None and today < day_of(opens):
        return "upcoming"
    if closes is not None and today > day_of(closes):
        return "closed"
    return "open"


def closing_order(items: list) -> list:
    """What is open now, the next to close first (for the blocks and the listing)."""
    return sorted(items, key=lambda item: (day_of(item.metadata["closes"]), item.slug))


# --- results ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tally:
    """One choice's line in the results: its label, votes, share and whether it won."""

    id: str
    label: str
    votes: int
    percent: int
    winner: bool


def tally(choices: list[dict], counts: dict[str, int]) -> list[Tally]:
    """Every choice with its votes, most votes first (then as listed); winners marked (ties all win)."""
    total = sum(counts.get(choice["id"], 0) for choice in choices)
    top = max((counts.get(choice["id"], 0) for choice in choices), default=0)
    lines = [Tally(choice["id"], choice["label"], counts.get(choice["id"], 0),
                   round(100 * counts.get(choice["id"], 0) / total) if total else 0,
                   bool(total) and counts.get(choice["id"], 0) == top)
             for choice in choices]
    return sorted(lines, key=lambda line: -line.votes)


RESULTS = Record({
    "counts": MapOf(Integer("votes", maximum=10**9), "votes per choice id", key_pattern=r"[a-z0-9][a-z0-9-]{0,79}",
                    required=True),
    "written": Date("when `fanzine polls results` wrote them"),
    "total": Integer("every vote counted"),
}, "a poll's published results")


def read_results(path: Path, shown: str, choices: list[dict]) -> tuple[dict[str, int] | None, list[Problem]]:
    """The counts in a results file, checked against the poll's choices; problems named for the artist."""
    if not path.is_file():
        return None, []
    report = Report(shown)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001 - any YAML mistake becomes one sentence for the artist
        return None, [Problem(shown, "", f"this results file could not be read as YAML ({error})")]
    cleaned = RESULTS.clean(data, "", report)
    problems = list(report.problems)
    if cleaned is INVALID or not isinstance(cleaned, dict):
        return None, problems
    known = {choice["id"] for choice in choices}
    for choice in cleaned["counts"]:
        if choice not in known:
            problems.append(Problem(shown, f"counts.{choice}", f"'{choice}' is not one of the poll's choices "
                                                               f"(expected one of: {', '.join(sorted(known))})"))
    return (None if problems else dict(cleaned["counts"])), problems


# --- the content type --------------------------------------------------------------------------------

def choices_are_distinct(item: dict, key: str, report: Report):
    """Two choices or more, each with its own id."""
    choices = item.get("choices") or []
    if len(choices) < 2:
        return report.error(f"{key}.choices" if key else "choices", "a poll needs at least two choices")
    seen: set[str] = set()
    for number, choice in enumerate(choices):
        if choice["id"] in seen:
            return report.error(f"choices.{number}.id", f"the id '{choice['id']}' is used by two choices; "
                                                        "each choice needs its own")
        seen.add(choice["id"])
    return None


choices_are_distinct.needs = ("choices",)  # type: ignore[attr-defined]


def closes_after_opening(item: dict, key: str, report: Report):
    opens, closes = item.get("opens"), item.get("closes")
    if opens is not None and closes is not None and day_of(closes) < day_of(opens):
        return report.error("closes", "the poll closes before it opens: expected a date after opens")
    return None


closes_after_opening.needs = ("opens", "closes")  # type: ignore[attr-defined]


def audio_path(value: Any, key: str, report: Report):
    """A short audio file inside content/ (audio/mix-b-30s.mp3): played only when a fan taps it."""
    if not isinstance(value, str) or value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/") \
            or ":" in value:
        return report.error(key, f"expected an audio file inside content/, like audio/mix-b-30s.mp3, got {value!r}")
    if Path(value).suffix.lower() not in AUDIO_TYPES:
        return report.error(key, f"expected an audio file ({', '.join(AUDIO_TYPES)}), got {value!r}")
    if in_early_folder(value):
        return report.error(key, f"expected an audio file {EARLY_ONLY}, got {value!r}")
    return value


class AudioPath(Text):
    """A short audio preview inside content/, like audio/mix-b-30s.mp3."""

    expected = "an audio file inside content/, like audio/mix-b-30s.mp3"

    def describe(self) -> str:
        return self.expected + f" ({', '.join(AUDIO_TYPES)}, up to {MAX_AUDIO_BYTES // 1_000_000} MB)"

    def check(self, value, key, report):
        text = super().check(value, key, report)
        return INVALID if text is INVALID else audio_path(text, key, report)


CHOICE = Record({
    "id": Slug("what the vote records, like neon", required=True),
    "label": Text("what fans read", required=True, max_length=120),
    "image": ImagePath("a picture to vote for"),
    "image_alt": Text("the picture described for people who cannot see it", max_length=300),
    "audio": AudioPath("a short audio preview (plays only when tapped)"),
    "by": Record({"name": Text("their name", required=True, max_length=80), "url": Url("their link")},
                 "the fan who suggested it, credited on the fan wall when it wins", shorthand="name",
                 expected="a name, or { name: ..., url: ... }"),
}, expected="choices like { id: neon, label: Neon road }")

POLL = Record({
    "title": Text("the question", required=True),
    "opens": Date("the first day fans can vote"),
    "closes": Date("the last day fans can vote (a time is kept for the results)", required=True),
    "choices": ListOf(CHOICE, "what fans choose from", required=True, max_items=20),
    "vote": Choice(["email", "device"], "one vote per email address, or per browser (no address asked)",
                   default="email"),
    "results": Choice(["after-close", "live", "hidden"], "when fans see the counts", default="after-close"),
    "summary": Markdown("shown in listings and blocks", max_length=500),
    **COMMON,
}, rules=[choices_are_distinct, closes_after_opening])


class Poll(Page):
    """A poll: /polls/<slug>/ (POLL_URL, POLL_SAVE_AS)."""

    default_template = "poll"


def prepare(poll, build: Build) -> None:
    """Its state on the build's day, its form's endpoint, its published (or live) results."""
    settings = build.settings
    poll.state = state(poll.metadata, build.today)
    poll.choices = poll.metadata["choices"]
    poll.vote_by = poll.metadata.get("vote", "email")
    poll.results_shown = poll.metadata.get("results", "after-close")
    endpoint = ((settings.get("FANZINE_ARTIST") or {}).get("forms") or {}).get("endpoint", "").rstrip("/")
    poll.vote_action = f"{endpoint}/vote" if endpoint else None
    poll.back = site_path(settings, poll.url)
    poll.tally = None
    if poll.results_shown != "hidden" and poll.state == "closed":
        counts, problems = read_results(results_path(poll.source_path), "", poll.choices)
        if counts is not None and not problems:
            poll.tally = tally(poll.choices, counts)
            poll.total_votes = sum(line.votes for line in poll.tally)
    poll.live_results = None
    if poll.results_shown == "live" and poll.state == "open" and endpoint:
        from functions.votes import results_ticket

        keys = settings.get("FANZINE_GATE_KEYS")
        secret = getattr(keys, "secret", "") or ""
        if secret:
            poll.live_results = f"{endpoint}/results/{poll.slug}/{results_ticket(secret, poll.slug)}"


def site_path(settings: dict, url: str) -> str:
    """The page's path on its host (/polls/x/, or /repo/polls/x/ under a project site): where a form comes back."""
    return urlsplit(str(settings.get("SITEURL") or "")).path.rstrip("/") + "/" + url


def check_poll(site, item: dict) -> None:
    """Pictures and audio exist, an open poll has somewhere to post, its results file is right."""
    shown = item["_path"]
    for number, choice in enumerate(item.get("choices") or []):
        for key in ("image", "audio"):
            path = choice.get(key)
            if path and path not in site.files:
                site.problems.append(Problem(shown, f"choices.{number}.{key}", f"the file content/{path} does not "
                                                                                "exist"))
            elif key == "audio" and path and (site.root / path).stat().st_size > MAX_AUDIO_BYTES:
                site.problems.append(Problem(shown, f"choices.{number}.audio", f"content/{path} is larger than "
                                             f"{MAX_AUDIO_BYTES // 1_000_000} MB: a poll plays a short preview "
                                             "(cut it to 30 seconds)"))
    if not site.artist.get("forms") and not site.artist.get("_unread") and not item.get("_invalid"):
        if state(item, site.today) != "closed":
            site.problems.append(Problem(shown, "", "a poll needs the form endpoint to collect votes: add "
                                                    "forms: { endpoint: ... } to content/artist.yml (see "
                                                    "docs/endpoint.md)"))
    results = results_path(item["_file"])
    if item.get("choices") and not item.get("_invalid"):
        _counts, problems = read_results(results, str(Path(shown).with_name(results.name)), item["choices"])
        site.problems += problems


def copy_audio(generator, writer) -> None:
    """Each poll's audio previews, copied as they are (content/audio/x.mp3 → output/audio/x.mp3)."""
    content, output = Path(generator.path), Path(generator.output_path)
    for poll in generator.items:
        for choice in poll.choices:
            if choice.get("audio") and not in_early_folder(choice["audio"]):  # the check refused it already
                source = content / choice["audio"]
                if source.is_file() and not source.is_symlink():
                    target = output / choice["audio"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)


SCAFFOLD = """---
title: {title}
opens: {today}
closes: {today}          # the last day fans can vote: change it
choices:
  - {{ id: first, label: The first choice }}
  - {{ id: second, label: The second choice }}
  # - {{ id: cover-a, label: Cover A, image: images/cover-a.jpg, image_alt: "what the picture shows" }}
  # - {{ id: mix-b, label: Mix B, audio: audio/mix-b-30s.mp3 }}
vote: email              # email: one vote per address | device: one per browser, no address asked
results: after-close     # after-close | live | hidden
---
A few words: what the vote decides, and when you'll share the result.
"""

POLLS = add(ContentType(
    folder="polls", item="poll", schema=POLL, template="poll", content_class=Poll,
    doc="polls fans vote in: cover art, mixes, song names",
    urls={"POLL_URL": "polls/{slug}/", "POLL_SAVE_AS": "polls/{slug}/index.html"},
    order=closing_order, prepare=prepare,
    scaffold=Scaffold("poll", SCAFFOLD),
    blocks=("poll",), sitemap="none",
    check_references=check_poll, write_outputs=copy_audio,
    companion=is_results_file,
))
