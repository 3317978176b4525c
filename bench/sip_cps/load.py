"""One load step: a fresh system, its agents registered and answering, and the
SIPp caller at a fixed rate for a fixed time; returns what happened."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from procs import CpuMeter, Process, Registry, udp_bound, udp_drops, wait_until
from systems import AGENT_IP, NUMBER, SERVER_IP, register_agents

HERE = Path(__file__).resolve().parent
CALLER_IP = "127.0.0.2"
MAX_FAILED_FRACTION = 0.001   # "under 0.1% failed calls"
MIN_RATE_FRACTION = 0.97      # the caller must really have offered the rate
RECV_TIMEOUT_MS = 5000        # a call waiting longer than this for a message fails
DRAIN_TIMEOUT_S = 40.0        # after the last call is offered
LOG_LIMIT_BYTES = 1_000_000
POLL_S = 0.25
# SIPp's watchdog ends a run when its loop stalls; on a shared 2-core machine
# stalls happen, and what counts here is whether calls fail.
SIPP_COMMON = ["-bind_local", "-nostdin", "-max_log_size", str(LOG_LIMIT_BYTES),
               "-error_overwrite", "false", "-watchdog_minor_maxtriggers", "1000000",
               "-watchdog_major_maxtriggers", "1000000"]


@dataclass
class Case:
    name: str
    agent_scenarios: list[str]

    @property
    def devices(self) -> int:
        return len(self.agent_scenarios)


CASES = [Case("1 device answers", ["agent_answer.xml"]),
         Case("3 devices ring, 1 answers", ["agent_answer.xml", "agent_ring.xml", "agent_ring.xml"])]


@dataclass
class Step:
    system: str
    case: str
    rate: int
    duration_s: int
    offered: int = 0
    successful: int = 0
    failed: int = 0
    achieved_rate: float = 0.0
    passed: bool = False
    reason: str = ""
    ring_ms: list[float] = field(default_factory=list, repr=False)
    answer_ms: list[float] = field(default_factory=list, repr=False)
    cpu: dict = field(default_factory=dict)
    udp_drops: dict = field(default_factory=dict)
    workdir: str = ""


def percentile(values: list[float], pct: float) -> Optional[float]:
    """Nearest-rank percentile; None for no samples."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-pct * len(ordered) // 100)))
    return ordered[rank - 1]


def _stat_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [l for l in path.read_text(errors="replace").splitlines() if l.strip()]
    if len(lines) < 2:
        return []
    header = lines[0].rstrip(";").split(";")
    return [dict(zip(header, l.rstrip(";").split(";"))) for l in lines[1:]]


def _epoch(stamp: str) -> float:
    return float(stamp.split("\t")[-1])


def _offer_seconds(rows: list[dict[str, str]], calls: int) -> Optional[float]:
    """When the caller had offered `calls` calls, interpolated between the 1 s stat rows."""
    previous = (0.0, 0)
    for row in rows:
        t = _epoch(row["CurrentTime"]) - _epoch(row["StartTime"])
        created = int(row["TotalCallCreated"])
        if created >= calls:
            t0, c0 = previous
            return t0 + (t - t0) * (calls - c0) / max(created - c0, 1)
        previous = (t, created)
    return None


def _read_rtt(workdir: Path) -> tuple[list[float], list[float]]:
    ring, answer = [], []
    for path in workdir.glob("*_rtt.csv"):
        for line in path.read_text(errors="replace").splitlines()[1:]:
            parts = line.split(";")
            if len(parts) < 3:
                continue
            target = ring if parts[2] == "ring" else answer if parts[2] == "answer" else None
            if target is not None:
                target.append(float(parts[1]))
    return ring, answer


