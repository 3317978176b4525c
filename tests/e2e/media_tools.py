"""What the media tests listen and measure with: an RTP listener on loopback that
counts what arrives, and tone analysis of WAV files (Goertzel), in plain Python."""
from __future__ import annotations

import math
import socket
import struct
import threading
import wave
from pathlib import Path

from harness import free_port


class RtpSink:
    """A UDP socket on 127.0.0.1 that collects the RTP packets sent to it."""

    def __init__(self, ip: str = "127.0.0.1"):
        self.port = free_port(ip)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, self.port))
        self.sock.settimeout(0.1)
        self.packets: list[tuple[int, int, bytes]] = []  # payload type, sequence, payload
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data, _ = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) < 12 or data[0] >> 6 != 2 or 72 <= (data[1] & 0x7F) <= 76:
                continue  # not RTP (or RTCP)
            with self._lock:
                self.packets.append((data[1] & 0x7F, struct.unpack("!H", data[2:4])[0], data[12:]))

    def count(self) -> int:
        with self._lock:
            return len(self.packets)

    def audio(self) -> list[int]:
        """The PCMU received, decoded, in arrival order (in order on loopback)."""
        with self._lock:
            return [s for pt, _, payload in self.packets if pt == 0 for s in ulaw_to_linear(payload)]

    def payload_types(self) -> set[int]:
        with self._lock:
            return {pt for pt, _, _ in self.packets}

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    def __enter__(self) -> "RtpSink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def ulaw_to_linear(payload: bytes) -> list[int]:
    """G.711 μ-law bytes as 16-bit samples (ITU-T G.711: inverted bits, a biased
    exponent and mantissa)."""
    samples = []
    for byte in payload:
        u = ~byte & 0xFF
        magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4)
        samples.append(0x84 - magnitude if u & 0x80 else magnitude - 0x84)
    return samples


def tone_share(samples: list[int], rate: int, frequency: float) -> float:
    """How much of the samples' energy is at `frequency`: 1.0 for a pure sine there."""
    energy = sum(x * x for x in samples)
    return 2 * tone_power(samples, rate, frequency) / energy if energy else 0.0


def read_wav(path: Path) -> tuple[int, list[list[int]]]:
    """(sample rate, samples per channel) of a 16-bit PCM WAV file."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2, f"{path}: {8 * w.getsampwidth()}-bit"
        channels = w.getnchannels()
        frames = w.readframes(w.getnframes())
        rate = w.getframerate()
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    return rate, [list(samples[c::channels]) for c in range(channels)]


def tone_power(samples: list[int], rate: int, frequency: float) -> float:
    """The Goertzel power of `frequency` in `samples`, per sample."""
    if not samples:
        return 0.0
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coefficient * s1 - s2, s1
    return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / len(samples)


def dominant(samples: list[int], rate: int, candidates: list[float]) -> float:
    """Which of `candidates` is strongest in `samples`."""
    return max(candidates, key=lambda f: tone_power(samples, rate, f))


def active(samples: list[int], threshold: int = 300) -> list[int]:
    """The samples from the first to the last one above `threshold` in magnitude."""
    loud = [i for i, x in enumerate(samples) if abs(x) > threshold]
    return samples[loud[0]:loud[-1] + 1] if loud else []
