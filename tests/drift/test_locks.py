"""Reading the stack's lock in a DIY backend: what the gate warns about while an
operation holds the stack (``pulumi preview`` takes no lock of its own)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi_chime_proxy.drift import locks

HOLDER = {"pid": 1836, "username": "ci", "hostname": "runner-7", "timestamp": "2026-12-06T14:15:16Z"}


def lock_file(root: Path, prefix: str, body: object, name: str = "6294e57c.json") -> None:
    folder = root / prefix
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(body) if not isinstance(body, str) else body)
    (folder / f"{name}.attrs").write_text("{}")  # the CLI's sidecar: not a lock


@pytest.mark.parametrize("prefix", [".pulumi/locks/organization/proj/dev/", ".pulumi/locks/dev/"])
def test_a_held_lock_is_read_and_named(tmp_path: Path, prefix: str) -> None:
    lock_file(tmp_path, prefix, HOLDER)
    (held,) = locks.held_locks(tmp_path.as_uri(), "proj", "dev")
    assert held.describe() == "pid 1836 of ci on runner-7, since 2026-12-06T14:15:16Z"
    warning = locks.lock_warning(tmp_path.as_uri(), "proj", "organization/proj/dev")
    assert warning is not None and warning.startswith("stack organization/proj/dev is locked by a pulumi "
                                                      "operation in progress (pid 1836 of ci on runner-7")


def test_other_stacks_and_projects_locks_do_not_count(tmp_path: Path) -> None:
    lock_file(tmp_path, ".pulumi/locks/organization/proj/prod/", HOLDER)
    lock_file(tmp_path, ".pulumi/locks/organization/other/dev/", HOLDER)
    assert locks.held_locks(tmp_path.as_uri(), "proj", "dev") == []
    assert locks.lock_warning(tmp_path.as_uri(), "proj", "dev") is None


@pytest.mark.parametrize("body", ["", "not json", "[1, 2]", "\udcff"])
def test_a_damaged_lock_object_is_passed_over(tmp_path: Path, body: str) -> None:
    folder = tmp_path / ".pulumi/locks/organization/proj/dev"
    folder.mkdir(parents=True)
    (folder / "x.json").write_bytes(body.encode("utf-8", "surrogateescape"))
    assert locks.held_locks(tmp_path.as_uri(), "proj", "dev") == []


@pytest.mark.parametrize("url", ["https://api.pulumi.com", "azblob://container", "gs://bucket",
                                 "file:///nonexistent/backend/dir"])
def test_backends_it_does_not_read_or_cannot_read_give_no_warning(url: str) -> None:
    assert locks.lock_warning(url, "proj", "dev") is None
