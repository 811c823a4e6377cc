"""The durations table (python -m chime_proxy_dev durations) reads what make test's JUnit XML holds."""

from __future__ import annotations

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
  <properties><property name="kind" value="engine" /></properties></testcase>
<testcase classname="tests.kernel.test_check.TestRules" name="test_rule" time="0.25" />
</testsuite></testsuites>
"""


def test_cases_carry_file_kind_and_time(tmp_path: Path) -> None:
    path = tmp_path / "newest.xml"
    path.write_text(XML)
    cases = durations.read_cases(path)
    assert [(c.file, c.kind, c.seconds) for c in cases] == [
        ("tests/engine/test_smoke.py", "engine", 30.5),
        ("tests/engine/test_smoke.py", "engine", 9.5),
        ("tests/kernel/test_check.py", "unit", 0.25),  # no label: a class's tests stay in its file
    ]
    text = durations.table(cases, top=5)
    assert "3 tests, 40 s of test time" in text
    assert "tests/engine/test_smoke.py                       2      40.0" in text


def test_the_suite_labels_each_test_with_its_kind(request: pytest.FixtureRequest) -> None:
    assert ("kind", "unit") in request.node.user_properties


@given(st.integers())
def test_a_property_test_is_labelled_hypothesis(n: int) -> None:
    assert int(str(n)) == n


def test_property_tests_are_told_apart(request: pytest.FixtureRequest) -> None:
    labelled = {item.name: dict(item.user_properties).get("kind")
                for item in request.session.items if item.path == request.node.path}
    assert labelled["test_a_property_test_is_labelled_hypothesis"] == "hypothesis"
