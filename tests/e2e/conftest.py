"""pytest wiring of the end-to-end suite: --gateway and --sim name the binaries under test; the `rig` fixture hands
each test a harness.Rig in its own temporary directory and stops every process it started, whatever happens."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Rig, close_rig  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("topband e2e")
    group.addoption("--gateway", help="path of the topband-gateway executable under test")
    group.addoption("--sim", help="path of the topband-sim executable")


@pytest.fixture(scope="session")
def binaries(pytestconfig: pytest.Config) -> tuple[str, str]:
    gateway = pytestconfig.getoption("--gateway")
    sim = pytestconfig.getoption("--sim")
    if not gateway or not sim:
        pytest.fail("pass --gateway PATH and --sim PATH (ctest passes both)")
    for path in (gateway, sim):
        if not os.access(path, os.X_OK):
            pytest.fail(f"not an executable: {path}")
    return gateway, sim


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def rig(request: pytest.FixtureRequest, binaries: tuple[str, str], tmp_path: Path):
    rig = Rig(binaries[0], binaries[1], tmp_path)
    try:
        yield rig
    finally:
        report = getattr(request.node, "report_call", None)
        close_rig(rig, report is None or report.failed, tmp_path)
