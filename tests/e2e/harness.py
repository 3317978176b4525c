"""Drives a real Switchboard server with real SIP peers (SIPp, baresip).

Every process is started by this module, tracked by PID and stopped by PID
(SIGTERM, then SIGKILL after a bound). Nothing here sleeps to wait for an
event: `wait_for` polls a condition against a deadline. All addresses are on
loopback: the trunk is 127.0.0.2, devices are on 127.0.0.1, a stranger is
127.0.0.3.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, Callable, Iterable, Optional

SCENARIOS = Path(__file__).resolve().parent / "scenarios"

SERVER_IP = "127.0.0.1"
DEVICE_IP = "127.0.0.1"
TRUNK_IP = "127.0.0.2"
STRANGER_IP = "127.0.0.3"

# The server's default --rtp-ports: every SDP a peer gets from it names one of these.
RTP_PORTS = range(20000, 21000)

READY_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
POLL_INTERVAL = 0.02


class HarnessError(AssertionError):
    """A bound was exceeded or a helper process misbehaved."""


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Polls `condition` until it returns a truthy value or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise HarnessError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(POLL_INTERVAL)


# --- ports -----------------------------------------------------------------

_handed_out: set[tuple[str, int]] = set()


def media_port(sdp: str) -> int:
    """The port of the first m=audio line of an SDP body."""
    match = re.search(r"^m=audio (\d+) ", sdp, re.M)
    assert match, f"no m=audio line in:\n{sdp}"
    return int(match.group(1))


def assert_anchored(sdp: str, peer_port: int) -> None:
    """The SDP is Switchboard's own (its media engine's address and port), not the
    other leg's: each leg's audio goes through the engine."""
    port = media_port(sdp)
    assert port != peer_port, f"the other leg's SDP leaked through:\n{sdp}"
    assert port in RTP_PORTS, f"m=audio port {port} is not one of the engine's:\n{sdp}"
    assert f"c=IN IP4 {SERVER_IP}" in sdp, sdp


def free_port(ip: str = "127.0.0.1") -> int:
    """A port free for both UDP and TCP on `ip`, never handed out twice."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((ip, 0))
            port = udp.getsockname()[1]
            if (ip, port) in _handed_out:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    tcp.bind((ip, port))
                except OSError:
                    continue
        _handed_out.add((ip, port))
        return port
    raise HarnessError(f"no free UDP+TCP port on {ip}")


def _hex_addr(ip: str, port: int) -> str:
    packed = socket.inet_aton(ip)
    return "%08X:%04X" % (int.from_bytes(packed, "little"), port)


def udp_bound(ip: str, port: int) -> bool:
    """True when some socket is bound to ip:port (or the wildcard) for UDP."""
    wanted = {_hex_addr(ip, port), _hex_addr("0.0.0.0", port)}
    try:
        lines = Path("/proc/net/udp").read_text().splitlines()[1:]
    except OSError:
        return False
    return any(line.split()[1] in wanted for line in lines if len(line.split()) > 1)


# --- processes -------------------------------------------------------------

class Process:
    """A child process with stdout/stderr in files, stopped by its PID."""

    def __init__(self, name: str, argv: list[str], workdir: Path,
                 env: Optional[dict] = None, cwd: Optional[Path] = None):
        self.name = name
        self.argv = argv
        self.stdout_path = workdir / f"{name}.stdout"
        self.stderr_path = workdir / f"{name}.stderr"
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        self.popen = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err,
            cwd=str(cwd or workdir), env=env)
        self.pid = self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait(self, timeout: float) -> int:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise HarnessError(f"{self.name} (pid {self.pid}) still running after {timeout:.1f}s")

    def stop(self, grace: float = STOP_TIMEOUT) -> Optional[int]:
        """SIGTERM, then SIGKILL after `grace` seconds; returns the exit code."""
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait(timeout=grace)
        self._out.close()
        self._err.close()
        return self.popen.returncode

    def _signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def log_excerpt(self, lines: int = 60) -> str:
        parts = []
        for path in (self.stdout_path, self.stderr_path):
            text = path.read_text(errors="replace") if path.exists() else ""
            tail = "\n".join(text.splitlines()[-lines:])
            parts.append(f"--- {path.name} (last {lines} lines) ---\n{tail}")
        return "\n".join(parts)


