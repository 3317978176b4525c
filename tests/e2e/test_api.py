"""The HTTP API end to end (issue 5), against the real server: authentication and
roles (R-30), the calls list and call log (R-24, R-25, R-19), recordings (R-26), bad
input (R-28), the event stream fed by real SIPp calls (R-27), webhooks, operations."""
from __future__ import annotations

import json

import pytest
import yaml

from api_client import ADMIN_TOKEN, PASSWORD, Api, EventStream, WebhookReceiver, signature_valid, start_as_admin, user_id
from harness import Server, wait_for
from peers import PROSPECT, Peers
from test_routing import agent, user

ALICE_NUMBER = "+15550100001"
BOB_NUMBER = "+15550100002"


@pytest.fixture
def api(server: Server) -> Api:
    """Alice and Bob (agents with numbers and SIP phones), a lead for the prospect
    owned by Alice; the server started with an admin token. Returns the admin's API."""
    server.provision({
        "users": [user("alice", ALICE_NUMBER), user("bob", BOB_NUMBER)],
        "leads": [{"name": "Pat Prospect", "company": "Acme", "title": "CTO", "phones": [PROSPECT],
                   "owner": "alice@example.test"}],
    })
    server.settings(voicemail_enabled=False, dispositions=["won", "lost", "callback"],
                    sentiments=["positive", "neutral", "negative"])
    return start_as_admin(server)


def answered_call(server: Server, peers: Peers, who: str = "alice", number: str = ALICE_NUMBER,
                  hold_ms: int = 1500) -> None:
    """The prospect calls `number`; `who`'s phone answers; the caller hangs up after hold_ms."""
    phone = agent(peers, who, "agent_answer.xml")
    peers.trunk_call("trunk_caller.xml", number=number, pause_ms=hold_ms).expect_success()
    phone.expect_success()


def test_requests_without_a_valid_token_are_refused(api: Api):
    """R-30: only authenticated callers use the API; the refusal says how to authenticate."""
    anonymous = api.as_(None)
    reply = anonymous.get("/api/v1/calls")
    assert reply.status == 401 and reply.error["code"] == "unauthorized"
    assert reply.headers["www-authenticate"].startswith("Bearer")
    assert api.as_("sbs_not-a-token").get("/api/v1/calls").status == 401
    assert anonymous.get("/healthz").status == 200, "probes need no token"
    assert anonymous.get("/api/v1/nothing-here").status == 404


def test_login_logout_and_throttling(api: Api):
    """POST /login with argon2id passwords: a session token until logout; wrong
    passwords are throttled per account with Retry-After."""
    alice = api.login("alice@example.test", PASSWORD)
    me = alice.ok("GET", "/api/v1/me")
    assert me["user"]["email"] == "alice@example.test" and me["role"] == "agent"
    assert me["user"]["state"]["status"] in ("available", "unreachable")
    assert alice.post("/api/v1/logout").status == 204
    assert alice.get("/api/v1/me").status == 401, "a logged-out session is refused"

    anonymous = api.as_(None)
    wrong = anonymous.post("/api/v1/login", {"email": "bob@example.test", "password": "nope nope nope"})
    assert wrong.status == 401 and wrong.error["message"] == "wrong email or password"
    unknown = anonymous.post("/api/v1/login", {"email": "nobody@example.test", "password": "nope nope nope"})
    assert unknown.status == 401 and unknown.error["message"] == wrong.error["message"], "no account probing"
    statuses = [anonymous.post("/api/v1/login", {"email": "bob@example.test", "password": "guess"}).status
                for _ in range(8)]
    assert 429 in statuses, statuses
    throttled = anonymous.post("/api/v1/login", {"email": "bob@example.test", "password": PASSWORD})
    assert throttled.status == 429 and int(throttled.headers["retry-after"]) >= 1, \
        "even the right password waits while the account is throttled"


