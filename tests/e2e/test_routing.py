"""Routing end to end (R-1 to R-15, R-18, R-29): who rings, in what order, what
happens when nobody takes the call, and what is kept. Users, groups, call flows,
numbers and leads come from `switchboard provision`; the trunk is SIPp."""
from __future__ import annotations

from harness import TRUNK_IP, Server, free_port, norm, wait_for
from peers import PROSPECT, Peers

SALES_LINE = "+15550100009"
FORWARDING = "+15550109001"
COMPANY = "+15550109000"


def user(name: str, number: str | None = None, **extra) -> dict:
    u = {"email": f"{name}@example.test", "name": name.title(),
         "sip": {"username": name, "password": f"{name}-secret"}}
    if number:
        u["number"] = number
    u.update(extra)
    return u


def agent(peers: Peers, name: str, scenario: str, sdp_port: int = 40010, **kw):
    return peers.agent(name, f"{name}-secret", scenario, sdp_port=sdp_port, **kw)


def calls_oldest_first(server: Server) -> list[dict]:
    assert server.stop() == 0, "switchboard must exit 0 on SIGTERM"
    return sorted(server.calls(), key=lambda c: c["started_at"])


def first_index(trace: list[dict], predicate) -> int:
    for i, line in enumerate(trace):
        if predicate(line):
            return i
    raise AssertionError(f"no such trace line in {trace}")


def sales_flow(steps: list[dict], members: list[str], **group) -> dict:
    return {
        "groups": [{"name": "Floor", "members": [f"{m}@example.test" for m in members], **group}],
        "call_flows": [{"name": "Sales", "steps": steps}],
        "numbers": [{"e164": SALES_LINE, "label": "Sales line", "call_flow": "Sales"}],
    }


def test_default_chain_falls_from_owner_to_forwarding_to_company_to_voicemail(
        server: Server, peers: Peers):
    """R-2, R-14, R-15: a number with no flow and no assigned user. The caller's
    lead belongs to Bob, who has a number: Bob rings and declines; then the
    number's forwarding number and the company phone are dialled through the
    trunk, both busy; then voicemail answers the caller, who hangs up during the
    greeting. The trace shows the chain in order, the call ends as voicemail and
    becomes a follow-up for the lead's owner."""
    dial_port = free_port(TRUNK_IP)
    server.provision({
        "organization": {"company_phone": COMPANY},
        "users": [user("bob", "+15550100002")],
        "numbers": [{"e164": SALES_LINE, "label": "Sales line", "forwarding": FORWARDING}],
        "leads": [{"name": "Pat Prospect", "phones": [PROSPECT], "owner": "bob@example.test"}],
    })
    server.start(dial_port=dial_port)
    bob = agent(peers, "bob", "agent_busy.xml")
    trunk = peers.trunk_uas("trunk_uas_refuse.xml", port=dial_port, count=2)
    caller = peers.trunk_call("trunk_caller.xml", number=SALES_LINE, pause_ms=1000)
    caller.expect_success()
    bob.expect_success()
    trunk.expect_success()

    dialled = [m.first_line for m in trunk.received_requests("INVITE")]
    assert len(dialled) == 2 and FORWARDING in dialled[0] and COMPANY in dialled[1], dialled
    [lead] = server.leads()
    [call] = calls_oldest_first(server)
    assert norm(call["status"]) == "voicemail"
    assert call["lead_id"] == lead["id"], "R-1: the caller's one lead is on the call"
    bob_id = lead["owner_user_id"]
    assert [(o["user_id"], norm(o["status"])) for o in call["offers"]] == [(bob_id, "declined")]
    trace = call["trace"]
    offered_bob = first_index(trace, lambda t: t["user_id"] == bob_id and t["action"] == "offer")
    forwarded = first_index(trace, lambda t: t["action"] == "dial" and FORWARDING in t["reason"])
    company = first_index(trace, lambda t: t["action"] == "dial" and COMPANY in t["reason"])
    voicemail = first_index(trace, lambda t: t["action"] == "voicemail")
    assert offered_bob < forwarded < company < voicemail, trace
    [follow_up] = server.follow_ups()
    assert follow_up["status"] == "open" and follow_up["caller_e164"] == PROSPECT
    assert follow_up["assigned_user_id"] == bob_id, "R-14: the follow-up goes to the lead owner"
    assert follow_up["reason"] == "voicemail"


