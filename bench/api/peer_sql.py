"""The peer of each GET /api/v1/calls request: the same question asked of the same SQLite
file straight from python's sqlite3, with no HTTP, auth or JSON in between.

The statements are the ones the store runs for that request (store/call_search_sql.cpp,
SQLite dialect): the filters as WHERE terms, newest first by (started_at, id), limit + 1
rows; for a user filter, first a count capped at 5,000 of what the filter's own index
holds, and for a phone filter the ids of the calls from or to the numbers the trigram index
lists (up to 5,000), which decide between listing that filter's calls and walking the sort order.
So "ours / peer" is what the server adds around SQLite, and EXPLAIN QUERY PLAN of these
statements is the plan the server gets.
"""
from __future__ import annotations

import json
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from typing import Optional

LISTED_MATCHES = 5_000  # store::kListedMatches
CALL_COLUMNS = ("id, direction, number_e164, caller_e164, lead_id, status, outcome,"
                " answered_by_user_id, started_at, answered_at, ended_at, talk_seconds, end_reason,"
                " disposition, sentiment, notes, logged_by_user_id, logged_at")


@dataclass
class CallFilter:
    """One calls-list request, as the API's query parameters mean it."""
    talk_time_min: Optional[int] = None
    from_ms: Optional[int] = None
    to_ms: Optional[int] = None
    phones: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    disposition: Optional[str] = None
    direction: Optional[str] = None
    outcome: Optional[str] = None
    after: Optional[tuple[int, str]] = None  # (started_at, id) of the previous page's last call
    limit: int = 50


@dataclass
class Statement:
    sql: str
    params: list


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def _in(values: list[str], params: list) -> str:
    params.extend(values)
    return "(" + ", ".join("?" for _ in values) + ")"


def user_count(f: CallFilter) -> Optional[Statement]:
    if not f.users:
        return None
    params: list = []
    rows = (f"SELECT call_id FROM offers WHERE user_id IN {_in(f.users, params)} UNION ALL"
            f" SELECT id FROM calls WHERE answered_by_user_id IN {_in(f.users, params)}")
    return Statement(f"SELECT COUNT(*) FROM ({rows} LIMIT ?) AS counted", params + [LISTED_MATCHES])


def _numbers_holding(patterns: list[str]) -> str:
    return " UNION ".join("SELECT digits FROM call_number_search WHERE digits LIKE ?" for _ in patterns)


def _phones_listed(patterns: list[str]) -> tuple[str, list]:
    """The calls from or to a number holding any fragment (store/call_search_sql.cpp)."""
    sql = (f"SELECT id FROM calls WHERE caller_digits IN ({_numbers_holding(patterns)}) UNION ALL"
           f" SELECT id FROM calls WHERE number_digits IN ({_numbers_holding(patterns)})")
    return sql, patterns + patterns


def phone_ids(f: CallFilter) -> Optional[Statement]:
    if not f.phones or any(len(_digits(p)) < 3 for p in f.phones):
        return None
    sql, params = _phones_listed([f"%{_digits(p)}%" for p in f.phones])
    return Statement(f"{sql} LIMIT ?", params + [LISTED_MATCHES])


def _few(conn: sqlite3.Connection, count: Optional[Statement]) -> bool:
    return count is None or conn.execute(count.sql, count.params).fetchone()[0] < LISTED_MATCHES


def search(f: CallFilter, list_users: bool, list_phones: bool, listed_ids: Optional[str] = None) -> Statement:
    where: list[str] = []
    params: list = []
    if f.talk_time_min is not None:
        where.append("COALESCE(talk_seconds, 0) >= ?")
        params.append(f.talk_time_min)
    if f.from_ms is not None:
        where.append("started_at >= ?")
        params.append(f.from_ms)
    if f.to_ms is not None:
        where.append("started_at < ?")
        params.append(f.to_ms)
    if f.phones:
        patterns = [f"%{_digits(p)}%" for p in f.phones]
        if list_phones and listed_ids is not None:
            where.append("id IN (SELECT value FROM json_each(?))")
            patterns = [listed_ids]
        elif list_phones and all(len(_digits(p)) >= 3 for p in f.phones):
            listed_sql, patterns = _phones_listed(patterns)
            where.append(f"id IN ({listed_sql})")
        else:
            where.append("(" + " OR ".join("phone_digits LIKE ?" for _ in patterns) + ")")
        params += patterns
    if f.users and list_users:
        where.append(f"id IN (SELECT call_id FROM offers WHERE user_id IN {_in(f.users, params)} UNION"
                     f" SELECT id FROM calls WHERE answered_by_user_id IN {_in(f.users, params)})")
    elif f.users:
        where.append(f"(answered_by_user_id IN {_in(f.users, params)} OR EXISTS (SELECT 1 FROM offers o"
                     f" WHERE o.call_id = calls.id AND o.user_id IN {_in(f.users, params)}))")
    for column, value in (("disposition", f.disposition), ("direction", f.direction),
                          ("status", f.outcome)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if f.after is not None:
        where.append("(started_at, id) < (?, ?)")
        params += list(f.after)
    sql = f"SELECT {CALL_COLUMNS} FROM calls"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
    return Statement(sql, params + [f.limit + 1])


@dataclass
class PeerPlan:
    """The statements one request runs, in order, and what SQLite plans for each."""
    statements: list[Statement]
    listed_users: bool
    listed_phones: bool

    def run(self, conn: sqlite3.Connection) -> list[tuple]:
        """The page (limit + 1 rows); the counts already ran in plan()."""
        page = self.statements[-1]
        return conn.execute(page.sql, page.params).fetchall()

    def explain(self, conn: sqlite3.Connection) -> list[str]:
        lines = []
        for s in self.statements:
            lines.append(s.sql)
            for _, parent, _, detail in conn.execute("EXPLAIN QUERY PLAN " + s.sql, s.params):
                lines.append(f"  [{parent}] {detail}")
        return lines


def plan(conn: sqlite3.Connection, f: CallFilter) -> PeerPlan:
    """Runs the capped user count and the phone ids listing (as the store does before every
    search) and builds the page's statement from their answers."""
    before = [c for c in (user_count(f), phone_ids(f)) if c is not None]
    few_users = _few(conn, user_count(f))
    few_phones, listed = True, None
    if (ids := phone_ids(f)) is not None:
        found = [row[0] for row in conn.execute(ids.sql, ids.params)]
        few_phones = len(found) < LISTED_MATCHES
        listed = json.dumps(found) if few_phones else None
    return PeerPlan(before + [search(f, few_users, few_phones, listed)], few_users, few_phones)


@dataclass
class PeerTiming:
    runs: int
    p50_ms: float
    p99_ms: float
    mean_ms: float


def time_peer(conn: sqlite3.Connection, f: CallFilter, runs: int, warmup: int = 20) -> PeerTiming:
    """Each run decides the plan (the counts) and fetches the page, as the store does."""
    for _ in range(warmup):
        plan(conn, f).run(conn)
    samples = []
    for _ in range(runs):
        began = time.perf_counter_ns()
        plan(conn, f).run(conn)
        samples.append((time.perf_counter_ns() - began) / 1e6)
    samples.sort()
    return PeerTiming(runs, percentile(samples, 50), percentile(samples, 99), statistics.fmean(samples))


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]
