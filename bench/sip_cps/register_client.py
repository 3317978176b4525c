"""REGISTER with digest authentication (RFC 3261 22, RFC 8760) from a given
local port, so that the SIPp agent started next on that port is the registered
contact. SIPp cannot do this for Switchboard: it answers only the first
challenge and only with MD5, and Switchboard offers SHA-256 first."""
from __future__ import annotations

import hashlib
import re
import secrets
import socket
from dataclasses import dataclass

ANSWER_TIMEOUT_S = 2.0
ATTEMPTS = 3
HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass
class Binding:
    """Who registers: `aor_user` is the To user, `username`/`password` the credentials."""
    aor_user: str
    username: str
    password: str
    local_ip: str
    local_port: int


def _challenges(response: str) -> list[dict[str, str]]:
    found = []
    for line in response.split("\r\n"):
        name, _, value = line.partition(":")
        if name.strip().lower() not in ("www-authenticate", "proxy-authenticate"):
            continue
        value = value.strip()
        if not value.lower().startswith("digest "):
            continue
        params = dict((k.lower(), v1 or v2) for k, v1, v2 in
                      re.findall(r'([\w-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))', value[7:]))
        params["header"] = name.strip()
        found.append(params)
    return found


def _authorization(challenge: dict[str, str], binding: Binding, uri: str) -> str:
    algorithm = challenge.get("algorithm", "MD5").upper()
    h = lambda text: HASHES[algorithm](text.encode()).hexdigest()  # noqa: E731
    ha1 = h(f"{binding.username}:{challenge['realm']}:{binding.password}")
    ha2 = h(f"REGISTER:{uri}")
    nonce = challenge["nonce"]
    fields = [f'username="{binding.username}"', f'realm="{challenge["realm"]}"',
              f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
    if "auth" in [q.strip() for q in challenge.get("qop", "").split(",")]:
        cnonce, nc = secrets.token_hex(8), "00000001"
        response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        fields += [f'cnonce="{cnonce}"', f"nc={nc}", "qop=auth"]
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    fields.append(f'response="{response}"')
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    header = "Proxy-Authorization" if challenge["header"].lower().startswith("proxy") else "Authorization"
    return f"{header}: Digest " + ", ".join(fields)


def _request(binding: Binding, server: tuple[str, int], call_id: str, cseq: int,
             extra: str) -> bytes:
    uri = f"sip:{server[0]}:{server[1]}"
    lines = [f"REGISTER {uri} SIP/2.0",
             f"Via: SIP/2.0/UDP {binding.local_ip}:{binding.local_port};branch=z9hG4bK{secrets.token_hex(8)};rport",
             f"From: <sip:{binding.aor_user}@{server[0]}>;tag={call_id[:8]}",
             f"To: <sip:{binding.aor_user}@{server[0]}>",
             f"Call-ID: {call_id}", f"CSeq: {cseq} REGISTER",
             f"Contact: <sip:{binding.aor_user}@{binding.local_ip}:{binding.local_port}>",
             "Expires: 3600", "Max-Forwards: 70", "User-Agent: switchboard-bench"]
    if extra:
        lines.append(extra)
    lines += ["Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


def _exchange(sock: socket.socket, server: tuple[str, int], request: bytes) -> tuple[int, str]:
    """Sends `request` (retransmitting) and returns the first final response."""
    for _ in range(ATTEMPTS):
        sock.sendto(request, server)
        sock.settimeout(ANSWER_TIMEOUT_S)
        try:
            while True:
                data, _ = sock.recvfrom(65535)
                text = data.decode(errors="replace")
                status = int(text.split(" ", 2)[1]) if text.startswith("SIP/2.0 ") else 0
                if status >= 200:
                    return status, text
        except socket.timeout:
            continue
    raise TimeoutError(f"no final response to REGISTER from {server[0]}:{server[1]}")


def register(binding: Binding, server: tuple[str, int]) -> None:
    """Registers `binding`; raises RuntimeError unless the registrar answers 200."""
    call_id = secrets.token_hex(12)
    uri = f"sip:{server[0]}:{server[1]}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((binding.local_ip, binding.local_port))
        status, text = _exchange(sock, server, _request(binding, server, call_id, 1, ""))
        if status in (401, 407):
            offers = _challenges(text)
            usable = [c for c in offers if c.get("algorithm", "MD5").upper() == "MD5"] or \
                     [c for c in offers if c.get("algorithm", "MD5").upper() in HASHES]
            if not usable:
                raise RuntimeError(f"no usable digest challenge in:\n{text}")
            auth = _authorization(usable[0], binding, uri)
            status, text = _exchange(sock, server, _request(binding, server, call_id, 2, auth))
        if status != 200:
            raise RuntimeError(f"REGISTER {binding.username} answered {status}:\n{text}")
