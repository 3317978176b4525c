"""The SIP peers of a scenario, built on harness: the trunk (SIPp on 127.0.0.2),
agents' phones (sipua registers, then SIPp serves on the same 127.0.0.1 port),
strangers (127.0.0.3) and baresip."""
from __future__ import annotations

import itertools
from typing import Optional

from baresip import Baresip
from harness import (DEVICE_IP, STRANGER_IP, TRUNK_IP, Registry, Server, Sipp, TracedMessage,
                     free_port)
from sipua import Phone

ALICE = dict(email="alice@example.test", name="Alice", sip_username="alice",
             sip_password="secret1", number="+15550100001")
PROSPECT = "+15559870000"


class Peers:
    def __init__(self, server: Server, registry: Registry):
        self.server = server
        self.registry = registry
        self._names = itertools.count(1)

    def _name(self, what: str) -> str:
        return f"{next(self._names):02d}-{what}"

    def provision_alice(self, devices: int = 1) -> list[tuple[str, str]]:
        """Alice with number +15550100001 and `devices` SIP devices: alice/secret1,
        alice2/secret2, ... Returns their (username, password)."""
        self.server.add_user(**ALICE)
        credentials = [("alice", "secret1")]
        for n in range(2, devices + 1):
            username, password = f"alice{n}", f"secret{n}"
            self.server.add_device(ALICE["email"], username, password)
            credentials.append((username, password))
        return credentials

    def register(self, username: str, password: str, port: Optional[int] = None,
                 expires: int = 3600, algorithm: str = "MD5",
                 contact: bool = True, contact_port: Optional[int] = None) -> list[TracedMessage]:
        """REGISTER (digest, `algorithm`) from 127.0.0.1:port, or without Contact
        to fetch the bindings; returns the final responses (challenge, answer)."""
        port = port or free_port(DEVICE_IP)
        trace = self.registry.workdir / f"{self._name(f'register-{username}')}.messages"
        self.registry.extra_logs.append(trace)
        with Phone(DEVICE_IP, port, self.server.sip_address, trace, username, password,
                   algorithm) as phone:
            return phone.register(expires=expires, contact=contact, contact_port=contact_port)

    def registered(self, username: str, password: str, port: Optional[int] = None) -> int:
        """Registers and insists on 200; returns the port the binding points at."""
        port = port or free_port(DEVICE_IP)
        finals = self.register(username, password, port)
        assert finals[-1].status == 200, f"REGISTER {username}: {finals[-1].first_line}"
        return port

    def agent(self, username: str, password: str, scenario: str, pause_ms: int = 0,
              sdp_port: int = 40010, timeout: float = 30, count: int = 1,
              media_port: Optional[int] = None) -> Sipp:
        """A registered agent phone: REGISTER from a port, then a SIPp UAS on that
        same port (the registered contact) running `scenario`, ready to serve. With
        `media_port`, SIPp plays pcap audio (keys) from there."""
        port = self.registered(username, password)
        uas = Sipp(self.registry, self._name(f"agent-{username}"), scenario, DEVICE_IP, port,
                   pause_ms=pause_ms, keys={"sdp_port": sdp_port}, timeout=timeout, count=count,
                   media_port=media_port)
        return uas.wait_listening()

    def trunk_call(self, scenario: str, number: str = ALICE["number"], pause_ms: int = 500,
                   timeout: float = 30, transport: str = "u1",
                   port: Optional[int] = None, media_port: Optional[int] = None) -> Sipp:
        """The trunk (127.0.0.2, the --trunk port) calls `number`; starts, does not wait.
        transport: SIPp's -t, "u1" (UDP) or "t1" (TCP). With `media_port`, SIPp plays
        pcap audio from there."""
        return Sipp(self.registry, self._name("trunk-caller"), scenario, TRUNK_IP,
                    port or self.server.trunk_port, remote=self.server.sip_address, service=number,
                    pause_ms=pause_ms, keys={"caller": PROSPECT, "sdp_port": 40000},
                    timeout=timeout, transport=transport, media_port=media_port)

    def trunk_uas(self, scenario: str, timeout: float = 30, port: Optional[int] = None,
                  count: int = 1, pause_ms: int = 0, sdp_port: int = 40020,
                  media_port: Optional[int] = None) -> Sipp:
        """The trunk answering `count` calls Switchboard sends out, on the --trunk
        address (or on `port`, the server's dial_port). With `media_port`, SIPp plays
        pcap audio from there."""
        uas = Sipp(self.registry, self._name("trunk-uas"), scenario, TRUNK_IP,
                   port or self.server.trunk_port, keys={"sdp_port": sdp_port}, timeout=timeout,
                   count=count, pause_ms=pause_ms, media_port=media_port)
        return uas.wait_listening()

    def device_call(self, username: str, password: str, port: int, number: str,
                    hold_seconds: float = 0.5, algorithm: str = "MD5") -> dict:
        """A registered phone (from `port`) calls `number`, answering the 407;
        returns the final responses by step (see sipua.Phone.call)."""
        trace = self.registry.workdir / f"{self._name(f'device-call-{username}')}.messages"
        self.registry.extra_logs.append(trace)
        with Phone(DEVICE_IP, port, self.server.sip_address, trace, username, password,
                   algorithm) as phone:
            return phone.call(number, sdp_port=40030, hold_seconds=hold_seconds)

    def stranger_call(self, scenario: str, number: str = ALICE["number"]) -> Sipp:
        return Sipp(self.registry, self._name("stranger"), scenario, STRANGER_IP,
                    free_port(STRANGER_IP), remote=self.server.sip_address, service=number,
                    keys={"caller": PROSPECT}, timeout=15)

    def baresip(self, username: str, password: str, transport: str = "udp",
                server_sip: str | None = None, ca_file: str | None = None,
                source: str = "ausine,440", dump_dir=None) -> Baresip:
        return Baresip(self.registry, self._name(f"baresip-{username}"),
                       server_sip or self.server.sip_address, username, password,
                       transport, ca_file, source=source, dump_dir=dump_dir)

    def baresip_caller(self, number: str, source: str, dump_dir) -> Baresip:
        """baresip on the trunk's address calling `number` at once (not registered)."""
        return Baresip(self.registry, self._name("baresip-caller"), self.server.sip_address,
                       "trunk", "", ip=TRUNK_IP, source=source, dump_dir=dump_dir,
                       dial=f"sip:{number}@{self.server.sip_address}")
