"""The media engine with real peers (issue 3): the confirmation prompt on a
ring-through number (R-9) with SIPp playing RFC 4733 keys from the pcaps it ships,
voicemail left with SIPp's G.711 audio (R-14), and two baresip phones carrying tones
through Switchboard, recorded in stereo (R-26)."""
from __future__ import annotations

import json
import shutil

import pytest

from api_client import ADMIN_TOKEN, Api
from harness import TRUNK_IP, Server, free_port, norm, wait_for
from media_tools import RtpSink, active, dominant, read_wav, tone_share
from peers import Peers
from test_routing import SALES_LINE, agent, calls_oldest_first, sales_flow, user

ALICE_MOBILE = "+15550107777"


def trace_of(call: dict, action: str) -> list[str]:
    return [t["reason"] for t in call["trace"] if t["action"] == action]


def ring_through_alice(server: Server, peers: Peers, scenario: str, key_delay_ms: int,
                       sink: RtpSink, extra: dict | None = None, confirm_timeout: int = 15):
    """Alice answers on her mobile only (a ring-through number, reached through the
    trunk); returns the SIPp playing her mobile."""
    dial_port = free_port(TRUNK_IP)
    extra = dict(extra or {})
    users = [user("alice", "+15550100001", ring_through_number=ALICE_MOBILE), *extra.pop("users", [])]
    server.provision({"users": users, **extra})
    server.start(dial_port=dial_port, extra_args=["--confirm-timeout", str(confirm_timeout)])
    return peers.trunk_uas(scenario, port=dial_port, pause_ms=key_delay_ms, sdp_port=sink.port,
                           media_port=free_port(TRUNK_IP))


def test_a_ring_through_agent_hears_the_prompt_presses_1_and_is_connected(server: Server, peers: Peers):
    """R-9, R-6: the caller reaches Alice's number; her mobile rings through the
    trunk and answers; the prompt reaches it as RTP; it presses 1 (RFC 4733 from
    SIPp's pcap) and only then is the caller answered and connected to her."""
    with RtpSink(TRUNK_IP) as sink:
        mobile = ring_through_alice(server, peers, "ring_through_press1.xml", 2500, sink)
        caller = peers.trunk_call("trunk_caller.xml", pause_ms=1500)
        caller.expect_success()
        mobile.expect_success()
        assert sink.count() >= 25, f"the prompt reached the mobile: {sink.count()} RTP packets"
        assert sink.payload_types() == {0}, "as PCMU, the codec the mobile chose"
    invite = mobile.received_requests("INVITE")[0]
    assert ALICE_MOBILE in invite.first_line
    [call] = calls_oldest_first(server)
    assert norm(call["status"]) == "completed"
    assert [norm(o["status"]) for o in call["offers"]] == ["accepted"]
    assert call["answered_by_user_id"] == call["offers"][0]["user_id"]
    assert "pressed 1" in trace_of(call, "confirm"), call["trace"]


def test_a_ring_through_agent_who_presses_2_declines_and_the_next_agent_rings(server: Server, peers: Peers):
    """R-9, R-10: Alice's mobile answers and presses 2: it is hung up on, her offer
    is declined, and Bob (the next in the sequential group) rings and takes the call."""
    with RtpSink(TRUNK_IP) as sink:
        floor = sales_flow([{"type": "group", "group": "Floor", "strategy": "sequential",
                             "ring_timeout": 15}], ["alice", "bob"])
        mobile = ring_through_alice(server, peers, "ring_through_press2.xml", 1500, sink,
                                    {"users": [user("bob")], **floor})
        bob = agent(peers, "bob", "agent_answer.xml", sdp_port=40012)
        caller = peers.trunk_call("trunk_caller.xml", number=SALES_LINE, pause_ms=1000)
        caller.expect_success()
        mobile.expect_success()
        bob.expect_success()
    bye = mobile.received_requests("BYE")[0]
    assert any("603" in r for r in bye.header("Reason")), bye.text
    [call] = calls_oldest_first(server)
    offers = sorted(call["offers"], key=lambda o: o["created_at"])
    assert [norm(o["status"]) for o in offers] == ["declined", "accepted"]
    assert call["answered_by_user_id"] == offers[1]["user_id"]
    assert "pressed 2 at the confirmation prompt" in trace_of(call, "decline")


