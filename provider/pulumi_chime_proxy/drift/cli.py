"""``chime-proxy drift``: does the live service still match the stack? (exit 0/2/1)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import fleet

EXIT_OK, EXIT_ERROR, EXIT_DRIFT = 0, 1, 2
#: The process's exit status for the verdict (0 in sync, 2 drift, 1 error), by style:
#: Terraform's ``-detailed-exitcode`` (the default), or the Pulumi CLI's, whose
#: ``--expect-no-changes`` exits 7 on changes and which uses 2 for a configuration error.
EXIT_STYLES: dict[str, dict[int, int]] = {
    "terraform": {EXIT_OK: 0, EXIT_DRIFT: 2, EXIT_ERROR: 1},
    "pulumi": {EXIT_OK: 0, EXIT_DRIFT: 7, EXIT_ERROR: 1},
}


def exit_status(verdict: int, style: str) -> int:
    """The process's exit status for ``verdict`` (0, 2 or 1) in ``style``."""
    return EXIT_STYLES[style][verdict]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "drift", usage_status=EXIT_ERROR,
        help="check a stack against the live service (exit 0 none, 2 drift, 1 error)",
        description=(
            "Run `pulumi preview --refresh` on the stack (read-only: no state is written and "
            "the service gets no write call) and report "
            "what `pulumi up` would change, with the program's (desired) and the service's "
            "(live) value of each property, and the sessions on the stack's voice "
            "connectors that no resource owns. Exit 2 exactly when "
            "`pulumi preview --refresh --expect-no-changes` would fail (or, with "
            "--unmanaged fail, when an unmanaged session exists); 0 otherwise; 1 when the "
            "check cannot run. Progress goes to stderr, the result to stdout. It reads "
            "the stack as `pulumi` does: the backend from PULUMI_BACKEND_URL (or `pulumi "
            "login`), and passphrase secrets with PULUMI_CONFIG_PASSPHRASE (or "
            "PULUMI_CONFIG_PASSPHRASE_FILE)."
        ),
    )
    parser.add_argument("--stack", default=None,
                        help="stack name (default: the stack selected in --cwd, as pulumi does)")
    parser.add_argument("--cwd", default=".", type=Path,
                        help="directory of the Pulumi project (default: .)")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json",
                     help="print the chime-proxy.drift/v2 JSON document")
    fmt.add_argument("--markdown", dest="format", action="store_const", const="markdown",
                     help="print Markdown (for CI job summaries)")
    parser.add_argument("--unmanaged", choices=("fail", "report", "ignore"), default="fail",
                        help="sessions no resource owns: fail the check (default), only "
                             "report them, or skip listing them")
    parser.add_argument("--inventory", action="store_true",
                        help="also list every session live on the stack's voice connectors, "
                             "with its status, its age and the resource that owns it: what is "
                             "left to decommission (docs/end-of-support.md)")
    parser.add_argument("--problems-only", action="store_true",
                        help="leave the resources in sync out of the table and the Markdown "
                             "(the JSON keeps every resource)")
    parser.add_argument("--show-secrets", action="store_true",
                        help="print phone numbers and names instead of masking them")
    parser.add_argument("--exit-code-style", choices=sorted(EXIT_STYLES), default="terraform",
                        help="the exit status for drift: terraform (default): 0 none, 2 drift, "
                             "1 error, as `terraform plan -detailed-exitcode`; pulumi: 0 none, "
                             "7 drift, 1 error, as `pulumi preview --expect-no-changes` (the "
                             "JSON documents are the same in both)")
    known = parser.add_argument_group("known drift")
    known.add_argument("--ignore", type=Path, default=None, metavar="FILE",
                       help="mute the findings this file's entries match, each with a reason "
                            "and an expiry date (default: chime-proxy-drift.yaml in --cwd, when "
                            "there); muted findings are reported as ignored and do not fail the "
                            "check; an entry past its date is an error (docs/drift.md)")
    known.add_argument("--baseline", type=Path, default=None, metavar="REPORT",
                       help="a previous --json report of the stack: fail only for findings it "
                            "does not hold (new), and list those it holds that are gone "
                            "(resolved); one stack")
    known.add_argument("--write-ignore", type=Path, default=None, metavar="FILE",
                       help="after the check, add an entry for each of its failing findings to "
                            "FILE (made if missing), with --reason and --expires; one stack")
    known.add_argument("--import-file", type=Path, default=None, metavar="FILE",
                       help="after the check, write a `pulumi import --file` document for the "
                            "unmanaged sessions it found, as native resources (ids only: the "
                            "numbers and names come from Read, into encrypted state); one stack")
    known.add_argument("--reason", default=None, help="with --write-ignore: why the drift is known")
    known.add_argument("--expires", default=None, metavar="YYYY-MM-DD",
                       help="with --write-ignore: the last day the entries mute")
    parser.add_argument("--summary-file", type=Path, default=None, metavar="PATH",
                        help="also append the Markdown rendering to PATH (e.g. "
                             "$GITHUB_STEP_SUMMARY), from the same run as the printed result; "
                             "one stack or --all-stacks")
    fleet.add_arguments(parser)
    parser.set_defaults(func=run, format="table", parser=parser)


