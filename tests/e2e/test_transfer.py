"""R-17 transfers end to end: a trunk caller with audio reaches Alice (a SIPp phone);
Alice transfers the call to Bob (another SIPp phone) through the API. Accepted: Bob
answers, Alice's phone gets a BYE saying why, the caller's audio reaches Bob, the
recording goes on in one file, and the events say what happened. Declined: Bob's
phone answers 603, Alice stays connected and hears of it."""
from __future__ import annotations

import io
import wave

import pytest

from api_client import PASSWORD, Api, EventStream, start_as_admin, user_id
from harness import DEVICE_IP, TRUNK_IP, Server, free_port, norm, wait_for
from media_tools import RtpSink
from peers import PROSPECT, Peers
from test_routing import agent, user

ALICE_NUMBER = "+15550100001"
CALL_TRANSFERRED = 'SIP;cause=200;text="Call transferred"'


@pytest.fixture
def api(server: Server) -> Api:
    """Alice (with the number the prospect calls) and Bob, both agents with SIP phones,
    and a lead for the prospect; the server started with an admin token."""
    server.provision({
        "users": [user("alice", ALICE_NUMBER), user("bob")],
        "leads": [{"name": "Pat Prospect", "phones": [PROSPECT], "owner": "alice@example.test"}],
    })
    server.settings(voicemail_enabled=False)
    return start_as_admin(server)


def wav_seconds_and_caller_channel(data: bytes) -> tuple[float, list[int]]:
    with wave.open(io.BytesIO(data), "rb") as w:
        assert w.getnchannels() == 2 and w.getsampwidth() == 2
        frames = w.readframes(w.getnframes())
        seconds = w.getnframes() / w.getframerate()
    samples = [int.from_bytes(frames[i:i + 2], "little", signed=True) for i in range(0, len(frames), 4)]
    return seconds, samples


def loud(samples: list[int]) -> bool:
    return sum(1 for s in samples if abs(s) > 300) > len(samples) // 20


def test_an_accepted_transfer_connects_the_caller_to_bob(server: Server, peers: Peers, api: Api):
    """R-17, R-7, R-26, R-27: Alice talks with the caller, transfers to Bob; Bob's phone
    answers; Alice's phone gets BYE with Reason "Call transferred"; the caller's audio
    reaches Bob; the recording is one file spanning both agents; the events arrive."""
    alice = api.login("alice@example.test", PASSWORD)
    bob_id = user_id(api, "bob@example.test")
    alice_id = user_id(api, "alice@example.test")
    bob = api.login("bob@example.test", PASSWORD)
    events = EventStream(api.port, alice.token)
    bob_events = EventStream(api.port, bob.token)
    try:
        with RtpSink(DEVICE_IP) as alice_audio, RtpSink(DEVICE_IP) as bob_audio:
            alice_phone = agent(peers, "alice", "agent_answer.xml", sdp_port=alice_audio.port, pause_ms=200)
            bob_phone = agent(peers, "bob", "agent_hangup.xml", sdp_port=bob_audio.port, pause_ms=2500)
            caller = peers.trunk_call("trunk_caller_audio.xml", pause_ms=0, timeout=40,
                                      media_port=free_port(TRUNK_IP))
            call_id = events.wait_for("call.accepted", user_id=alice_id)["data"]["call_id"]
            # Alice and the caller talk for a while first (about 1.5 s of the caller's audio).
            wait_for(lambda: alice_audio.count() >= 75, 15, "the caller's audio at Alice's phone")

            started = alice.post(f"/api/v1/calls/{call_id}/transfer", {"user_id": bob_id})
            assert started.status == 202, started.body
            transfer = started.body["transfer"]
            assert transfer["status"] == "ringing" and transfer["by_user_id"] == alice_id
            assert transfer["target"] == {"kind": "user", "id": bob_id, "number": None, "name": "Bob"}
            assert transfer["ring_timeout_seconds"] == 20
            again = alice.post(f"/api/v1/calls/{call_id}/transfer", {"user_id": bob_id})
            assert again.status in (409, 403), again.body  # still ringing, or Bob already took it

            events.wait_for("call.transfer_started", call_id=call_id)
            transferred = events.wait_for("call.transferred", call_id=call_id)["data"]
            assert transferred == {"call_id": call_id, "from_user_id": alice_id, "to_user_id": bob_id,
                                   "to_name": "Bob"}
            # From Bob's answer on the call is his: the live call system says who may hold it.
            refused = alice.post(f"/api/v1/calls/{call_id}/hold")
            assert refused.status == 403 and refused.error["code"] == "forbidden", refused.body
            assert bob.post(f"/api/v1/calls/{call_id}/hold").status == 204
            assert bob.post(f"/api/v1/calls/{call_id}/resume").status == 204
            offered = bob_events.wait_for("call.offered", call_id=call_id)["data"]
            assert offered["transfer_from"] == {"user_id": alice_id, "name": "Alice"}
            pop = bob_events.wait_for("call.accepted", call_id=call_id)["data"]
            assert pop["user_id"] == bob_id and pop["lead"]["name"] == "Pat Prospect"

            alice_phone.expect_success()
            bob_phone.expect_success()
            caller.expect_success()
            assert bob_audio.count() >= 25, f"the caller's audio reached Bob: {bob_audio.count()} packets"
            payloads = {byte for _, _, payload in bob_audio.packets for byte in payload}
            assert len(payloads) > 16, "speech, not silence"
    finally:
        events.close()
        bob_events.close()

    [bye] = alice_phone.received_requests("BYE")
    assert bye.header("Reason") == [CALL_TRANSFERRED], bye.text
    [invite] = bob_phone.received_requests("INVITE")
    assert invite.header("X-Switchboard-Transfer-From") == [alice_id]
    assert caller.received_requests("BYE"), "Bob hung up: the caller gets the BYE"

    detail = wait_for(lambda: (lambda d: d if d["ended_at"] else None)(api.ok("GET", f"/api/v1/calls/{call_id}")),
                      10, "the call's end stored")
    assert detail["answered_by_user_id"] == alice_id, "the first answerer stays"
    assert detail["connected_user_id"] == bob_id
    offers = sorted(detail["offers"], key=lambda o: o["created_at"])
    assert [(o["user_id"], norm(o["status"]), o["transferred_by"]) for o in offers] == [
        (alice_id, "accepted", None), (bob_id, "accepted", alice_id)]
    actions = [t["action"] for t in detail["trace"]]
    assert "transfer" in actions and "transfer_accepted" in actions, actions
    assert [c["id"] for c in bob.ok("GET", "/api/v1/calls")["items"]] == [call_id], "Bob's calls list has it"

    recording = api.get(detail["recording_url"])
    assert recording.status == 200
    seconds, caller_channel = wav_seconds_and_caller_channel(recording.body)
    # Alice's part (>= 1.5 s) and Bob's (2.5 s) are in the one file: a recording that
    # restarted when Bob took over would hold only his part.
    assert seconds >= 3.6, f"{seconds:.2f} s recorded"
    assert loud(caller_channel[:8000]) and loud(caller_channel[-8000:]), \
        "the caller is recorded before and after the transfer"