class Registry:
    """Everything a test started, so teardown can stop it whatever happened."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[Process] = []
        self.extra_logs: list[Path] = []

    def track(self, process: Process) -> Process:
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        # Peers first, the server last, so its shutdown sees no new traffic.
        for process in reversed(self.processes):
            process.stop()

    def dump(self) -> str:
        chunks = [p.log_excerpt() for p in self.processes]
        for path in self.extra_logs:
            if path.exists():
                tail = "\n".join(path.read_text(errors="replace").splitlines()[-80:])
                chunks.append(f"--- {path.name} ---\n{tail}")
        return "\n".join(chunks)


# --- the server ------------------------------------------------------------

class Server:
    """One Switchboard: provisioning CLI on a temp data dir, then `serve`."""

    def __init__(self, binary: str, registry: Registry):
        self.binary = binary
        self.registry = registry
        self.data_dir = registry.workdir / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.sip_port = free_port(SERVER_IP)
        self.http_port = free_port(SERVER_IP)
        self.trunk_port = free_port(TRUNK_IP)
        self.process: Optional[Process] = None
        self.starts = 0
        self.database: Optional[str] = None  # a postgresql:// URL; None: SQLite in data_dir

    def store_args(self) -> list[str]:
        """Where the store is: the data dir, and PostgreSQL when `database` is set."""
        return ["--data-dir", str(self.data_dir)] + (["--database", self.database] if self.database else [])

    @property
    def sip_address(self) -> str:
        return f"{SERVER_IP}:{self.sip_port}"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = [self.binary, *args]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise HarnessError(f"{' '.join(argv)} exited {result.returncode}\n"
                               f"stdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def add_user(self, email: str, name: str, sip_username: str, sip_password: str,
                 number: Optional[str] = None) -> None:
        args = ["user", "add", *self.store_args(), "--email", email,
                "--name", name, "--sip-username", sip_username, "--sip-password", sip_password]
        if number:
            args += ["--number", number]
        self.cli(*args)

    def add_device(self, email: str, sip_username: str, sip_password: str) -> None:
        self.cli("device", "add", *self.store_args(), "--email", email,
                 "--sip-username", sip_username, "--sip-password", sip_password)

    def add_number(self, e164: str, user: Optional[str] = None,
                   forwarding: Optional[str] = None) -> None:
        args = ["number", "add", *self.store_args(), e164]
        if user:
            args += ["--user", user]
        if forwarding:
            args += ["--forwarding", forwarding]
        self.cli(*args)

    def start(self, ring_timeout: Optional[int] = None, shutdown_grace: Optional[int] = None,
              trunk_username: Optional[str] = None, trunk_password: Optional[str] = None,
              trunk_any_port: bool = False, dial_port: Optional[int] = None,
              extra_args: Sequence[str] = (), env: Optional[dict] = None) -> None:
        """Runs `serve`; the trunk is 127.0.0.2 at the trunk port, or at any source
        port when `trunk_any_port` (needed for TCP, whose client ports are ephemeral).
        With `dial_port`, calls Switchboard places go to 127.0.0.2:dial_port instead
        (the first --trunk is the one dialled), so a caller and a trunk UAS can
        both run on the trunk's address."""
        trunks = ["--trunk", f"{TRUNK_IP}:{dial_port}"] if dial_port else []
        trunks += ["--trunk", TRUNK_IP if trunk_any_port else f"{TRUNK_IP}:{self.trunk_port}"]
        argv = [self.binary, "serve", *self.store_args(),
                "--sip", self.sip_address, "--http", f"{SERVER_IP}:{self.http_port}",
                *trunks, "--log-level", "debug", "--no-demo"]
        if ring_timeout is not None:
            argv += ["--ring-timeout", str(ring_timeout)]
        if shutdown_grace is not None:
            argv += ["--shutdown-grace", str(shutdown_grace)]
        if trunk_username:
            argv += ["--trunk-username", trunk_username, "--trunk-password", trunk_password or ""]
        argv += list(extra_args)
        self.starts += 1
        name = "switchboard" if self.starts == 1 else f"switchboard-{self.starts}"
        environment = {**os.environ, **env} if env else None
        self.process = self.registry.track(Process(name, argv, self.registry.workdir, env=environment))
        wait_for(self._ready, READY_TIMEOUT, "the 'switchboard ready' line")

    def _ready(self) -> bool:
        assert self.process is not None
        if any(line.startswith("switchboard ready") for line in self.process.stdout().splitlines()):
            return True
        if not self.process.alive():
            raise HarnessError(f"switchboard exited {self.process.popen.returncode} before ready\n"
                               + self.process.log_excerpt())
        return False

    def terminate(self) -> None:
        """Sends SIGTERM by PID and returns at once (the server drains calls)."""
        assert self.process is not None
        self.process._signal(signal.SIGTERM)

    def crash(self) -> None:
        """SIGKILL by PID: the server gets no chance to close anything."""
        assert self.process is not None
        self.process._signal(signal.SIGKILL)
        self.process.stop()

    def stop(self) -> int:
        """SIGTERM and wait; a clean shutdown exits 0."""
        assert self.process is not None
        return self.process.stop()

    def provision(self, document: dict) -> None:
        """`switchboard provision` with `document` (users, groups, flows, numbers, leads)."""
        path = self.registry.workdir / f"provision-{self.starts}-{len(list(self.registry.workdir.glob('provision-*')))}.json"
        path.write_text(json.dumps(document, indent=2))
        self.cli("provision", *self.store_args(), str(path))

    def settings(self, **values) -> None:
        """Merges `values` into the organization settings (docs/provisioning.md)."""
        self.provision({"organization": {"settings": values}})

    def leads(self) -> list[dict]:
        return json.loads(self.cli("leads", *self.store_args()).stdout)

    def follow_ups(self) -> list[dict]:
        return json.loads(self.cli("follow-ups", *self.store_args()).stdout)

    def calls(self) -> list[dict]:
        """`switchboard calls --json`. JSON is also the default format; if the
        --json flag itself fails (a known CLI bug: the flag's storage is freed
        before parsing), read the default output and keep the failure visible."""
        result = self.cli("calls", *self.store_args(), "--json", check=False)
        if result.returncode != 0:
            print(f"WARNING: 'switchboard calls --json' exited {result.returncode}: "
                  f"{result.stderr.splitlines()[:2]}; retrying without --json")
            result = self.cli("calls", *self.store_args())
        return json.loads(result.stdout)


