"""The calls-list requests the benchmark measures, chosen from the loaded data, each with
its API path and its peer (peer_sql.CallFilter)."""
from __future__ import annotations

import datetime
import urllib.parse
from dataclasses import dataclass
from typing import Optional

from dataset import DAY_MS, Spread
from peer_sql import CallFilter


@dataclass
class ListCase:
    name: str
    params: list[tuple[str, str]]  # the query string, in order
    peer: Optional[CallFilter]     # None: no SQL behind it (/healthz)
    filtered: bool                 # held to the p99 target (filtered lists)
    path_override: Optional[str] = None

    @property
    def path(self) -> str:
        if self.path_override:
            return self.path_override
        query = urllib.parse.urlencode(self.params)
        return "/api/v1/calls" + ("?" + query if query else "")


def iso(ms: int) -> str:
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_cases(spread: Spread, user_id: str, disposition: str, outcome: str) -> list[ListCase]:
    # A full week, midnight to midnight, ending a week before the newest call.
    week_to = spread.last_ms - spread.last_ms % DAY_MS - 7 * DAY_MS
    week_from = week_to - 7 * DAY_MS
    # A caller of middling frequency, by the last four digits of the number, as typed.
    phone = spread.callers[len(spread.callers) // 3][-4:]
    return [
        ListCase("newest 50", [], CallFilter(), filtered=False),
        ListCase("user + disposition", [("user", user_id), ("disposition", disposition)],
                 CallFilter(users=[user_id], disposition=disposition), filtered=True),
        ListCase("one week + talk_time_min=60",
                 [("from", iso(week_from)), ("to", iso(week_to)), ("talk_time_min", "60")],
                 CallFilter(from_ms=week_from, to_ms=week_to, talk_time_min=60), filtered=True),
        ListCase("phone (4 digits, partial)", [("phone", phone)], CallFilter(phones=[phone]),
                 filtered=True),
        ListCase("outcome + direction=inbound", [("outcome", outcome), ("direction", "inbound")],
                 CallFilter(outcome=outcome, direction="inbound"), filtered=True),
    ]


def second_page(case: ListCase, cursor: str, last_call: tuple[int, str]) -> ListCase:
    """The page after `case`'s first, through its next_cursor."""
    peer = CallFilter(**{**case.peer.__dict__, "after": last_call}) if case.peer else None
    return ListCase(f"{case.name}, page 2 (cursor)", case.params + [("cursor", cursor)], peer,
                    filtered=case.filtered)


def healthz() -> ListCase:
    return ListCase("/healthz (HTTP floor)", [], None, filtered=False, path_override="/healthz")
