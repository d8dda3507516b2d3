"""pytest wiring of the HTTP suite: --gateway and --sim name the binaries under test; each test gets its own
temporary directory, and every process a test starts is stopped whatever happens (harness.spawn / stop_process)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))  # harness.py, read-only


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("topband http e2e")
    group.addoption("--gateway", help="path of the topband-gateway executable under test")
    group.addoption("--sim", help="path of the topband-sim executable")


def _binary(pytestconfig: pytest.Config, option: str) -> str:
    path = pytestconfig.getoption(option)
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"pass {option} PATH of the executable (ctest passes it)")
    return path


@pytest.fixture(scope="session")
def gateway_binary(pytestconfig: pytest.Config) -> str:
    return _binary(pytestconfig, "--gateway")


@pytest.fixture(scope="session")
def sim_binary(pytestconfig: pytest.Config) -> str:
    return _binary(pytestconfig, "--sim")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is None or report.failed
