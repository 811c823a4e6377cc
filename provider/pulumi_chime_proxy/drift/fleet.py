"""``chime-proxy drift --all-stacks``: check every stack of the project in the backend.

Each stack gets the same check as ``chime-proxy drift --stack NAME`` (a refresh
preview, which takes no lock, and the live listing), at most ``--jobs`` at a time: each
check is a ``pulumi preview`` process with its own provider host, so the checks run
in parallel on as many cores as there are. Unmanaged sessions are judged across the
fleet (see :mod:`.fleet_report`). One progress line per stack goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import masking
from ..engine import pulumi_cli
from . import fleet_report

if TYPE_CHECKING:  # the engine modules load only when a check runs, not for --help
    from pulumi import automation as auto

    from .ignore import Entry

Check = Callable[[str], fleet_report.StackOutcome]
Progress = Callable[[str], None]

DEFAULT_JOBS = 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the fleet mode, on ``chime-proxy drift``'s parser."""
    group = parser.add_argument_group("every stack of the project (--all-stacks)")
    group.add_argument("--all-stacks", action="store_true",
                       help="check every stack of the project in the backend; one summary "
                            "document (chime-proxy.drift-fleet/v1) with each stack's report")
    group.add_argument("--stacks", metavar="PATTERN", default=None,
                       help="with --all-stacks: only stacks whose name matches PATTERN "
                            "(shell-style, e.g. 'prod-*'; several separated by commas)")
    group.add_argument("--jobs", type=_positive, default=DEFAULT_JOBS, metavar="N",
                       help=f"with --all-stacks: check at most N stacks at once (default {DEFAULT_JOBS})")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def matches(name: str, pattern: str | None) -> bool:
    """Whether ``name`` matches one of the comma-separated shell patterns."""
    if not pattern:
        return True
    return any(fnmatch.fnmatchcase(name, p.strip()) for p in pattern.split(",") if p.strip())


def _one_line(text: str, limit: int = 400) -> str:
    text = masking.mask_numbers_in(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _workspace(cwd: Path, install: pulumi_cli.PulumiCli) -> auto.LocalWorkspace:
    from pulumi import automation as auto

    from ..engine import workspace

    return auto.LocalWorkspace(
        work_dir=str(cwd),
        env_vars=workspace.engine_env(install),
        pulumi_command=workspace.pulumi_command(install),
    )


def project_stacks(ws: auto.LocalWorkspace) -> tuple[str | None, list[str]]:
    """The project's name and the names of its stacks in the backend (``pulumi stack ls``)."""
    from pulumi import automation as auto

    from . import collect

    try:
        names = sorted(s.name.rsplit("/", 1)[-1] for s in ws.list_stacks())
        project = ws.project_settings().name
    except auto.CommandError as exc:
        raise collect.DriftError(f"cannot list the stacks: {collect.command_error_line(exc)}") from None
    return project, names


def check_stack(name: str, cwd: Path, install: pulumi_cli.PulumiCli, unmanaged_policy: str,
                show_secrets: bool, entries: list[Entry] | None = None,
                inventory: bool = False) -> fleet_report.StackOutcome:
    """The single-stack check, as an outcome: a failure is data, not an exception. The
    ignore file's ``entries`` mute what they match, as for one stack."""
    from . import collect, triage

    start = time.monotonic()
    try:
        report = collect.collect(name, cwd, lambda _message: None, install=install,
                                 unmanaged_policy=unmanaged_policy, inventory=inventory)
    except collect.DriftError as exc:
        return fleet_report.StackOutcome(name, time.monotonic() - start, error=_one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - one stack's failure must not stop the others
        return fleet_report.StackOutcome(name, time.monotonic() - start,
                                         error=_one_line(f"{type(exc).__name__}: {exc}"))
    return fleet_report.StackOutcome(name, time.monotonic() - start,
                                     report=triage.triage(report, entries, None).to_dict(show_secrets))


def check_all(names: Sequence[str], check: Check, jobs: int,
              progress: Progress) -> list[fleet_report.StackOutcome]:
    """Run ``check`` on every stack, ``jobs`` at a time; a progress line as each ends."""
    outcomes: list[fleet_report.StackOutcome] = []
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(names) or 1))) as pool:
        futures = {pool.submit(check, name): name for name in names}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            progress(f"[{len(outcomes)}/{len(names)}] {outcome.stack}: {describe(outcome)} "
                     f"({outcome.seconds:.1f} s)")
    return outcomes


