"""Shared fixtures: the real Pulumi CLI, a throwaway file backend, the emulator."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chime_proxy_dev import provision
from pulumi_chime_proxy.emulator.testing import RunningEmulator, running_emulator
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import hypothesis_profiles

hypothesis_profiles.load()

# Dummy credentials for the emulator; never real ones in tests.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


#: Tests that drive a development-only tool, by test file: the virtualenv at the lowest
#: dependency versions (`make test`, constraints/lowest.txt) installs only the ``test``
#: extra, where these tools are absent (pulumi-aws and the AWS CLI need newer releases).
#: A new test that needs a dev-only tool gets a line here.
DEV_TOOL_TESTS = {
    "tests/emulator/test_aws_cli.py": "awscli",
    "tests/examples/test_aws.py": "pulumi_aws",
    "tests/team/test_s3_backend.py": "moto",
    "tests/team/test_jobs.py": "moto",
    "tests/team/test_fleet.py": "moto",
    "tests/team/test_locks_s3.py": "moto",
    "tests/team/test_pipeline_lint.py": "check_jsonschema",
    "tests/team/test_fleet_report.py::test_documents_match_the_fleet_schema": "jsonschema",
    "tests/bench/test_report.py::test_plot_sweep_writes_png": "matplotlib",
    "tests/test_package_schema.py::test_the_pinned_cli_meta_schema_accepts_it": "jsonschema",
    "tests/bench/test_smoke.py::test_bench_n5_all_variants": "awscli",
    "tests/bench/test_smoke.py::test_sweep_writes_a_png": "matplotlib",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--floor-run", action="store_true",
        help="the oldest-releases run (make test-lowest): a floor scenario whose full walk "
             "runs at the newest releases takes its short path here")


@pytest.fixture(scope="session")
def floor_run(request: pytest.FixtureRequest) -> bool:
    """True in the oldest-releases run; see ``--floor-run``."""
    return bool(request.config.getoption("--floor-run"))


def start_order(item: pytest.Item) -> int:
    """Long scenarios first, then the other engine tests, then the rest: with ``-n``
    (pytest-xdist hands tests out in collection order) the many short tests fill the
    workers' tails instead of one long scenario starting last."""
    if item.get_closest_marker("slow"):
        return 0
    return 1 if item.get_closest_marker("engine") else 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the run (:func:`start_order`, stable within each class of test), label each
    test's kind for the JUnit XML (:func:`test_kind`), and skip,
    with the reason shown, the tests whose dev-only tool is not installed."""
    items.sort(key=start_order)
    root = Path(str(config.rootpath))
    for item in items:
        item.user_properties.append(("kind", test_kind(item)))
        path = Path(str(item.path)).relative_to(root).as_posix()
        for target, module in DEV_TOOL_TESTS.items():
            if target in (path, f"{path}::{item.name}") and importlib.util.find_spec(module) is None:
                item.add_marker(pytest.mark.skip(
                    reason=f"{module} (the dev extra) is not installed in this virtualenv"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    item.stash[_CPU_AT_START] = _cpu_seconds()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Record the test's CPU seconds (this process and every process it waited for: the
    CLI, its plugins and language hosts) for the durations table: on two cores the suite's
    wall time is its CPU time, so this is the figure a cut must lower."""
    try:
        return (yield)
    finally:
        if _CPU_AT_START in item.stash:
            cpu = _cpu_seconds() - item.stash[_CPU_AT_START]
            item.user_properties.append(("cpu", f"{cpu:.2f}"))


_CPU_AT_START = pytest.StashKey[float]()


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def test_kind(item: pytest.Item) -> str:
    """What a test pays for, for the durations table (tools/chime_proxy_dev/durations.py)."""
    for marker in ("slow", "engine"):
        if item.get_closest_marker(marker):
            return marker
    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return "hypothesis"
    return "unit"


@pytest.fixture(scope="session", autouse=True)
def _pulumi_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A ``PULUMI_HOME`` of the test run's own (one per xdist worker), so the suite never
    writes to the user's ``~/.pulumi`` (plugins, stack selections, and the CLI's automatic
    log files, one per command). Those logs are rotated by a scan of the whole directory
    at every CLI start: in a home that a few test runs filled with some 60,000 of them,
    the scan cost each ``pulumi`` process 0.3 s (0.09 s in an empty home)."""
    home = tmp_path_factory.mktemp("pulumi-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULUMI_HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def pulumi_install() -> PulumiCli:
    """The pinned CLI (from PATH, the cache, or built once), first on PATH as `make test`
    puts it, so code that looks ``pulumi`` up on PATH (the drift check) finds it too."""
    install = provision.ensure()
    os.environ["PATH"] = os.pathsep.join([str(install.bin_dir), os.environ.get("PATH", "")])
    return install


@pytest.fixture()
def backend_dir(tmp_path: Path) -> Path:
    """A fresh ``file://`` backend per test."""
    path = tmp_path / "state"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[RunningEmulator]:
    with running_emulator() as running:
        yield running


@pytest.fixture()
def emulator(_emulator_server: RunningEmulator) -> Iterator[RunningEmulator]:
    """The shared emulator on an ephemeral port, reset (state, faults, calls, clock)
    before and after each test."""
    _emulator_server.admin.reset()
    yield _emulator_server
    _emulator_server.admin.reset()
