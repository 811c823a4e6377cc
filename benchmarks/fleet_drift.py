"""``chime-proxy drift --all-stacks``: wall time of ``--jobs 1`` against ``--jobs 4``.

Sets up S stacks of N sessions each (default 20 x 50) in one project, state in an
S3-compatible backend (moto's server mode, in this process), sessions in the emulator
(a separate process), stacks sharing voice connectors in groups of 5. Then runs the
fleet check as a user would (the ``chime-proxy`` command, a separate process) with
each ``--jobs`` value, interleaved over the repeats, and prints medians and the ratio.
Every run must find every stack in sync (a sanity check, not a test).

    .venv/bin/python benchmarks/fleet_drift.py [--stacks 20] [--sessions 50] [--repeat 1]

Needs the Pulumi CLI (``make setup``). Takes about 10 minutes on 2 shared cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chime_proxy_dev import provision
from chime_proxy_dev.bench.emulator_process import client, emulator_process
from chime_proxy_dev.s3_backend import running_s3
from chime_proxy_dev.team_project import write_project
from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace

STACKS_PER_CONNECTOR = 5
CHIME_PROXY = str(Path(sys.executable).parent / "chime-proxy")


def say(message: str) -> None:
    print(f"[fleet-bench] {message}", file=sys.stderr, flush=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def voice_connectors(endpoint_url: str, count: int) -> list[str]:
    chime = client(endpoint_url)
    ids = []
    for i in range(count):
        vc = chime.create_voice_connector(Name=f"bench{i}", RequireEncryption=False,
                                          AwsRegion="us-east-1")["VoiceConnector"]["VoiceConnectorId"]
        chime.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=600,
                                        PhoneNumberPoolCountries=["US"])
        ids.append(vc)
    return ids


def deploy(project: Path, install: provision.Install, endpoint_url: str, stacks: int, sessions: int,
           jobs: int) -> float:
    """Create and ``up`` every stack, ``jobs`` at a time; the seconds it took."""
    vcs = voice_connectors(endpoint_url, -(-stacks // STACKS_PER_CONNECTOR))

    def one(i: int) -> None:
        stack = workspace.directory_stack(f"stack{i:02d}", project, install, None)
        stack.set_all_config({
            "aws:region": auto.ConfigValue("us-east-1"),
            "aws:endpoints": auto.ConfigValue(json.dumps([{"chimesdkvoice": endpoint_url}])),
            "vc": auto.ConfigValue(vcs[i // STACKS_PER_CONNECTOR]),
            "first": auto.ConfigValue(str(i * sessions)),
            "count": auto.ConfigValue(str(sessions)),
        })
        stack.up()
        say(f"stack{i:02d}: {sessions} sessions up")

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, range(stacks)))
    return time.monotonic() - start


def fleet_check(project: Path, jobs: int, stacks: int) -> tuple[float, list[float]]:
    """One ``chime-proxy drift --all-stacks`` run: wall seconds, per-stack seconds."""
    start = time.monotonic()
    run = subprocess.run([CHIME_PROXY, "drift", "--all-stacks", "--cwd", str(project), "--jobs", str(jobs),
                          "--json"], capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    if run.returncode != 0:
        raise SystemExit(f"drift --all-stacks --jobs {jobs} exited {run.returncode}:\n{run.stderr[-3000:]}")
    doc = json.loads(run.stdout)
    if doc["summary"]["in_sync"] != stacks:
        raise SystemExit(f"expected {stacks} stacks in sync, got {doc['summary']}")
    return wall, [s["seconds"] for s in doc["stacks"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", default="1,4", help="the --jobs values to compare (first: baseline)")
    parser.add_argument("--setup-jobs", type=int, default=2, help="stacks deployed at once during setup")
    args = parser.parse_args(argv)
    job_values = [int(j) for j in args.jobs.split(",")]

    install = provision.ensure()
    os.environ["PATH"] = os.pathsep.join([str(install.bin_dir), os.environ["PATH"]])
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ["PULUMI_CONFIG_PASSPHRASE"] = workspace.DEFAULT_PASSPHRASE
    load_start = load()
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp, running_s3() as s3, \
            emulator_process() as endpoint_url:
        os.environ["PULUMI_BACKEND_URL"] = s3.bucket("bench").url
        project = write_project(Path(tmp) / "project")
        say(f"deploying {args.stacks} stacks x {args.sessions} sessions ({args.setup_jobs} at a time)")
        setup = deploy(project, install, endpoint_url, args.stacks, args.sessions, args.setup_jobs)
        walls: dict[int, list[float]] = {j: [] for j in job_values}
        per_stack: dict[int, list[float]] = {j: [] for j in job_values}
        for repeat in range(args.repeat):
            order = job_values if repeat % 2 == 0 else job_values[::-1]
            for jobs in order:
                say(f"repeat {repeat + 1}/{args.repeat}: drift --all-stacks --jobs {jobs} (load {load()})")
                wall, seconds = fleet_check(project, jobs, args.stacks)
                walls[jobs].append(wall)
                per_stack[jobs] += seconds
                say(f"  {wall:.1f} s")
    baseline = statistics.median(walls[job_values[0]])
    print(f"chime-proxy drift --all-stacks: {args.stacks} stacks x {args.sessions} sessions, "
          f"{args.repeat} repeat(s), {os.cpu_count()} cores")
    print(f"setup (create + up of every stack, {args.setup_jobs} at a time): {setup:.1f} s")
    print(f"{'--jobs':>6}  {'wall s (median)':>15}  {'per-stack s (median)':>20}  {'speedup':>7}")
    for jobs in job_values:
        wall = statistics.median(walls[jobs])
        print(f"{jobs:>6}  {wall:>15.1f}  {statistics.median(per_stack[jobs]):>20.1f}  "
              f"{baseline / wall:>6.2f}x")
    print(f"load average (1/5/15 min): {load_start} at start, {load()} at end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
