"""Inbound calls from the trunk to an agent's SIP phones, end to end."""
from __future__ import annotations

from harness import Server, assert_anchored, media_port, norm, offer_statuses, only_call
from peers import ALICE, PROSPECT, Peers

COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"'


def stored_call(server: Server) -> dict:
    """The one call record, read after a clean shutdown (R-29: it is complete)."""
    assert server.stop() == 0, "switchboard must exit 0 on SIGTERM"
    return only_call(server.calls())


def reasons(messages) -> list[str]:
    return [r for m in messages for r in m.header("Reason")]


def test_basic_call(server: Server, peers: Peers):
    """R-6, R-8, R-24, R-29: the trunk calls Alice's number, her phone rings and
    answers; the caller gets 200 only then; each side gets the media engine's SDP,
    never the other's (the audio is anchored); the caller's BYE ends both legs; the call is stored as
    completed, inbound, answered by Alice, with one accepted offer."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.agent("alice", "secret1", "agent_answer.xml", pause_ms=200)
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=500)
    caller.expect_success()
    phone.expect_success()

    invite = phone.received_requests("INVITE")[0]
    assert_anchored(invite.body, peer_port=40000)
    answer = caller.received_responses(200, "INVITE")[0]
    assert_anchored(answer.body, peer_port=40010)
    assert media_port(answer.body) != media_port(invite.body), "one port pair per leg"
    assert caller.received_responses(180, "INVITE"), "R-8: the caller hears ringback"
    assert len(phone.received_requests("BYE")) == 1

    call = stored_call(server)
    assert norm(call["status"]) == "completed"
    assert norm(call["direction"]) == "inbound"
    assert call["number_e164"] == ALICE["number"]
    assert call["caller_e164"] == PROSPECT
    assert call["answered_by_user_id"]
    assert call["started_at"] and call["answered_at"] and call["ended_at"]
    assert offer_statuses(call) == ["accepted"]


def test_callee_hangs_up(server: Server, peers: Peers):
    """R-24: a BYE from the agent's side ends both legs: the trunk gets BYE."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.agent("alice", "secret1", "agent_hangup.xml", pause_ms=300)
    caller = peers.trunk_call("trunk_caller_wait_bye.xml")
    caller.expect_success()
    phone.expect_success()
    call = stored_call(server)
    assert norm(call["status"]) == "completed"
    assert call["answered_at"] and call["ended_at"]


def test_caller_cancels_while_ringing(server: Server, peers: Peers):
    """R-8, R-15: the caller hangs up while the phone rings: the phone's INVITE
    is cancelled (200 to CANCEL, 487), the caller gets 487, the call is stored
    as cancelled and the offer as cancelled, never answered."""
    peers.provision_alice(devices=1)
    server.start()
    phone = peers.agent("alice", "secret1", "agent_ring.xml")
    caller = peers.trunk_call("trunk_caller_cancel.xml", pause_ms=300)
    caller.expect_success()
    phone.expect_success()
    assert caller.received_responses(487, "INVITE")
    assert len(phone.received_requests("CANCEL")) == 1
    assert COMPLETED_ELSEWHERE not in reasons(phone.received_requests("CANCEL"))

    call = stored_call(server)
    assert norm(call["status"]) == "cancelled"
    assert not call.get("answered_at")
    assert not call.get("answered_by_user_id")
    assert offer_statuses(call) == ["cancelled"]


def test_one_of_three_devices_answers(server: Server, peers: Peers):
    """R-6, R-7: all three of Alice's phones ring at once; the first to answer
    gets the call; the other two are cancelled with
    Reason: SIP;cause=200;text="Call completed elsewhere"."""
    devices = peers.provision_alice(devices=3)
    server.start()
    answering = peers.agent(*devices[0], "agent_answer.xml", pause_ms=500)
    ringing = [peers.agent(*d, "agent_ring.xml") for d in devices[1:]]
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=300)
    caller.expect_success()
    answering.expect_success()
    for phone in ringing:
        phone.expect_success()
        cancels = phone.received_requests("CANCEL")
        assert len(cancels) == 1
        assert cancels[0].header("Reason") == [COMPLETED_ELSEWHERE]
    assert len(answering.received_requests("BYE")) == 1

    call = stored_call(server)
    assert norm(call["status"]) == "completed"
    assert call["answered_by_user_id"]
    assert offer_statuses(call) == ["accepted"]


