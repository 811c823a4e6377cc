"""``python -m chime_proxy_dev durations``: where a test run's time goes, from its JUnit XML.

``make test`` writes one XML per run (``.test-logs/newest.xml``, ``lowest.xml``); each test
case carries its kind (engine, slow, hypothesis, unit) as a property, set in
tests/conftest.py, so the table groups by what a test pays for.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    kind: str
    seconds: float
    cpu: float


def read_cases(path: Path) -> list[Case]:
    cases = []
    for case in ET.parse(path).getroot().iter("testcase"):
        props = {prop.get("name"): prop.get("value") or "" for prop in case.iter("property")}
        kind = props.get("kind") or "unit"
        classname = case.get("classname", "")
        module = classname.split(".")
        # "tests.engine.test_smoke" or "tests.engine.test_smoke.TestClass"
        parts = [p for p in module if not p[:1].isupper()]
        cases.append(Case("/".join(parts) + ".py", case.get("name", ""), kind,
                          float(case.get("time", "0") or 0), float(props.get("cpu") or 0)))
    return cases


def table(cases: list[Case], top: int) -> str:
    lines = []
    total = sum(c.seconds for c in cases)
    cpu = sum(c.cpu for c in cases)
    lines.append(f"{len(cases)} tests, {total:.0f} s of test time and {cpu:.0f} CPU-s "
                 "(summed over workers; CPU counts the processes a test waited for)")
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    lines.append("\nby kind                     tests   seconds   share     CPU-s")
    for kind, group in sorted(by_kind.items(), key=lambda kv: -sum(c.seconds for c in kv[1])):
        seconds = sum(c.seconds for c in group)
        lines.append(f"  {kind:<24} {len(group):>6} {seconds:>9.1f} {seconds / total:>7.0%}"
                     f" {sum(c.cpu for c in group):>9.1f}")
    by_file: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_file[case.file].append(case)
    lines.append(f"\nfiles (top {top} by seconds)                    tests   seconds     CPU-s")
    ranked = sorted(by_file.items(), key=lambda kv: -sum(c.seconds for c in kv[1]))
    for file, group in ranked[:top]:
        lines.append(f"  {file:<44} {len(group):>5} {sum(c.seconds for c in group):>9.1f}"
                     f" {sum(c.cpu for c in group):>9.1f}")
    for measure in ("seconds", "cpu"):
        lines.append(f"\ntests (top {top} by {measure})        seconds   CPU-s")
        for case in sorted(cases, key=lambda c: -getattr(c, measure))[:top]:
            lines.append(f"  {case.seconds:>7.1f} {case.cpu:>7.1f}  {case.kind:<10} {case.file}::{case.name}")
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("durations", help="a test run's time by kind, file and test")
    parser.add_argument("xml", type=Path, nargs="+", help="JUnit XML written by pytest (.test-logs/*.xml)")
    parser.add_argument("--top", type=int, default=25, help="files and tests to list (default 25)")
    parser.set_defaults(func=_durations)


def _durations(args: argparse.Namespace) -> int:
    for path in args.xml:
        print(f"== {path}")
        print(table(read_cases(path), args.top))
    return 0
