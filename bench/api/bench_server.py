"""The Switchboard under test: provisioned with the CLI on a temp data dir, started as
`serve --log-level warn` with SWITCHBOARD_ADMIN_TOKEN, stopped by PID. Processes are the
e2e harness's (stdout/stderr in files, SIGTERM then SIGKILL by PID)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
from harness import Process, free_port, wait_for  # noqa: E402

SERVER_IP = "127.0.0.1"
TRUNK_IP = "127.0.0.2"
ADMIN_TOKEN = "bench-admin-token-" + os.urandom(12).hex()
AGENT_COUNT = 20
FANOUT_NUMBER = "+15550100001"  # agent 1's number: the fan-out calls ring agent 1
READY_TIMEOUT_S = 120.0  # a start on a million calls reads more than an empty one


def agent_email(n: int) -> str:
    return f"agent{n:02d}@bench.test"


def agent_number(n: int) -> str:
    return f"+1555010{n:04d}"


class BenchServer:
    def __init__(self, binary: Path, workdir: Path, dispositions: list[str], sentiments: list[str]):
        self.binary = binary
        self.workdir = workdir
        self.data_dir = workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.sip_port = free_port(SERVER_IP)
        self.http_port = free_port(SERVER_IP)
        self.dispositions, self.sentiments = dispositions, sentiments
        self.process: Optional[Process] = None
        self.starts = 0

    @property
    def db_path(self) -> Path:
        return self.data_dir / "switchboard.db"

    @property
    def base_url(self) -> str:
        return f"http://{SERVER_IP}:{self.http_port}"

    def cli(self, *args: str) -> str:
        argv = [str(self.binary), *args]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stderr}")
        return result.stdout

    def provision(self) -> None:
        """20 agents, each with a SIP device and a direct number; the organization's
        disposition and sentiment lists (R-19)."""
        for n in range(1, AGENT_COUNT + 1):
            self.cli("user", "add", "--data-dir", str(self.data_dir), "--email", agent_email(n),
                     "--name", f"Agent {n:02d}", "--sip-username", f"agent{n:02d}",
                     "--sip-password", f"secret-{n:02d}", "--number", agent_number(n))
        document = self.workdir / "settings.json"
        document.write_text(json.dumps({"organization": {"settings": {
            "dispositions": self.dispositions, "sentiments": self.sentiments}}}))
        self.cli("provision", "--data-dir", str(self.data_dir), str(document))

    def agents(self) -> dict[str, str]:
        """email -> user id, read from the database."""
        with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True) as conn:
            return dict(conn.execute("SELECT email, id FROM users"))

    def start(self) -> None:
        argv = [str(self.binary), "serve", "--data-dir", str(self.data_dir),
                "--sip", f"{SERVER_IP}:{self.sip_port}", "--http", f"{SERVER_IP}:{self.http_port}",
                "--trunk", TRUNK_IP, "--no-demo", "--log-level", "warn"]
        env = {**os.environ, "SWITCHBOARD_ADMIN_TOKEN": ADMIN_TOKEN}
        self.starts += 1
        self.process = Process(f"switchboard-{self.starts}", argv, self.workdir, env=env)
        wait_for(self._ready, READY_TIMEOUT_S, "the 'switchboard ready' line")

    def _ready(self) -> bool:
        assert self.process is not None
        if any(line.startswith("switchboard ready") for line in self.process.stdout().splitlines()):
            return True
        if not self.process.alive():
            raise RuntimeError(f"switchboard exited {self.process.popen.returncode}:\n"
                               + self.process.log_excerpt())
        return False

    def stop(self) -> None:
        if self.process is not None:
            code = self.process.stop()
            self.process = None
            if code not in (0, None):
                raise RuntimeError(f"switchboard exited {code} on SIGTERM")

    def get(self, path: str, token: Optional[str] = ADMIN_TOKEN) -> tuple[int, object]:
        request = urllib.request.Request(self.base_url + path)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def ok(self, path: str) -> dict:
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body}")
        assert isinstance(body, dict)
        return body

