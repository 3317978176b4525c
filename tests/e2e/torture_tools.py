"""Sends the RFC 4475 torture messages and sipvicious at a running Switchboard (R-28).

Run only inside the loopback-only namespace made by run_in_netns.sh (it refuses
otherwise): the messages name foreign hosts in Via and Contact, and there they have
no route. Starts its own server, does all the work, stops the server, and writes a
JSON report that test_torture.py judges:

    run_in_netns.sh python3 torture_tools.py --binary SWITCHBOARD --workdir DIR --report FILE
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import DEVICE_IP, TRUNK_IP, Registry, Server, free_port  # noqa: E402

RFC4475 = Path(os.environ.get("SB_TESTDATA", "/work/shared/testdata")) / "sip" / "rfc4475"

ANSWER_WAIT = 2.0     # seconds a final response may take
LIVENESS_WAIT = 1.0   # seconds the liveness OPTIONS may take

# What INDEX.md expects. A set of status codes, "final-not-400" (any final response
# but 400: the server may refuse for other reasons, e.g. 403/404 for an unknown
# number), or "none" (a response, or a request that must be dropped).
NOT_400 = "final-not-400"
NONE = "none"
EXPECTED: dict[str, object] = {
    "wsinv": NOT_400, "intmeth": NOT_400, "esc01": NOT_400, "escnull": NOT_400,
    "esc02": NOT_400, "lwsdisp": NOT_400, "longreq": NOT_400, "dblreq": NOT_400,
    "semiuri": NOT_400, "transports": NOT_400, "mpart01": NOT_400,
    "unreason": NONE, "noreason": NONE,
    "badinv01": {400}, "clerr": {400}, "ncl": {400}, "scalar02": {400}, "scalarlg": NONE,
    "quotbal": {400}, "ltgtruri": {400}, "lwsruri": {400}, "lwsstart": {400},
    "trws": {400}, "escruri": {400}, "baddate": {400}, "regbadct": {400},
    "badaspec": {400}, "baddn": {400}, "badvers": {505}, "mismatch01": {400},
    "mismatch02": {400, 501}, "bigcode": NONE,
    "badbranch": NOT_400,
    "insuf": {400}, "unkscm": {416}, "novelsc": NOT_400, "unksm2": NOT_400,
    "bext01": {420}, "invut": {415}, "regaut01": {401, 403}, "multi01": {400},
    "mcl01": {400}, "bcast": NONE, "zeromf": {483, 200}, "cparam01": NOT_400,
    "cparam02": NOT_400, "regescrt": NOT_400, "sdp01": {406}, "inv2543": NOT_400,
}

# Where the top Via itself cannot be read, no response can be routed: dropping is
# the answer RFC 4475 allows besides 400.
MAY_DROP = {"badinv01"}

# Over TCP these cannot be framed: a Content-Length larger than what was sent means
# "the rest is coming", a negative or doubled one has no meaning, and a body without
# Content-Length (inv2543) has no end (RFC 3261 18.3 makes it mandatory on streams).
# Waiting or closing the connection without an answer is correct there.
TCP_UNFRAMEABLE = {"clerr", "ncl", "mcl01", "inv2543"}

# The top Via up to its sent-by, with the linear white space RFC 3261 allows
# anywhere in it (wsinv folds it over three lines).
_SWS = rb"(?:[ \t]*\r?\n[ \t]+|[ \t]*)"
_TOP_VIA = re.compile(
    rb"^(?:via|v)" + _SWS + rb":" + _SWS + rb"SIP" + _SWS + rb"/" + _SWS + rb"[0-9.]+" + _SWS
    + rb"/" + _SWS + rb"[A-Za-z0-9.!%*_+`'~-]+" + _SWS
    + rb"(?P<sentby>\[[^\]\s]*\](?::[0-9]*)?|[^;,\s:]+(?::[0-9]*)?)",
    re.IGNORECASE | re.MULTILINE)


def rewrite_top_via(message: bytes, host: str, port: int) -> Optional[bytes]:
    """`message` with only the top Via's sent-by replaced by host:port, or None when
    its header section has no Via the pattern can read."""
    head_end = message.find(b"\r\n\r\n")
    head = message if head_end < 0 else message[:head_end]
    match = _TOP_VIA.search(head)
    if not match:
        return None
    start, end = match.span("sentby")
    return message[:start] + f"{host}:{port}".encode() + message[end:]


@dataclass
class Response:
    status: int
    call_id: str
    text: str  # the whole response as received


def parse_responses(data: bytes) -> list[Response]:
    """Every response in `data` (one datagram, or a TCP byte stream read so far)."""
    found = []
    for chunk in re.split(rb"(?=^SIP/2\.0 [0-9]{3} )", data, flags=re.M):
        if not chunk.startswith(b"SIP/2.0 "):
            continue
        text = chunk.decode("utf-8", errors="replace")
        first = text.split("\r\n", 1)[0]
        call_id = re.search(r"^(?:call-id|i)[ \t]*:[ \t]*(\S+)", text, re.I | re.M)
        found.append(Response(int(first.split()[1]), call_id.group(1) if call_id else "", text))
    return found


def call_id_of(message: bytes) -> str:
    match = re.search(rb"^(?:call-id|i)[ \t]*:[ \t]*(\S+)", message, re.I | re.M)
    return match.group(1).decode("utf-8", errors="replace") if match else ""


def options_request(server: tuple[str, int], local: tuple[str, int],
                    transport: str) -> tuple[bytes, str]:
    """A well-formed OPTIONS from `local`, and its Call-ID."""
    call_id = f"liveness-{uuid.uuid4().hex}"
    text = (f"OPTIONS sip:{server[0]}:{server[1]} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {local[0]}:{local[1]};branch=z9hG4bK{uuid.uuid4().hex}\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:torture@{local[0]}>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:{server[0]}:{server[1]}>\r\nCall-ID: {call_id}\r\nCSeq: 1 OPTIONS\r\n"
            f"Content-Length: 0\r\n\r\n")
    return text.encode(), call_id


def unique_port() -> int:
    """A trunk port no other socket of this run had, on UDP or TCP. Messages reuse
    branches, and a transaction is branch + sent-by + method whatever the transport:
    a reused port would make a later message a retransmission of an earlier one."""
    return free_port(TRUNK_IP)


class UdpPeer:
    """A UDP socket on the trunk address that sends and collects what comes back."""

    def __init__(self, server: tuple[str, int]):
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((TRUNK_IP, unique_port()))
        self.port = self.sock.getsockname()[1]
        self.received: list[Response] = []

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.server)

    def collect_until(self, done, timeout: float) -> bool:
        """Reads datagrams until done(received) holds or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while not done(self.received):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65535)
            except socket.timeout:
                return False
            except ConnectionRefusedError:  # an ICMP error for an earlier send
                continue
            self.received += parse_responses(data)
        return True

    def fence(self) -> bool:
        """An OPTIONS on this socket, answered 200. The server reads one socket in
        order, so any answer to what was sent before has arrived by then."""
        request, call_id = options_request(self.server, (TRUNK_IP, self.port), "UDP")
        self.send(request)
        return self.collect_until(
            lambda got: any(r.call_id == call_id and r.status == 200 for r in got), LIVENESS_WAIT)


