"""``python -m chime_proxy_dev engine``: find or build the pinned Pulumi CLI and the YAML
language host (make setup)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from . import provision, yaml_host


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("engine", help="find or build the pinned Pulumi CLI")
    sub = parser.add_subparsers(dest="engine_command", required=True)
    ensure = sub.add_parser(
        "ensure",
        help="use pulumi from PATH if suitable, else the cache, else build it, and the "
        "same for the YAML language host; print the directories that hold them (a PATH)",
    )
    ensure.set_defaults(func=_ensure)


def _ensure(args: argparse.Namespace) -> int:
    try:
        install = provision.ensure()
        yaml_dir = yaml_host.ensure(install)
    except provision.ProvisionError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    dirs = dict.fromkeys([str(install.bin_dir), str(yaml_dir)])
    print(os.pathsep.join(dirs))
    return 0