class StepRunner:
    def __init__(self, registry: Registry, agent_ports: list[int], caller_port: int,
                 hold_ms: int, out_dir: Path):
        self.registry = registry
        self.agent_ports = agent_ports
        self.caller_port = caller_port
        self.hold_ms = hold_ms
        self.out_dir = out_dir

    def run(self, system, case: Case, rate: int, duration_s: int) -> Step:
        workdir = self.out_dir / f"{system.name}-{case.devices}dev-{rate}cps-{duration_s}s"
        workdir.mkdir(parents=True, exist_ok=True)
        step = Step(system.name, case.name, rate, duration_s, workdir=str(workdir))
        agents: list[Process] = []
        try:
            system.start(self.registry, workdir, case.devices)
            ports = self.agent_ports[:case.devices]
            register_agents(system, ports)
            for n, (scenario, port) in enumerate(zip(case.agent_scenarios, ports), start=1):
                agents.append(self._agent(workdir, n, scenario, port))
            for port in ports:
                wait_until(lambda p=port: udp_bound(AGENT_IP, p), 10, f"agent on port {port}")
            self._drive(system, agents, step, workdir)
        finally:
            for agent in agents:
                self.registry.stop(agent)
            system.stop(self.registry)
        return step

    def _agent(self, workdir: Path, n: int, scenario: str, port: int) -> Process:
        argv = ["sipp", "-sf", str(HERE / scenario), "-i", AGENT_IP, "-p", str(port),
                "-l", "1000000", "-trace_err", "-error_file", str(workdir / f"agent{n}.errors"),
                *SIPP_COMMON]
        return self.registry.start(f"agent{n}", argv, workdir)

    def _caller_argv(self, system, rate: int, calls: int, workdir: Path) -> list[str]:
        return ["sipp", "-sf", str(HERE / "caller.xml"), "-i", CALLER_IP, "-p", str(self.caller_port),
                "-s", NUMBER, "-r", str(rate), "-rp", "1000", "-m", str(calls),
                "-l", str(max(1000, rate * 10)), "-d", str(self.hold_ms),
                "-recv_timeout", str(RECV_TIMEOUT_MS),
                "-trace_err", "-error_file", str(workdir / "caller.errors"),
                "-trace_stat", "-stf", str(workdir / "caller.csv"), "-fd", "1",
                "-trace_rtt", "-rtt_freq", "100", "-timer_resol", "1", *SIPP_COMMON, f"{SERVER_IP}:{system.port}"]

    def _drive(self, system, agents: list[Process], step: Step, workdir: Path) -> None:
        calls = step.rate * step.duration_s
        step.offered = calls
        # "Under 0.1%": the most failed calls a passing step may have.
        budget = (calls - 1) // int(round(1 / MAX_FAILED_FRACTION))
        stat_path = workdir / "caller.csv"
        caller = self.registry.start("caller", self._caller_argv(system, step.rate, calls, workdir),
                                     workdir)
        meter = CpuMeter({"system": system.pids(), "sipp_caller": [caller.pid],
                          "sipp_agents": [a.pid for a in agents]})
        meter.start()
        measuring = True
        deadline = time.monotonic() + step.duration_s + DRAIN_TIMEOUT_S
        try:
            while caller.wait(POLL_S) is None:
                rows = _stat_rows(stat_path)
                last = rows[-1] if rows else None
                if measuring:
                    meter.sample()
                    measuring = not (last and int(last["TotalCallCreated"]) >= calls)
                if last and int(last["FailedCall(C)"]) > budget:
                    step.reason = f"over {budget} failed calls (stopped early)"
                    break
                if time.monotonic() > deadline:
                    step.reason = "calls still open after the drain timeout"
                    break
        finally:
            step.cpu = meter.result()
            step.udp_drops = {
                "server": udp_drops(SERVER_IP, system.port),
                "agents": sum(udp_drops(AGENT_IP, p) for p in self.agent_ports[:len(agents)]),
                "caller": udp_drops(CALLER_IP, self.caller_port)}
            self.registry.stop(caller)
        self._account(step, _stat_rows(stat_path), workdir, budget)

    def _account(self, step: Step, rows: list[dict[str, str]], workdir: Path, budget: int) -> None:
        if not rows:
            step.reason = step.reason or "the caller wrote no statistics"
            return
        last = rows[-1]
        step.successful = int(last["SuccessfulCall(C)"])
        step.failed = int(last["FailedCall(C)"])
        offered_after = _offer_seconds(rows, step.offered)
        if offered_after:
            step.achieved_rate = step.offered / offered_after
        else:  # stopped early: the rate offered until then
            seconds = _epoch(last["CurrentTime"]) - _epoch(last["StartTime"])
            step.achieved_rate = int(last["TotalCallCreated"]) / max(seconds, 1e-3)
        step.ring_ms, step.answer_ms = _read_rtt(workdir)
        if step.reason:
            return
        if step.failed > budget:
            step.reason = f"{step.failed} failed calls (budget {budget})"
        elif step.successful + step.failed < step.offered:
            step.reason = f"only {step.successful + step.failed} of {step.offered} calls ended"
        elif step.achieved_rate < MIN_RATE_FRACTION * step.rate:
            step.reason = f"the caller offered only {step.achieved_rate:.0f} calls/s"
        else:
            step.passed = True


def summarize(step: Step) -> str:
    def pct(values: list[float]) -> str:
        p50, p99 = percentile(values, 50), percentile(values, 99)
        return "-" if p50 is None else f"{p50:g}/{p99:g} ms"
    verdict = "PASS" if step.passed else f"FAIL ({step.reason})"
    cpu = step.cpu.get("system", {})
    caller = step.cpu.get("sipp_caller", {}).get("cpu_pct", 0)
    return (f"{step.system:11s} {step.case:26s} {step.rate:6d} cps x {step.duration_s:2d}s: "
            f"{verdict}; ok {step.successful}, failed {step.failed}, offered at "
            f"{step.achieved_rate:.0f}/s; 180 {pct(step.ring_ms)}, 200 {pct(step.answer_ms)}; "
            f"cpu {cpu.get('cpu_pct', 0)}% of a core (busiest thread "
            f"{cpu.get('busiest_thread_pct', 0)}%), sipp caller {caller}%, "
            f"machine {step.cpu.get('machine_busy_pct', 0)}% of all cores; udp drops {step.udp_drops}")