def test_ring_all_rings_ten_then_the_other_two(server: Server, peers: Peers):
    """R-5: twelve eligible users on a ring-all step ring ten at once; when that
    batch is not answered, the other two ring; then routing is exhausted."""
    names = [f"agent{n:02d}" for n in range(1, 13)]
    server.provision({"users": [user(n) for n in names],
                      **sales_flow([{"type": "group", "group": "Floor", "strategy": "ring_all",
                                     "ring_timeout": 2}], names)})
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start()
    phones = [agent(peers, n, "agent_ring.xml") for n in names]
    caller = peers.trunk_call("trunk_caller_480.xml", number=SALES_LINE)
    caller.expect_success()
    for phone in phones:
        phone.expect_success()

    [call] = calls_oldest_first(server)
    offers = sorted(call["offers"], key=lambda o: o["created_at"])
    assert len(offers) == 12
    assert len({o["user_id"] for o in offers}) == 12, "nobody is offered the call twice (R-4)"
    assert all(norm(o["status"]) == "noanswer" for o in offers)
    first, second = offers[:10], offers[10:]
    assert first[-1]["created_at"] - first[0]["created_at"] < 1000, "the first ten ring together"
    assert second[0]["created_at"] - first[0]["created_at"] >= 1500, "the last two ring after the timeout"
    assert second[1]["created_at"] - second[0]["created_at"] < 1000


def test_a_decline_moves_the_call_to_the_next_agent(server: Server, peers: Peers):
    """R-3, R-10: a sequential group of Alice then Bob. Alice declines (486);
    Bob rings, answers and gets the call."""
    server.provision({"users": [user("alice"), user("bob")],
                      **sales_flow([{"type": "group", "group": "Floor", "strategy": "sequential",
                                     "ring_timeout": 10}], ["alice", "bob"])})
    server.start()
    alice = agent(peers, "alice", "agent_busy.xml")
    bob = agent(peers, "bob", "agent_answer.xml", sdp_port=40012)
    caller = peers.trunk_call("trunk_caller.xml", number=SALES_LINE)
    caller.expect_success()
    alice.expect_success()
    bob.expect_success()

    [call] = calls_oldest_first(server)
    offers = sorted(call["offers"], key=lambda o: o["created_at"])
    assert [norm(o["status"]) for o in offers] == ["declined", "accepted"]
    assert call["answered_by_user_id"] == offers[1]["user_id"]
    assert norm(call["status"]) == "completed"


def test_cool_down_skips_an_agent_who_just_finished_a_call(server: Server, peers: Peers):
    """R-12, R-4: after Alice's call ends she is in cool-down (60 s); the next
    call to the sales line skips her with the time left and rings Bob."""
    server.provision({"organization": {"settings": {"cool_down_seconds": 60}},
                      "users": [user("alice", "+15550100001"), user("bob")],
                      **sales_flow([{"type": "group", "group": "Floor", "strategy": "ring_all",
                                     "ring_timeout": 10}], ["alice", "bob"])})
    server.start()
    alice = agent(peers, "alice", "agent_answer.xml")
    peers.trunk_call("trunk_caller.xml", number="+15550100001").expect_success()
    alice.expect_success()
    bob = agent(peers, "bob", "agent_answer.xml", sdp_port=40012)
    peers.trunk_call("trunk_caller.xml", number=SALES_LINE).expect_success()
    bob.expect_success()

    first, second = calls_oldest_first(server)
    alice_id = first["answered_by_user_id"]
    assert [o["user_id"] for o in second["offers"]] == [second["answered_by_user_id"]]
    assert second["answered_by_user_id"] != alice_id
    skips = [t["reason"] for t in second["trace"] if t["user_id"] == alice_id and t["action"] == "skip"]
    assert skips and skips[0].startswith("cool-down") and skips[0].endswith("s left"), second["trace"]


def test_two_agents_answering_at_once_connect_exactly_one(server: Server, peers: Peers):
    """R-7: Alice and Bob both answer in the same instant; the store's atomic
    claim gives the call to one; the other is released and recorded as taken by
    another."""
    server.provision({"users": [user("alice"), user("bob")],
                      **sales_flow([{"type": "group", "group": "Floor", "strategy": "ring_all"}],
                                   ["alice", "bob"])})
    server.start()
    phones = [agent(peers, "alice", "agent_answer_at_once.xml"),
              agent(peers, "bob", "agent_answer_at_once.xml", sdp_port=40012)]
    caller = peers.trunk_call("trunk_caller.xml", number=SALES_LINE, pause_ms=800)
    caller.expect_success()
    for phone in phones:
        phone.expect_success()

    [call] = calls_oldest_first(server)
    statuses = sorted(norm(o["status"]) for o in call["offers"])
    assert statuses == ["accepted", "takenbyother"]
    winner = [o for o in call["offers"] if norm(o["status"]) == "accepted"][0]
    assert call["answered_by_user_id"] == winner["user_id"]