def describe(outcome: fleet_report.StackOutcome) -> str:
    if outcome.report is None:
        return f"ERROR: {outcome.error}"
    if outcome.outcome == fleet_report.DRIFTED:
        counts = outcome.report.get("summary", {})
        found = [f"{n} {k.replace('_', ' ')}" for k, n in counts.items()
                 if k not in ("resources", "in_sync", "unmanaged") and n]
        return "DRIFT (" + (", ".join(found) or "changes") + ")"
    unmanaged = len(outcome.report.get("unmanaged", []))
    return "in sync" + (f", {unmanaged} unmanaged on its voice connectors" if unmanaged else "")


def _progress(message: str) -> None:
    print(f"chime-proxy drift: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, progress: Progress = _progress) -> int:
    """Check the fleet; print the summary (JSON, Markdown or a table) on stdout."""
    import json

    from . import collect, ignore

    cwd = Path(args.cwd).resolve()
    try:
        collect.require_project(cwd)
        install = pulumi_cli.find()
        ws = _workspace(cwd, install)
        selected = ws.stack()
        project, stacks = project_stacks(ws)
        entries = ignore.entries_for(args.ignore, cwd)
    except (collect.DriftError, pulumi_cli.PulumiCliError, ignore.IgnoreFileError) as exc:
        progress(f"error: {_one_line(str(exc))}")
        return fleet_report.EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract is exit 1 with one line
        progress(f"error: {_one_line(f'{type(exc).__name__}: {exc}')}")
        return fleet_report.EXIT_ERROR
    names = [name for name in stacks if matches(name, args.stacks)]
    if not names:
        progress(f"error: no stack of project {project!r} matches {args.stacks!r} "
                 f"(stacks: {', '.join(stacks) or 'none'})")
        return fleet_report.EXIT_ERROR
    policy = "ignore" if args.unmanaged == "ignore" else "report"
    progress(f"checking {len(names)} stack(s) of {project}, {args.jobs} at a time")
    try:
        outcomes = check_all(
            names, lambda name: check_stack(name, cwd, install, policy, args.show_secrets, entries,
                                            args.inventory),
            args.jobs, progress)
    finally:
        if selected is not None:  # each check selects its stack; leave the workspace as found
            with contextlib.suppress(Exception):
                ws.select_stack(selected.name)
    doc = fleet_report.build(project, stacks, args.stacks, outcomes, args.unmanaged, args.jobs)
    markdown = fleet_report.to_markdown(doc)
    if args.summary_file is not None:
        with Path(args.summary_file).open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    if args.format == "json":
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(markdown)
    else:
        sys.stdout.write(to_table(doc))
    sys.stdout.flush()
    return int(doc["exit_code"])


def to_table(doc: dict[str, Any]) -> str:
    """The terminal view: a line per stack, then the orphans."""
    rows = [("STACK", "RESULT", "TIME")] + [
        (s["stack"], describe(fleet_report.StackOutcome(s["stack"], s["seconds"], s["report"], s["error"])),
         f"{s['seconds']:.1f} s") for s in doc["stacks"]]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if doc.get("inventory") is not None:
        out += ["", "Inventory (every session live on the stacks' voice connectors; owned by "
                "<stack>/<resource>, or -):"]
        out += [f"  {h['voice_connector_id']}  {h['id']}  {h.get('status') or '-'}  "
                f"{h.get('owned_by') or '-'}" for h in doc["inventory"]]
    if doc["orphans"]:
        out += ["", "Orphaned sessions (owned by no stack):"]
        out += [f"  {o['session'].get('voice_connector_id')}  {o['session']['id']}  "
                f"{o['session'].get('status') or '-'}" for o in doc["orphans"]]
    return "\n".join(out) + "\n"
