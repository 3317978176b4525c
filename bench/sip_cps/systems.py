"""The two systems under test, each started fresh for one load step and
stopped by PID: Switchboard (a B2BUA that writes each call to SQLite) and
Kamailio (a stateful forking proxy, kamailio.cfg)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from procs import (BenchError, Process, Registry, children_of, kill_if_named, udp_bound,
                   wait_until)
from register_client import Binding, register

HERE = Path(__file__).resolve().parent
SERVER_IP = "127.0.0.1"
AGENT_IP = "127.0.0.1"
NUMBER = "+15550100001"
READY_TIMEOUT_S = 30.0


def device_credentials(n: int) -> tuple[str, str]:
    """Agent n (1-based) is device aliceN / secretN ("alice" for n = 1), as in kamailio.cfg."""
    return ("alice" if n == 1 else f"alice{n}", f"secret{n}")


class Switchboard:
    name = "switchboard"

    def __init__(self, binary: Path, port: int, http_port: int, data_root: Path):
        self.binary = binary
        self.port = port
        self.http_port = http_port
        self.data_dir = data_root / "switchboard-data"
        self.process: Process | None = None

    def _cli(self, *args: str) -> None:
        result = subprocess.run([str(self.binary), *args, "--data-dir", str(self.data_dir)],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise BenchError(f"switchboard {' '.join(args)} failed:\n{result.stderr}")

    def _provision(self, devices: int) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        user, password = device_credentials(1)
        self._cli("user", "add", "--email", "a@x.test", "--name", "A", "--sip-username", user,
                  "--sip-password", password, "--number", NUMBER)
        for n in range(2, devices + 1):
            user, password = device_credentials(n)
            self._cli("device", "add", "--email", "a@x.test", "--sip-username", user,
                      "--sip-password", password)

    def start(self, registry: Registry, workdir: Path, devices: int) -> None:
        self._provision(devices)
        argv = [str(self.binary), "serve", "--data-dir", str(self.data_dir),
                "--sip", f"{SERVER_IP}:{self.port}", "--http", f"{SERVER_IP}:{self.http_port}",
                "--trunk", "127.0.0.2", "--no-demo", "--log-level", "warn",
                # Enough media ports that a call never fails for want of one.
                "--rtp-ports", "20000-29999"]
        self.process = registry.start("switchboard", argv, workdir)
        wait_until(self._ready, READY_TIMEOUT_S, "'switchboard ready'")

    def _ready(self) -> bool:
        assert self.process is not None
        if any(l.startswith("switchboard ready") for l in self.process.stdout().splitlines()):
            return True
        if not self.process.alive():
            raise BenchError(f"switchboard exited {self.process.popen.returncode}:\n"
                             + self.process.stderr()[-2000:])
        return False

    def binding(self, n: int, port: int) -> Binding:
        user, password = device_credentials(n)
        return Binding(aor_user=user, username=user, password=password,
                       local_ip=AGENT_IP, local_port=port)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def stop(self, registry: Registry) -> None:
        if self.process:
            registry.stop(self.process)
            self.process = None
        shutil.rmtree(self.data_dir, ignore_errors=True)


class Kamailio:
    name = "kamailio"

    def __init__(self, binary: str, port: int, children: int):
        self.binary = binary
        self.port = port
        self.children = children
        self.process: Process | None = None

    def start(self, registry: Registry, workdir: Path, devices: int) -> None:
        del devices  # every registration is accepted; the cfg holds the passwords
        argv = [self.binary, "-f", str(HERE / "kamailio.cfg"), "-DD", "-E",
                "-n", str(self.children), "-l", f"udp:{SERVER_IP}:{self.port}",
                "-m", "512", "-M", "32", "-P", str(workdir / "kamailio.pid")]
        self.process = registry.start("kamailio", argv, workdir)
        wait_until(self._ready, READY_TIMEOUT_S, "kamailio's UDP socket")

    def _ready(self) -> bool:
        assert self.process is not None
        if not self.process.alive():
            raise BenchError(f"kamailio exited {self.process.popen.returncode}:\n"
                             + self.process.stderr()[-2000:])
        # The workers are forked after the socket is bound; wait for all of them.
        return udp_bound(SERVER_IP, self.port) and len(children_of(self.process.pid)) > self.children

    def binding(self, n: int, port: int) -> Binding:
        user, password = device_credentials(n)
        return Binding(aor_user=NUMBER, username=user, password=password,
                       local_ip=AGENT_IP, local_port=port)

    def pids(self) -> list[int]:
        return [self.process.pid, *children_of(self.process.pid)] if self.process else []

    def stop(self, registry: Registry) -> None:
        if not self.process:
            return
        workers = children_of(self.process.pid)
        registry.stop(self.process)
        # The main process takes its workers down; any that outlived it are killed by PID.
        for pid in workers:
            kill_if_named(pid, "kamailio")
        self.process = None


def register_agents(system, ports: list[int]) -> None:
    for n, port in enumerate(ports, start=1):
        register(system.binding(n, port), (SERVER_IP, system.port))