def test_integration_tokens_are_shown_once_and_can_be_revoked(api: Api):
    alice_id = user_id(api, "alice@example.test")
    created = api.ok("POST", "/api/v1/tokens", {"name": "CRM sync", "user_id": alice_id}, status=201)
    assert created["token"].startswith("sbi_")
    crm = api.as_(created["token"])
    assert crm.ok("GET", "/api/v1/me")["user"]["id"] == alice_id
    listed = api.ok("GET", "/api/v1/tokens")["items"]
    assert [t["name"] for t in listed] == ["CRM sync"] and "token" not in listed[0]
    assert api.delete(f"/api/v1/tokens/{created['id']}").status == 204
    assert crm.get("/api/v1/me").status == 401


def test_roles_agents_manage_themselves_and_admins_everyone(api: Api):
    alice = api.login("alice@example.test", PASSWORD)
    bob_id = user_id(api, "bob@example.test")
    alice_id = user_id(api, "alice@example.test")
    refused = alice.post("/api/v1/users", {"email": "eve@example.test", "name": "Eve"})
    assert refused.status == 403 and refused.error["code"] == "forbidden"
    assert alice.patch(f"/api/v1/users/{bob_id}", {"name": "Robert"}).status == 403
    role = alice.patch(f"/api/v1/users/{alice_id}", {"role": "admin"})
    assert role.status == 403 and role.error["field"] == "role"
    assert alice.ok("PATCH", f"/api/v1/users/{alice_id}", {"name": "Alice A."})["name"] == "Alice A."

    eve = api.ok("POST", "/api/v1/users", {"email": "eve@example.test", "name": "Eve", "password": PASSWORD},
                 status=201)
    duplicate = api.post("/api/v1/users", {"email": "eve@example.test", "name": "Eve 2"})
    assert duplicate.status == 409 and duplicate.error["field"] == "email"
    api.login("eve@example.test", PASSWORD)
    assert api.delete(f"/api/v1/users/{eve['id']}").status == 204
    assert api.get(f"/api/v1/users/{eve['id']}").status == 404


def test_bad_input_gets_a_json_error_naming_the_field(api: Api):
    """R-28: wrong types, unknown fields, bad JSON, huge bodies, bad query values."""
    alice_id = user_id(api, "alice@example.test")
    wrong_type = api.patch(f"/api/v1/users/{alice_id}", {"name": 5})
    assert wrong_type.status == 400 and wrong_type.error["field"] == "name"
    unknown = api.patch(f"/api/v1/users/{alice_id}", {"nickname": "Al"})
    assert unknown.status == 400 and unknown.error["field"] == "nickname"
    bad_json = api.request("PATCH", f"/api/v1/users/{alice_id}", raw=b'{"name": ')
    assert bad_json.status == 400 and "JSON" in bad_json.error["message"]
    not_object = api.request("PATCH", f"/api/v1/users/{alice_id}", raw=b'["name"]')
    assert not_object.status == 400
    huge = api.request("POST", "/api/v1/leads", raw=b'{"name": "' + b"x" * (2 << 20) + b'"}')
    assert huge.status == 413 and huge.error["code"] == "too_large"
    bad_date = api.get("/api/v1/calls?from=yesterday")
    assert bad_date.status == 400 and bad_date.error["field"] == "from"
    bad_param = api.get("/api/v1/calls?colour=red")
    assert bad_param.status == 400 and bad_param.error["field"] == "colour"
    bad_phone = api.post("/api/v1/leads", {"name": "X", "phones": ["call me"]})
    assert bad_phone.status == 400 and bad_phone.error["field"] == "phones"
    wrong_method = api.request("PUT", "/api/v1/calls")
    assert wrong_method.status == 405 and "GET" in wrong_method.headers["allow"]
    assert api.get(f"/api/v1/users/{alice_id}").body["name"] == "Alice", "nothing bad was stored"