def final_for(responses: list[Response], call_id: str) -> Optional[int]:
    finals = [r.status for r in responses if r.call_id == call_id and r.status >= 200]
    return finals[0] if finals else None


def server_alive(server: Server) -> bool:
    """The process runs and an OPTIONS from the trunk gets 200 within a second."""
    if server.process is None or not server.process.alive():
        return False
    peer = UdpPeer(("127.0.0.1", server.sip_port))
    try:
        return peer.fence()
    finally:
        peer.close()


@dataclass
class Outcome:
    name: str
    variant: str          # "udp-original", "udp-own-via" or "tcp"
    expected: str
    got: Optional[int]    # the first final status seen, None for no answer
    ok: bool
    alive: bool
    note: str = ""
    statuses: list[int] = field(default_factory=list)
    source: str = ""      # the sending socket, to tell transactions apart in the log
    seconds: float = 0.0  # from sending to the final answer, or to giving up


def describe(expected: object) -> str:
    return expected if isinstance(expected, str) else "/".join(str(c) for c in sorted(expected))


def judge(name: str, got: Optional[int], transport: str) -> bool:
    expected = EXPECTED[name]
    if got is None:
        return (expected == NONE or name in MAY_DROP
                or (transport == "tcp" and name in TCP_UNFRAMEABLE))
    if expected == NONE:
        return False
    if expected == NOT_400:
        return got != 400
    return got in expected


