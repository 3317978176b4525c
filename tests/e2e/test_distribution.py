"""R-20..R-23 lead distribution end to end: a lead posted through the API with
`ring_all` and a group rings the group's SIPp phones, each answer hears "new lead
<name>, press 1"; the first to press 1 (an RFC 4733 key from SIPp's pcap) becomes the
lead's primary agent with an application, the others stop ringing, and the lead's
number is called through the trunk (another SIPp) with that agent's caller ID and
bridged to them, recorded. A lead nobody takes becomes a lead exception with the reason,
which an admin resolves."""
from __future__ import annotations


from api_client import PASSWORD, Api, EventStream, start_as_admin, user_id
from harness import DEVICE_IP, TRUNK_IP, Server, free_port, norm, wait_for
from media_tools import RtpSink
from peers import PROSPECT, Peers
from test_routing import agent, user

ALICE_NUMBER = "+15550100001"
COMPANY_PHONE = "+15550100000"
COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"'


def start(server: Server, members: list[str], dial_port: int | None = None) -> tuple[Api, str]:
    """Alice (with her own number) and Bob, agents with SIP phones; a group "Floor" of
    `members`; the server started with an admin token. Returns the admin and the group."""
    server.provision({
        "organization": {"company_phone": COMPANY_PHONE},
        "users": [user("alice", ALICE_NUMBER), user("bob")],
        "groups": [{"name": "Floor", "members": [f"{m}@example.test" for m in members]}],
    })
    server.settings(voicemail_enabled=False)
    admin = start_as_admin(server, dial_port=dial_port) if dial_port else start_as_admin(server)
    group = next(g for g in admin.ok("GET", "/api/v1/groups")["items"] if g["name"] == "Floor")
    return admin, group["id"]


def start_with_alice_away(server: Server) -> tuple[Api, str, str]:
    """As start() with Alice the group's only member, and unavailable ("training"): a
    lead distributed to the group is a lead exception at once. Returns Alice's id too."""
    admin, group_id = start(server, ["alice"])
    alice_id = user_id(admin, "alice@example.test")
    admin.ok("PUT", f"/api/v1/users/{alice_id}/availability", {"available": False, "reason": "training"})
    return admin, group_id, alice_id


def post_lead(admin: Api, group_id: str, name: str = "Dana Lead") -> dict:
    reply = admin.post("/api/v1/leads", {
        "name": name, "company": "Acme", "phones": [PROSPECT],
        "distribution": {"strategy": "ring_all", "group_id": group_id},
    })
    assert reply.status == 202, reply.body
    # a prospect id at once, no application yet.
    assert reply.body["prospect_id"] == reply.body["lead"]["id"]
    assert reply.body["application_id"] is None
    return reply.body