def _progress(message: str) -> None:
    print(f"chime-proxy drift: {message}", file=sys.stderr, flush=True)


def _fleet_args_ok(args: argparse.Namespace) -> bool:
    for problem, message in ((args.stack, "--all-stacks checks every stack: drop --stack or use "
                                          "--stacks PATTERN"),
                             (not args.all_stacks, "--stacks needs --all-stacks")):
        if problem:
            _progress(f"error: {message}")
            return False
    return True


def _known_args_ok(args: argparse.Namespace) -> bool:
    """The known-drift options make sense together (checked before anything runs)."""
    problems = [
        (args.write_ignore is not None and not (args.reason and args.expires),
         "--write-ignore needs --reason and --expires"),
        (args.write_ignore is None and (args.reason or args.expires),
         "--reason and --expires go with --write-ignore"),
        ((args.all_stacks or args.stacks) and (args.baseline or args.write_ignore or args.import_file),
         "--baseline, --write-ignore and --import-file check one stack: drop --all-stacks"),
        (args.import_file is not None and args.unmanaged == "ignore",
         "--import-file needs the unmanaged sessions: drop --unmanaged ignore"),
    ]
    for problem, message in problems:
        if problem:
            _progress(f"error: {message}")
            return False
    return True


def run(args: argparse.Namespace) -> int:
    if not _known_args_ok(args):
        return exit_status(EXIT_ERROR, args.exit_code_style)
    if args.all_stacks or args.stacks:
        return exit_status(fleet.run(args) if _fleet_args_ok(args) else EXIT_ERROR, args.exit_code_style)
    return exit_status(_check_one(args), args.exit_code_style)


def _check_one(args: argparse.Namespace) -> int:
    from .. import masking
    from . import baseline, collect, ignore, import_file, render, triage

    try:  # the files first: a bad one is one line, before any call
        entries = ignore.entries_for(args.ignore, Path(args.cwd))
        before = None if args.baseline is None else baseline.read(args.baseline)
        expires = None if args.expires is None else ignore.expiry(args.expires)
        reason = None if args.reason is None else ignore.reason(args.reason)
        kept = None if args.write_ignore is None else ignore.existing(args.write_ignore)
        report = collect.collect(args.stack, Path(args.cwd), _progress,
                                 unmanaged_policy=args.unmanaged, inventory=args.inventory)
        keys = None if before is None else baseline.keys_for(before, report.stack, args.baseline)
        report = triage.triage(report, entries, keys)
        if args.write_ignore is not None and kept is not None and expires and reason:
            added = ignore.write(args.write_ignore, kept, report, reason, expires)
            _progress(f"{args.write_ignore}: {added} entr{'y' if added == 1 else 'ies'} added")
        if args.import_file is not None:
            named = import_file.write(args.import_file, report)
            _progress(f"{args.import_file}: {named} resource(s) to adopt with `pulumi import --file`")
    except (ignore.IgnoreFileError, baseline.BaselineError, collect.DriftError) as exc:
        print(f"chime-proxy drift: error: {masking.mask_numbers_in(str(exc))}", file=sys.stderr, flush=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract is exit 1 with one line
        text = masking.mask_numbers_in(" ".join(str(exc).split())[:400])
        print(f"chime-proxy drift: error: {type(exc).__name__}: {text}", file=sys.stderr, flush=True)
        return EXIT_ERROR
    if args.summary_file is not None:
        with Path(args.summary_file).open("a", encoding="utf-8") as summary:
            summary.write(render.RENDERERS["markdown"](report, args.show_secrets, args.problems_only))
    sys.stdout.write(render.RENDERERS[args.format](report, args.show_secrets, args.problems_only))
    sys.stdout.flush()
    return report.exit_code
