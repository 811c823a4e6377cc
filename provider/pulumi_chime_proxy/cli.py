"""The ``chime-proxy`` command: one entry point, one sub-module per command group.

Each group lives next to the code it drives and exposes ``register(subparsers)``;
this module only wires them together so that importing the CLI stays cheap.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__

# (command, module that defines ``register(subparsers)``)
_GROUPS: tuple[tuple[str, str], ...] = (
    ("emulator", "pulumi_chime_proxy.emulator.cli"),
    ("drift", "pulumi_chime_proxy.drift.cli"),
)


class _Parser(argparse.ArgumentParser):
    """The parser of ``chime-proxy`` and of each command. The top level's help ends with
    the end-of-support notice, read from the loaded model when help is shown (so other
    commands do not load the model). A command whose exit codes mean something (drift's
    2 is drift) gives its usage errors another status: ``usage_status``."""

    def __init__(self, *args: Any, usage_status: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.usage_status = usage_status

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(self.usage_status, f"{self.prog}: error: {message}\n")

    def format_help(self) -> str:
        from .servicemodel import end_of_support

        notice = end_of_support.notice()
        if notice is None:
            return super().format_help()
        installed = end_of_support.installed_docs()
        where = f"\n{end_of_support.DOCS} is installed with the package: {installed}\n" if installed else ""
        return f"{super().format_help()}\nend of support: {end_of_support.notice_line(notice)}\n{where}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="chime-proxy",
        description="Amazon Chime SDK Voice proxy sessions as Pulumi infrastructure.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for _name, module_name in _GROUPS:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unrecognized = parser.parse_known_args(argv)
    if unrecognized:  # reported by the command's own parser, with its usage status
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(unrecognized)}")
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
