"""One wrk run against one URL (bench/api/auth.lua adds the bearer token and prints the
numbers as JSON), and its result."""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "auth.lua"


@dataclass
class WrkResult:
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict
    text: str  # wrk's own report, kept in results.json

    @property
    def failed(self) -> int:
        return sum(self.errors.values())


def run_wrk(url: str, token: str, threads: int, connections: int, seconds: int) -> WrkResult:
    argv = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
            "--timeout", "10s", "-s", str(LUA), url]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60,
                          env={**os.environ, "SB_BENCH_TOKEN": token})
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    line = next((l for l in done.stdout.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no WRK_JSON line:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[len("WRK_JSON "):])
    seconds_run = data["duration_us"] / 1e6
    lat = data["latency_us"]
    return WrkResult(requests=data["requests"], seconds=seconds_run,
                     requests_per_s=data["requests"] / seconds_run if seconds_run else 0.0,
                     p50_ms=lat["p50"] / 1000, p90_ms=lat["p90"] / 1000, p99_ms=lat["p99"] / 1000,
                     max_ms=lat["max"] / 1000, errors=data["errors"], text=done.stdout)