def test_two_devices_answer_together(server: Server, peers: Peers):
    """R-7: two phones answer at the same instant. Exactly one is connected to
    the caller (ACK, then the caller's BYE); the other is released at once with
    ACK + BYE carrying Reason: SIP;cause=200;text="Call completed elsewhere".
    Never both connected."""
    devices = peers.provision_alice(devices=2)
    server.start()
    phones = [peers.agent(*d, "agent_answer_at_once.xml", sdp_port=40010 + 2 * i)
              for i, d in enumerate(devices)]
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=800)
    caller.expect_success()
    for phone in phones:
        phone.expect_success()

    released = [p for p in phones if COMPLETED_ELSEWHERE in reasons(p.received_requests("BYE"))]
    connected = [p for p in phones if p not in released]
    assert len(released) == 1, "exactly one phone is released with cause=200"
    assert len(connected) == 1, "exactly one phone is connected"
    answer = caller.received_responses(200, "INVITE")[0]
    assert_anchored(answer.body, peer_port=40010 + 2 * phones.index(connected[0]))

    call = stored_call(server)
    assert norm(call["status"]) == "completed"
    assert offer_statuses(call) == ["accepted"]


def test_all_devices_busy(server: Server, peers: Peers):
    """R-2, R-10: every device answers 486: the user declined; the default
    chain has nothing after the assigned user (no forwarding number, no company
    phone, and voicemail turned off), so the caller gets 480; the call is stored
    as not answered, the offer as declined."""
    devices = peers.provision_alice(devices=2)
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start()
    phones = [peers.agent(*d, "agent_busy.xml") for d in devices]
    caller = peers.trunk_call("trunk_caller_480.xml")
    caller.expect_success()
    for phone in phones:
        phone.expect_success()

    call = stored_call(server)
    assert norm(call["status"]) == "noanswer"
    assert not call.get("answered_at")
    assert offer_statuses(call) == ["declined"]


def test_no_answer_times_out(server: Server, peers: Peers):
    """R-2, R-11: a phone that rings past the ring timeout is cancelled and the
    caller gets 480; the offer is stored as not answered."""
    peers.provision_alice(devices=1)
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start(ring_timeout=2)
    phone = peers.agent("alice", "secret1", "agent_ring.xml")
    caller = peers.trunk_call("trunk_caller_480.xml")
    caller.expect_success()
    phone.expect_success()
    call = stored_call(server)
    assert norm(call["status"]) in {"noanswer", "missed"}
    assert offer_statuses(call) == ["noanswer"]


def test_number_without_devices_gets_480(server: Server, peers: Peers):
    """R-4, R-13: Alice has no registered device, so she is unreachable and the
    call ends with 480 at once; the call is still stored (R-29)."""
    peers.provision_alice(devices=1)
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start()
    peers.trunk_call("trunk_caller_480.xml").expect_success()
    call = stored_call(server)
    assert not call.get("answered_at")
    assert call["number_e164"] == ALICE["number"]


def test_basic_call_over_tcp(server: Server, peers: Peers):
    """R-6: the trunk may use TCP; the phone registered over UDP still gets the
    call, and the answer goes back over the caller's TCP connection."""
    peers.provision_alice(devices=1)
    server.start(trunk_any_port=True)
    phone = peers.agent("alice", "secret1", "agent_answer.xml", pause_ms=100)
    caller = peers.trunk_call("trunk_caller.xml", pause_ms=300, transport="t1")
    caller.expect_success()
    phone.expect_success()
    assert_anchored(phone.received_requests("INVITE")[0].body, peer_port=40000)
    call = stored_call(server)
    assert norm(call["status"]) == "completed"


def test_phone_calls_another_user(server: Server, peers: Peers):
    """R-6, R-30: a registered, authenticated phone dials another user's SIP name;
    that user's phone rings and answers; each gets the engine's SDP; stored completed."""
    peers.provision_alice(devices=1)
    server.add_user("bob@example.test", "Bob", "bob", "secret9")
    server.start()
    bob = peers.agent("bob", "secret9", "agent_answer.xml", pause_ms=100, sdp_port=40040)
    port = peers.registered("alice", "secret1")
    result = peers.device_call("alice", "secret1", port, "bob", hold_seconds=0.3)
    assert result["invite"].status == 200, result["invite"].first_line
    assert_anchored(result["invite"].body, peer_port=40040)
    assert result["bye"].status == 200
    bob.expect_success()
    assert_anchored(bob.received_requests("INVITE")[0].body, peer_port=40030)
    call = stored_call(server)
    assert norm(call["status"]) == "completed"
    assert call["answered_by_user_id"] and call["answered_at"]
