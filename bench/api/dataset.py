"""The stored call history the calls-list benchmark reads: N calls (default 1,000,000),
each with one offer, written straight into Switchboard's SQLite file in one transaction.

This bypasses the server on purpose (placing a million calls through SIP would take
hours); it must therefore match the real schema: it writes every column the store's
insertCall and insertOffer write, the phone_digits the store derives, and lets the schema
do the rest (triggers list each number in call_numbers; CHECK and foreign-key constraints
are on). run.py reads a sample back through the API before measuring.

The spread: 60 days of calls, busier on weekdays and in office hours; 20 agents with
unequal shares; inbound, outbound and transfers; outcomes, dispositions and sentiments in
plausible proportions; log-normal talk times; about 50,000 distinct callers, a few of whom
call often.
"""
from __future__ import annotations

import base64
import math
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

DAY_MS = 86_400_000
SAMPLE_SIZE = 200  # calls read back through the API after the load
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

DISPOSITIONS = ["Interested", "Not interested", "Follow up", "Wrong number", "Sale", "Left message"]
DISPOSITION_WEIGHTS = [30, 25, 20, 5, 10, 10]
SENTIMENTS = ["positive", "neutral", "negative"]
SENTIMENT_WEIGHTS = [45, 40, 15]

# direction -> share of calls
DIRECTIONS = {"inbound": 0.85, "outbound": 0.12, "transfer": 0.03}
# status (the API's "outcome") -> (share, offer status, end reason)
OUTCOMES = {
    "completed": (0.62, "accepted", "caller hung up"),
    "no_answer": (0.12, "no_answer", "ring timeout"),
    "voicemail": (0.10, "no_answer", "voicemail"),
    "cancelled": (0.09, "cancelled", "caller cancelled"),
    "busy": (0.04, "declined", "busy"),
    "failed": (0.02, "failed", "nobody reachable"),
    "interrupted": (0.01, "cancelled", "server restarted"),
}
# Relative call volume of each hour of the day (UTC, office hours in the middle).
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 16, 12, 15, 18, 17, 14, 10, 6, 4, 3, 2, 1, 1]
COMPANY_NUMBERS = ["+15550100000", "+15550100100", "+15550100200"]


# base32 (RFC 4648) groups bits the same way as Crockford's: only the alphabet differs.
_TO_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD.encode())


def ulid_like(epoch_ms: int, rng: random.Random) -> str:
    """Switchboard's id format (store/id.cpp): 48 bits of time in 10 Crockford characters,
    then 80 random bits in 16, so ids sort by creation time as the server's do."""
    value = ((epoch_ms & ((1 << 48) - 1)) << 80) | rng.getrandbits(80)  # 130 bits, 26 characters
    return base64.b32encode((value << 30).to_bytes(20, "big"))[:26].translate(_TO_CROCKFORD).decode()


def digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


@dataclass
class Spread:
    """What was generated, for choosing query parameters and checking the load."""
    calls: int
    first_ms: int
    last_ms: int
    callers: list[str]
    seconds: float
    sample: list[tuple[tuple, tuple]]  # some (call row, offer row) as written, to read back


