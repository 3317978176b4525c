"""Talking to Switchboard's HTTP API from tests: a small JSON client (urllib), the
event stream (python3-websocket), and a webhook receiver (http.server on loopback)
that records what it gets and can be told to fail."""
from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Optional

import websocket  # python3-websocket

from harness import SERVER_IP, free_port, wait_for

ADMIN_TOKEN = "test-admin-token-0123456789abcdef"


@dataclass
class Reply:
    status: int
    body: object
    headers: dict

    @property
    def error(self) -> dict:
        assert isinstance(self.body, dict) and "error" in self.body, self.body
        return self.body["error"]


class Api:
    """JSON over HTTP to one server, as one caller (a bearer token, or none)."""

    def __init__(self, port: int, token: Optional[str] = None):
        self.base = f"http://{SERVER_IP}:{port}"
        self.port = port
        self.token = token

    def as_(self, token: Optional[str]) -> "Api":
        return Api(self.port, token)

    def request(self, method: str, path: str, body: object = None, raw: Optional[bytes] = None,
                headers: Optional[dict] = None) -> Reply:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return self._reply(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as e:
            return self._reply(e.code, e.read(), e.headers)

    @staticmethod
    def _reply(status: int, payload: bytes, headers) -> Reply:
        content_type = headers.get("Content-Type", "")
        body: object = payload
        if content_type.startswith("application/json") and payload:
            body = json.loads(payload)
        return Reply(status, body, {k.lower(): v for k, v in headers.items()})

    def get(self, path: str, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: object = None, **kw) -> Reply:
        return self.request("POST", path, body if body is not None else {}, **kw)

    def patch(self, path: str, body: object, **kw) -> Reply:
        return self.request("PATCH", path, body, **kw)

    def put(self, path: str, body: object, **kw) -> Reply:
        return self.request("PUT", path, body, **kw)

    def delete(self, path: str, **kw) -> Reply:
        return self.request("DELETE", path, **kw)

    def ok(self, method: str, path: str, body: object = None, status: int = 200) -> object:
        reply = self.request(method, path, body)
        assert reply.status == status, f"{method} {path}: {reply.status} {reply.body}"
        return reply.body

    def login(self, email: str, password: str) -> "Api":
        reply = self.as_(None).post("/api/v1/login", {"email": email, "password": password})
        assert reply.status == 200, reply.body
        return self.as_(reply.body["token"])


class EventStream:
    """One WebSocket on /api/v1/events; messages are read on a thread and kept."""

    def __init__(self, port: int, token: str, last_event_id: Optional[int] = None):
        url = f"ws://{SERVER_IP}:{port}/api/v1/events?access_token={token}"
        if last_event_id is not None:
            url += f"&last_event_id={last_event_id}"
        self.socket = websocket.create_connection(url, timeout=10)
        self.messages: list[dict] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                text = self.socket.recv()
            except Exception:  # closed
                return
            if not text:
                return
            with self._lock:
                self.messages.append(json.loads(text))

    def events(self, type_: Optional[str] = None) -> list[dict]:
        with self._lock:
            return [m for m in self.messages if "id" in m and (type_ is None or m["type"] == type_)]

    def wait_for(self, type_: str, timeout: float = 15, **data) -> dict:
        def found():
            for event in self.events(type_):
                if all(event["data"].get(k) == v for k, v in data.items()):
                    return event
            return None
        return wait_for(found, timeout, f"a {type_} event with {data}")

    def send(self, message: dict) -> None:
        self.socket.send(json.dumps(message))

    def close(self) -> None:
        try:
            self.socket.close()
        except Exception:
            pass
        self._reader.join(timeout=5)


class WebhookReceiver:
    """An HTTP server on loopback that answers POSTs with the next status in
    `statuses` (then 200) and keeps every request it got."""

    def __init__(self, statuses: Optional[list[int]] = None):
        self.port = free_port(SERVER_IP)
        self.received: list[dict] = []
        self.statuses = list(statuses or [])
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                status = outer.statuses.pop(0) if outer.statuses else 200
                outer.received.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                       "body": body, "status": status, "at": time.time()})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((SERVER_IP, self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{SERVER_IP}:{self.port}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def signature_valid(header: str, secret: str, body: bytes) -> bool:
    """Checks Switchboard-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>."""
    parts = dict(p.split("=", 1) for p in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


# The password every provisioned user gets in the API tests, to log in as them.
PASSWORD = "correct horse battery"


def start_as_admin(server, **start) -> Api:
    """Starts the provisioned server (with `start` as Server.start's arguments) with the
    admin token and gives every user PASSWORD; returns the admin's client."""
    server.start(env={"SWITCHBOARD_ADMIN_TOKEN": ADMIN_TOKEN}, **start)
    admin = Api(server.http_port, ADMIN_TOKEN)
    for u in admin.ok("GET", "/api/v1/users")["items"]:
        admin.ok("PATCH", f"/api/v1/users/{u['id']}", {"password": PASSWORD})
    return admin


def user_id(api: Api, email: str) -> str:
    return next(u["id"] for u in api.ok("GET", "/api/v1/users")["items"] if u["email"] == email)