def test_calls_list_detail_log_and_recording(server: Server, peers: Peers, api: Api):
    """R-24, R-25, R-19, R-26 on a real call: the prospect calls Alice, she answers."""
    answered_call(server, peers, hold_ms=2000)
    alice = api.login("alice@example.test", PASSWORD)
    bob = api.login("bob@example.test", PASSWORD)
    alice_id = user_id(api, "alice@example.test")

    [call] = wait_for(lambda: [c for c in alice.ok("GET", "/api/v1/calls")["items"] if c["ended_at"]], 10,
                      "the ended call in Alice's list")
    assert call["answered_by_user_id"] == alice_id and call["outcome"] == "completed"
    assert call["caller"] == PROSPECT and call["talk_seconds"] >= 1
    for query in ["phone=987", "phone=%2B1+(555)+987", f"user={alice_id}", "outcome=completed",
                  "direction=inbound", "talk_time_min=1", "from=2000-01-01T00:00:00Z"]:
        assert [c["id"] for c in api.ok("GET", f"/api/v1/calls?{query}")["items"]] == [call["id"]], query
    for query in ["phone=111", "outcome=no_answer", "talk_time_min=3600", "to=2000-01-01"]:
        assert api.ok("GET", f"/api/v1/calls?{query}")["items"] == [], query

    assert bob.ok("GET", "/api/v1/calls")["items"] == [], "Bob was not offered the call"
    assert bob.get(f"/api/v1/calls/{call['id']}").status == 404, "an agent cannot read another's call"
    forbidden = bob.get(f"/api/v1/calls?user={alice_id}")
    assert forbidden.status == 403 and forbidden.error["field"] == "user"

    detail = alice.ok("GET", f"/api/v1/calls/{call['id']}")
    assert [o["status"] for o in detail["offers"]] == ["accepted"]
    assert detail["trace"] and detail["recording_url"] == f"/api/v1/calls/{call['id']}/recording"

    logged = alice.ok("PATCH", f"/api/v1/calls/{call['id']}", {"notes": "asked for a quote", "disposition": "won"})
    assert logged["disposition"] == "won" and logged["logged_by_user_id"] == alice_id
    again = alice.patch(f"/api/v1/calls/{call['id']}", {"disposition": "lost"})
    assert again.status == 409 and again.error["field"] == "disposition", "R-19: disposition is logged once"
    assert alice.ok("PATCH", f"/api/v1/calls/{call['id']}", {"notes": "quote sent"})["notes"] == "quote sent"
    not_in_list = alice.patch(f"/api/v1/calls/{call['id']}", {"sentiment": "ecstatic"})
    assert not_in_list.status == 400 and not_in_list.error["field"] == "sentiment"
    assert bob.patch(f"/api/v1/calls/{call['id']}", {"notes": "mine now"}).status == 404
    assert [c["id"] for c in api.ok("GET", "/api/v1/calls?disposition=won")["items"]] == [call["id"]]

    whole = alice.get(detail["recording_url"])
    assert whole.status == 200 and whole.headers["content-type"] == "audio/wav"
    assert whole.body[:4] == b"RIFF" and whole.headers["accept-ranges"] == "bytes"
    part = alice.get(detail["recording_url"], headers={"Range": "bytes=0-43"})
    assert part.status == 206 and part.body == whole.body[:44]
    assert part.headers["content-range"] == f"bytes 0-43/{len(whole.body)}"
    beyond = alice.get(detail["recording_url"], headers={"Range": f"bytes={len(whole.body) + 10}-"})
    assert beyond.status == 416


