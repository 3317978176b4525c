#!/usr/bin/python3
"""HTTP API benchmark (issue 5): GET /api/v1/calls with the R-25 filters over 1,000,000
stored calls, measured with wrk against the same SQL run straight on the SQLite file; then
the fan-out of call.accepted (R-27) to 1,000 WebSocket clients, timed from the agent's
SIP 200 OK. See bench/api/README.md. Run by hand on a quiet machine, never in CI."""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset  # noqa: E402
from bench_server import AGENT_COUNT, ADMIN_TOKEN, BenchServer, agent_email, agent_number  # noqa: E402
from fanout import run_fanout  # noqa: E402
from http_load import run_wrk  # noqa: E402
from list_cases import ListCase, build_cases, healthz, second_page  # noqa: E402
from peer_sql import percentile, plan, time_peer  # noqa: E402
from readback import check_sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
P99_TARGET_MS = 20.0     # filtered call lists (issue 5)
FANOUT_TARGET_MS = 50.0  # every client, from the 200 OK


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--switchboard", default=str(ROOT / "build/bench/switchboard"))
    p.add_argument("--ws-fanout", default=str(ROOT / "build/bench/bench/api/ws_fanout"))
    p.add_argument("--calls", type=int, default=1_000_000)
    p.add_argument("--callers", type=int, default=50_000, help="distinct caller numbers")
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--wrk-seconds", type=int, default=15)
    p.add_argument("--wrk-threads", type=int, default=2)
    # Two per API thread: the server is as busy as it gets (4 and 16 connections give about
    # the same requests/s on two cores); more connections only lengthen the queue, so p99
    # then measures queue depth (docs/benchmarks.md, runs E and F).
    p.add_argument("--wrk-connections", type=int, default=4)
    p.add_argument("--peer-runs", type=int, default=300)
    p.add_argument("--alone-seconds", type=int, default=5, help="wrk -t1 -c1 run per request")
    p.add_argument("--clients", type=int, default=1000, help="WebSocket clients")
    p.add_argument("--fanout-calls", type=int, default=20)
    p.add_argument("--hold-ms", type=int, default=300, help="length of each fan-out call")
    p.add_argument("--ring-ms", type=int, default=1000,
                   help="the agent's 180 to its 200 (0: answer at once, while call.offered still fans out)")
    p.add_argument("--skip-lists", action="store_true")
    p.add_argument("--skip-fanout", action="store_true")
    p.add_argument("--keep-data", action="store_true", help="keep the temp data dir")
    p.add_argument("--out", default=str(ROOT / "build/bench/api" / time.strftime("%Y%m%d-%H%M%S")))
    return p.parse_args()


