"""``python -m chime_proxy_dev demo`` (make demo): the README's main command, on the embedded emulator.

Runs the root stack (``Pulumi.yaml`` + ``__main__.py``) through the real engine:
``up``; drift made out of band; ``preview --refresh``, whose plan names each drifted
property (the ``[diff: ...]`` lines); ``chime-proxy drift`` (exit 2);
``refresh --run-program`` (stack outputs follow the live sessions); ``up --refresh``
healing it; ``chime-proxy drift`` again (exit 0). Numbers and names go in secret
config. It destroys what it made at the end (the emulator lives only as long as the
demo), unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi_chime_proxy import cli as chime_proxy_cli
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace

from . import provision

STACK = "demo"
#: Plain config: what each session is, with no number and no name in it.
SESSIONS = [
    {"key": "ride-1001", "expiryMinutes": 120},
    {"key": "ride-1002", "expiryMinutes": 5},
    {"key": "ride-1003", "capabilities": ["Voice", "SMS"], "expiryMinutes": 60},
]
#: Secret config: who takes part, and the names.
PARTICIPANTS = {
    "ride-1001": ["+12065550100", "+12065550101"],
    "ride-1002": ["+12065550102", "+12065550103"],
    "ride-1003": ["+12065550104", "+12065550105"],
}
NAMES = {"ride-1001": "Ride 1001", "ride-1002": "Ride 1002"}
DEMO_KEYS = {"AWS_ACCESS_KEY_ID": "chime-proxy-demo", "AWS_SECRET_ACCESS_KEY": "chime-proxy-demo"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="run the root stack on the embedded emulator")
    parser.add_argument("--cwd", default=".", help="the project directory (default: .)")
    parser.add_argument("--keep", action="store_true", help="do not destroy at the end")
    parser.set_defaults(func=run)


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def run(args: argparse.Namespace) -> int:
    project = Path(args.cwd).resolve()
    if not (project / "Pulumi.yaml").exists():
        print(f"error: no Pulumi.yaml in {project}", file=sys.stderr)
        return 1
    install = provision.ensure()
    with running_emulator() as emulator:
        step(f"emulator listening at {emulator.endpoint_url}")
        client = emulator.client()
        vc_id = seed.voice_connector_with_proxy(client, name="demo", require_encryption=False)
        print(f"    voice connector {vc_id} with a proxy configuration (US number pool)")

        stack = workspace.directory_stack(STACK, project, install, project / ".pulumi-state",
                                          extra_env=DEMO_KEYS)
        stack.set_all_config({
            "chime-proxy:region": auto.ConfigValue("us-east-1"),
            "chime-proxy:endpoint": auto.ConfigValue(emulator.endpoint_url),
            "chime-proxy:voiceConnectorId": auto.ConfigValue(vc_id),
            "chime-proxy:sessions": auto.ConfigValue(json.dumps(SESSIONS)),
            "chime-proxy:participants": auto.ConfigValue(json.dumps(PARTICIPANTS), secret=True),
            "chime-proxy:names": auto.ConfigValue(json.dumps(NAMES), secret=True),
        })
        os.environ.update(DEMO_KEYS)  # for chime-proxy drift's own listing
        # chime-proxy drift uses the backend pulumi would: as a pipeline, the demo says which.
        os.environ["PULUMI_BACKEND_URL"] = (project / ".pulumi-state").resolve().as_uri()
        try:
            step("pulumi up: create the sessions")
            up = stack.up(refresh=True, on_output=print)
            ids = {k: v["id"] for k, v in up.outputs["statuses"].value.items()}

            step("drift out of band: a call starts on ride-1001, ride-1002 expires, "
                 "ride-1003 loses SMS")
            emulator.admin.set_status(vc_id, ids["ride-1001"], "InProgress")
            emulator.admin.advance_clock(6 * 60)
            client.update_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=ids["ride-1003"],
                                        Capabilities=["Voice"])

            step("pulumi preview --refresh: what drifted, and what up would do")
            preview = stack.preview(refresh=True, on_output=print, color="never")
            show_named(preview.stdout)

            step("chime-proxy drift: the CI gate agrees with the plan (exit 2: drift)")
            before = drift(project)

            step("pulumi refresh --run-program: state and stack outputs follow the live sessions")
            stack.refresh(run_program=True, on_output=print)
            show_statuses(stack.outputs())

            step("pulumi up --refresh: heal the drift (replace the closed session, restore SMS)")
            stack.up(refresh=True, on_output=print)
            show_statuses(stack.outputs())

            step("chime-proxy drift: nothing left to heal (exit 0)")
            after = drift(project)
            print(f"\n    chime-proxy drift exited {before} before healing and {after} after")
        finally:
            if not args.keep:
                step("pulumi destroy: leave nothing behind")
                stack.destroy(on_output=print)
    print("\nDemo finished. Next: README.md (use against real AWS, the drift check).")
    return 0


def show_named(printed: str) -> None:
    """The plan's ``[diff: ...]`` lines: each drifted property, named by the engine."""
    lines = [" ".join(line.split()) for line in printed.splitlines()
             if "[diff:" in line and re.search(r"\b(update|replace|refresh)\b", line)]
    print("\n    what the plan names:")
    for line in lines:
        print(f"      {line}")


def drift(project: Path) -> int:
    """``chime-proxy drift`` on the demo stack, as a pipeline runs it; its exit code."""
    code = chime_proxy_cli.main(["drift", "--stack", STACK, "--cwd", str(project)])
    print(f"    (exit {code})", flush=True)
    return code


def show_statuses(outputs: MutableMapping[str, auto.OutputValue]) -> None:
    """A small table of the ``statuses`` stack output."""
    statuses = outputs["statuses"].value
    print(f"\n    {'session':<10} {'status':<11} {'capabilities':<13} {'ended':<25} id")
    for key, item in sorted(statuses.items()):
        caps = ",".join(item.get("capabilities") or [])
        print(f"    {key:<10} {item['status']:<11} {caps:<13} {item.get('ended') or '-':<25} {item['id']}")
