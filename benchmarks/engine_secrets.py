"""What secret values cost the engine during ``up``: N no-op resources, each with one plain
value, against the same N with that value secret, in one run.

The native plugin's ``up`` of 1000 sessions costs the engine about 90 CPU-s more than the
floor's 1000 no-op resources, with less state per resource; each native session holds
several secret values (its numbers and name as inputs and outputs, ``participants``,
``acceptedParticipants``). This measures the engine's side of one secret value per
resource, with no provider work at all: the CPU of every process ``pulumi up`` starts (the
CLI and the dynamic provider host, from ``RUSAGE_CHILDREN``), rounds alternating plain and
secret so a change in machine load falls on both.

    PATH="$(.venv/bin/python -m chime_proxy_dev engine ensure):$PWD/.venv/bin:$PATH" \\
        .venv/bin/python benchmarks/engine_secrets.py [--n 600] [--rounds 2] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pulumi
from chime_proxy_dev.noop import Noop
from pulumi import automation as auto


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def up_cpu(n: int, secret: bool, name: str, backend: Path) -> tuple[float, float]:
    """(CPU seconds of the processes ``up`` ran, wall seconds) for ``n`` Noop resources."""
    def program() -> None:
        for i in range(n):
            value = f"noop-{i}-" + "x" * 40
            Noop(f"r{i}", pulumi.Output.secret(value) if secret else value)

    options = auto.LocalWorkspaceOptions(
        project_settings=auto.ProjectSettings(name="engine-secrets", runtime="python",
                                              backend=auto.ProjectBackend(url=backend.as_uri())),
        work_dir=str(backend), env_vars={"PULUMI_CONFIG_PASSPHRASE": "bench"})
    stack = auto.create_stack(name, "engine-secrets", program, opts=options)
    before, started = children_cpu(), time.monotonic()
    stack.up(parallel=16)
    cpu, wall = children_cpu() - before, time.monotonic() - started
    stack.destroy(parallel=16)
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="resources per up")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the samples as JSON")
    args = parser.parse_args()
    os.environ.setdefault("PULUMI_SKIP_UPDATE_CHECK", "true")
    samples: dict[str, list[float]] = {"plain": [], "secret": []}
    with tempfile.TemporaryDirectory(prefix="engine-secrets-") as tmp:
        for round_ in range(args.rounds):
            for kind in ("plain", "secret"):
                cpu, wall = up_cpu(args.n, kind == "secret", f"{kind}{round_}", Path(tmp))
                samples[kind].append(cpu)
                print(f"round {round_ + 1}: {kind:6} up of {args.n}: {cpu:.1f} CPU-s, {wall:.1f} s",
                      flush=True)
    plain, secret = statistics.median(samples["plain"]), statistics.median(samples["secret"])
    print(f"median CPU-s: plain {plain:.1f}, secret {secret:.1f}: one secret value per resource "
          f"costs {secret / plain:.2f}x ({(secret - plain) / args.n * 1000:.1f} ms a resource)")
    if args.out:
        result: dict[str, Any] = {"command": f"benchmarks/engine_secrets.py --n {args.n} "
                                             f"--rounds {args.rounds} --out {args.out}",
                                  "n": args.n, "samples_cpu_seconds": samples,
                                  "ratio": secret / plain, "load_average": os.getloadavg()}
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
