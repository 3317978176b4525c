"""baresip (Debian 1.0.0) as an agent's SIP phone (registers, auto-answers) or as
a caller behind the trunk (does not register, dials at start).

The config directory is generated per test. No sound card is needed: the
source is a sine tone (ausine) or a WAV file (aufile), the player and alert go
to an aubridge device that nothing reads, and with `dump_dir` the sndfile module
writes what was received (decoded) to a WAV file there.
"""
from __future__ import annotations

import re
from pathlib import Path

from harness import DEVICE_IP, HarnessError, Process, Registry, free_port, wait_for

MODULE_DIR = Path("/usr/lib/baresip/modules")
MODULES = ["g711.so", "ausine.so", "aubridge.so"]
APP_MODULES = ["account.so", "menu.so"]  # menu.so carries the auto-answer of answermode=auto

# Lines baresip prints when a REGISTER was accepted ("alice@...: {0/UDP/v4} 200 OK")
# or refused ("reg: sip:...: Register: Function not implemented").
_REGISTERED = re.compile(r"\b200 OK\b|registered successfully", re.I)
_REGISTER_FAILED = re.compile(r"^.*Register: .*$", re.M)


class Baresip:
    def __init__(self, registry: Registry, name: str, server_sip: str,
                 username: str, password: str, transport: str = "udp",
                 ca_file: str | None = None, ip: str = DEVICE_IP, source: str = "ausine,440",
                 dump_dir: Path | None = None, dial: str | None = None):
        self.registry = registry
        self.name = name
        self.ip = ip
        self.source = source
        self.dump_dir = dump_dir
        self.port = free_port(ip)
        self.config_dir = registry.workdir / f"{name}.conf"
        self.config_dir.mkdir()
        missing = [m for m in MODULES + APP_MODULES if not (MODULE_DIR / m).exists()]
        if missing:
            raise HarnessError(f"baresip modules missing: {missing}")
        self.transport = transport
        self.ca_file = ca_file
        self._write_config()
        self._write_account(server_sip, username, password, register=dial is None)
        argv = ["baresip", "-f", str(self.config_dir)]
        if dial:
            argv += ["-e", f"/dial {dial}"]
        self.process = registry.track(Process(name, argv, registry.workdir))

    def _write_config(self) -> None:
        lines = [
            "poll_method\t\tepoll",
            # Keep SIP and RTP (Contact and SDP addresses) on loopback.
            f"net_interface\t\t{self.ip}",
            f"sip_listen\t\t{self.ip}:{self.port}",
            f"audio_source\t\t{self.source}",
            # ausine only makes 48 kHz stereo; baresip resamples it for G.711. The
            # WAV files the tests give aufile are 8 kHz mono.
            "ausrc_srate\t\t" + ("48000" if self.source.startswith("ausine") else "8000"),
            "ausrc_channels\t\t" + ("2" if self.source.startswith("ausine") else "1"),
            "audio_player\t\taubridge,e2e-null",
            "audio_alert\t\taubridge,e2e-null",
            f"module_path\t\t{MODULE_DIR}",
        ]
        if self.ca_file:
            # The server's self-signed certificate is the only one trusted.
            lines.append(f"sip_cafile\t\t{self.ca_file}")
        modules = MODULES + (["aufile.so"] if self.source.startswith("aufile") else [])
        if self.dump_dir:
            modules.append("sndfile.so")
            lines.append(f"snd_path\t\t{self.dump_dir}")
        lines += [f"module\t\t\t{m}" for m in modules]
        lines += [f"module_app\t\t{m}" for m in APP_MODULES]
        (self.config_dir / "config").write_text("\n".join(lines) + "\n")
        (self.config_dir / "contacts").write_text("")

    def _write_account(self, server_sip: str, username: str, password: str, register: bool) -> None:
        if register:
            account = (f"<sip:{username}@{server_sip};transport={self.transport}>"
                       f";auth_user={username};auth_pass={password}"
                       f";answermode=auto;regint=3600;audio_codecs=PCMU")
        else:
            # A caller behind the trunk: no registration; calls go straight to the server.
            account = f"<sip:{username}@{self.ip}>;regint=0;audio_codecs=PCMU"
        (self.config_dir / "accounts").write_text(account + "\n")

    def output(self) -> str:
        """stdout and stderr without the terminal colour codes."""
        return re.sub(r"\x1b\[[0-9;]*m", "", self.process.stdout() + self.process.stderr())

    def wait_registered(self, timeout: float = 15.0) -> None:
        def registered() -> bool:
            if not self.process.alive():
                raise HarnessError(f"baresip exited early\n{self.process.log_excerpt()}")
            failure = _REGISTER_FAILED.search(self.output())
            if failure:
                # libre (baresip 1.0) knows only MD5 and refuses a challenge list
                # that names another algorithm (ENOSYS).
                raise HarnessError(f"baresip could not register: {failure.group(0).strip()}")
            return bool(_REGISTERED.search(self.output()))
        wait_for(registered, timeout, "baresip to register")

    def wait_output(self, pattern: str, timeout: float, what: str) -> None:
        wait_for(lambda: re.search(pattern, self.output(), re.I), timeout, what)
