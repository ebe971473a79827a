"""Access codes: how hard one is to guess offline, and suggestions that are strong and easy to say out loud.

A code-mode page publishes its salt and its wrapped key, so anyone can try
codes on their own computer, as fast as their hardware runs PBKDF2-SHA256 at
600,000 iterations, with no server to slow them down. hashcat's published
benchmark of an RTX 4090 is about 8.8 million PBKDF2-HMAC-SHA256 guesses a
second at 999 iterations, so about 15,000 a second at 600,000: the figure
used below. How many guesses a code takes is estimated with zxcvbn (which
knows common passwords, words, names, dates and keyboard patterns), with the
artist's own name, the page's title and the like counted as known words.
"""
from __future__ import annotations

import math
import re
import secrets
from collections.abc import Sequence
from pathlib import Path

PBKDF2_ITERATIONS = 600_000  # OWASP's current advice for PBKDF2-HMAC-SHA256
GUESSES_PER_SECOND = 15_000  # one high-end graphics card at 600,000 iterations (see above)
MIN_GUESSES = 10**12  # about 40 bits: some two years of one such card to search through, a week for a hundred
MAX_CODE_LENGTH = 100  # zxcvbn's time grows with the length; a longer code is long enough anyway


def time_to_guess(guesses: float) -> str:
    """How long one graphics card needs to try `guesses` codes, in words."""
    seconds = guesses / GUESSES_PER_SECOND
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"about {seconds / size:,.0f} {unit}"
    return "under a minute" if seconds < 60 else "a minute or two"


def in_words(number: float) -> str:
    """1e13 → "10 trillion": numbers an artist reads at a glance."""
    for name, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
        if number >= size:
            return f"{number / size:,.0f} {name}"
    return f"{number:,.0f}"


def estimated_guesses(code: str, known_words: Sequence[str] = ()) -> float:
    """How many guesses an attacker who tries likely codes first needs for this one (zxcvbn's estimate)."""
    from zxcvbn import zxcvbn  # here: its dictionaries take a moment to load, and most builds have no code

    if len(code) > MAX_CODE_LENGTH:
        return float(10**MAX_CODE_LENGTH)
    return float(zxcvbn(code, user_inputs=list(known_words))["guesses"])


def weakness(code: str, known_words: Sequence[str] = ()) -> str | None:
    """Why a code is too easy to guess, for the artist; None when it is strong enough. Never repeats the code."""
    guesses = estimated_guesses(code, known_words)
    if guesses >= MIN_GUESSES:
        return None
    return (f"is too easy to guess: it takes about {in_words(guesses)} tries. Anyone can try codes against the "
            f"page on their own computer, and one graphics card tries {GUESSES_PER_SECOND:,} a second, so it falls "
            f"in {time_to_guess(guesses / 2)}. Use a code that takes at least {in_words(MIN_GUESSES)} tries "
            "(40 bits), like four random words: `make code` suggests some")


def context_words(artist: dict, item: dict) -> list[str]:
    """Words an attacker would try first for this page: the artist's and the page's own."""
    values = (artist.get("name"), artist.get("tagline"), artist.get("bio"), (artist.get("discord") or {}).get("name"),
              item.get("title"), (item.get("access") or {}).get("teaser"), item.get("_path"))
    text = " ".join(str(value) for value in values if value)
    return sorted({word.lower() for word in re.findall(r"[A-Za-z0-9]{3,}", text)})


def word_list() -> list[str]:
    """The EFF's long word list (7,776 words chosen to be easy to spell and remember; shipped by xkcdpass)."""
    from xkcdpass import xkcd_password

    path = Path(xkcd_password.locate_wordfile("eff-long"))
    return sorted({line.split()[-1] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


def bits_per_word() -> float:
    return math.log2(len(word_list()))


def suggest(words: int = 4) -> str:
    """A code of `words` random words joined by hyphens (12.9 bits each), drawn again in the rare case
    zxcvbn rates it close to the minimum."""
    vocabulary = word_list()
    while True:
        code = "-".join(secrets.choice(vocabulary) for _ in range(words))
        if words < 4 or estimated_guesses(code) >= 10 * MIN_GUESSES:
            return code