def test_the_first_agent_to_press_1_takes_the_lead_and_is_bridged_to_it(server: Server, peers: Peers):
    """R-21, R-22, R-7, R-26: Alice's phone answers and presses 1 while Bob's rings; Bob's
    INVITE is cancelled with the Reason; the lead is called through the trunk from Alice's
    number and bridged to her; the lead is hers with an application; the call is stored
    with direction distribution and a recording."""
    dial_port = free_port(TRUNK_IP)
    admin, group_id = start(server, ["alice", "bob"], dial_port)
    alice_id = user_id(admin, "alice@example.test")
    events = EventStream(admin.port, admin.token)
    try:
        with RtpSink(DEVICE_IP) as alice_audio, RtpSink(TRUNK_IP) as lead_audio:
            # (The lead's SIPp sends no audio: what Alice hears is the prompt and the ringback.)
            # Alice's phone answers, hears the prompt, presses 1 after 2.5 s, then waits for BYE.
            alice_phone = agent(peers, "alice", "ring_through_press1.xml", sdp_port=alice_audio.port,
                                pause_ms=2500, media_port=free_port(DEVICE_IP))
            bob_phone = agent(peers, "bob", "agent_ring.xml")
            # The lead's mobile, through the trunk: answers and hangs up after 2 s.
            lead_phone = peers.trunk_uas("agent_hangup.xml", port=dial_port, pause_ms=2000,
                                         sdp_port=lead_audio.port)
            posted = post_lead(admin, group_id)
            lead_id = posted["lead"]["id"]

            offered = events.wait_for("call.offered", user_id=alice_id)["data"]
            call_id = offered["call_id"]
            assert offered["direction"] == "distribution"
            assert offered["caller"]["number"] == PROSPECT and offered["lead"]["name"] == "Dana Lead"
            assigned = events.wait_for("lead.assigned", timeout=20)["data"]
            assert assigned["user_id"] == alice_id and assigned["lead"]["id"] == lead_id
            wait_for(lambda: any(e["data"]["call"]["id"] == call_id for e in events.events("call.ended")),
                     30, "the call to end")
            alice_phone.expect_success()
            bob_phone.expect_success()
            lead_phone.expect_success()
            assert alice_audio.count() >= 25, "the prompt and the ringback reached Alice's phone"

        [alice_invite] = alice_phone.received_requests("INVITE")
        assert "X-Switchboard-Lead: " + lead_id in alice_invite.text
        assert COMPANY_PHONE in alice_invite.header("From")[0], "R-21: the organization's caller ID"
        [cancel] = bob_phone.received_requests("CANCEL")
        assert cancel.header("Reason") == [COMPLETED_ELSEWHERE]
        [lead_invite] = lead_phone.received_requests("INVITE")
        assert PROSPECT in lead_invite.first_line
        assert ALICE_NUMBER in lead_invite.header("From")[0], "R-22: the agent's own caller ID"

        lead = admin.ok("GET", f"/api/v1/leads/{lead_id}")
        assert lead["owner_user_id"] == alice_id
        assert lead["application"]["user_id"] == alice_id and lead["application"]["call_id"] == call_id
        call = admin.ok("GET", f"/api/v1/calls/{call_id}")
        assert call["direction"] == "distribution" and call["lead_id"] == lead_id
        offers = {o["user_id"]: norm(o["status"]) for o in call["offers"]}
        assert offers[alice_id] == "accepted" and len(offers) == 2
        assert norm(call["outcome"]) == "completed"
        recording = admin.get(call["recording_url"])
        assert recording.status == 200 and len(recording.body) > 44, "R-22: the call is recorded"
        assert admin.ok("GET", "/api/v1/lead-exceptions")["items"] == []
    finally:
        events.close()


def test_a_lead_everyone_declines_is_a_lead_exception_until_resolved(server: Server, peers: Peers):
    """R-10, R-23: Alice, the group's only member, presses 2: nobody took the lead, so it
    stays unassigned and becomes a lead exception "all_declined", which an admin resolves
    once (a second time is a conflict)."""
    admin, group_id = start(server, ["alice"])
    events = EventStream(admin.port, admin.token)
    try:
        with RtpSink(DEVICE_IP) as alice_audio:
            alice_phone = agent(peers, "alice", "ring_through_press2.xml", sdp_port=alice_audio.port,
                                pause_ms=1500, media_port=free_port(DEVICE_IP))
            lead_id = post_lead(admin, group_id, "Evan Nobody")["lead"]["id"]
            raised = events.wait_for("lead.exception", timeout=30)["data"]
            alice_phone.expect_success()
        assert raised["lead"]["id"] == lead_id and raised["lead_exception"]["reason"] == "all_declined"
        [listed] = admin.ok("GET", "/api/v1/lead-exceptions")["items"]
        assert listed["lead"]["id"] == lead_id and listed["reason"] == "all_declined"
        assert listed["group_id"] == group_id and listed["resolved_at"] is None
        assert admin.ok("GET", f"/api/v1/leads/{lead_id}")["owner_user_id"] is None
        unassigned = admin.ok("GET", "/api/v1/leads?unassigned=true")["items"]
        assert lead_id in [l["id"] for l in unassigned], "R-23: it stays in Unassigned Leads"

        resolved = admin.post(f"/api/v1/lead-exceptions/{listed['id']}/resolve")
        assert resolved.status == 200 and resolved.body["resolved_at"] is not None, resolved.body
        again = admin.post(f"/api/v1/lead-exceptions/{listed['id']}/resolve")
        assert again.status == 409, again.body
        assert admin.ok("GET", "/api/v1/lead-exceptions")["items"] == []
        agent_api = admin.login("alice@example.test", PASSWORD)
        assert agent_api.get("/api/v1/lead-exceptions").status == 403
    finally:
        events.close()