def test_an_agent_whose_phone_goes_away_mid_ring_is_withdrawn(server: Server, peers: Peers):
    """R-13, R-4: Alice and Bob ring together. Alice's only phone unregisters while
    it rings: her INVITE is cancelled at once with the reason, her offer is recorded
    as cancelled, and Bob, still ringing, takes the call."""
    server.provision({"users": [user("alice"), user("bob")],
                      **sales_flow([{"type": "group", "group": "Floor", "strategy": "ring_all",
                                     "ring_timeout": 20}], ["alice", "bob"])})
    server.start()
    alice = agent(peers, "alice", "agent_ring.xml")
    bob = agent(peers, "bob", "agent_answer.xml", sdp_port=40012, pause_ms=3000)
    caller = peers.trunk_call("trunk_caller.xml", number=SALES_LINE)
    wait_for(lambda: alice.received_requests("INVITE"), 10, "alice's phone to ring")
    finals = peers.register("alice", "alice-secret", expires=0, contact_port=alice.local_port)
    assert finals[-1].status == 200
    alice.expect_success()
    caller.expect_success()
    bob.expect_success()

    cancel = alice.received_requests("CANCEL")[0]
    assert any("unreachable" in r for r in cancel.header("Reason")), cancel.text
    [call] = calls_oldest_first(server)
    by_status = {norm(o["status"]): o for o in call["offers"]}
    assert set(by_status) == {"cancelled", "accepted"}
    assert by_status["cancelled"]["reason"].startswith("unreachable")
    assert call["answered_by_user_id"] == by_status["accepted"]["user_id"]


def test_an_unknown_callers_missed_call_then_answered_call(server: Server, peers: Peers):
    """R-15, R-1, R-18: Alice's phone is not registered, so the first call is
    missed and opens a follow-up in the unassigned queue (no lead yet). The
    caller tries again, Alice answers: a lead is created for the caller (source
    inbound call), assigned to Alice, and the follow-up is closed by that call."""
    server.provision({"users": [user("alice", "+15550100001")]})
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start()
    peers.trunk_call("trunk_caller_480.xml", number="+15550100001").expect_success()
    alice = agent(peers, "alice", "agent_answer.xml")
    peers.trunk_call("trunk_caller.xml", number="+15550100001").expect_success()
    alice.expect_success()

    missed, answered = calls_oldest_first(server)
    assert norm(missed["status"]) == "noanswer" and missed["lead_id"] is None
    assert any(t["action"] == "skip" and "unreachable" in t["reason"] for t in missed["trace"])
    [lead] = server.leads()
    assert lead["phones"] == [PROSPECT] and lead["attributes"].get("source") == "inbound call"
    assert lead["owner_user_id"] == answered["answered_by_user_id"]
    assert answered["lead_id"] == lead["id"]
    [follow_up] = server.follow_ups()
    assert follow_up["status"] == "closed" and follow_up["closed_by_call_id"] == answered["id"]
    assert follow_up["assigned_user_id"] is None, "no lead, no owner: the unassigned queue"


def test_missed_offers_make_an_agent_unavailable(server: Server, peers: Peers):
    """R-11: with the setting at 2, two offers in a row that Alice does not
    answer set her unavailable; the third call skips her with the reason."""
    server.provision({"organization": {"settings": {"missed_offers_before_unavailable": 2,
                                                    "voicemail_enabled": False}},
                      "users": [user("alice", "+15550100001")]})
    server.start(ring_timeout=1)
    alice = agent(peers, "alice", "agent_ring.xml", count=2)
    for _ in range(3):
        peers.trunk_call("trunk_caller_480.xml", number="+15550100001").expect_success()
    alice.expect_success()

    calls = calls_oldest_first(server)
    assert len(calls) == 3
    assert [len(c["offers"]) for c in calls] == [1, 1, 0]
    skips = [t["reason"] for t in calls[2]["trace"] if t["action"] == "skip"]
    assert any(r.startswith("unavailable") and "missed" in r for r in skips), calls[2]["trace"]


def test_a_crash_keeps_every_finished_call_and_closes_the_open_one(server: Server, peers: Peers):
    """R-29: two calls finish, a third is connected when the server is killed
    (SIGKILL). After a restart the two are complete with their offers and trace,
    and the third is `interrupted` with its answer still recorded."""
    server.provision({"users": [user("alice", "+15550100001")]})
    server.start()
    for _ in range(2):
        alice = agent(peers, "alice", "agent_answer.xml")
        peers.trunk_call("trunk_caller.xml", number="+15550100001").expect_success()
        alice.expect_success()
    alice = agent(peers, "alice", "agent_answer.xml", timeout=60)
    caller = peers.trunk_call("trunk_caller.xml", number="+15550100001", pause_ms=60000, timeout=60)
    # The caller's 200 is sent only once the claim is committed; the agent's
    # ACK goes out before that, so it does not show the answer is stored.
    wait_for(lambda: caller.received_responses(200, "INVITE"), 10, "the third call to be answered")
    server.crash()
    server.start()

    done1, done2, open_call = calls_oldest_first(server)
    for call in (done1, done2):
        assert norm(call["status"]) == "completed"
        assert call["answered_at"] and call["ended_at"] and call["talk_seconds"] is not None
        assert [norm(o["status"]) for o in call["offers"]] == ["accepted"]
        assert call["trace"], "the routing trace is kept"
    assert norm(open_call["status"]) == "interrupted"
    assert open_call["answered_at"], "the answer was stored before the caller was connected"
    assert [norm(o["status"]) for o in open_call["offers"]] == ["accepted"]
