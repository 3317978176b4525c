"""Child processes stopped by PID, free loopback ports, and CPU accounting from
/proc. Every process the bench starts goes through a Registry so that the
finally-block in run.py can stop each one by its PID."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
import sys
from typing import Optional

# One process class for the e2e tests and the bench.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
from harness import Process as HarnessProcess  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A helper process misbehaved or a bound was exceeded."""


def wait_until(condition, timeout: float, what: str, interval: float = 0.02):
    """Polls `condition` until truthy; raises BenchError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise BenchError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def free_udp_port(ip: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind((ip, 0))
        return udp.getsockname()[1]


def _hex_addr(ip: str, port: int) -> str:
    return "%08X:%04X" % (int.from_bytes(socket.inet_aton(ip), "little"), port)


def udp_bound(ip: str, port: int) -> bool:
    """True when a UDP socket is bound to ip:port (or the wildcard address)."""
    wanted = {_hex_addr(ip, port), _hex_addr("0.0.0.0", port)}
    lines = Path("/proc/net/udp").read_text().splitlines()[1:]
    return any(len(f) > 1 and f[1] in wanted for f in (line.split() for line in lines))


def udp_drops(ip: str, port: int) -> int:
    """Datagrams the kernel dropped at the socket bound to ip:port (full receive buffer)."""
    wanted = {_hex_addr(ip, port), _hex_addr("0.0.0.0", port)}
    total = 0
    for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) > 12 and fields[1] in wanted:
            total += int(fields[-1])
    return total


class Process(HarnessProcess):
    """The e2e harness's process (files for stdout/stderr, stopped by PID), except that
    wait() answers None on timeout: the load loop polls the caller with it."""

    def wait(self, timeout: float) -> Optional[int]:  # type: ignore[override]
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


class Registry:
    """Every started process, so that all can be stopped by PID at the end."""

    def __init__(self) -> None:
        self.processes: list[Process] = []

    def start(self, name: str, argv: list[str], workdir: Path,
              cwd: Optional[Path] = None) -> Process:
        process = Process(name, argv, workdir, cwd=cwd)
        self.processes.append(process)
        return process

    def stop(self, process: Process) -> Optional[int]:
        code = process.stop()
        if process in self.processes:
            self.processes.remove(process)
        return code

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()


def children_of(pid: int) -> list[int]:
    """PIDs whose parent is `pid` (Kamailio's workers are children of its main process)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def kill_if_named(pid: int, name: str) -> None:
    """SIGKILL `pid` if it still runs a program called `name` (guards against PID reuse)."""
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != name:
            return
        os.kill(pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass


def _cpu_ticks(stat_path: Path) -> tuple[str, int]:
    text = stat_path.read_text()
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text.rsplit(")", 1)[1].split()
    return name, int(fields[11]) + int(fields[12])  # utime + stime


def thread_ticks(pids: list[int]) -> dict[str, int]:
    """CPU ticks per thread of `pids`, keyed "pid/tid name"."""
    ticks: dict[str, int] = {}
    for pid in pids:
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                name, used = _cpu_ticks(task / "stat")
            except (OSError, ValueError):
                continue
            ticks[f"{pid}/{task.name} {name}"] = used
    return ticks


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class CpuMeter:
    """CPU used by groups of processes (percent of one core) and by the whole machine
    (percent of all cores) from start() to the
    last sample(). A process that exits keeps the ticks of its last sample, so
    sampling often while the load runs loses little."""

    def __init__(self, groups: dict[str, list[int]]):
        self.groups = groups
        self._before: dict[str, dict[str, int]] = {}
        self._latest: dict[str, dict[str, int]] = {}
        self._machine: list[tuple[int, int]] = []
        self._times: list[float] = []

    def start(self) -> None:
        self._times = [time.monotonic()]
        self._machine = [machine_busy_ticks()]
        self._before = {g: thread_ticks(p) for g, p in self.groups.items()}
        self._latest = {g: dict(t) for g, t in self._before.items()}

    def sample(self) -> None:
        for group, pids in self.groups.items():
            self._latest[group].update(thread_ticks(pids))
        self._times.append(time.monotonic())
        self._machine.append(machine_busy_ticks())

    def result(self) -> dict:
        seconds = max(self._times[-1] - self._times[0], 1e-3)
        (busy0, total0), (busy1, total1) = self._machine[0], self._machine[-1]
        result = {"seconds": round(seconds, 1),
                  "machine_busy_pct": round(100.0 * (busy1 - busy0) / max(total1 - total0, 1), 1)}
        for group in self.groups:
            before = self._before.get(group, {})
            per_thread = {k: (v - before.get(k, 0)) / CLOCK_TICKS / seconds * 100.0
                          for k, v in self._latest[group].items()}
            ranked = sorted(per_thread.items(), key=lambda kv: -kv[1])
            result[group] = {"cpu_pct": round(sum(per_thread.values()), 1),
                             "busiest_thread_pct": round(ranked[0][1], 1) if ranked else 0.0,
                             "top_threads": [[k, round(v, 1)] for k, v in ranked[:4]]}
        return result
