"""pytest wiring of the MQTT suite: --gateway names the binary under test; fixtures start a broker and the gateway in
a temporary directory and stop everything they started, whatever happens."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mqtt_rig import MqttRig  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("topband mqtt e2e")
    group.addoption("--gateway", help="path of the topband-gateway executable")
    group.addoption("--sim", help="path of the topband-sim executable (test_can_cadence.py)")


@pytest.fixture(scope="session")
def gateway_binary(pytestconfig: pytest.Config) -> str:
    path = pytestconfig.getoption("--gateway")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("pass --gateway PATH of an executable topband-gateway (ctest passes it)")
    return path


@pytest.fixture(scope="session")
def sim_binary(pytestconfig: pytest.Config) -> str:
    path = pytestconfig.getoption("--sim")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("pass --sim PATH of an executable topband-sim (ctest passes it)")
    return path


@pytest.fixture
def rig(gateway_binary: str, tmp_path: Path, request: pytest.FixtureRequest):
    rig = MqttRig(gateway_binary, tmp_path)
    try:
        yield rig
    finally:
        rig.close()
        if getattr(request.node, "rep_call", None) is None or request.node.rep_call.failed:
            print(f"\n=== diagnostics ({tmp_path}) ===\n{rig.diagnostics()}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
