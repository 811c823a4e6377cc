"""``python -m chime_proxy_dev``: the development commands the Makefile runs."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# (command, module that defines ``register(subparsers)``)
_GROUPS: tuple[tuple[str, str], ...] = (
    ("engine", "chime_proxy_dev.engine_cli"),
    ("demo", "chime_proxy_dev.demo"),
    ("bench", "chime_proxy_dev.bench.cli"),
    ("generate", "chime_proxy_dev.generate"),
    ("sdks", "chime_proxy_dev.sdks"),
    ("durations", "chime_proxy_dev.durations"),
    ("plugin", "chime_proxy_dev.plugin_dist"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m chime_proxy_dev",
        description="Development commands of pulumi-chime-proxy (make setup/demo/bench).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for _name, module_name in _GROUPS:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
