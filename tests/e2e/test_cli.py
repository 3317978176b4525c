"""The admin command line the other tests rely on, and R-29 across a crash."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from harness import SERVER_IP, TRUNK_IP, Server, free_port, norm, only_call, wait_for


def probe(server: Server, path: str) -> int:
    """The HTTP status of GET path on the server's --http address."""
    try:
        with urllib.request.urlopen(f"http://{SERVER_IP}:{server.http_port}{path}", timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_health_probes(server: Server):
    """The operations probes answer on --http; anything else is a JSON 404."""
    server.start()
    assert probe(server, "/healthz") == 200
    assert probe(server, "/readyz") == 200
    assert probe(server, "/api/v1/nothing-here") == 404
from peers import Peers


def test_calls_json_on_a_fresh_data_dir(server: Server, peers: Peers):
    """`switchboard calls --json` exits 0 and prints a JSON list."""
    peers.provision_alice(devices=1)
    result = server.cli("calls", "--data-dir", str(server.data_dir), "--json", check=False)
    assert result.returncode == 0, "\n".join(result.stderr.splitlines()[:4])
    assert json.loads(result.stdout) == []


def test_crash_mid_call_is_recorded_as_interrupted(server: Server, peers: Peers):
    """R-29: a connected call is in storage; when the server dies (SIGKILL) in
    the middle of it, the next start closes it with status `interrupted`."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.agent("alice", "secret1", "agent_answer.xml", timeout=60)
    peers.trunk_call("trunk_caller.xml", pause_ms=60000, timeout=60)
    wait_for(lambda: phone.received_requests("ACK"), 10, "the call to be connected")
    server.crash()
    server.start()
    assert server.stop() == 0
    call = only_call(server.calls())
    assert norm(call["status"]) == "interrupted"
    assert call["ended_at"]


def test_shutdown_lets_calls_finish(server: Server, peers: Peers):
    """On SIGTERM the server refuses new calls (503) but lets a connected call go
    on until it is hung up, stores it completed, then exits 0."""
    peers.provision_alice(devices=1)
    server.start(trunk_any_port=True, shutdown_grace=20)
    phone = peers.agent("alice", "secret1", "agent_answer.xml")
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=2000)
    wait_for(lambda: phone.received_requests("ACK"), 10, "the call to be connected")
    server.terminate()
    wait_for(lambda: "stopping" in server.process.stdout(), 5, "the server to start draining")
    assert probe(server, "/readyz") == 503, "a draining server is not ready for new calls"
    assert probe(server, "/healthz") == 200
    late = peers.trunk_call("trunk_caller_503.xml", port=free_port(TRUNK_IP))
    late.expect_success()
    caller.expect_success()
    phone.expect_success()
    assert server.process.wait(10) == 0
    call = only_call(server.calls())
    assert norm(call["status"]) == "completed"
