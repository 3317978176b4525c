"""Event fan-out: ws_fanout holds N WebSocket clients on /api/v1/events (admin token, so
each gets every event); agent 1's phone (sip_agent.py) answers; SIPp on 127.0.0.2 (the
trunk) places the calls one after another. Per call: the time from the agent's 200 OK
leaving to the call.accepted event reaching the first and the last client."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bench_server import (ADMIN_TOKEN, FANOUT_NUMBER, SERVER_IP, TRUNK_IP, BenchServer,
                          agent_email)
from harness import Process, free_port, wait_for
from sip_agent import AnsweringAgent

HERE = Path(__file__).resolve().parent
CALLER_XML = HERE.parent / "sip_cps" / "caller.xml"


class FanoutClients:
    """The ws_fanout process: its JSON lines read on a thread; stopped by closing its
    stdin, then by PID."""

    def __init__(self, binary: Path, port: int, clients: int, settle_ms: int, stderr: Path):
        argv = [str(binary), "--host", SERVER_IP, "--port", str(port),
                "--path", f"/api/v1/events?access_token={ADMIN_TOKEN}",
                "--clients", str(clients), "--settle-ms", str(settle_ms)]
        self._stderr = open(stderr, "wb")
        self.popen = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr, text=True)
        self.lines: list[dict] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            line = line.strip()
            if line:
                with self._lock:
                    self.lines.append(json.loads(line))

    def find(self, key: str, start: int = 0) -> Optional[dict]:
        with self._lock:
            return next((l for l in self.lines[start:] if key in l), None)

    def count(self, key: str) -> int:
        with self._lock:
            return sum(1 for l in self.lines if key in l)

    def wait_ready(self, timeout: float) -> dict:
        def ready():
            if self.popen.poll() is not None:
                raise RuntimeError(f"ws_fanout exited {self.popen.returncode}; lines: {self.lines[-3:]}")
            line = self.find("ready") or self.find("error")
            if line and "error" in line:
                raise RuntimeError(f"ws_fanout: {line['error']}")
            return line
        return wait_for(ready, timeout, "all WebSocket clients connected")

    def stop(self) -> Optional[dict]:
        if self.popen.poll() is None:
            try:
                assert self.popen.stdin is not None
                self.popen.stdin.close()  # EOF: it prints its summary and exits
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        self._reader.join(timeout=5)
        self._stderr.close()
        return self.find("summary")


@dataclass
class CallTiming:
    call_id: str
    received: int
    clients: int
    first_ms: float
    last_ms: float
    api_checked: bool
    ack_ms: Optional[float]  # 200 OK -> the server's ACK at the agent
    arrivals_ms: list[float] = field(repr=False, default_factory=list)


def sipp_caller(workdir: Path, name: str, server: BenchServer, hold_ms: int) -> Process:
    port = free_port(TRUNK_IP)
    argv = ["sipp", "-sf", str(CALLER_XML), "-i", TRUNK_IP, "-p", str(port), "-bind_local",
            "-nostdin", "-m", "1", "-d", str(hold_ms), "-timeout", "30s", "-timeout_error",
            "-trace_err", "-error_file", str(workdir / f"{name}.errors"),
            "-s", FANOUT_NUMBER, f"{SERVER_IP}:{server.sip_port}"]
    return Process(name, argv, workdir)


def run_fanout(server: BenchServer, ws_binary: Path, workdir: Path, clients: int, calls: int,
               hold_ms: int, ring_ms: int, log=print) -> dict:
    agent_id = server.agents()[agent_email(1)]
    agent = AnsweringAgent(("127.0.0.1", server.sip_port), "agent01", "secret-01", workdir, ring_ms)
    fan = FanoutClients(ws_binary, server.http_port, clients, settle_ms=5000,
                        stderr=workdir / "ws_fanout.stderr")
    timings: list[CallTiming] = []
    summary: Optional[dict] = None
    try:
        began = time.monotonic()
        fan.wait_ready(120)
        log(f"  {clients} WebSocket clients connected in {time.monotonic() - began:.1f} s")
        for n in range(calls):
            seen_lines = len(fan.lines)
            caller = sipp_caller(workdir, f"caller-{n + 1:02d}", server, hold_ms)
            try:
                wait_for(lambda: agent.answered() > n, 15 + ring_ms / 1000, f"the agent to answer call {n + 1}")
                t0_ns = agent.answer(n).ok_sent_ns
                line = wait_for(lambda: fan.find("call_id", seen_lines), 15,
                                f"call {n + 1}'s call.accepted at the clients")
                code = caller.wait(hold_ms / 1000 + 20)
                if code != 0:
                    raise RuntimeError(f"SIPp caller {n + 1} exited {code}:\n{caller.log_excerpt(20)}")
            finally:
                caller.stop()
            newest = server.ok("/api/v1/calls?limit=1")["items"][0]
            checked = (newest["id"] == line["call_id"] and newest["answered_by_user_id"] == agent_id
                       and newest["outcome"] == "completed")
            arrivals = [(ns - t0_ns) / 1e6 for ns in line["arrivals_ns"] if ns >= 0]
            ack_ns = agent.answer(n).ack_ns
            timing = CallTiming(line["call_id"], line["received"], line["clients"],
                                (line["first_ns"] - t0_ns) / 1e6, (line["last_ns"] - t0_ns) / 1e6,
                                checked, (ack_ns - t0_ns) / 1e6 if ack_ns else None, arrivals)
            timings.append(timing)
            log(f"  call {n + 1:2d}: {timing.received}/{timing.clients} clients, first {timing.first_ms:6.1f} ms,"
                f" last {timing.last_ms:6.1f} ms after the 200 OK (ACK {timing.ack_ms or float('nan'):.1f} ms)"
                f"{'' if checked else '  (API check FAILED)'}")
    finally:
        summary = fan.stop()
        agent.close()
    return {"clients": clients, "ring_ms": ring_ms, "calls": [t.__dict__ for t in timings], "ws_fanout": summary,
            "agent_errors": agent.errors}
