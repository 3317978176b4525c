#!/usr/bin/python3
"""SIP calls-per-second benchmark: Switchboard against Kamailio doing the same job.

For each case (one device answers; three devices ring and one answers) and each
system, finds the highest call rate the system holds for --duration seconds with
under 0.1% failed calls, and reports p50/p99 of INVITE->180 and INVITE->200 at
that rate. Each load step starts the system afresh, registers the agents,
starts them as SIPp UAS on their registered ports and runs the SIPp caller from
127.0.0.2 (Switchboard's trunk). See bench/README.md."""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import CALLER_IP, CASES, Case, Step, StepRunner, percentile, summarize  # noqa: E402
from procs import Registry, free_udp_port  # noqa: E402
from systems import AGENT_IP, SERVER_IP, Kamailio, Switchboard  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MIN_RATE = 25


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--switchboard", default=str(ROOT / "build/bench/switchboard"))
    p.add_argument("--kamailio", default="/usr/sbin/kamailio")
    p.add_argument("--kamailio-children", type=int, default=2, help="kamailio -n (UDP workers)")
    p.add_argument("--systems", default="kamailio,switchboard")
    p.add_argument("--cases", default="1,3", help="devices per case: 1 and/or 3")
    p.add_argument("--duration", type=int, default=20, help="seconds a rate must be held")
    p.add_argument("--probe", type=int, default=5, help="seconds of each probing step")
    p.add_argument("--start-rate", type=int, default=250)
    p.add_argument("--max-rate", type=int, default=16000)
    p.add_argument("--precision", type=float, default=0.1,
                   help="stop bisecting when the bracket is narrower than this fraction")
    p.add_argument("--hold-ms", type=int, default=100, help="answered call length before BYE")
    p.add_argument("--budget-minutes", type=float, default=14.0,
                   help="total time; each system and case gets an equal share")
    p.add_argument("--out", default=str(ROOT / "build/bench/sip_cps" / time.strftime("%Y%m%d-%H%M%S")))
    return p.parse_args()


class Search:
    """Finds one system's highest held rate for one case within a time share."""

    def __init__(self, runner: StepRunner, args: argparse.Namespace, system, case: Case,
                 deadline: float):
        self.runner, self.args, self.system, self.case = runner, args, system, case
        self.deadline = deadline
        self.steps: list[Step] = []

    def _attempt(self, rate: int, duration: int) -> Step:
        step = self.runner.run(self.system, self.case, rate, duration)
        self.steps.append(step)
        print("  " + summarize(step), flush=True)
        return step

    def _time_left(self) -> bool:
        return time.monotonic() + self.args.duration + 15 < self.deadline

    def _probe(self) -> tuple[int, int]:
        """Short steps doubling from --start-rate: (highest passing, lowest failing) rate."""
        lo, hi, rate = 0, 0, self.args.start_rate
        while rate <= self.args.max_rate and self._time_left():
            # On a shared machine one short step can fail by bad luck: a failed
            # probe is repeated once before it bounds the search.
            if self._attempt(rate, self.args.probe).passed or \
                    self._attempt(rate, self.args.probe).passed:
                lo, rate = rate, rate * 2
                continue
            hi = rate
            if lo:
                break
            rate //= 2
            if rate < MIN_RATE:
                break
        # A system that never failed up to --max-rate is reported at its highest rate.
        return lo, hi or lo

    def run(self) -> Step | None:
        lo, hi = self._probe()
        best = None
        candidate = lo
        # Confirm the probe's rate for the full duration, stepping down if it fails.
        while candidate >= MIN_RATE and best is None and self._time_left():
            step = self._attempt(candidate, self.args.duration)
            if step.passed:
                best = step
            else:
                hi, candidate = candidate, round_rate(candidate * 0.7)
        if best is None:
            return None
        lo = best.rate
        while hi - lo > self.args.precision * lo and self._time_left():
            mid = round_rate((lo + hi) / 2)
            if mid in (lo, hi):
                break
            step = self._attempt(mid, self.args.duration)
            if step.passed:
                lo, best = mid, step
            else:
                hi = mid
        return best


def round_rate(rate: float) -> int:
    step = 10 if rate < 1000 else 50
    return max(MIN_RATE, int(round(rate / step)) * step)


