"""After the bulk load and before measuring: the loaded calls are read back through the
API (GET /api/v1/calls/{id}, with its offer) and compared field by field with what was
written, and the phone-search index holds every call. A row the server could not read as
written (a status or direction it does not know, a time it formats differently) fails the
run here rather than skewing the numbers."""
from __future__ import annotations

import datetime
import sqlite3

from bench_server import BenchServer
from dataset import Spread


def utc(ms):
    if ms is None:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def expected_call(call: tuple) -> dict:
    (cid, direction, number, caller, lead, status, _outcome, answered_by, started, answered,
     ended, talk, end_reason, disposition, sentiment, notes, _digits, logged_by, logged_at) = call
    return {"id": cid, "direction": direction, "number": number, "caller": caller, "lead_id": lead,
            "outcome": status, "answered_by_user_id": answered_by, "started_at": utc(started),
            "answered_at": utc(answered), "ended_at": utc(ended), "talk_seconds": talk,
            "end_reason": end_reason or "", "disposition": disposition, "sentiment": sentiment,
            "notes": notes or "", "logged_by_user_id": logged_by, "logged_at": utc(logged_at)}


def expected_offer(offer: tuple) -> dict:
    oid, _call, user, device, status, created, ended, reason = offer
    return {"id": oid, "user_id": user, "device_id": device, "status": status,
            "created_at": utc(created), "ended_at": utc(ended), "reason": reason or ""}


def check_sample(server: BenchServer, spread: Spread) -> dict:
    mismatches = []
    for call, offer in spread.sample:
        got = server.ok(f"/api/v1/calls/{call[0]}")
        want = expected_call(call)
        diff = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
        offers = got.get("offers", [])
        if len(offers) != 1:
            diff["offers"] = (1, len(offers))
        else:
            diff.update({f"offer.{k}": (v, offers[0].get(k)) for k, v in expected_offer(offer).items()
                         if offers[0].get(k) != v})
        if diff:
            mismatches.append({"call": call[0], "diff": diff})
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as conn:
        calls = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        offers_n = conn.execute("SELECT COUNT(*) FROM offers").fetchone()[0]
        # Partial phone search (migration 8): every number the calls hold, once, indexed.
        numbers = conn.execute("SELECT COUNT(*) FROM (SELECT caller_digits FROM calls WHERE caller_digits <> ''"
                               " UNION SELECT number_digits FROM calls WHERE number_digits <> '')").fetchone()[0]
        listed = conn.execute("SELECT COUNT(*) FROM call_numbers").fetchone()[0]
        indexed = conn.execute("SELECT COUNT(*) FROM call_number_search").fetchone()[0]
    if calls != spread.calls or offers_n != spread.calls or not numbers == listed == indexed:
        mismatches.append({"counts": {"calls": calls, "offers": offers_n, "numbers": numbers,
                                      "listed": listed, "phone_index": indexed, "expected": spread.calls}})
    if mismatches:
        raise RuntimeError(f"the loaded calls do not read back as written: {mismatches[:3]}")
    return {"checked": len(spread.sample), "calls": calls, "offers": offers_n, "phone_index": indexed}