def raise_open_files(needed: int) -> dict:
    """Soft RLIMIT_NOFILE up to the hard limit; the server and ws_fanout inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    soft_now = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft_now < needed:
        print(f"WARNING: open files limit {soft_now} < {needed}: some clients will fail to connect")
    return {"before": soft, "after": soft_now, "hard": hard}


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "?")
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "sqlite": sqlite3.sqlite_version, "python": platform.python_version()}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- the calls list ------------------------------------------------------------------

def measure_case(server: BenchServer, conn: sqlite3.Connection, case: ListCase,
                 args: argparse.Namespace) -> dict:
    row: dict = {"case": case.name, "path": case.path, "filtered": case.filtered}
    if case.peer is not None:
        # The API's page must be the peer's: same calls, same order, same "more" answer.
        page = server.ok(case.path)
        peer_plan = plan(conn, case.peer)
        rows = peer_plan.run(conn)
        api_ids = [c["id"] for c in page["items"]]
        peer_ids = [r[0] for r in rows[:case.peer.limit]]
        if api_ids != peer_ids or (page["next_cursor"] is not None) != (len(rows) > case.peer.limit):
            raise RuntimeError(f"{case.name}: the API's page differs from the SQL's\n"
                               f"api {api_ids[:5]}... ({len(api_ids)})\npeer {peer_ids[:5]}... ({len(peer_ids)})")
        row["items"] = len(api_ids)
        row["plan"] = peer_plan.explain(conn)
        row["listed"] = {"users": peer_plan.listed_users, "phones": peer_plan.listed_phones}
    for _ in range(20):  # warm the server's caches before wrk
        server.ok(case.path) if case.peer is not None else server.get(case.path, token=None)
    row["load_before"] = load_average()
    wrk = run_wrk(server.base_url + case.path, ADMIN_TOKEN, args.wrk_threads, args.wrk_connections,
                  args.wrk_seconds)
    row["load_after"] = load_average()
    row["wrk"] = {k: v for k, v in wrk.__dict__.items()}
    # One request at a time: the service time without the queue the connections build.
    alone = run_wrk(server.base_url + case.path, ADMIN_TOKEN, 1, 1, args.alone_seconds)
    row["wrk_one_connection"] = {k: v for k, v in alone.__dict__.items()}
    if wrk.failed:
        row["error"] = f"wrk counted {wrk.failed} failed requests: {wrk.errors}"
    if case.peer is not None:
        peer = time_peer(conn, case.peer, args.peer_runs)
        row["peer"] = peer.__dict__
        row["ratio_p50"] = wrk.p50_ms / peer.p50_ms if peer.p50_ms else None
        row["ratio_p99"] = wrk.p99_ms / peer.p99_ms if peer.p99_ms else None
    if case.filtered:
        row["pass"] = wrk.p99_ms < P99_TARGET_MS and not wrk.failed
    return row


def list_table(rows: list[dict]) -> str:
    out = ["| request | req/s | p50 | p99 | 1 connection: p50 / p99 | peer p50 | peer p99 | ours/peer p50 | ours/peer p99 | p99 < 20 ms |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        w, peer, one = r["wrk"], r.get("peer"), r["wrk_one_connection"]
        verdict = "" if "pass" not in r else ("pass" if r["pass"] else "**FAIL**")
        if "error" in r:
            verdict += f" ({r['error']})"
        out.append("| {} | {:.0f} | {:.2f} ms | {:.2f} ms | {:.2f} / {:.2f} ms | {} | {} | {} | {} | {} |".format(
            r["case"], w["requests_per_s"], w["p50_ms"], w["p99_ms"], one["p50_ms"], one["p99_ms"],
            f"{peer['p50_ms']:.2f} ms" if peer else "", f"{peer['p99_ms']:.2f} ms" if peer else "",
            f"{r['ratio_p50']:.1f}×" if peer else "", f"{r['ratio_p99']:.1f}×" if peer else "", verdict))
    return "\n".join(out)


def run_lists(server: BenchServer, spread: dataset.Spread, args: argparse.Namespace) -> list[dict]:
    agents = server.agents()
    # The busiest agents have three times the calls of the quietest; take a busy one.
    user_id = agents[agent_email(5)]
    cases = build_cases(spread, user_id, disposition="Follow up", outcome="voicemail")
    rows = []
    conn = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    # The page cache each of the store's read connections keeps (store/sqlite/reader_pool.cpp).
    conn.execute("PRAGMA cache_size = -65536")
    try:
        for case in cases:
            print(f"  {case.name}: {case.path}", flush=True)
            rows.append(measure_case(server, conn, case, args))
            if case.name == "user + disposition":
                page = server.ok(case.path)
                if page["next_cursor"] is None:
                    print("  (no second page: too few calls match)", flush=True)
                    continue
                last = page["items"][-1]
                started = dataset_ms(last["started_at"])
                page_two = second_page(case, page["next_cursor"], (started, last["id"]))
                print(f"  {page_two.name}", flush=True)
                rows.append(measure_case(server, conn, page_two, args))
        print(f"  {healthz().name}", flush=True)
        rows.append(measure_case(server, conn, healthz(), args))
    finally:
        conn.close()
    return rows


def dataset_ms(text: str) -> int:
    return int(datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
               .replace(tzinfo=datetime.timezone.utc).timestamp() * 1000 + 0.5)


# --- the fan-out ---------------------------------------------------------------------

def store_commits(server: BenchServer) -> tuple[float, int]:
    """(seconds, count) of switchboard_store_commit_seconds from /metrics."""
    request = urllib.request.Request(server.base_url + "/metrics")
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
    values = {}
    for line in text.splitlines():
        for suffix in ("_sum", "_count"):
            if line.startswith("switchboard_store_commit_seconds" + suffix):
                values[suffix] = float(line.split()[-1])
    return values.get("_sum", 0.0), int(values.get("_count", 0))


def fanout_table(result: dict) -> str:
    calls = result["calls"]
    firsts = sorted(c["first_ms"] for c in calls)
    lasts = sorted(c["last_ms"] for c in calls)
    complete = all(c["received"] == c["clients"] for c in calls)
    checked = all(c["api_checked"] for c in calls)
    ok = complete and checked and lasts and lasts[-1] < FANOUT_TARGET_MS
    acks = sorted(c["ack_ms"] for c in calls if c.get("ack_ms") is not None)
    commits = result.get("store_commits", {})
    notes = [f"200 OK -> the server's ACK at the agent: p50 {percentile(acks, 50):.1f} ms, max {acks[-1]:.1f} ms"
             if acks else "", f"store commits during the fan-out: {commits.get('count')},"
             f" mean {commits['mean_ms']:.1f} ms" if commits.get("mean_ms") is not None else ""]
    return "\n".join([
        "| calls | clients | first client p50 / p99 | last client p50 / p99 | last client max | every client got every call | all within 50 ms |",
        "|---:|---:|---:|---:|---:|---|---|",
        f"| {len(calls)} | {result['clients']} | {percentile(firsts, 50):.1f} / {percentile(firsts, 99):.1f} ms"
        f" | {percentile(lasts, 50):.1f} / {percentile(lasts, 99):.1f} ms | {lasts[-1] if lasts else float('nan'):.1f} ms"
        f" | {'yes' if complete else 'NO'} | {'pass' if ok else '**FAIL**'} |", ""] + [n for n in notes if n])


# --- main ----------------------------------------------------------------------------

def main() -> int:
    args = parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="sb-api-bench-"))
    results: dict = {"machine": machine(), "args": vars(args), "load_at_start": load_average(),
                     "open_files": raise_open_files(args.clients * 2 + 200)}
    print(f"data dir {workdir / 'data'}; output {out}; load average {results['load_at_start']}", flush=True)
    server = BenchServer(Path(args.switchboard), workdir, dataset.DISPOSITIONS, dataset.SENTIMENTS)
    try:
        t = time.monotonic()
        server.provision()
        server.start()  # runs the migrations once
        server.stop()
        print(f"provisioned {AGENT_COUNT} agents and migrated in {time.monotonic() - t:.1f} s", flush=True)
        agents = server.agents()
        agent_ids = [agents[agent_email(n)] for n in range(1, AGENT_COUNT + 1)]
        numbers = {agents[agent_email(n)]: agent_number(n) for n in range(1, AGENT_COUNT + 1)}
        print(f"loading {args.calls:,} calls and offers straight into {server.db_path.name} ...", flush=True)
        spread = dataset.load(server.db_path, agent_ids, numbers, args.calls, args.callers, args.days,
                              args.seed, end_ms=int(time.time() * 1000))
        results["load"] = {"calls": spread.calls, "seconds": round(spread.seconds, 1),
                           "db_bytes": server.db_path.stat().st_size}
        print(f"loaded in {spread.seconds:.0f} s; {server.db_path.stat().st_size / 1e6:.0f} MB", flush=True)
        t = time.monotonic()
        server.start()
        results["start_seconds"] = round(time.monotonic() - t, 2)
        results["readback"] = check_sample(server, spread)
        print(f"read back {results['readback']['checked']} loaded calls through the API: all match", flush=True)
        if not args.skip_lists:
            print(f"GET /api/v1/calls: wrk -t{args.wrk_threads} -c{args.wrk_connections} -d{args.wrk_seconds}s"
                  f" per request, then {args.peer_runs} runs of its SQL", flush=True)
            results["lists"] = run_lists(server, spread, args)
            results["list_table"] = list_table(results["lists"])
            print(results["list_table"], flush=True)
        if not args.skip_fanout:
            print(f"event fan-out: {args.clients} WebSocket clients, {args.fanout_calls} calls", flush=True)
            commits_before = store_commits(server)
            results["fanout"] = run_fanout(server, Path(args.ws_fanout), workdir, args.clients,
                                           args.fanout_calls, args.hold_ms, args.ring_ms)
            commits_after = store_commits(server)
            n = commits_after[1] - commits_before[1]
            results["fanout"]["store_commits"] = {
                "count": n, "mean_ms": (commits_after[0] - commits_before[0]) / n * 1000 if n else None}
            results["fanout_table"] = fanout_table(results["fanout"])
            print(results["fanout_table"], flush=True)
        results["load_at_end"] = load_average()
    finally:
        try:
            server.stop()
        finally:
            for log in workdir.glob("*.std*"):
                shutil.copy(log, out / log.name)
            if not args.keep_data:
                shutil.rmtree(workdir, ignore_errors=True)
        (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    tables = [results.get("list_table", ""), results.get("fanout_table", "")]
    (out / "table.md").write_text("\n\n".join(t for t in tables if t) + "\n")
    print(f"load average at the end {results['load_at_end']}; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