def machine_info() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "?")
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    sipp = subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout.strip().splitlines()
    kam = subprocess.run(["kamailio", "-v"], capture_output=True, text=True).stdout.splitlines()
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1048576, 1),
            "loadavg": Path("/proc/loadavg").read_text().split()[:3],
            "sipp": next((l.strip() for l in sipp if "SIPp" in l), "?"),
            "kamailio": kam[0].split(":", 1)[-1].strip() if kam else "?"}


def latency(step: Step | None, which: str) -> str:
    if step is None:
        return "-"
    values = step.ring_ms if which == "ring" else step.answer_ms
    p50, p99 = percentile(values, 50), percentile(values, 99)
    return "-" if p50 is None else f"{p50:g} / {p99:g} ms"


def cpu_per_call(step: Step | None) -> str:
    """CPU time the server spent per call at its highest held rate (all its threads)."""
    if step is None or not step.cpu.get("system"):
        return "-"
    return f"{step.cpu['system']['cpu_pct'] * 10 / step.rate:.2f} ms"


def table(results: dict[tuple[str, str], Step | None], systems: list, cases: list[Case],
          duration: int) -> str:
    lines = [f"| case | system | max cps (held {duration} s, <0.1% failed) | p50 / p99 INVITE→180 "
             "| p50 / p99 INVITE→200 | switchboard / kamailio | server CPU per call |",
             "|---|---|---|---|---|---|---|"]
    for case in cases:
        best = {s.name: results.get((case.name, s.name)) for s in systems}
        sb, kam = best.get("switchboard"), best.get("kamailio")
        ratio = f"{sb.rate / kam.rate:.2f}×" if sb and kam else "-"
        for s in systems:
            step = best[s.name]
            lines.append(f"| {case.name} | {s.name} | {step.rate if step else 'none'} | "
                         f"{latency(step, 'ring')} | {latency(step, 'answer')} | "
                         f"{ratio if s.name == 'switchboard' else ''} | {cpu_per_call(step)} |")
    return "\n".join(lines)


def main() -> int:
    args = parse_args()
    # SIGTERM unwinds like Ctrl-C, so that the finally-block stops every child by PID.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    print(f"machine: {info}\nresults in {out}", flush=True)
    server_port = free_udp_port(SERVER_IP)
    agent_ports = [free_udp_port(AGENT_IP) for _ in range(3)]
    caller_port = free_udp_port(CALLER_IP)
    all_systems = {"kamailio": Kamailio(args.kamailio, server_port, args.kamailio_children),
                   "switchboard": Switchboard(Path(args.switchboard), server_port,
                                              free_udp_port(SERVER_IP), out)}
    systems = [all_systems[n] for n in args.systems.split(",")]
    cases = [c for c in CASES if str(c.devices) in args.cases.split(",")]
    registry = Registry()
    runner = StepRunner(registry, agent_ports, caller_port, args.hold_ms, out)
    results: dict[tuple[str, str], Step | None] = {}
    all_steps: list[Step] = []
    share = args.budget_minutes * 60 / (len(systems) * len(cases))
    started = time.monotonic()
    try:
        for case in cases:
            for system in systems:
                print(f"{case.name}: {system.name}", flush=True)
                search = Search(runner, args, system, case, time.monotonic() + share)
                results[(case.name, system.name)] = search.run()
                all_steps += search.steps
    finally:
        registry.stop_all()
        info["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
        info["minutes"] = round((time.monotonic() - started) / 60, 1)
        report = table(results, systems, cases, args.duration)
        print("\n" + report + "\n", flush=True)
        (out / "table.md").write_text(report + "\n")
        (out / "results.json").write_text(json.dumps(
            {"machine": info, "args": vars(args),
             "steps": [{k: v for k, v in asdict(s).items() if k not in ("ring_ms", "answer_ms")}
                       | {"ring_p50_p99": [percentile(s.ring_ms, 50), percentile(s.ring_ms, 99)],
                          "answer_p50_p99": [percentile(s.answer_ms, 50), percentile(s.answer_ms, 99)]}
                       for s in all_steps]}, indent=1))
        print(f"load average before {info['loadavg']}, after {info['loadavg_after']}; "
              f"{info['minutes']} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