def _callers(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(f"+1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}")
    return sorted(seen)


def _start_times(rng: random.Random, calls: int, end_ms: int, days: int) -> list[int]:
    # The `days` whole UTC days before the day of end_ms: every call is in the past.
    day_start = end_ms - end_ms % DAY_MS - days * DAY_MS
    day_weights = []
    for d in range(days):
        weekday = ((day_start + d * DAY_MS) // DAY_MS + 3) % 7  # 1970-01-01 was a Thursday
        day_weights.append(0.3 if weekday >= 5 else 1.0)
    day_picks = rng.choices(range(days), weights=day_weights, k=calls)
    hour_picks = rng.choices(range(24), weights=HOUR_WEIGHTS, k=calls)
    starts = [day_start + d * DAY_MS + h * 3_600_000 + rng.randrange(3_600_000)
              for d, h in zip(day_picks, hour_picks)]
    starts.sort()
    return starts


def _rows(rng: random.Random, starts: list[int], agents: list[str], agent_numbers: dict[str, str],
          callers: list[str]):
    """Yields (call row, offer row) in start order."""
    agent_weights = [1.0 + 2.0 * (i % 5) / 4 for i in range(len(agents))]  # 1x to 3x
    directions, direction_weights = list(DIRECTIONS), list(DIRECTIONS.values())
    outcomes, outcome_weights = list(OUTCOMES), [v[0] for v in OUTCOMES.values()]
    n = len(starts)
    agent_of = rng.choices(agents, weights=agent_weights, k=n)
    direction_of = rng.choices(directions, weights=direction_weights, k=n)
    outcome_of = rng.choices(outcomes, weights=outcome_weights, k=n)
    for i, started in enumerate(starts):
        agent, direction, status = agent_of[i], direction_of[i], outcome_of[i]
        # A few callers call often: index ~ N * u^2 puts more weight on the low indexes.
        caller = callers[int(len(callers) * rng.random() ** 2)]
        if direction == "outbound":
            caller_e164, number_e164 = agent_numbers[agent], caller
        else:
            caller_e164 = caller
            number_e164 = rng.choice(COMPANY_NUMBERS) if rng.random() < 0.7 else agent_numbers[agent]
        offer_status, end_reason = OUTCOMES[status][1], OUTCOMES[status][2]
        ring_ms = rng.randint(2_000, 25_000)
        answered_at = talk = disposition = sentiment = None
        answered_by = None
        notes = None
        if status == "completed":
            answered_at = started + ring_ms
            talk = max(1, min(5_400, int(rng.lognormvariate(math.log(110), 1.0))))
            ended_at = answered_at + talk * 1000 + rng.randrange(1000)
            # An outbound call is answered by the far end: no user (store/sqlite/call_writes.cpp).
            answered_by = None if direction == "outbound" else agent
            if rng.random() < 0.2:
                end_reason = "agent hung up"
            if rng.random() < 0.85:
                disposition = rng.choices(DISPOSITIONS, weights=DISPOSITION_WEIGHTS)[0]
            if rng.random() < 0.6:
                sentiment = rng.choices(SENTIMENTS, weights=SENTIMENT_WEIGHTS)[0]
            if rng.random() < 0.3:
                notes = "Asked for a quote; call back next week."
        elif status == "voicemail":
            ended_at = started + ring_ms + rng.randint(5_000, 60_000)
        else:
            ended_at = started + ring_ms
        logged = disposition is not None or sentiment is not None or notes is not None
        call_id = ulid_like(started, rng)
        call = (call_id, direction, number_e164, caller_e164, None, status, None, answered_by,
                started, answered_at, ended_at, talk, end_reason, disposition, sentiment, notes,
                digits(caller_e164) + " " + digits(number_e164),
                agent if logged else None, ended_at + rng.randint(5_000, 120_000) if logged else None)
        offer_created = started + rng.randint(5, 80)
        offer_ended = answered_at if offer_status == "accepted" else ended_at
        offer = (ulid_like(offer_created, rng), call_id, agent, None, offer_status, offer_created,
                 offer_ended, None if offer_status == "accepted" else end_reason)
        yield call, offer


CALL_INSERT = (
    "INSERT INTO calls (id, direction, number_e164, caller_e164, lead_id, status, outcome,"
    " answered_by_user_id, started_at, answered_at, ended_at, talk_seconds, end_reason,"
    " disposition, sentiment, notes, phone_digits, logged_by_user_id, logged_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
PHONE_TRIGGER = "call_numbers_search"
OFFER_INSERT = ("INSERT INTO offers (id, call_id, user_id, device_id, status, created_at, ended_at,"
                " reason) VALUES (?,?,?,?,?,?,?,?)")


def load(db_path: Path, agents: list[str], agent_numbers: dict[str, str], calls: int,
         distinct_callers: int, days: int, seed: int, end_ms: int) -> Spread:
    """Writes the calls and offers in one transaction; the server must not be running."""
    began = time.monotonic()
    rng = random.Random(seed)
    callers = _callers(rng, distinct_callers)
    starts = _start_times(rng, calls, end_ms, days)
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=OFF")  # one bulk write; a crash would just redo it
        conn.execute("BEGIN")
        # The FTS5 trigger writes a segment per new number (it flushes at every statement's
        # savepoint): ~0.5 ms each. Like migration 8's backfill, the numbers' trigram index
        # is filled in one statement after the calls (whose own trigger still lists each
        # number once); the trigger is re-created from its own stored SQL.
        trigger_sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                   " AND name = ?", (PHONE_TRIGGER,)).fetchone()[0]
        conn.execute(f"DROP TRIGGER {PHONE_TRIGGER}")
        batch_calls, batch_offers = [], []
        sample: list[tuple[tuple, tuple]] = []
        every = max(1, calls // SAMPLE_SIZE)
        for i, (call, offer) in enumerate(_rows(rng, starts, agents, agent_numbers, callers)):
            if i % every == 0:
                sample.append((call, offer))
            batch_calls.append(call)
            batch_offers.append(offer)
            if len(batch_calls) == 20_000:
                conn.executemany(CALL_INSERT, batch_calls)
                conn.executemany(OFFER_INSERT, batch_offers)
                batch_calls, batch_offers = [], []
        conn.executemany(CALL_INSERT, batch_calls)
        conn.executemany(OFFER_INSERT, batch_offers)
        conn.execute("INSERT INTO call_number_search (digits)"
                     " SELECT digits FROM call_numbers WHERE digits NOT IN"
                     " (SELECT digits FROM call_number_search)")
        conn.execute(trigger_sql)
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise RuntimeError(f"foreign key violations after the load: {violations[:5]}")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return Spread(calls, starts[0], starts[-1], callers, time.monotonic() - began, sample)
