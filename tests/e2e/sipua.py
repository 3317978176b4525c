"""A minimal SIP user agent client over UDP, for what SIPp 3.6 cannot do.

With `--digest-algorithms SHA-256,MD5` Switchboard challenges with two digest
headers, SHA-256 first (RFC 8760 order); SIPp answers only the first challenge and
only knows MD5. So REGISTER and the phone's outbound INVITE (which must answer the
407) are sent from here: the UA picks the algorithm the test asks for. Only the
requests a test needs are implemented; retransmission follows RFC 3261 timer A/E
(T1 = 0.5 s, doubling) with an overall bound.
"""
from __future__ import annotations

import hashlib
import random
import re
import socket
import time
from pathlib import Path
from typing import Optional

from harness import TracedMessage, parse_message

T1 = 0.5
TRANSACTION_TIMEOUT = 8.0


def _token() -> str:
    return "%016x" % random.getrandbits(64)


def _challenge_params(value: str) -> dict[str, str]:
    value = re.sub(r"^\s*Digest\s+", "", value, flags=re.I)
    return {k.lower(): (a if a else b)
            for k, a, b in re.findall(r'(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))', value)}


def digest_answer(challenge: TracedMessage, method: str, uri: str, username: str,
                  password: str, algorithm: str) -> tuple[str, str]:
    """(header name, value) answering the challenge that uses `algorithm`."""
    header = "WWW-Authenticate" if challenge.status == 401 else "Proxy-Authenticate"
    offers = [_challenge_params(v) for v in challenge.header(header)]
    chosen = [p for p in offers if p.get("algorithm", "MD5").upper() == algorithm.upper()]
    if not chosen:
        raise AssertionError(f"no {algorithm} challenge in {challenge.header(header)}")
    p = chosen[0]
    hasher = hashlib.sha256 if algorithm.upper() == "SHA-256" else hashlib.md5
    h = lambda s: hasher(s.encode()).hexdigest()  # noqa: E731
    ha1 = h(f"{username}:{p['realm']}:{password}")
    ha2 = h(f"{method}:{uri}")
    fields = [f'username="{username}"', f'realm="{p["realm"]}"', f'nonce="{p["nonce"]}"',
              f'uri="{uri}"', f"algorithm={algorithm}"]
    if "auth" in p.get("qop", "").split(","):
        cnonce, nc = _token(), "00000001"
        response = h(f"{ha1}:{p['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        fields += [f'cnonce="{cnonce}"', f"nc={nc}", "qop=auth"]
    else:
        response = h(f"{ha1}:{p['nonce']}:{ha2}")
    if "opaque" in p:
        fields.append(f'opaque="{p["opaque"]}"')
    fields.append(f'response="{response}"')
    answer_header = "Authorization" if challenge.status == 401 else "Proxy-Authorization"
    return answer_header, "Digest " + ", ".join(fields)


class SipUa:
    """One UDP socket on ip:port talking to one server; keeps a trace file."""

    def __init__(self, local_ip: str, local_port: int, server: str, trace: Path):
        host, port = server.rsplit(":", 1)
        self.server = (host, int(port))
        self.local = (local_ip, local_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(self.local)
        self.trace_path = trace
        self.trace: list[TracedMessage] = []
        self.call_id = f"{_token()}@{local_ip}"
        self.from_tag = _token()[:10]
        self.cseq = 0

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> "SipUa":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _log(self, direction: str, text: str) -> None:
        self.trace.append(parse_message(direction, text))
        with open(self.trace_path, "a") as f:
            f.write(f"----- {time.strftime('%H:%M:%S')} UDP message {direction}\n{text}\n")

    def send(self, text: str) -> None:
        self._log("sent", text)
        self.sock.sendto(text.encode(), self.server)

    def receive(self, timeout: float) -> Optional[TracedMessage]:
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data, _ = self.sock.recvfrom(65535)
        except socket.timeout:
            return None
        self._log("received", data.decode(errors="replace"))
        return self.trace[-1]

    def request(self, method: str, uri: str, headers: list[str], body: str = "",
                to_tag: str = "", cseq: Optional[int] = None) -> tuple[str, int]:
        """Builds and sends a request; returns (text, cseq) for retransmission."""
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        ip, port = self.local
        lines = [f"{method} {uri} SIP/2.0",
                 f"Via: SIP/2.0/UDP {ip}:{port};branch=z9hG4bK{_token()};rport",
                 "Max-Forwards: 70", f"Call-ID: {self.call_id}", f"CSeq: {cseq} {method}",
                 *headers, f"Content-Length: {len(body.encode())}", "", body]
        text = "\r\n".join(lines)
        self.send(text)
        return text, cseq

    def transaction(self, text: str, cseq: int, method: str) -> TracedMessage:
        """Waits for the final response to a sent request, retransmitting it."""
        deadline = time.monotonic() + TRANSACTION_TIMEOUT
        interval, resend_at, provisional = T1, time.monotonic() + T1, False
        while time.monotonic() < deadline:
            wait = (deadline if provisional else min(resend_at, deadline)) - time.monotonic()
            message = self.receive(wait)
            if message is None:
                if not provisional and time.monotonic() >= resend_at:
                    self.sock.sendto(text.encode(), self.server)
                    interval = min(interval * 2, 4.0)
                    resend_at = time.monotonic() + interval
                continue
            if message.status and message.header("CSeq") == [f"{cseq} {method}"]:
                if message.status >= 200:
                    return message
                provisional = True
        raise AssertionError(f"no final response to {method} within {TRANSACTION_TIMEOUT}s")


def _via_of(text: str) -> str:
    return re.search(r"^Via: .*$", text, re.M).group(0)


def _uri_of(header_value: str) -> str:
    match = re.search(r"<([^>]+)>", header_value)
    return match.group(1) if match else header_value.split(";")[0].strip()


class Phone(SipUa):
    """A SIP phone's requests: REGISTER and an outbound call, with digest auth."""

    def __init__(self, local_ip: str, local_port: int, server: str, trace: Path,
                 username: str, password: str, algorithm: str = "MD5"):
        super().__init__(local_ip, local_port, server, trace)
        self.username, self.password, self.algorithm = username, password, algorithm
        self.server_host = server.rsplit(":", 1)[0]

    def _aor(self) -> str:
        return f"<sip:{self.username}@{self.server_host}>"

    def register(self, expires: int = 3600, contact: bool = True,
                 contact_port: int | None = None) -> list[TracedMessage]:
        """REGISTER, answering one challenge; returns the final responses in order.
        `contact_port` names another port's binding (e.g. to remove it with expires=0)."""
        uri = f"sip:{self.server[0]}:{self.server[1]}"
        ip, port = self.local
        port = contact_port or port
        headers = [f"From: {self._aor()};tag={self.from_tag}", f"To: {self._aor()}"]
        if contact:
            headers += [f"Contact: <sip:{self.username}@{ip}:{port};transport=udp>",
                        f"Expires: {expires}"]
        text, cseq = self.request("REGISTER", uri, headers)
        finals = [self.transaction(text, cseq, "REGISTER")]
        if finals[-1].status in (401, 407):
            auth = digest_answer(finals[-1], "REGISTER", uri, self.username, self.password,
                                 self.algorithm)
            text, cseq = self.request("REGISTER", uri, headers + [f"{auth[0]}: {auth[1]}"])
            finals.append(self.transaction(text, cseq, "REGISTER"))
        return finals

    def call(self, number: str, sdp_port: int, hold_seconds: float) -> dict:
        """INVITE `number` (answering 401/407 once), ACK the answer, talk for
        `hold_seconds`, BYE. Returns the final responses by step."""
        uri = f"sip:{number}@{self.server[0]}:{self.server[1]}"
        ip, port = self.local
        sdp = (f"v=0\r\no=phone 3000 3000 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
               f"m=audio {sdp_port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
               f"a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n")
        headers = [f"From: {self._aor()};tag={self.from_tag}", f"To: <{uri}>",
                   f"Contact: <sip:{self.username}@{ip}:{port};transport=udp>",
                   "Content-Type: application/sdp"]
        result: dict = {}
        text, cseq = self.request("INVITE", uri, headers, sdp)
        final = self.transaction(text, cseq, "INVITE")
        if final.status in (401, 407):
            result["challenge"] = final
            self._ack_failure(text, final, uri, cseq)
            auth = digest_answer(final, "INVITE", uri, self.username, self.password, self.algorithm)
            text, cseq = self.request("INVITE", uri, headers + [f"{auth[0]}: {auth[1]}"], sdp)
            final = self.transaction(text, cseq, "INVITE")
        result["invite"] = final
        if final.status >= 300:
            self._ack_failure(text, final, uri, cseq)
            return result
        target = _uri_of(final.header("Contact")[0])
        routes = [f"Route: {r}" for r in reversed(final.header("Record-Route"))]
        dialog = [f"From: {self._aor()};tag={self.from_tag}", f"To: {final.header('To')[0]}", *routes]
        self.request("ACK", target, dialog, cseq=cseq)
        time.sleep(hold_seconds)  # the length of the conversation, not a wait for an event
        text, cseq = self.request("BYE", target, dialog)
        result["bye"] = self.transaction(text, cseq, "BYE")
        return result

    def _ack_failure(self, invite_text: str, final: TracedMessage, uri: str, cseq: int) -> None:
        """The ACK of a non-2xx is part of the INVITE transaction: same Via branch."""
        ip, port = self.local
        lines = [f"ACK {uri} SIP/2.0", _via_of(invite_text), "Max-Forwards: 70",
                 f"Call-ID: {self.call_id}", f"CSeq: {cseq} ACK",
                 f"From: {self._aor()};tag={self.from_tag}", f"To: {final.header('To')[0]}",
                 "Content-Length: 0", "", ""]
        self.send("\r\n".join(lines))
