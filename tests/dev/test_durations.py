"""The durations table (python -m chime_proxy_dev durations) reads what make test's JUnit XML holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from chime_proxy_dev import durations
from hypothesis import given
from hypothesis import strategies as st

XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.engine.test_smoke" name="test_up" time="30.5">
  <properties><property name="kind" value="engine" /></properties></testcase>
<testcase classname="tests.engine.test_smoke" name="test_down" time="9.5">
  <properties><property name="kind" value="engine" /><property name="cpu" value="7.25" />
  </properties></testcase>
<testcase classname="tests.kernel.test_check.TestRules" name="test_rule" time="0.25" />
</testsuite></testsuites>
"""


def test_cases_carry_file_kind_and_time(tmp_path: Path) -> None:
    path = tmp_path / "newest.xml"
    path.write_text(XML)
    cases = durations.read_cases(path)
    assert [(c.file, c.kind, c.seconds, c.cpu) for c in cases] == [
        ("tests/engine/test_smoke.py", "engine", 30.5, 0.0),
        ("tests/engine/test_smoke.py", "engine", 9.5, 7.25),
        ("tests/kernel/test_check.py", "unit", 0.25, 0.0),  # no label: a class's tests stay in its file
    ]
    text = durations.table(cases, top=5)
    assert "3 tests, 40 s of test time and 7 CPU-s" in text
    assert "tests/engine/test_smoke.py                       2      40.0       7.2" in text


BURN = """
import subprocess, sys

def test_burn():
    subprocess.run([sys.executable, "-c", "import time\\nend = time.process_time() + 0.5\\n"
                    "while time.process_time() < end: pass"], check=True)
"""


def test_the_cpu_of_processes_a_test_waited_for_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "test_burn.py").write_text(BURN)
    xml = tmp_path / "run.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
                    "-c", os.devnull, "--rootdir", str(tmp_path), f"--junitxml={xml}",
                    str(tmp_path / "test_burn.py")],
                   check=True, cwd=Path(__file__).parents[2], capture_output=True)
    [case] = durations.read_cases(xml)
    assert 0.5 <= case.cpu < 5


def test_the_suite_labels_each_test_with_its_kind(request: pytest.FixtureRequest) -> None:
    assert ("kind", "unit") in request.node.user_properties


@given(st.integers())
def test_a_property_test_is_labelled_hypothesis(n: int) -> None:
    assert int(str(n)) == n


def test_property_tests_are_told_apart(request: pytest.FixtureRequest) -> None:
    labelled = {item.name: dict(item.user_properties).get("kind")
                for item in request.session.items if item.path == request.node.path}
    assert labelled["test_a_property_test_is_labelled_hypothesis"] == "hypothesis"
