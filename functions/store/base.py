"""The fan store's one interface, written once in SQL that both engines run.

`FanStore` holds everything fans send: signups, votes, submissions, RSVPs,
tap counts (aggregate only) and the rate-limit counters that must hold across
instances. The engines (sqlite.py, postgresql.py) supply connections,
transactions, migrations and the few words their SQL dialects spell
differently; every query and rule lives here, so both behave the same.

Addresses are stored normalised (`normalise_email`), so one fan is one row
whatever the letter case they typed. Times go in as aware datetimes and come
out as ISO 8601 UTC text (``2026-11-21T05:41:00Z``) from both engines.
"""
from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, TypeVar

from ..errors import StoreError
from ..validation import normalise_email
from .location import StoreLocation

T = TypeVar("T")
Run = Callable[[str, Sequence[Any]], list[tuple]]
SUBMISSION_STATUSES = ("pending", "approved", "rejected")
DEVICE_VOTE = "device"
# A bucket refills completely in a minute, so a counter untouched for longer
# is the same as no counter: it is deleted then.
RATE_LIMIT_WINDOW_S = 60.0
PRUNE_EVERY_S = 60.0
REJECTED_KEPT_FOR = timedelta(days=30)
COUNT_TAP = ("INSERT INTO taps (day, page, target, count) VALUES (?, ?, ?, 1) "
             "ON CONFLICT (day, page, target) DO UPDATE SET count = taps.count + 1")

# The tables `fanzine store migrate` copies, with their columns in order and
# each column's kind ("time" and "day" are converted between engines).
# rate_limits is not copied: its rows are gone within two minutes anyway.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "signups": (("page", "text"), ("email", "text"), ("consent", "flag"), ("created_at", "time")),
    "votes": (("id", "int"), ("poll", "text"), ("choice", "text"), ("email", "text"), ("device", "text"),
              ("created_at", "time")),
    "submissions": (("id", "int"), ("call", "text"), ("name", "text"), ("text", "text"), ("url", "text"),
                    ("email", "text"), ("consent", "flag"), ("status", "text"), ("created_at", "time"),
                    ("reviewed_at", "time")),
    "rsvps": (("event", "text"), ("email", "text"), ("consent", "flag"), ("created_at", "time")),
    "taps": (("day", "day"), ("page", "text"), ("target", "text"), ("count", "int")),
}
# Tables that can hold a fan's address, for `forget`.
ADDRESS_TABLES = ("signups", "votes", "submissions", "rsvps")


@dataclass(frozen=True)
class StoredSignup:
    """A signup as stored: page ("" for the newsletter), address, consent, and when."""

    page: str
    email: str
    consent: bool
    created_at: str


@dataclass(frozen=True)
class Vote:
    """One vote: by address (`email`) or by an anonymous device (`email` None)."""

    poll: str
    choice: str
    email: str | None
    created_at: str


@dataclass(frozen=True)
class VoteOutcome:
    """What `record_vote` did: `counted` False when this voter had already voted (their first choice stands)."""

    choice: str
    counted: bool


@dataclass(frozen=True)
class Submission:
    """A fan's submission to a call, and where the artist's review stands."""

    id: int
    call: str
    name: str
    text: str | None
    url: str | None
    email: str | None
    consent: bool
    status: str
    created_at: str
    reviewed_at: str | None


@dataclass(frozen=True)
class Rsvp:
    """A fan who said they are coming to an event."""

    event: str
    email: str
    consent: bool
    created_at: str


@dataclass(frozen=True)
class TapCount:
    """How many taps a link (`target`) on a page got on one day. No one's data: a number."""

    day: str
    page: str
    target: str
    count: int