def test_a_lead_nobody_can_take_is_an_exception_at_once(server: Server):
    """R-4, R-23: the group's only member is unavailable: nobody is rung and the lead is
    an exception "nobody_eligible" with the call's routing trace saying why."""
    admin, group_id, _ = start_with_alice_away(server)
    events = EventStream(admin.port, admin.token)
    try:
        lead_id = post_lead(admin, group_id, "Fay Early")["lead"]["id"]
        raised = events.wait_for("lead.exception")["data"]
        assert raised["lead"]["id"] == lead_id
        exception = raised["lead_exception"]
        assert exception["reason"] == "nobody_eligible"
        call = admin.ok("GET", f"/api/v1/calls/{exception['call_id']}")
        assert call["offers"] == []
        assert any("training" in t["reason"] for t in call["trace"]), call["trace"]
    finally:
        events.close()


def test_a_lead_nobody_took_leaves_the_exceptions_once_it_calls_back_and_an_agent_answers(
        server: Server, peers: Peers):
    """R-23, R-18: a lead nobody could take is an exception; the prospect then calls Alice's
    number and her phone answers. The answer makes Alice the lead's owner, and with an
    owner the lead is no longer one nobody took: its exception is resolved."""
    admin, group_id, alice_id = start_with_alice_away(server)
    events = EventStream(admin.port, admin.token)
    try:
        lead_id = post_lead(admin, group_id, "Gil Later")["lead"]["id"]
        exception = events.wait_for("lead.exception")["data"]["lead_exception"]
        assert admin.ok("GET", "/api/v1/lead-exceptions")["items"][0]["id"] == exception["id"]

        admin.ok("PUT", f"/api/v1/users/{alice_id}/availability", {"available": True})
        phone = agent(peers, "alice", "agent_answer.xml")
        caller = peers.trunk_call("trunk_caller.xml", number=ALICE_NUMBER, pause_ms=1000)
        events.wait_for("lead.assigned", timeout=20)
        caller.expect_success()
        phone.expect_success()
    finally:
        events.close()
    assert admin.ok("GET", f"/api/v1/leads/{lead_id}")["owner_user_id"] == alice_id
    resolved = wait_for(lambda: (lambda x: x if x["resolved_at"] else None)(
        admin.ok("GET", f"/api/v1/lead-exceptions/{exception['id']}")), 10, "the exception resolved")
    assert resolved["resolved_by_user_id"] is None, "resolved by the lead's new owner, not an admin"
    assert admin.ok("GET", "/api/v1/lead-exceptions")["items"] == [], "no open exceptions left"


def test_a_distribution_body_is_checked_before_anything_is_stored(server: Server):
    """R-20: an unknown group, another strategy or a lead without a phone is refused
    with the field named, and no lead is created."""
    admin, group_id = start(server, ["alice"])
    before = len(admin.ok("GET", "/api/v1/leads")["items"])
    for body, field in [
        ({"name": "X", "phones": [PROSPECT], "distribution": {"strategy": "ring_all", "group_id": "nope"}},
         "distribution.group_id"),
        ({"name": "X", "phones": [PROSPECT], "distribution": {"strategy": "round_robin", "group_id": group_id}},
         "distribution.strategy"),
        ({"name": "X", "distribution": {"strategy": "ring_all", "group_id": group_id}}, "phones"),
    ]:
        reply = admin.post("/api/v1/leads", body)
        assert reply.status == 422 and reply.body["error"]["field"] == field, reply.body
    assert len(admin.ok("GET", "/api/v1/leads")["items"]) == before
