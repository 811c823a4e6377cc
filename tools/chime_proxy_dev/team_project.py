"""A Pulumi project of proxy sessions for team-scale tests and benchmarks: many stacks of
one project, each declaring sessions ``s<first>`` .. ``s<first+count-1>`` on one voice
connector taken from stack config.

Participants and names derive from the session index, so no phone number sits in stack
config (config is copied into state in the clear) and distinct stacks get distinct
participants when their index ranges do not overlap.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = "teamproj"
SESSION_TYPE = "pulumi-python:dynamic/chime:ProxySession"
#: Indexes stay below this so that every number keeps its 11 digits.
MAX_INDEX = 5000

PROGRAM = '''\
import pulumi
from pulumi_chime_proxy import ProxySession, ProxySessionArgs

cfg = pulumi.Config()
vc = cfg.require("vc")
first = cfg.require_int("first")
for i in range(first, first + cfg.require_int("count")):
    ProxySession(f"s{i}", ProxySessionArgs(
        voice_connector_id=vc,
        participant_phone_numbers=[f"+1206555{2 * i:04d}", f"+1206555{2 * i + 1:04d}"],
        capabilities=["Voice"],
        name=f"Ride {i}",
    ))
'''


def numbers(i: int) -> tuple[str, str]:
    """The participants the program gives session ``s<i>``."""
    assert 0 <= i < MAX_INDEX
    return f"+1206555{2 * i:04d}", f"+1206555{2 * i + 1:04d}"


def secrets_of(first: int, count: int) -> tuple[list[str], list[str]]:
    """(phone numbers, names) of sessions ``first`` .. ``first+count-1``."""
    indexes = range(first, first + count)
    return [n for i in indexes for n in numbers(i)], [f"Ride {i}" for i in indexes]


def write_project(path: Path) -> Path:
    """The project directory: ``Pulumi.yaml`` and the program."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "Pulumi.yaml").write_text(f"name: {PROJECT}\nruntime: python\n")
    (path / "__main__.py").write_text(PROGRAM)
    return path
