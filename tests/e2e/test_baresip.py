"""baresip, a real softphone, as Alice's SIP phone."""
from __future__ import annotations

import shutil

import pytest

from harness import SERVER_IP, Server, free_port, norm, only_call
from peers import Peers

pytestmark = pytest.mark.skipif(shutil.which("baresip") is None, reason="baresip not installed")


def test_baresip_registers_and_answers(server: Server, peers: Peers):
    """R-6, R-30: baresip registers with digest credentials, rings when the trunk
    calls Alice's number, auto-answers; the call connects and is stored as
    completed."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.baresip("alice", "secret1")
    phone.wait_registered()
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=1000)
    caller.expect_success()
    answer = caller.received_responses(200, "INVITE")[0]
    assert "m=audio" in answer.body and "127.0.0.1" in answer.body
    phone.wait_output(r"answering (incoming )?call", 5, "baresip to auto-answer")
    phone.wait_output(r"Call established", 5, "baresip to see the call established")

    assert server.stop() == 0
    call = only_call(server.calls())
    assert norm(call["status"]) == "completed"
    assert call["answered_by_user_id"]


@pytest.mark.parametrize("transport", ["tcp", "tls"])
def test_baresip_over_a_stream_transport(server: Server, peers: Peers, transport: str):
    """R-6: a phone registered over TCP or TLS is rung over the connection it
    registered on (the server cannot connect back to it), and answers. TLS uses the
    certificate the server generates on first start, which baresip is told to trust."""
    peers.provision_alice(devices=1)
    tls_port = free_port(SERVER_IP)
    server.start(extra_args=["--sip-tls", f"{SERVER_IP}:{tls_port}"])
    if transport == "tls":
        cert = server.data_dir / "tls" / "certificate.pem"
        phone = peers.baresip("alice", "secret1", "tls", f"{SERVER_IP}:{tls_port}", str(cert))
    else:
        phone = peers.baresip("alice", "secret1", "tcp")
    phone.wait_registered()
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=1000)
    caller.expect_success()
    phone.wait_output(r"Call established", 5, "baresip to see the call established")
    assert server.stop() == 0
    call = only_call(server.calls())
    assert norm(call["status"]) == "completed"
