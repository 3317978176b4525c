"""The registrar: SIP phones register with digest credentials (R-30).

REGISTER is sent by sipua.Phone, not SIPp: Switchboard offers SHA-256 and MD5
challenges (RFC 8760), and SIPp 3.6 can answer only an MD5 one listed first."""
from __future__ import annotations

import re

import pytest

from harness import DEVICE_IP, Server, free_port, wait_for
from peers import Peers


def contacts_for_port(ok, port: int) -> list[str]:
    """Contact values of a 200 to REGISTER that point at 127.0.0.1:port."""
    assert ok.status == 200, ok.first_line
    values = [c for v in ok.header("Contact") for c in v.split(",")]
    return [c for c in values if f"{DEVICE_IP}:{port}" in c]


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_register_with_digest(server: Server, peers: Peers, algorithm: str):
    """R-30: an unauthenticated REGISTER is challenged (realm "switchboard") for
    both MD5 and SHA-256 when both are enabled, SHA-256 first as RFC 8760 prefers;
    the retry with the right password is accepted and the 200 lists the binding."""
    peers.provision_alice(devices=1)
    server.start(extra_args=["--digest-algorithms", "SHA-256,MD5"])
    port = free_port(DEVICE_IP)
    challenge, ok = peers.register("alice", "secret1", port, algorithm=algorithm)
    assert challenge.status == 401
    offers = challenge.header("WWW-Authenticate")
    assert all('realm="switchboard"' in o for o in offers)
    assert any(f"algorithm={algorithm}" in o for o in offers)
    assert "algorithm=SHA-256" in offers[0], "the preferred algorithm comes first"
    assert contacts_for_port(ok, port), "the 200 lists the new binding"


def test_register_wrong_password(server: Server, peers: Peers):
    """R-30: a REGISTER with the wrong password is refused again (401/403)."""
    peers.provision_alice(devices=1)
    server.start()
    finals = peers.register("alice", "not-the-password")
    assert [f.status for f in finals][0] == 401
    assert finals[-1].status in (401, 403)


def test_register_unknown_user(server: Server, peers: Peers):
    """R-30: a user name that does not exist cannot register."""
    peers.provision_alice(devices=1)
    server.start()
    finals = peers.register("mallory", "secret1")
    assert finals[-1].status in (401, 403, 404)


def test_two_contacts_for_one_device(server: Server, peers: Peers):
    """A device may register several contacts; the registrar keeps both and a
    REGISTER without Contact lists them (RFC 3261 10.2.3)."""
    peers.provision_alice(devices=1)
    server.start()
    first = peers.registered("alice", "secret1")
    second = peers.registered("alice", "secret1")
    ok = peers.register("alice", "secret1", contact=False)[-1]
    assert contacts_for_port(ok, first) and contacts_for_port(ok, second)


def test_too_short_expiry_is_refused(server: Server, peers: Peers):
    """RFC 3261 10.3: a registration shorter than the registrar's minimum gets
    423 with Min-Expires; at the minimum it is granted for no longer than asked."""
    peers.provision_alice(devices=1)
    server.start()
    port = free_port(DEVICE_IP)
    brief = peers.register("alice", "secret1", port, expires=2)[-1]
    assert brief.status == 423
    minimum = int(brief.header("Min-Expires")[0])
    ok = peers.register("alice", "secret1", port, expires=minimum)[-1]
    granted = contacts_for_port(ok, port)
    assert granted, f"a registration at Min-Expires is accepted: {ok.text}"
    match = re.search(r"expires=(\d+)", granted[0]) or re.search(r"(\d+)", " ".join(ok.header("Expires")))
    assert match and 0 < int(match.group(1)) <= minimum, f"granted expiry: {granted}"


def test_unregister_makes_user_unreachable(server: Server, peers: Peers):
    """R-13: when a phone removes its binding (Expires: 0) it no longer rings:
    the registrar stops listing it and a call to the user gets 480."""
    peers.provision_alice(devices=1)
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start()
    port = peers.registered("alice", "secret1")
    assert peers.register("alice", "secret1", port, expires=0)[-1].status == 200

    def gone() -> bool:
        return not contacts_for_port(peers.register("alice", "secret1", contact=False)[-1], port)
    wait_for(gone, timeout=5, what="the binding to be removed")
    peers.trunk_call("trunk_caller_480.xml").expect_success()


def test_registration_expires_and_the_user_becomes_unreachable(server: Server, peers: Peers):
    """R-13: a binding that is not refreshed expires; the user's number then gets
    480 instead of ringing a phone that is gone."""
    peers.provision_alice(devices=1)
    server.settings(voicemail_enabled=False)  # nobody answers: 480 rather than voicemail
    server.start(extra_args=["--min-expires", "1"])
    port = free_port(DEVICE_IP)
    ok = peers.register("alice", "secret1", port, expires=2)[-1]
    assert ok.status == 200 and contacts_for_port(ok, port), ok.text

    def expired() -> bool:
        return not contacts_for_port(peers.register("alice", "secret1", contact=False)[-1], port)
    wait_for(expired, timeout=10, what="the 2 s binding to expire")
    peers.trunk_call("trunk_caller_480.xml").expect_success()
