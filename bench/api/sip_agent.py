"""The agent's phone for the fan-out benchmark: registers (tests/e2e/sipua.Phone, digest),
then answers every INVITE on the registered port itself: 180 at once, then 200 OK with SDP
after --ring-ms (a person picking up; it also lets the call.offered fan-out finish). The
moment the 200 OK leaves (time.monotonic_ns() just before sendto: CLOCK_MONOTONIC, the
clock ws_fanout stamps with) is t0 of that call. A 200 is retransmitted (RFC 3261 timer G)
until its ACK comes; a BYE gets 200 OK; other requests get 200 OK too."""
from __future__ import annotations

import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
from harness import TracedMessage, free_port, parse_message  # noqa: E402
from sipua import Phone  # noqa: E402

T1_NS = 500_000_000
MAX_200_SENDS = 7


@dataclass
class Answer:
    sip_call_id: str
    ok_sent_ns: int  # time.monotonic_ns() just before the 200 OK was sent
    ack_ns: Optional[int] = None  # when its ACK came


class AnsweringAgent:
    def __init__(self, server: tuple[str, int], username: str, password: str, workdir: Path,
                 ring_ms: int, ip: str = "127.0.0.1"):
        self.server = server
        self.ip = ip
        self.ring_ns = ring_ms * 1_000_000  # from the INVITE (and our 180) to our 200
        self.port = free_port(ip)
        trace = workdir / f"register-{username}.messages"
        with Phone(ip, self.port, f"{server[0]}:{server[1]}", trace, username, password) as phone:
            finals = phone.register(expires=3600)
        if finals[-1].status != 200:
            raise RuntimeError(f"REGISTER {username}: {finals[-1].first_line}")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, self.port))
        self.answers: list[Answer] = []
        self.errors: list[str] = []
        self._pending: dict[str, tuple[bytes, int, int]] = {}  # call id -> (200, next send ns, sends)
        # call id -> (180, 200, when the 200 is due, where to); only the serving thread uses it
        self._ringing: dict[str, tuple[bytes, bytes, int, tuple[str, int]]] = {}
        self._lock = threading.Lock()
        self._destination: Optional[tuple[str, int]] = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def answered(self) -> int:
        with self._lock:
            return len(self.answers)

    def answer(self, index: int) -> Answer:
        with self._lock:
            return self.answers[index]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()

    # --- the loop ---------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            due = min((r[2] for r in self._ringing.values()), default=None)
            wait_s = 0.05 if due is None else min(0.05, max(0.0, (due - time.monotonic_ns()) / 1e9))
            try:
                if wait_s <= 0:
                    raise socket.timeout
                self.sock.settimeout(wait_s)
                data, source = self.sock.recvfrom(65535)
            except socket.timeout:
                self._answer_due()
                self._retransmit()
                continue
            except OSError:
                return
            try:
                self._handle(parse_message("received", data.decode(errors="replace")), source)
            except Exception as e:  # keep serving; the run reports it
                self.errors.append(f"{type(e).__name__}: {e}")
            self._answer_due()
            self._retransmit()

    def _answer_due(self) -> None:
        """Sends the 200 OK of every call that has rung long enough."""
        now = time.monotonic_ns()
        for call_id, (_, ok, due, to) in list(self._ringing.items()):
            if now < due:
                continue
            del self._ringing[call_id]
            sent_ns = time.monotonic_ns()
            self.sock.sendto(ok, to)
            with self._lock:
                self.answers.append(Answer(call_id, sent_ns))
                self._pending[call_id] = (ok, sent_ns + T1_NS, 1)
                self._destination = to

    def _handle(self, m: TracedMessage, source: tuple[str, int]) -> None:
        if m.status:  # a response (to nothing we sent): ignore
            return
        call_id = (m.header("Call-ID") or [""])[0]
        if m.method == "ACK":
            now = time.monotonic_ns()
            with self._lock:
                self._pending.pop(call_id, None)
                for a in self.answers:
                    if a.sip_call_id == call_id and a.ack_ns is None:
                        a.ack_ns = now
            return
        if m.method == "INVITE" and not _has_tag(m.header("To")):
            with self._lock:
                pending = self._pending.get(call_id)
                known = any(a.sip_call_id == call_id for a in self.answers)
            if call_id in self._ringing:  # a retransmitted INVITE while ringing: 180 again
                self.sock.sendto(self._ringing[call_id][0], source)
                return
            if known:  # a retransmitted INVITE: the 200 again
                if pending:
                    self.sock.sendto(pending[0], source)
                return
            tag = os.urandom(5).hex()
            ringing = self._response(m, 180, "Ringing", tag)
            self.sock.sendto(ringing, source)
            ok = self._response(m, 200, "OK", tag, sdp=self._sdp())
            self._ringing[call_id] = (ringing, ok, time.monotonic_ns() + self.ring_ns, source)
            return
        # BYE, in-dialog requests, OPTIONS: 200 OK (an in-dialog INVITE gets our SDP again).
        sdp = self._sdp() if m.method == "INVITE" else None
        self.sock.sendto(self._response(m, 200, "OK", None, sdp=sdp), source)

    def _retransmit(self) -> None:
        now = time.monotonic_ns()
        with self._lock:
            for call_id, (ok, due, sends) in list(self._pending.items()):
                if now < due:
                    continue
                if sends >= MAX_200_SENDS:
                    self.errors.append(f"no ACK for the 200 OK of {call_id}")
                    del self._pending[call_id]
                    continue
                self.sock.sendto(ok, self._destination)
                self._pending[call_id] = (ok, now + min(T1_NS << sends, 4 * T1_NS), sends + 1)

    # --- messages ---------------------------------------------------------

    def _sdp(self) -> str:
        media_port = self.port + 2 if self.port < 65000 else self.port - 2
        return (f"v=0\r\no=agent 2000 2000 IN IP4 {self.ip}\r\ns=-\r\nc=IN IP4 {self.ip}\r\nt=0 0\r\n"
                f"m=audio {media_port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                f"a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n")

    def _response(self, request: TracedMessage, status: int, reason: str, tag: Optional[str],
                  sdp: Optional[str] = None) -> bytes:
        lines = [f"SIP/2.0 {status} {reason}"]
        lines += [f"Via: {v}" for v in request.header("Via")]
        lines += [f"Record-Route: {r}" for r in request.header("Record-Route")]
        lines.append(f"From: {request.header('From')[0]}")
        to = request.header("To")[0]
        lines.append(f"To: {to};tag={tag}" if tag and not _has_tag([to]) else f"To: {to}")
        lines.append(f"Call-ID: {request.header('Call-ID')[0]}")
        lines.append(f"CSeq: {request.header('CSeq')[0]}")
        if request.method == "INVITE":
            lines.append(f"Contact: <sip:agent@{self.ip}:{self.port};transport=udp>")
        body = sdp or ""
        if body:
            lines.append("Content-Type: application/sdp")
        lines += [f"Content-Length: {len(body.encode())}", "", body]
        return "\r\n".join(lines).encode()


def _has_tag(values: list[str]) -> bool:
    return bool(values) and ";tag=" in values[0].replace(" ", "")