def send_udp(server: Server, name: str, data: bytes, own_via: bool) -> Outcome:
    """One datagram from the trunk address. With own_via the top Via names our socket,
    so the answer is checked; without, it goes to the message's own (foreign, here
    unroutable) Via and only the server's survival is checked."""
    peer = UdpPeer(("127.0.0.1", server.sip_port))
    variant = "udp-own-via" if own_via else "udp-original"
    try:
        note = ""
        if own_via:
            rewritten = rewrite_top_via(data, TRUNK_IP, peer.port)
            if rewritten is None:
                note = "no readable top Via: sent as is"
            data = rewritten or data
        call_id = call_id_of(data)
        started = time.monotonic()
        peer.send(data)
        if own_via and EXPECTED[name] != NONE:
            peer.collect_until(lambda got: final_for(got, call_id) is not None, ANSWER_WAIT)
        fenced = peer.fence()
        seconds = round(time.monotonic() - started, 3)
        got = final_for(peer.received, call_id)
        statuses = [r.status for r in peer.received if r.call_id == call_id]
        ok = judge(name, got, "udp") if own_via else True
        alive = fenced and server_alive(server)
        return Outcome(name, variant, describe(EXPECTED[name]), got, ok, alive, note, statuses,
                       f"{TRUNK_IP}:{peer.port}", seconds)
    finally:
        peer.close()


def read_until(sock: socket.socket, done, timeout: float) -> tuple[bytes, str]:
    """Reads the stream until done(bytes so far) holds, `timeout` passes or the
    server closes; returns the bytes and why it stopped early, if it did."""
    stream = b""
    deadline = time.monotonic() + timeout
    while not done(stream):
        left = deadline - time.monotonic()
        if left <= 0:
            return stream, ""
        sock.settimeout(left)
        try:
            chunk = sock.recv(65535)
        except socket.timeout:
            return stream, ""
        except OSError as error:
            return stream, f"socket error: {error}"
        if not chunk:
            return stream, "server closed the connection"
        stream += chunk
    return stream, ""


def send_tcp(server: Server, name: str, data: bytes) -> Outcome:
    """The message over a TCP connection from the trunk address, its top Via's sent-by
    naming the connection's own address (a request over a reliable transport is
    answered on its connection). Several RFC 4475 messages share a method, Via host
    and branch, which RFC 3261 17.2.3 makes one transaction: left as they are, the
    later ones would be taken as retransmissions of the earlier ones."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((TRUNK_IP, unique_port()))
        local = sock.getsockname()
        rewritten = rewrite_top_via(data, TRUNK_IP, local[1])
        data = rewritten or data
        call_id = call_id_of(data)
        started = time.monotonic()
        try:
            sock.settimeout(ANSWER_WAIT)
            sock.connect(("127.0.0.1", server.sip_port))
            stream, note = exchange_tcp(sock, name, data, call_id)
        except OSError as error:
            stream, note = b"", f"socket error: {error}"
    if rewritten is None:
        note = f"no readable top Via: sent as is; {note}"
    responses = parse_responses(stream)
    got = final_for(responses, call_id)
    statuses = [r.status for r in responses if r.call_id == call_id]
    return Outcome(name, "tcp", describe(EXPECTED[name]), got, judge(name, got, "tcp"),
                   server_alive(server), note, statuses, f"{local[0]}:{local[1]}",
                   round(time.monotonic() - started, 3))


def exchange_tcp(sock: socket.socket, name: str, data: bytes, call_id: str) -> tuple[bytes, str]:
    """Sends the message on a connected socket and reads what the server answers."""
    if EXPECTED[name] != NONE:
        sock.sendall(data)
        return read_until(
            sock, lambda got: final_for(parse_responses(got), call_id) is not None, ANSWER_WAIT)
    # An OPTIONS after it on the same connection is a fence: the stream is read in
    # order, so an answer to the message would come before the 200.
    fence, fence_id = options_request(sock.getpeername(), sock.getsockname(), "TCP")
    sock.sendall(data + fence)
    stream, why = read_until(
        sock, lambda got: final_for(parse_responses(got), fence_id) == 200, LIVENESS_WAIT)
    if final_for(parse_responses(stream), fence_id) != 200:
        return stream, f"no 200 to an OPTIONS sent after it on the connection {why}".strip()
    return stream, ""


def torture(server: Server) -> list[Outcome]:
    outcomes = []
    for path in sorted(RFC4475.glob("*.dat")):
        name = path.stem
        data = path.read_bytes()
        # Only udp-original keeps the message's own Via, so it may be taken as a
        # retransmission of an earlier message's transaction: its answer is not judged.
        for send in (lambda: send_tcp(server, name, data),
                     lambda: send_udp(server, name, data, own_via=False),
                     lambda: send_udp(server, name, data, own_via=True)):
            outcomes.append(send())
            if not server.process.alive():
                return outcomes  # what killed it is the last outcome; the rest would wait in vain
    return outcomes


# --- sipvicious and a dictionary attack from a device address ---------------

SV_TIMEOUT = 60
KNOWN_USER = "alice"
KNOWN_PASSWORD = "Correct-Horse-7"
GUESS_USERS = ["alice", "bob", "admin", "100", "101", "1000"]
GUESSES = ["1234", "password", "alice", "secret", "Correct-Horse-6", "switchboard"]


def sipvicious(tool: str, args: list[str], workdir: Path) -> dict:
    """Runs one sipvicious tool bound to the device address, killed after SV_TIMEOUT."""
    argv = [tool, "-b", DEVICE_IP, "-x", DEVICE_IP, "-P", str(free_port(DEVICE_IP)), *args]
    if shutil.which(tool) is None:
        return {"argv": argv, "exit": None, "output": f"{tool} is not installed (Debian "
                "package sipvicious; scripts/install-deps.sh --test installs it)"}
    try:
        # subprocess.run kills the tool by its PID when the bound passes.
        done = subprocess.run(argv, capture_output=True, timeout=SV_TIMEOUT,
                              cwd=workdir, stdin=subprocess.DEVNULL)
        output, code = done.stdout + done.stderr, done.returncode
    except subprocess.TimeoutExpired as expired:
        output, code = b"timed out after %ds\n" % SV_TIMEOUT + (expired.stdout or b""), None
    text = output.decode("utf-8", errors="replace")
    (workdir / f"{tool}.log").write_text(text)
    return {"argv": argv, "exit": code, "output": text[-4000:]}


def table_rows(output: str) -> list[list[str]]:
    """The data rows of sipvicious' ASCII result table."""
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in output.splitlines() if line.startswith("|")]
    return rows[1:]


