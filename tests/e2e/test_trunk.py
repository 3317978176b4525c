"""The trunk and strangers: outbound calls through an authenticating trunk,
and requests from addresses Switchboard does not know (R-30)."""
from __future__ import annotations

from harness import Server, assert_anchored, digest_is_valid, norm, only_call
from peers import Peers

EXTERNAL = "+15557654321"


def test_outbound_call_answers_trunk_407(server: Server, peers: Peers):
    """R-30: a registered phone calls an external number; Switchboard makes it
    authenticate (407), sends the call to the trunk, and answers the trunk's own
    407 with the configured trunk credentials; the call connects and is stored
    as an outbound call."""
    peers.provision_alice(devices=1)
    server.start(trunk_username="trunkuser", trunk_password="trunkpass")
    trunk = peers.trunk_uas("trunk_uas_challenge.xml")
    port = peers.registered("alice", "secret1")
    result = peers.device_call("alice", "secret1", port, EXTERNAL, hold_seconds=0.5)
    assert result.get("challenge") is not None and result["challenge"].status == 407
    assert result["invite"].status == 200, result["invite"].first_line
    assert result["bye"].status == 200
    trunk.expect_success()

    invites = trunk.received_requests("INVITE")
    assert len(invites) == 2, "one challenged INVITE, one retry"
    assert EXTERNAL in invites[0].first_line
    credentials = invites[1].header("Proxy-Authorization")
    assert credentials and digest_is_valid(credentials[0], "INVITE", "trunkuser", "trunkpass")
    assert_anchored(invites[1].body, peer_port=40030)
    assert_anchored(result["invite"].body, peer_port=40020)

    assert server.stop() == 0
    call = only_call(server.calls())
    assert norm(call["direction"]) == "outbound"
    assert norm(call["status"]) == "completed"
    assert call["answered_at"] and call["ended_at"]


def test_unknown_address_is_refused(server: Server, peers: Peers):
    """R-30: an INVITE from 127.0.0.3, neither the trunk nor a registered
    device, gets 403 and rings nobody."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.agent("alice", "secret1", "agent_answer.xml")
    peers.stranger_call("unknown_caller_403.xml").expect_success()
    assert phone.process.alive() and not phone.received_requests("INVITE")
    assert server.stop() == 0
    assert not [c for c in server.calls() if c.get("answered_at")]


def test_unregistered_phone_cannot_call_out(server: Server, peers: Peers):
    """R-30: a phone on 127.0.0.1 that has not registered cannot use the trunk."""
    peers.provision_alice(devices=1)
    server.start()
    trunk = peers.trunk_uas("trunk_uas_challenge.xml")
    caller = peers.stranger_call("unknown_caller_403.xml", number=EXTERNAL)
    caller.expect_success()
    assert trunk.process.alive() and not trunk.received_requests("INVITE")