# --- SIP message traces ----------------------------------------------------

@dataclass
class TracedMessage:
    direction: str  # "sent" or "received"
    text: str
    first_line: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""

    @property
    def method(self) -> str:
        return "" if self.first_line.startswith("SIP/2.0") else self.first_line.split(" ", 1)[0]

    @property
    def status(self) -> int:
        if not self.first_line.startswith("SIP/2.0"):
            return 0
        return int(self.first_line.split()[1])

    def header(self, name: str) -> list[str]:
        return [v for (n, v) in self.headers if n.lower() == name.lower()]

    def cseq_method(self) -> str:
        values = self.header("CSeq")
        return values[0].split()[-1] if values else ""


_COMPACT = {"v": "Via", "f": "From", "t": "To", "i": "Call-ID", "m": "Contact",
            "l": "Content-Length", "c": "Content-Type"}


def parse_message(direction: str, text: str) -> TracedMessage:
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    lines = head.strip("\n").split("\n")
    message = TracedMessage(direction, text, first_line=lines[0].strip(), body=body)
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            name = name.strip()
            message.headers.append((_COMPACT.get(name, name), value.strip()))
    return message


_TRACE_SPLIT = re.compile(r"^-{20,}.*$", re.M)
_TRACE_KIND = re.compile(r"^\s*\w+ message (sent|received)[^\n]*\n", re.M)


def parse_trace(text: str) -> list[TracedMessage]:
    """SIPp's -trace_msg file as a list of messages, in order."""
    messages = []
    for chunk in _TRACE_SPLIT.split(text):
        kind = _TRACE_KIND.search(chunk)
        if not kind:
            continue
        body = chunk[kind.end():].lstrip("\n")
        if body.strip():
            messages.append(parse_message(kind.group(1), body))
    return messages


# --- SIPp ------------------------------------------------------------------

