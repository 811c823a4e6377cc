"""``python -m chime_proxy_dev demo`` (make demo): the README's main command, on the embedded emulator.

Runs the root stack (``Pulumi.yaml`` + ``__main__.py``) through the real engine:
``up``, then drift made out of band, then ``preview --refresh`` and
``refresh --run-program`` to show it, the stack outputs, and ``up`` healing it.
It destroys what it made at the end (the emulator lives only as long as the demo),
unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace

from . import provision

STACK = "demo"
SESSIONS = [
    {"key": "ride-1001", "name": "Ride 1001", "participants": ["+12065550100", "+12065550101"],
     "expiryMinutes": 120},
    {"key": "ride-1002", "name": "Ride 1002", "participants": ["+12065550102", "+12065550103"],
     "expiryMinutes": 5},
    {"key": "ride-1003", "participants": ["+12065550104", "+12065550105"],
     "capabilities": ["Voice", "SMS"], "expiryMinutes": 60},
]
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
        vc = client.create_voice_connector(Name="demo", RequireEncryption=False,
                                           AwsRegion="us-east-1")["VoiceConnector"]
        vc_id = vc["VoiceConnectorId"]
        client.put_voice_connector_proxy(VoiceConnectorId=vc_id, DefaultSessionExpiryMinutes=60,
                                         PhoneNumberPoolCountries=["US"])
        print(f"    voice connector {vc_id} with a proxy configuration (US number pool)")

        stack = workspace.directory_stack(STACK, project, install, project / ".pulumi-state",
                                          extra_env=DEMO_KEYS)
        stack.set_all_config({
            "aws:region": auto.ConfigValue("us-east-1"),
            "aws:endpoints": auto.ConfigValue(json.dumps([{"chimesdkvoice": emulator.endpoint_url}])),
            "chime-proxy:voiceConnectorId": auto.ConfigValue(vc_id),
            "chime-proxy:sessions": auto.ConfigValue(json.dumps(SESSIONS)),
        })
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
            stack.preview(refresh=True, on_output=print)

            step("pulumi refresh --run-program: state and stack outputs follow the live sessions")
            stack.refresh(run_program=True, on_output=print)
            show_statuses(stack.outputs())

            step("pulumi up: heal the drift (replace the closed session, restore SMS)")
            stack.up(on_output=print)
            show_statuses(stack.outputs())
        finally:
            if not args.keep:
                step("pulumi destroy: leave nothing behind")
                stack.destroy(on_output=print)
    print("\nDemo finished. Next: README.md (use against real AWS, the drift check).")
    return 0


def show_statuses(outputs: MutableMapping[str, auto.OutputValue]) -> None:
    """A small table of the ``statuses`` stack output."""
    statuses = outputs["statuses"].value
    print(f"\n    {'session':<10} {'status':<11} {'ended':<25} id")
    for key, item in sorted(statuses.items()):
        print(f"    {key:<10} {item['status']:<11} {item.get('ended') or '-':<25} {item['id']}")
