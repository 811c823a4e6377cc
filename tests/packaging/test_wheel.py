"""The wheel is the product: resources, AWS client layer, emulator, drift check, their docs;
never the workshop (CLI builder, language host, bench, demo, no-op resource)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pulumi_chime_proxy

PACKAGE = "pulumi_chime_proxy"
PRODUCT = [
    f"{PACKAGE}/__init__.py",
    f"{PACKAGE}/py.typed",
    f"{PACKAGE}/cli.py",
    f"{PACKAGE}/sessions/provider.py",
    f"{PACKAGE}/sessions/resource.py",
    f"{PACKAGE}/proxy_config/provider.py",
    f"{PACKAGE}/proxy_config/resource.py",
    f"{PACKAGE}/aws/clients.py",
    f"{PACKAGE}/emulator/server.py",
    f"{PACKAGE}/emulator/ARCHITECTURE.md",
    f"{PACKAGE}/servicemodel/spec.py",
    f"{PACKAGE}/drift/cli.py",
    f"{PACKAGE}/drift/schema.json",
    f"{PACKAGE}/drift/SCHEMA.md",
    f"{PACKAGE}/engine/pulumi_cli.py",
    f"{PACKAGE}/engine/workspace.py",
    f"{PACKAGE}/docs/fault-handling.md",
    f"{PACKAGE}/docs/voice-connector-proxy.md",
]
WORKSHOP = re.compile(
    r"(^|/)(chime_proxy_dev|bench|tests?|benchmarks|examples)/|"
    r"(^|/)(demo|noop|provision|language_host)\.py$|\.sh$|__pycache__|\.pyc$"
)


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_product_in(built_wheel: Path) -> None:
    names = set(_names(built_wheel))
    assert not [f for f in PRODUCT if f not in names]


def test_workshop_out(built_wheel: Path) -> None:
    names = _names(built_wheel)
    assert [n for n in names if WORKSHOP.search(n)] == []
    top = {n.split("/", 1)[0] for n in names}
    assert top == {PACKAGE, f"pulumi_chime_proxy-{pulumi_chime_proxy.__version__}.dist-info"}


def test_every_doc_the_package_links_to_ships_with_it(built_wheel: Path) -> None:
    """Markdown files named in the package's code and docs resolve inside the wheel."""
    names = set(_names(built_wheel))
    linked: set[str] = set()
    for name in names:
        if not name.startswith(f"{PACKAGE}/") or not name.endswith((".py", ".md")):
            continue
        with zipfile.ZipFile(built_wheel) as archive:
            text = archive.read(name).decode()
        folder = name.rsplit("/", 1)[0]
        for target in re.findall(r"(?<![\w/.])((?:docs/)?[\w-]+\.md)\b", text):
            here = f"{folder}/{target}"
            linked.add(here if here in names else f"{PACKAGE}/{target}")
    assert linked, "the scan found no links: the pattern is wrong"
    assert sorted(linked - names) == []


def test_metadata_license_version_and_entry_point(built_wheel: Path) -> None:
    dist_info = f"pulumi_chime_proxy-{pulumi_chime_proxy.__version__}.dist-info"
    with zipfile.ZipFile(built_wheel) as archive:
        metadata = archive.read(f"{dist_info}/METADATA").decode()
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        names = archive.namelist()
    assert f"Version: {pulumi_chime_proxy.__version__}" in metadata
    assert "License-Expression: Apache-2.0" in metadata
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "chime-proxy = pulumi_chime_proxy.cli:main" in entry_points
    assert "pulumi-resource-chime-proxy = pulumi_chime_proxy.native.server:main" in entry_points
    requires = [line for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert {re.split(r"[<>=!~ ;]", line.split()[1])[0] for line in requires} == {
        "pulumi", "boto3", "botocore", "pycountry", "pyyaml"}
    assert all("==" not in line and "<" in line for line in requires)  # ranges, not pins


def test_lowest_constraints_are_the_lower_bounds_of_the_ranges(built_wheel: Path) -> None:
    """`make test` tests the oldest releases the wheel accepts: the two must agree."""
    dist_info = f"pulumi_chime_proxy-{pulumi_chime_proxy.__version__}.dist-info"
    with zipfile.ZipFile(built_wheel) as archive:
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    runtime = [line for line in metadata.splitlines()
               if line.startswith("Requires-Dist:") and "extra ==" not in line]
    lower = dict(re.findall(r"^Requires-Dist: ([\w-]+)[^\n]*?>=([\d.]+)", "\n".join(runtime), re.M))
    lowest = Path(__file__).parents[2] / "constraints" / "lowest.txt"
    pinned = dict(re.findall(r"^([\w-]+)==([\d.]+)$", lowest.read_text(), re.M))
    assert pinned == lower
