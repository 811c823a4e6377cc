"""``chime-proxy drift``: does the live service still match the stack? (exit 0/2/1)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_DRIFT = 0, 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="check live proxy sessions against a stack (exit 0 none, 2 drift, 1 error)",
        description=(
            "Run a refresh preview of the stack (no state is changed), compare every "
            "ProxySession with the live service and list sessions on the stack's voice "
            "connectors that no resource tracks. Exit codes: 0 no drift, 2 drift, 1 error. "
            "Progress goes to stderr, the result to stdout."
        ),
    )
    parser.add_argument("--stack", required=True, help="stack name (as in `pulumi stack ls`)")
    parser.add_argument("--cwd", default=".", type=Path,
                        help="directory of the Pulumi project (default: .)")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json",
                     help="print the chime-proxy.drift/v1 JSON document")
    fmt.add_argument("--markdown", dest="format", action="store_const", const="markdown",
                     help="print Markdown (for CI job summaries)")
    parser.add_argument("--show-secrets", action="store_true",
                        help="print phone numbers and names instead of masking them")
    parser.set_defaults(func=run, format="table")


def _progress(message: str) -> None:
    print(f"chime-proxy drift: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from . import collect, render

    try:
        report = collect.collect(args.stack, Path(args.cwd), _progress)
    except collect.DriftError as exc:
        print(f"chime-proxy drift: error: {exc}", file=sys.stderr, flush=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract is exit 1 with one line
        text = " ".join(str(exc).split())[:400]
        print(f"chime-proxy drift: error: {type(exc).__name__}: {text}", file=sys.stderr, flush=True)
        return EXIT_ERROR
    sys.stdout.write(render.RENDERERS[args.format](report, args.show_secrets))
    sys.stdout.flush()
    return report.exit_code
