"""``python -m chime_proxy_dev engine``: find or build the pinned Pulumi CLI (make setup)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import provision


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("engine", help="find or build the pinned Pulumi CLI")
    sub = parser.add_subparsers(dest="engine_command", required=True)
    ensure = sub.add_parser(
        "ensure",
        help="use pulumi from PATH if suitable, else the cache, else build it; "
        "print the directory that holds it",
    )
    ensure.set_defaults(func=_ensure)


def _ensure(args: argparse.Namespace) -> int:
    try:
        install = provision.ensure()
    except provision.ProvisionError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    print(install.bin_dir)
    return 0