def timestamp(moment: datetime) -> str:
    """``2026-11-21T05:41:00Z``: how the store writes and returns times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash(value: str) -> str:
    # Rate-limit keys (IP addresses, addresses) are kept only as digests.
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class FanStore:
    """Everything fans send, behind one interface; SQLite and PostgreSQL implement the engine hooks.

    Every method raises StoreError (never a driver's own exception) when the
    store cannot be reached or written; nothing is ever half-written, because
    each method is one statement or one transaction.
    """

    engine = ""
    ROW_ID = "id"  # the column giving insertion order
    LEAST, GREATEST = "LEAST", "GREATEST"
    # Run first in a transaction whose loss in a crash is acceptable (counts): commit without waiting for the disk.
    RELAXED_COMMIT = ""
    _TAKE_TOKEN: ClassVar[str]  # made once per engine class by _take_token_sql

    def __init__(self, location: StoreLocation, clock: Callable[[], datetime] | None = None) -> None:
        self.location = location
        self._clock = clock or (lambda: datetime.now(UTC))
        self._next_prune = 0.0
        self._prune_lock = threading.Lock()

    # --- engine hooks ---------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement on its own (atomic by itself) and return its rows."""
        raise NotImplementedError

    def _atomic(self, work: Callable[[Run], T], write: bool = True) -> T:
        """Run `work(run)` in one transaction: all of it is kept, or none of it."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the engine's connections (a later call reconnects)."""
        raise NotImplementedError

    def schema_version(self) -> int:
        """The newest migration applied to this store (migrating it first if needed)."""
        rows = self._query("SELECT coalesce(max(version), 0) FROM schema_version")
        return int(rows[0][0])

    # --- signups --------------------------------------------------------------------------

    def has_signup(self, page: str, email: str) -> bool:
        """True when this address already signed up for `page` ("" for the newsletter)."""
        rows = self._query("SELECT 1 FROM signups WHERE page = ? AND email = ?", (page, normalise_email(email)))
        return bool(rows)

    def add_signup(self, page: str, email: str) -> bool:
        """Record a consenting signup; False when it was already there (it is left as it was)."""
        rows = self._query(
            "INSERT INTO signups (page, email, consent, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (page, normalise_email(email), True, self._clock()),
        )
        return bool(rows)

    def signups(self) -> list[StoredSignup]:
        """Every signup, oldest first."""
        rows = self._query(f"SELECT page, email, consent, created_at FROM signups ORDER BY {self.ROW_ID}")
        return [StoredSignup(page, email, bool(consent), created) for page, email, consent, created in rows]

    # --- votes ----------------------------------------------------------------------------

    def record_vote(
        self, poll: str, choice: str, *, email: str | None = None, device: str | None = None
    ) -> VoteOutcome:
        """Count one vote per address (`email`) or per device (`device`, an id the fan's browser made up).

        A second vote by the same voter changes nothing: the outcome says
        which choice stands. The device id is kept only as a digest.
        """
        if (email is None) == (device is None):
            raise ValueError("A vote needs exactly one of email or device.")
        voter = normalise_email(email) if email is not None else None
        device_key = _hash(device) if device is not None else None
        rows = self._query(
            "INSERT INTO votes (poll, choice, email, device, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING choice",
            (poll, choice, voter, device_key, self._clock()),
        )
        if rows:
            return VoteOutcome(choice, counted=True)
        column, value = ("email", voter) if voter is not None else ("device", device_key)
        rows = self._query(f"SELECT choice FROM votes WHERE poll = ? AND {column} = ?", (poll, value))
        return VoteOutcome(rows[0][0] if rows else choice, counted=False)

    def vote_counts(self, poll: str) -> dict[str, int]:
        """Votes per choice for one poll, most votes first."""
        rows = self._query(
            "SELECT choice, count(*) FROM votes WHERE poll = ? GROUP BY choice ORDER BY count(*) DESC, choice",
            (poll,),
        )
        return {choice: int(count) for choice, count in rows}

    def votes(self) -> list[Vote]:
        """Every vote, oldest first (device votes carry no address)."""
        rows = self._query("SELECT poll, choice, email, created_at FROM votes ORDER BY id")
        return [Vote(*row) for row in rows]

    # --- submissions ----------------------------------------------------------------------

    def add_submission(
        self,
        call: str,
        name: str,
        *,
        text: str | None = None,
        url: str | None = None,
        email: str | None = None,
        consent: bool = False,
    ) -> int:
        """Keep a fan's submission as pending review; return its number."""
        rows = self._query(
            "INSERT INTO submissions (call, name, text, url, email, consent, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
            (call, name, text, url, normalise_email(email) if email else None, consent, self._clock()),
        )
        return int(rows[0][0])

    def submissions(self, call: str | None = None, status: str | None = None) -> list[Submission]:
        """Submissions, oldest first, for one call and/or in one status."""
        if status is not None and status not in SUBMISSION_STATUSES:
            raise ValueError(f"expected one of: {', '.join(SUBMISSION_STATUSES)} but received: {status!r}")
        where, params = [], []
        if call is not None:
            where.append("call = ?")
            params.append(call)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(
            "SELECT id, call, name, text, url, email, consent, status, created_at, reviewed_at "
            f"FROM submissions{clause} ORDER BY id",
            params,
        )
        return [self._submission(row) for row in rows]

    def review_submission(self, submission_id: int, status: str) -> Submission | None:
        """Approve, reject (or return to pending) one submission; None when there is no such number."""
        if status not in SUBMISSION_STATUSES:
            raise ValueError(f"expected one of: {', '.join(SUBMISSION_STATUSES)} but received: {status!r}")
        reviewed = None if status == "pending" else self._clock()
        rows = self._query(
            "UPDATE submissions SET status = ?, reviewed_at = ? WHERE id = ? "
            "RETURNING id, call, name, text, url, email, consent, status, created_at, reviewed_at",
            (status, reviewed, submission_id),
        )
        return self._submission(rows[0]) if rows else None

    def approve_submission(self, submission_id: int) -> Submission | None:
        """Mark a submission approved (the build publishes it from a content file, not from here)."""
        return self.review_submission(submission_id, "approved")

    def reject_submission(self, submission_id: int) -> Submission | None:
        """Mark a submission rejected; it is deleted 30 days later."""
        return self.review_submission(submission_id, "rejected")

    @staticmethod
    def _submission(row: tuple) -> Submission:
        number, call, name, text, url, email, consent, status, created, reviewed = row
        return Submission(int(number), call, name, text, url, email, bool(consent), status, created, reviewed)

    # --- RSVPs ----------------------------------------------------------------------------

    def add_rsvp(self, event: str, email: str) -> bool:
        """Record that this address is coming; False when it had already said so."""
        rows = self._query(
            "INSERT INTO rsvps (event, email, consent, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (event, normalise_email(email), True, self._clock()),
        )
        return bool(rows)

    def rsvps(self, event: str | None = None) -> list[Rsvp]:
        """RSVPs, oldest first, for one event or all."""
        clause, params = (" WHERE event = ?", (event,)) if event is not None else ("", ())
        rows = self._query(
            f"SELECT event, email, consent, created_at FROM rsvps{clause} ORDER BY {self.ROW_ID}", params
        )
        return [Rsvp(event_, email, bool(consent), created) for event_, email, consent, created in rows]

    # --- taps -----------------------------------------------------------------------------

    def count_tap(self, page: str, target: str, day: date | None = None) -> None:
        """Add one to the day's count of taps on `target` from `page`. Nothing about who tapped."""
        day = day or self._clock().astimezone(UTC).date()
        self._query(COUNT_TAP, (day, page, target))

    def count_hit(self, page: str, target: str, replay_key: str, window_s: float) -> bool:
        """Count one tap unless the same `replay_key` was counted in the last `window_s` seconds.

        True when counted. The key (already a salted digest made by the
        endpoint) is kept only as a digest of it, until its window ends. The
        commit does not wait for the disk (RELAXED_COMMIT): many fans add to
        one hot counter, and a crash may forget the last moment's counts,
        never corrupt them.
        """
        now = self._clock()

        def count(run: Run) -> bool:
            if self.RELAXED_COMMIT:
                run(self.RELAXED_COMMIT, ())
            fresh = run(
                "INSERT INTO hit_replays (key, expires) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE hit_replays.expires <= ? "
                "RETURNING 1",
                (_hash(replay_key), now.timestamp() + window_s, now.timestamp()),
            )
            if not fresh:
                return False
            run(COUNT_TAP, (now.astimezone(UTC).date(), page, target))
            return True

        counted = self._atomic(count)
        self._prune_now_and_then(now.timestamp())
        return counted

    def tap_counts(self, page: str | None = None) -> list[TapCount]:
        """Tap counts by day, page and target, oldest day first."""
        clause, params = (" WHERE page = ?", (page,)) if page is not None else ("", ())
        rows = self._query(f"SELECT day, page, target, count FROM taps{clause} ORDER BY day, page, target", params)
        return [TapCount(day, page_, target, int(count)) for day, page_, target, count in rows]

    # --- rate limits ----------------------------------------------------------------------

    def take_token(self, bucket: str, key: str, per_minute: int) -> int:
        """Spend one of `key`'s tokens in `bucket` ("ip", "email"...): 0 when allowed, else seconds to wait.

        A token bucket shared by every instance using this store: `per_minute`
        tokens at once, earned back evenly over a minute. One atomic statement,
        so two instances can never both spend the last token. `key` is kept
        only as a digest, and only until its bucket is full again.
        """
        if per_minute <= 0:
            return 0
        now = self._clock().timestamp()
        rows = self._query(self._take_token_sql(), (bucket, _hash(key), float(per_minute - 1), True, now))
        self._prune_now_and_then(now)
        tokens, allowed = rows[0]
        if allowed:
            return 0
        return max(1, math.ceil((1.0 - float(tokens)) / (per_minute / 60.0)))

    @classmethod
    def _take_token_sql(cls) -> str:
        """The token bucket as one upsert; the inserted row (`excluded`) carries capacity - 1 and the time."""
        if "_TAKE_TOKEN" not in cls.__dict__:
            refill = (
                f"{cls.LEAST}(excluded.tokens + 1, rate_limits.tokens + "
                f"{cls.GREATEST}(0, excluded.updated_at - rate_limits.updated_at) * (excluded.tokens + 1) / 60.0)"
            )
            cls._TAKE_TOKEN = (
                "INSERT INTO rate_limits (bucket, key, tokens, allowed, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (bucket, key) DO UPDATE SET "
                f"tokens = CASE WHEN {refill} >= 1 THEN {refill} - 1 ELSE {refill} END, "
                f"allowed = ({refill} >= 1), "
                f"updated_at = {cls.GREATEST}(rate_limits.updated_at, excluded.updated_at) "
                "RETURNING tokens, allowed"
            )
        return cls._TAKE_TOKEN

    def _prune_now_and_then(self, now: float) -> None:
        if now < self._next_prune or not self._prune_lock.acquire(blocking=False):
            return
        try:
            self._next_prune = now + PRUNE_EVERY_S
            self.prune()
        finally:
            self._prune_lock.release()

    # --- housekeeping ---------------------------------------------------------------------

    def prune(self) -> dict[str, int]:
        """Delete what is kept only for a while: full rate-limit buckets, spent replay keys of counts,
        submissions rejected 30 days ago."""
        now = self._clock()
        limits = self._query(
            "DELETE FROM rate_limits WHERE updated_at < ? RETURNING 1", (now.timestamp() - RATE_LIMIT_WINDOW_S,)
        )
        replays = self._query("DELETE FROM hit_replays WHERE expires < ? RETURNING 1", (now.timestamp(),))
        rejected = self._query(
            "DELETE FROM submissions WHERE status = 'rejected' AND reviewed_at < ? RETURNING 1",
            (now - REJECTED_KEPT_FOR,),
        )
        return {"rate_limits": len(limits), "hit_replays": len(replays), "submissions": len(rejected)}

    def counts(self) -> dict[str, int]:
        """Rows in each table, rate limits included."""
        return {table: int(self._query(f"SELECT count(*) FROM {table}")[0][0]) for table in (*TABLES, "rate_limits")}

    def forget(self, email: str) -> dict[str, int]:
        """Erase an address from every table, in one transaction; return the rows deleted per table.

        Rows are matched by their normalised address, so rows written before
        addresses were normalised are found too. Tap counts hold no address.
        """
        target = normalise_email(email)

        def erase(run: Run) -> dict[str, int]:
            deleted = {}
            for table in ADDRESS_TABLES:
                rows = run(f"SELECT {self.ROW_ID}, email FROM {table} WHERE email IS NOT NULL", ())
                ids = [row_id for row_id, stored in rows if normalise_email(stored) == target]
                for row_id in ids:
                    run(f"DELETE FROM {table} WHERE {self.ROW_ID} = ?", (row_id,))
                deleted[table] = len(ids)
            limits = run("DELETE FROM rate_limits WHERE bucket = 'email' AND key = ? RETURNING 1", (_hash(target),))
            deleted["rate_limits"] = len(limits)
            return deleted

        return self._atomic(erase)

    # --- copying between stores (`fanzine store migrate`) ---------------------------------

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every copied table, read in one snapshot (times as ISO text)."""

        def read(run: Run) -> dict[str, list[tuple]]:
            tables = {}
            for table, columns in TABLES.items():
                names = ", ".join(name for name, _ in columns)
                order = "day, page, target" if table == "taps" else self.ROW_ID
                kinds = [kind for _, kind in columns]
                rows = run(f"SELECT {names} FROM {table} ORDER BY {order}", ())
                tables[table] = [
                    tuple(bool(value) if kind == "flag" else value for kind, value in zip(kinds, row, strict=True))
                    for row in rows
                ]
            return tables

        return self._atomic(read, write=False)

    def load(self, tables: dict[str, list[tuple]]) -> dict[str, int]:
        """Copy `dump()`'s rows into this store, which must hold none; check the counts; all or nothing."""

        def write(run: Run) -> dict[str, int]:
            held = {table: int(run(f"SELECT count(*) FROM {table}", ())[0][0]) for table in TABLES}
            if any(held.values()):
                listed = ", ".join(f"{table} {count:,}" for table, count in held.items() if count)
                raise StoreError(
                    f"The fan store at {self.location} already holds rows ({listed}): "
                    "migrate copies into an empty store only, so nothing was copied."
                )
            for table, columns in TABLES.items():
                names = [name for name, _ in columns]
                insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
                for row in tables.get(table, []):
                    run(insert, [_from_text(kind, value) for (_, kind), value in zip(columns, row, strict=True)])
            self._after_load(run)
            copied = {table: int(run(f"SELECT count(*) FROM {table}", ())[0][0]) for table in TABLES}
            expected = {table: len(tables.get(table, [])) for table in TABLES}
            if copied != expected:
                raise StoreError(f"The copy does not add up (expected {expected}, found {copied}): nothing was kept.")
            return copied

        return self._atomic(write)

    def _after_load(self, run: Run) -> None:
        """Engine hook: anything to fix after rows arrived with their own ids."""


def _from_text(kind: str, value: Any) -> Any:
    """A dumped value, turned back into what the store's parameters take."""
    if value is None:
        return None
    if kind == "time":
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if kind == "day":
        return date.fromisoformat(value)
    if kind == "flag":
        return bool(value)
    return value