def test_paging_walks_every_call_once(server: Server, peers: Peers, api: Api):
    for _ in range(3):
        answered_call(server, peers, hold_ms=300)
    seen, cursor = [], None
    while True:
        page = api.ok("GET", "/api/v1/calls?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 3 and len(set(seen)) == 3
    oldest = api.ok("GET", "/api/v1/calls?sort=oldest")["items"]
    assert [c["id"] for c in oldest] == list(reversed(seen))
    assert api.get("/api/v1/calls?cursor=garbage").status == 400


def test_the_event_stream_follows_a_real_call_and_replays_after_reconnect(server: Server, peers: Peers, api: Api):
    """R-27, R-16, R-7: Alice's stream gets the offer with the screen-pop summary,
    the acceptance with the full lead, and the end; Bob's stream sees none of it;
    reconnecting with the last id replays what was missed."""
    alice_token = api.login("alice@example.test", PASSWORD).token
    bob_token = api.login("bob@example.test", PASSWORD).token
    alice_events = EventStream(api.port, alice_token)
    bob_events = EventStream(api.port, bob_token)
    admin_events = EventStream(api.port, ADMIN_TOKEN)
    try:
        answered_call(server, peers)
        offered = alice_events.wait_for("call.offered")
        assert offered["data"]["caller"] == {"number": PROSPECT, "name": "Pat Prospect"}
        lead = offered["data"]["lead"]
        assert (lead["title"], lead["company"], lead["owner"]["name"]) == ("CTO", "Acme", "Alice")
        accepted = alice_events.wait_for("call.accepted")
        assert accepted["data"]["lead"]["phones"] == [PROSPECT]
        ended = alice_events.wait_for("call.ended")
        assert ended["data"]["call"]["outcome"] == "completed"
        assert offered["id"] < accepted["id"] < ended["id"]
        admin_events.wait_for("call.started")
        admin_events.wait_for("call.ended")
        assert [e for e in bob_events.events() if e["type"].startswith("call.")] == [], \
            "Bob's stream shows nothing of Alice's call"
        alice_events.send({"type": "ping"})
        wait_for(lambda: {"type": "pong"} in alice_events.messages, 5, "pong")
    finally:
        alice_events.close()
        bob_events.close()

    # Alice reconnects from the offer: she gets what came after it, in order.
    replay = EventStream(api.port, alice_token, last_event_id=offered["id"])
    try:
        replay.wait_for("call.ended")
        types = [e["type"] for e in replay.events()]
        assert "call.offered" not in types and types.index("call.accepted") < types.index("call.ended")
    finally:
        replay.close()
    gone = EventStream(api.port, alice_token, last_event_id=1)
    try:
        wait_for(lambda: any(m.get("type") == "replay.incomplete" for m in gone.messages), 5,
                 "replay.incomplete for an id the server never had")
    finally:
        gone.close()
        admin_events.close()


def test_availability_and_cool_down_from_the_api(api: Api):
    """R-13, R-12: Alice goes unavailable with a reason and back; ready now ends cool-down."""
    alice = api.login("alice@example.test", PASSWORD)
    alice_id = user_id(api, "alice@example.test")
    events = EventStream(api.port, alice.token)
    try:
        state = alice.ok("PUT", f"/api/v1/users/{alice_id}/availability", {"available": False, "reason": "lunch"})
        assert state["status"] == "unavailable" and state["unavailable_reason"] == "lunch"
        events.wait_for("user.availability", available=False, reason="lunch")
        assert api.ok("GET", f"/api/v1/users/{alice_id}")["availability"] == "unavailable"
        assert alice.ok("PUT", f"/api/v1/users/{alice_id}/availability", {"available": True})["available"]
        assert alice.ok("POST", f"/api/v1/users/{alice_id}/cool-down/end")["cool_down_until"] is None
        bob_id = user_id(api, "bob@example.test")
        assert alice.put(f"/api/v1/users/{bob_id}/availability", {"available": False}).status == 403
        missing = alice.put(f"/api/v1/users/{alice_id}/availability", {"reason": "x"})
        assert missing.status == 400 and missing.error["field"] == "available"
    finally:
        events.close()


def test_a_webhook_is_signed_retried_and_its_deliveries_listed(server: Server, peers: Peers, api: Api):
    """R-27: a webhook for call.ended; the receiver fails twice, then takes it."""
    receiver = WebhookReceiver(statuses=[500, 503])
    try:
        hook = api.ok("POST", "/api/v1/webhooks", {"url": receiver.url, "event_types": ["call.ended"]}, status=201)
        secret = hook["secret"]
        assert "secret" not in api.ok("GET", f"/api/v1/webhooks/{hook['id']}"), "the secret is shown once"
        answered_call(server, peers, hold_ms=300)
        wait_for(lambda: [r for r in receiver.received if r["status"] == 200], 30, "a successful delivery")
        assert [r["status"] for r in receiver.received] == [500, 503, 200]
        last = receiver.received[-1]
        assert last["headers"]["switchboard-event"] == "call.ended"
        assert signature_valid(last["headers"]["switchboard-signature"], secret, last["body"])
        assert json.loads(last["body"])["data"]["call"]["outcome"] == "completed"
        [delivery] = wait_for(lambda: [d for d in api.ok("GET", f"/api/v1/webhooks/{hook['id']}/deliveries")["items"]
                                       if d["status"] == "delivered"], 10, "the delivery marked delivered")
        assert delivery["attempts"] == 3 and delivery["last_status_code"] == 200
        bad = api.post("/api/v1/webhooks", {"url": "ftp://example.test/x"})
        assert bad.status == 400 and bad.error["field"] == "url"
        assert api.login("alice@example.test", PASSWORD).get("/api/v1/webhooks").status == 403
    finally:
        receiver.close()


def test_leads_setup_and_settings(api: Api):
    alice = api.login("alice@example.test", PASSWORD)
    bob = api.login("bob@example.test", PASSWORD)
    found = alice.ok("GET", "/api/v1/leads?phone=987")["items"]
    assert [l["name"] for l in found] == ["Pat Prospect"]
    assert bob.ok("GET", "/api/v1/leads?phone=987")["items"] == [], "Bob sees his own leads"
    assert bob.get(f"/api/v1/leads/{found[0]['id']}").status == 404
    mine = bob.ok("POST", "/api/v1/leads", {"name": "Sam Buyer", "phones": ["(555) 010-4444"]}, status=201)
    assert mine["phones"] == ["+15550104444"] and mine["owner_user_id"] == user_id(api, "bob@example.test")
    assert [l["id"] for l in api.ok("GET", "/api/v1/leads?q=buyer")["items"]] == [mine["id"]]

    settings = api.ok("PATCH", "/api/v1/settings", {"settings": {"dispositions": ["won", "lost", "demo booked"]}})
    assert settings["settings"]["dispositions"] == ["won", "lost", "demo booked"]
    assert alice.patch("/api/v1/settings", {"name": "Mine"}).status == 403
    bad = api.patch("/api/v1/settings", {"settings": {"ring_timeout_seconds": "soon"}})
    assert bad.status == 400 and bad.error["field"] == "settings"

    group = api.ok("POST", "/api/v1/groups", {"name": "Floor", "filter": "user.team == \"east\""}, status=201)
    bad_group = api.post("/api/v1/groups", {"name": "Broken", "filter": "user.team ==="})
    assert bad_group.status == 400 and bad_group.error["field"] == "filter"
    flow = api.ok("POST", "/api/v1/call-flows", {"name": "Floor flow", "steps": [
        {"type": "group", "group_id": group["id"], "strategy": "ring_all", "ring_timeout": 20}]}, status=201)
    number = api.ok("POST", "/api/v1/numbers", {"e164": "+15550100077", "call_flow_id": flow["id"]}, status=201)
    assert number["call_flow_id"] == flow["id"]
    in_use = api.delete(f"/api/v1/call-flows/{flow['id']}")
    assert in_use.status == 409, "a flow a number uses stays"


def test_operations_endpoints(api: Api):
    anonymous = api.as_(None)
    assert anonymous.ok("GET", "/readyz") == {"status": "ready"}
    spec = anonymous.get("/api/v1/openapi.yaml")
    assert spec.status == 200
    document = yaml.safe_load(spec.body)
    assert document["openapi"].startswith("3.") and "/api/v1/calls" in document["paths"]
    api.get("/api/v1/calls")
    metrics = anonymous.get("/metrics")
    assert metrics.status == 200 and metrics.headers["content-type"].startswith("text/plain")
    text = metrics.body.decode()
    assert 'switchboard_api_requests_total{method="GET",route="/api/v1/calls",status="200"}' in text
    assert "switchboard_event_clients" in text


def test_declining_in_the_app_stops_the_phone_and_routing_goes_on(server: Server, peers: Peers, api: Api):
    """R-10 through the API: Alice's phone rings; she declines in the app; her phone gets
    CANCEL with Reason 603, her offer is declined, and the call goes on (to voicemail's
    absence: nobody else is on her number, so the caller gets a final failure)."""
    alice = api.login("alice@example.test", PASSWORD)
    events = EventStream(api.port, alice.token)
    try:
        phone = agent(peers, "alice", "agent_ring.xml")
        caller = peers.trunk_call("trunk_caller_480.xml", number=ALICE_NUMBER)
        offered = events.wait_for("call.offered")
        call_id = offered["data"]["call_id"]
        assert alice.post(f"/api/v1/calls/{call_id}/decline").status == 204
        phone.expect_success()
        caller.expect_success()
        cancel = phone.received_requests("CANCEL")[0]
        assert any("cause=603" in r for r in cancel.header("Reason")), cancel.header("Reason")
        withdrawn = events.wait_for("call.offer_withdrawn")
        assert withdrawn["data"]["status"] == "declined"
        assert alice.post(f"/api/v1/calls/{call_id}/decline").status == 404, "nothing left to decline"
    finally:
        events.close()


def test_hold_and_resume_from_the_app_keep_the_call_and_are_traced(server: Server, peers: Peers, api: Api):
    """Call control: Alice puts her connected call on hold and takes it off again
    through the API; the call goes on to a normal end, the trace says who held it,
    and Bob, who is not on the call, cannot hold it."""
    alice = api.login("alice@example.test", PASSWORD)
    bob = api.login("bob@example.test", PASSWORD)
    events = EventStream(api.port, alice.token)
    try:
        phone = agent(peers, "alice", "agent_answer.xml")
        caller = peers.trunk_call("trunk_caller.xml", number=ALICE_NUMBER, pause_ms=5000)
        call_id = events.wait_for("call.accepted")["data"]["call_id"]
        # Accepted is published when the claim is on disk; the call is in conversation
        # once the caller has the 200 and ACKs it: until then hold is a 409.
        held = wait_for(lambda: alice.post(f"/api/v1/calls/{call_id}/hold").status == 204, 5,
                        "hold to be accepted once the call is connected")
        assert held
        assert alice.post(f"/api/v1/calls/{call_id}/hold").status == 204, "holding a held call is harmless"
        assert bob.post(f"/api/v1/calls/{call_id}/hold").status == 404, "Bob cannot see Alice's call"
        assert alice.post(f"/api/v1/calls/{call_id}/resume").status == 204
        caller.expect_success()
        phone.expect_success()
        events.wait_for("call.ended")
    finally:
        events.close()
    detail = alice.ok("GET", f"/api/v1/calls/{call_id}")
    assert detail["outcome"] == "completed"
    actions = [entry["action"] for entry in detail["trace"]]
    assert actions.count("hold") == 1 and actions.count("resume") == 1, actions
    assert actions.index("hold") < actions.index("resume")
    gone = alice.post(f"/api/v1/calls/{call_id}/hold")
    assert gone.status == 404 and gone.error["code"] == "not_found", "an ended call cannot be held"


def test_lead_import_and_token_create_from_the_command_line(server: Server, api: Api):
    """`switchboard lead import` stores good rows and reports each refused one with its
    line and reason; `switchboard token create` prints a token the API accepts."""
    csv_path = server.registry.workdir / "leads.csv"
    csv_path.write_text("name,company,phone,owner_email\n"
                        "Dana Buyer,Initech,(555) 010-5555,bob@example.test\n"
                        "No Phone Co,,12,\n"
                        "Twin,,+15550105555,\n"
                        "Stranger,,+15550106666,nobody@example.test\n"
                        f"Pat Again,,{PROSPECT},\n")
    report = server.cli("lead", "import", *server.store_args(), str(csv_path)).stdout
    assert "imported 1 lead(s); rejected 4 row(s)" in report, report
    for line, reason in [(3, "phone"), (4, "already"), (5, "nobody@example.test"), (6, "already on lead")]:
        assert any(l.strip().startswith(f"line {line}:") and reason in l for l in report.splitlines()), (line, report)
    [dana] = api.ok("GET", "/api/v1/leads?q=dana")["items"]
    assert dana["phones"] == ["+15550105555"] and dana["owner_user_id"] == user_id(api, "bob@example.test")

    token = server.cli("token", "create", *server.store_args(), "--email", "alice@example.test",
                       "--name", "CRM").stdout.strip()
    assert token.startswith("sbi_")
    assert api.as_(token).ok("GET", "/api/v1/me")["user"]["email"] == "alice@example.test"
