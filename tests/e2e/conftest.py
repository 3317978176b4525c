"""Fixtures for the whole-server tests: a server per test, SIP peers by factory,
and teardown that stops every process by PID and prints their logs on failure."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Registry, Server  # noqa: E402
from peers import Peers  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def switchboard_bin() -> str:
    path = os.environ.get("SWITCHBOARD_BIN")
    if not path:
        pytest.skip("SWITCHBOARD_BIN is not set (path to the built switchboard binary)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"SWITCHBOARD_BIN={path} is not an executable file")
    return path


@pytest.fixture
def registry(request, tmp_path: Path):
    registry = Registry(tmp_path)
    yield registry
    registry.stop_all()
    failed = any(getattr(request.node, f"report_{when}", None) is not None
                 and getattr(request.node, f"report_{when}").failed
                 for when in ("setup", "call"))
    if failed:
        print(f"\n===== logs of {request.node.name} (in {tmp_path}) =====")
        print(registry.dump())


@pytest.fixture
def server(switchboard_bin: str, registry: Registry) -> Server:
    """An unstarted server on a fresh data dir: provision, then start()."""
    return Server(switchboard_bin, registry)


@pytest.fixture
def peers(server: Server, registry: Registry) -> Peers:
    return Peers(server, registry)