def register(server: Server, user: str, password: Optional[str]) -> Response:
    """A REGISTER for `user` from the device address; with a password, it answers the
    MD5 challenge (qop=auth) the way a phone would. Returns the last response."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((DEVICE_IP, 0))
        sock.settimeout(ANSWER_WAIT)
        port = sock.getsockname()[1]
        target = f"sip:127.0.0.1:{server.sip_port}"
        call_id, tag = f"crack-{uuid.uuid4().hex}", uuid.uuid4().hex[:8]

        def send(cseq: int, authorization: str = "") -> str:
            text = (f"REGISTER {target} SIP/2.0\r\nVia: SIP/2.0/UDP {DEVICE_IP}:{port};"
                    f"branch=z9hG4bK{uuid.uuid4().hex}\r\nMax-Forwards: 70\r\n"
                    f"From: <sip:{user}@127.0.0.1>;tag={tag}\r\nTo: <sip:{user}@127.0.0.1>\r\n"
                    f"Call-ID: {call_id}\r\nCSeq: {cseq} REGISTER\r\n"
                    f"Contact: <sip:{user}@{DEVICE_IP}:{port}>\r\nExpires: 60\r\n"
                    f"{authorization}Content-Length: 0\r\n\r\n")
            sock.sendto(text.encode(), ("127.0.0.1", server.sip_port))
            return sock.recv(65535).decode("utf-8", errors="replace")

        try:
            answer = send(1)
        except OSError:  # a timeout, or ICMP unreachable from a dead server
            return Response(0, call_id, "")
        challenge = re.search(r"^WWW-Authenticate:\s*Digest\s+(.*algorithm=MD5.*)$",
                              answer, re.I | re.M)
        if password is not None and challenge:
            try:
                answer = send(2, digest_authorization(challenge.group(1), user, password, target))
            except OSError:
                return Response(0, call_id, "")
    parsed = parse_responses(answer.encode())
    return parsed[0] if parsed else Response(0, call_id, answer)


def digest_authorization(challenge: str, user: str, password: str, uri: str) -> str:
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge))
    md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731
    ha1 = md5(f"{user}:{params['realm']}:{password}")
    ha2 = md5(f"REGISTER:{uri}")
    cnonce, nc = uuid.uuid4().hex[:16], "00000001"
    response = md5(f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{ha2}")
    return (f'Authorization: Digest username="{user}", realm="{params["realm"]}", '
            f'nonce="{params["nonce"]}", uri="{uri}", response="{response}", '
            f'algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}"\r\n')


def challenge_shape(response: Response) -> list[str]:
    """A response with what differs per request (tags, nonces, ports, Call-ID) blanked."""
    text = re.sub(r'(tag|nonce|branch)=("[^"]*"|[^;,\s]+)', r"\1=*", response.text)
    text = re.sub(r"(alice|nobody-[0-9a-f]+)", "USER", text)
    text = re.sub(r"^(Call-ID|Via):[^\r\n]*", r"\1: *", text, flags=re.M | re.I)
    return sorted(line for line in text.split("\r\n") if line)


def run_sipvicious(server: Server, workdir: Path, alive) -> dict:
    users = workdir / "users.txt"
    users.write_text("\n".join(GUESS_USERS) + "\n")
    words = workdir / "words.txt"
    words.write_text("\n".join(GUESSES) + "\n")
    target = f"udp://127.0.0.1:{server.sip_port}"
    report: dict = {}
    report["svmap"] = sipvicious("svmap", ["-p", str(server.sip_port), "127.0.0.1"], workdir)
    report["svmap"]["alive"] = alive()
    report["svwar"] = sipvicious("svwar", ["-d", str(users), "-m", "REGISTER",
                                           "--maximumtime", "5", target], workdir)
    report["svwar"]["rows"] = table_rows(report["svwar"]["output"])
    report["svwar"]["alive"] = alive()
    report["svcrack"] = sipvicious("svcrack", ["-u", KNOWN_USER, "-d", str(words),
                                               "--maximumtime", "5", target], workdir)
    report["svcrack"]["rows"] = table_rows(report["svcrack"]["output"])
    report["svcrack"]["alive"] = alive()
    known = register(server, KNOWN_USER, None)
    unknown = register(server, f"nobody-{uuid.uuid4().hex[:6]}", None)
    report["probe"] = {"known": challenge_shape(known), "unknown": challenge_shape(unknown)}
    report["guesses"] = {word: register(server, KNOWN_USER, word).status for word in GUESSES}
    # A wrong password must not be answered differently for a name that does not exist.
    report["stranger_guess"] = register(server, f"nobody-{uuid.uuid4().hex[:6]}", GUESSES[0]).status
    report["right_password"] = register(server, KNOWN_USER, KNOWN_PASSWORD).status
    report["alive"] = alive()
    return report


def only_loopback() -> bool:
    """True when this network namespace has no interface but lo."""
    lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    return [line.split(":", 1)[0].strip() for line in lines] == ["lo"]


def run(binary: str, workdir: Path) -> dict:
    registry = Registry(workdir)
    server = Server(binary, registry)
    report: dict = {"messages": len(list(RFC4475.glob("*.dat")))}
    try:
        server.add_user(email="alice@example.test", name="Alice", sip_username=KNOWN_USER,
                        sip_password=KNOWN_PASSWORD, number="+15550100001")
        server.start(trunk_any_port=True)
        report["alive_at_start"] = server_alive(server)
        report["outcomes"] = [asdict(o) for o in torture(server)]
        if server.process.alive():
            report["sipvicious"] = run_sipvicious(server, workdir,
                                                  alive=lambda: server_alive(server))
        else:
            report["sipvicious"] = {"skipped": "the server died during the torture messages"}
        report["alive_at_end"] = server_alive(server)
    finally:
        report["exit_code"] = server.stop() if server.process else None
        registry.stop_all()
        if server.process:
            report["server_log_tail"] = server.process.log_excerpt(200)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", required=True, type=Path)
    parser.add_argument("--report", required=True, type=Path)
    args = parser.parse_args()
    if os.environ.get("SB_IN_NETNS") != "1" or not only_loopback():
        print("torture_tools: refusing to run outside run_in_netns.sh's loopback-only "
              "namespace (the messages name foreign hosts)", file=sys.stderr)
        return 3
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = run(args.binary, args.workdir)
    args.report.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
