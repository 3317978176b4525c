"""The whole server on PostgreSQL (`--database`): the same calls, stored the same way,
in a throwaway cluster started by scripts/pg-test-cluster.sh for this test module."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from harness import Server, norm, wait_for
from peers import PROSPECT, Peers

CLUSTER_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-cluster.sh"


@pytest.fixture(scope="module")
def postgres_url() -> str:
    # Under /tmp itself: the cluster runs as the postgres user, who cannot enter
    # pytest's private temp directories.
    directory = tempfile.mkdtemp(prefix="sb-pg-e2e.")
    started = subprocess.run([str(CLUSTER_SCRIPT), "start", str(directory)], capture_output=True,
                             text=True, timeout=120)
    assert started.returncode == 0, f"could not start PostgreSQL: {started.stderr}"
    yield started.stdout.strip()
    subprocess.run([str(CLUSTER_SCRIPT), "stop", str(directory)], capture_output=True, timeout=120)


@pytest.fixture
def pg_server(server: Server, postgres_url: str) -> Server:
    """The server on a fresh database of its own (each test gets an empty one)."""
    name = f"e2e_{server.registry.workdir.name.lower().replace('-', '_')}"[:60]
    admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", f'CREATE DATABASE "{name}"'],
                   check=True, capture_output=True, timeout=60)
    server.database = postgres_url.rsplit("/", 1)[0] + "/" + name
    return server


def test_a_call_on_postgres_is_routed_answered_and_stored(pg_server: Server, peers: Peers):
    """R-2, R-7, R-18, R-29 on PostgreSQL: provisioning, routing, the atomic claim, the
    lead created on answer and the records read back by the CLI all use the database."""
    pg_server.provision({"users": [{"email": "alice@example.test", "name": "Alice",
                                    "sip": {"username": "alice", "password": "alice-secret"},
                                    "number": "+15550100001"}]})
    pg_server.start()
    alice = peers.agent("alice", "alice-secret", "agent_answer.xml")
    peers.trunk_call("trunk_caller.xml", number="+15550100001").expect_success()
    alice.expect_success()
    assert pg_server.stop() == 0

    [call] = pg_server.calls()
    assert norm(call["status"]) == "completed"
    assert [norm(o["status"]) for o in call["offers"]] == ["accepted"]
    assert call["trace"]
    [lead] = pg_server.leads()
    assert lead["phones"] == [PROSPECT] and lead["owner_user_id"] == call["answered_by_user_id"]
    assert not list(pg_server.data_dir.glob("*.db")), "nothing went to SQLite"


def test_a_crash_on_postgres_closes_the_open_call_at_restart(pg_server: Server, peers: Peers):
    """R-29 on PostgreSQL: SIGKILL during a connected call; the restart closes it as
    interrupted with its answer kept."""
    pg_server.provision({"users": [{"email": "alice@example.test", "name": "Alice",
                                    "sip": {"username": "alice", "password": "alice-secret"},
                                    "number": "+15550100001"}]})
    pg_server.start()
    alice = peers.agent("alice", "alice-secret", "agent_answer.xml", timeout=60)
    caller = peers.trunk_call("trunk_caller.xml", number="+15550100001", pause_ms=60000, timeout=60)
    # The caller's 200 is sent only once the claim is committed; the agent's
    # ACK goes out before that, so it does not show the answer is stored.
    wait_for(lambda: caller.received_responses(200, "INVITE"), 10, "the caller to be answered")
    pg_server.crash()
    pg_server.start()
    assert pg_server.stop() == 0
    [call] = pg_server.calls()
    assert norm(call["status"]) == "interrupted"
    assert call["answered_at"]