def test_a_ring_through_agent_who_presses_nothing_is_no_answer(server: Server, peers: Peers):
    """R-9, R-11: the mobile answers (as its voicemail would) and presses nothing;
    when the confirmation times out it is hung up on and the offer is no answer, so
    a mobile's voicemail never takes the call."""
    with RtpSink(TRUNK_IP) as sink:
        mobile = ring_through_alice(server, peers, "ring_through_silent.xml", 0, sink,
                                    {"organization": {"settings": {"voicemail_enabled": False}}},
                                    confirm_timeout=3)
        caller = peers.trunk_call("trunk_caller_480.xml")
        caller.expect_success()
        mobile.expect_success()
        assert sink.count() > 0, "the prompt played"
    [call] = calls_oldest_first(server)
    assert norm(call["status"]) == "noanswer"
    assert [norm(o["status"]) for o in call["offers"]] == ["noanswer"]
    assert not call.get("answered_at")


def loudest_tone_share(samples: list[int], frequency: float, window: int = 4000) -> float:
    """The largest share of `frequency` in any half second of `samples`."""
    return max((tone_share(samples[at:at + window], 8000, frequency)
                for at in range(0, max(len(samples) - window, 0) + 1, window // 2)), default=0.0)


def test_a_prompt_uploaded_while_the_server_runs_is_what_the_next_call_plays(
        server: Server, peers: Peers, tmp_path):
    """Prompts: the admin replaces `press_one` with a 1 kHz tone through the API while
    the server runs. The next ring-through call plays it to the mobile after "call
    from ...": the PCMU the mobile receives holds the tone. After the upload is
    removed, the call after that plays the built-in spoken prompt again, with no tone."""
    with RtpSink(TRUNK_IP) as first, RtpSink(TRUNK_IP) as second:
        dial_port = free_port(TRUNK_IP)
        server.provision({"users": [user("alice", "+15550100001", ring_through_number=ALICE_MOBILE)],
                          "organization": {"settings": {"voicemail_enabled": False}}})
        server.start(dial_port=dial_port, extra_args=["--confirm-timeout", "9"],
                     env={"SWITCHBOARD_ADMIN_TOKEN": ADMIN_TOKEN})
        admin = Api(server.http_port, ADMIN_TOKEN)
        tone = tmp_path / "tone.wav"
        write_tone(tone, 1000, 2.0, rate=16000)
        uploaded = admin.request("PUT", "/api/v1/prompts/press_one", raw=tone.read_bytes(),
                                 headers={"Content-Type": "audio/wav"})
        assert uploaded.status == 200 and uploaded.body["origin"] == "uploaded", uploaded.body

        for sink, expect_tone in ((first, True), (second, False)):
            mobile = peers.trunk_uas("ring_through_silent.xml", port=dial_port, sdp_port=sink.port,
                                     media_port=free_port(TRUNK_IP))
            caller = peers.trunk_call("trunk_caller_480.xml")
            caller.expect_success()
            mobile.expect_success()
            share = loudest_tone_share(sink.audio(), 1000)
            if expect_tone:
                assert share > 0.8, f"the uploaded 1 kHz tone reached the mobile (share {share:.2f})"
                assert admin.request("DELETE", "/api/v1/prompts/press_one").status == 204
            else:
                assert len(sink.audio()) > 8000 * 3, "the built-in prompts played"
                assert share < 0.3, f"no tone once the built-in prompt is back (share {share:.2f})"


def test_a_voicemail_left_with_sipp_audio_is_kept_with_its_length(server: Server, peers: Peers):
    """R-14, R-8: nobody can take the call, so voicemail answers; after the
    greeting and the beep SIPp plays 7.08 s of A-law speech at 30 ms packets and
    presses #. The message is stored on the call with that length, the call ends as
    voicemail, and the caller hears "message saved" before our BYE."""
    server.provision({"users": [user("alice", "+15550100001")]})
    prompts = json.loads(server.cli("prompts", "--data-dir", str(server.data_dir)).stdout)
    lengths = {p["name"]: p["duration_ms"] for p in prompts["prompts"]}
    greeting_ms = lengths["voicemail_greeting"] + 400 + 500  # a pause, then the beep
    server.start()
    caller = peers.trunk_call("voicemail_caller.xml", pause_ms=greeting_ms + 600, timeout=45,
                              media_port=free_port(TRUNK_IP))
    caller.expect_success()
    [call] = calls_oldest_first(server)
    assert norm(call["status"]) == "voicemail"
    [message] = json.loads(server.cli("voicemails", *server.store_args(), "--call", call["id"]).stdout)
    assert 6600 <= message["duration_ms"] <= 7600, message
    recording = server.data_dir / message["path"]
    assert recording.exists(), recording


def write_tone(path, frequency: float, seconds: float, rate: int = 8000) -> None:
    """A sine at -12 dBFS as an 8 kHz mono 16-bit WAV (what aufile plays)."""
    import math
    import struct
    import wave
    samples = [int(8000 * math.sin(2 * math.pi * frequency * n / rate)) for n in range(int(seconds * rate))]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))


@pytest.mark.skipif(shutil.which("baresip") is None, reason="baresip not installed")
def test_two_baresip_phones_hear_each_others_tone_and_the_call_is_recorded_in_stereo(
        server: Server, peers: Peers, tmp_path):
    """R-26, issue 3: a baresip caller behind the trunk plays a 1000 Hz tone, Alice's
    baresip (auto-answer) plays 440 Hz. Each hears the other's tone through the
    engine, and the recording has the caller on the left and the agent on the right."""
    peers.provision_alice(devices=1)
    server.start(trunk_any_port=True, shutdown_grace=1)
    agent_dump = tmp_path / "agent-received"
    caller_dump = tmp_path / "caller-received"
    agent_dump.mkdir()
    caller_dump.mkdir()
    phone = peers.baresip("alice", "secret1", source="ausine,440", dump_dir=agent_dump)
    phone.wait_registered()
    tone = tmp_path / "caller-1000hz.wav"
    write_tone(tone, 1000, 20)
    caller = peers.baresip_caller("+15550100001", f"aufile,{tone}", caller_dump)
    phone.wait_output(r"Call established", 15, "Alice's baresip to answer")
    caller.wait_output(r"Call established", 15, "the caller to be connected")

    def recorded_enough() -> bool:
        files = list((server.data_dir / "recordings").glob("*.wav"))
        return bool(files) and files[0].stat().st_size > 44 + 4 * 8000 * 3  # 3 s of stereo
    wait_for(recorded_enough, 20, "three seconds of recording")
    assert server.stop() == 0, "a clean stop hangs up and closes the recording"

    received_by_agent = heard(agent_dump)
    received_by_caller = heard(caller_dump)
    assert received_by_agent == 1000, "Alice hears the caller's tone"
    assert received_by_caller == 440, "the caller hears Alice's tone"

    [recording] = list((server.data_dir / "recordings").glob("*.wav"))
    rate, (left, right) = read_wav(recording)
    assert rate == 8000
    left, right = active(left), active(right)
    assert len(left) > 2 * rate and len(right) > 2 * rate, "both sides were recorded"
    assert dominant(left, rate, [440, 1000]) == 1000, "the caller on the left"
    assert dominant(right, rate, [440, 1000]) == 440, "the agent on the right"
    [call] = server.calls()
    assert recording.stem == call["id"]


def heard(dump_dir) -> float:
    """The stronger of 440 and 1000 Hz in what a baresip received (sndfile's dump)."""
    files = sorted(dump_dir.glob("*dec*.wav"))
    assert files, f"no decoded audio dumped in {dump_dir}: {list(dump_dir.iterdir())}"
    rate, channels = read_wav(files[0])
    samples = active(channels[0])
    assert len(samples) > rate, f"less than a second of audio received in {files[0]}"
    return dominant(samples, rate, [440, 1000])


@pytest.mark.skipif(shutil.which("baresip") is None, reason="baresip not installed")
def test_a_recording_cut_short_by_a_crash_is_repaired_at_the_next_start(
        server: Server, peers: Peers, tmp_path):
    """R-26, R-29: the server is killed (SIGKILL) in the middle of a recorded call.
    The WAV on disk already holds the call up to the last flush (at most a second
    behind), and the next start makes its header match what it holds, so it plays."""
    import struct
    peers.provision_alice(devices=1)
    server.start(trunk_any_port=True)
    phone = peers.baresip("alice", "secret1", source="ausine,440")
    phone.wait_registered()
    tone = tmp_path / "caller-1000hz.wav"
    write_tone(tone, 1000, 30)
    peers.baresip_caller("+15550100001", f"aufile,{tone}", None)
    phone.wait_output(r"Call established", 15, "Alice's baresip to answer")
    recordings = server.data_dir / "recordings"

    def seconds_on_disk() -> float:
        files = list(recordings.glob("*.wav"))
        return (files[0].stat().st_size - 44) / (4 * 8000) if files else 0.0
    wait_for(lambda: seconds_on_disk() >= 3, 20, "three seconds of the call on disk")
    server.crash()

    [recording] = list(recordings.glob("*.wav"))
    server.start(trunk_any_port=True)
    data = recording.read_bytes()
    riff_size, = struct.unpack("<I", data[4:8])
    data_size, = struct.unpack("<I", data[40:44])
    assert riff_size == len(data) - 8 and data_size == len(data) - 44, "the header matches the file"
    assert data_size % 4 == 0, "whole stereo frames only"
    rate, (left, right) = read_wav(recording)
    assert len(left) >= 3 * rate
    assert dominant(active(left), rate, [440, 1000]) == 1000
    assert dominant(active(right), rate, [440, 1000]) == 440