class Sipp:
    """One SIPp instance running one scenario from tests/e2e/scenarios."""

    def __init__(self, registry: Registry, name: str, scenario: str, local_ip: str,
                 local_port: int, remote: Optional[str] = None, service: Optional[str] = None,
                 auth: Optional[tuple[str, str]] = None, pause_ms: int = 0,
                 keys: Optional[dict] = None, timeout: float = 30.0, count: int = 1,
                 transport: str = "u1", media_port: Optional[int] = None):
        self.registry = registry
        self.name = name
        self.local_ip = local_ip
        self.local_port = local_port
        self.timeout = timeout
        self.message_file = registry.workdir / f"{name}.messages"
        self.error_file = registry.workdir / f"{name}.errors"
        registry.extra_logs += [self.error_file, self.message_file]
        argv = ["sipp", "-sf", str(SCENARIOS / scenario), "-i", local_ip, "-p", str(local_port),
                "-t", transport, "-bind_local", "-nostdin", "-m", str(count), "-d", str(pause_ms),
                "-timeout", f"{int(timeout)}s", "-timeout_error",
                "-trace_err", "-error_file", str(self.error_file),
                "-trace_msg", "-message_file", str(self.message_file)]
        if media_port:
            # Where SIPp plays pcap audio from ([media_port] in its SDP).
            argv += ["-mi", local_ip, "-mp", str(media_port)]
        if service:
            argv += ["-s", service]
        if auth:
            argv += ["-au", auth[0], "-ap", auth[1]]
        all_keys = {"sdp_port": "40000", "caller": "+15559870000", "expires": "3600"}
        all_keys.update(keys or {})
        for key, value in all_keys.items():
            argv += ["-key", key, str(value)]
        if remote:
            argv.append(remote)
        self.process = registry.track(Process(name, argv, registry.workdir))

    def wait_listening(self, timeout: float = 10.0) -> "Sipp":
        """For a UAS: returns once its UDP socket is bound (or fails if it died)."""
        def bound() -> bool:
            if not self.process.alive():
                raise HarnessError(f"{self.name} exited early\n{self.process.log_excerpt()}")
            return udp_bound(self.local_ip, self.local_port)
        wait_for(bound, timeout, f"{self.name} to listen on {self.local_ip}:{self.local_port}")
        return self

    def wait(self, timeout: Optional[float] = None) -> int:
        """The exit code: 0 = every call succeeded, 1 = some failed, 255/254 = fatal."""
        return self.process.wait(timeout if timeout is not None else self.timeout + 10)

    def expect_success(self, timeout: Optional[float] = None) -> "Sipp":
        code = self.wait(timeout)
        if code != 0:
            raise HarnessError(f"{self.name} exited {code}\n{self.errors()}\n"
                               f"{self.process.log_excerpt(30)}")
        return self

    def errors(self) -> str:
        return self.error_file.read_text(errors="replace") if self.error_file.exists() else ""

    def messages(self) -> list[TracedMessage]:
        if not self.message_file.exists():
            return []
        return parse_trace(self.message_file.read_text(errors="replace"))

    def received_requests(self, method: str) -> list[TracedMessage]:
        return [m for m in self.messages() if m.direction == "received" and m.method == method]

    def received_responses(self, status: int, cseq_method: str = "") -> list[TracedMessage]:
        return [m for m in self.messages() if m.direction == "received" and m.status == status
                and (not cseq_method or m.cseq_method() == cseq_method)]


# --- digest check (what a trunk would verify) ------------------------------

def _digest_params(header_value: str) -> dict[str, str]:
    value = re.sub(r"^\s*Digest\s+", "", header_value, flags=re.I)
    return {k.lower(): (v1 if v1 else v2)
            for k, v1, v2 in re.findall(r'(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))', value)}


def digest_is_valid(header_value: str, method: str, username: str, password: str) -> bool:
    """Checks an Authorization/Proxy-Authorization value per RFC 2617/8760."""
    p = _digest_params(header_value)
    algorithm = p.get("algorithm", "MD5").upper()
    hasher = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}.get(algorithm)
    if hasher is None or p.get("username") != username:
        return False
    h = lambda s: hasher(s.encode()).hexdigest()  # noqa: E731
    ha1 = h(f"{username}:{p.get('realm', '')}:{password}")
    ha2 = h(f"{method}:{p.get('uri', '')}")
    if p.get("qop"):
        expected = h(f"{ha1}:{p.get('nonce', '')}:{p.get('nc', '')}:{p.get('cnonce', '')}:{p['qop']}:{ha2}")
    else:
        expected = h(f"{ha1}:{p.get('nonce', '')}:{ha2}")
    return p.get("response", "").lower() == expected


# --- call records ----------------------------------------------------------

def norm(value: object) -> str:
    """'taken_by_other', 'TakenByOther' and 'taken-by-other' compare equal."""
    return re.sub(r"[^a-z0-9]", "", str(value).lower())


def offer_statuses(call: dict) -> list[str]:
    return sorted(norm(o.get("status", "")) for o in call.get("offers", []))


def only_call(calls: Iterable[dict]) -> dict:
    calls = list(calls)
    if len(calls) != 1:
        raise HarnessError(f"expected exactly one stored call, got {len(calls)}: {calls}")
    return calls[0]