def test_a_declined_transfer_leaves_alice_on_the_call(server: Server, peers: Peers, api: Api):
    """R-17, R-10: Bob's phone rings and declines (603): the transfer fails, Alice and
    the caller hear each other again, Alice hears of it (call.transfer_failed), and her
    call ends normally when the caller hangs up."""
    alice = api.login("alice@example.test", PASSWORD)
    bob_id = user_id(api, "bob@example.test")
    alice_id = user_id(api, "alice@example.test")
    events = EventStream(api.port, alice.token)
    try:
        alice_phone = agent(peers, "alice", "agent_answer.xml", pause_ms=200)
        bob_phone = agent(peers, "bob", "agent_decline.xml", pause_ms=500, sdp_port=40012)
        caller = peers.trunk_call("trunk_caller.xml", pause_ms=6000)
        call_id = events.wait_for("call.accepted", user_id=alice_id)["data"]["call_id"]
        started = alice.post(f"/api/v1/calls/{call_id}/transfer",
                             {"user_id": bob_id, "ring_timeout_seconds": 10})
        assert started.status == 202, started.body
        failed = events.wait_for("call.transfer_failed", call_id=call_id)["data"]
        assert failed["reason"] == "declined" and failed["by_user_id"] == alice_id
        assert failed["target"]["id"] == bob_id
        bob_phone.expect_success()
        assert alice.post(f"/api/v1/calls/{call_id}/hold").status == 204, "the call is Alice's again"
        assert alice.post(f"/api/v1/calls/{call_id}/resume").status == 204
        assert alice.delete(f"/api/v1/calls/{call_id}/transfer").status == 404, "nothing rings any more"
        caller.expect_success()
        alice_phone.expect_success()
        assert [e for e in events.events("call.transferred")] == []
    finally:
        events.close()

    [bye] = alice_phone.received_requests("BYE")
    assert CALL_TRANSFERRED not in bye.header("Reason"), "Alice's call ended with the caller's BYE"
    detail = wait_for(lambda: (lambda d: d if d["ended_at"] else None)(api.ok("GET", f"/api/v1/calls/{call_id}")),
                      10, "the call's end stored")
    assert norm(detail["outcome"]) == "completed" and detail["connected_user_id"] == alice_id
    offers = sorted(detail["offers"], key=lambda o: o["created_at"])
    assert [(o["user_id"], norm(o["status"]), o["transferred_by"]) for o in offers] == [
        (alice_id, "accepted", None), (bob_id, "declined", alice_id)]
    assert "transfer_failed" in [t["action"] for t in detail["trace"]]
