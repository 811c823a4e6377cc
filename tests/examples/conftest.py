"""Run the projects under examples/ on the real engine, from a copy in a temp dir.

The copy keeps the stack's ``Pulumi.<stack>.yaml`` out of the repository; only
the ``virtualenv`` option (relative to the example) is made absolute.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

ExampleStack = Callable[..., auto.Stack]


def copy_example(name: str, dest: Path) -> Path:
    """``examples/<name>`` copied to ``dest/<name>`` with an absolute virtualenv path."""
    target = dest / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("Pulumi.*.yaml",
                                                                           "__pycache__"))
    project = target / "Pulumi.yaml"
    project.write_text(project.read_text().replace("../../.venv", str(ROOT / ".venv")))
    return target


@pytest.fixture()
def example_stack(tmp_path: Path, pulumi_install: PulumiCli,
                  backend_dir: Path) -> ExampleStack:
    """Factory: the ``dev`` stack of an example, on this test's backend."""

    def make(name: str, endpoint_url: str | None = None, **config: Any) -> auto.Stack:
        stack = workspace.directory_stack("dev", copy_example(name, tmp_path), pulumi_install,
                                          backend_dir)
        if endpoint_url:
            stack.set_all_config(support.emulator_config(endpoint_url))
        for key, value in config.items():
            stack.set_config(key, value if isinstance(value, auto.ConfigValue)
                             else auto.ConfigValue(str(value)))
        return stack

    return make


def new_voice_connector(client: Any, name: str = "example") -> str:
    """A bare voice connector (no proxy configuration: the example makes it)."""
    return str(client.create_voice_connector(Name=name, RequireEncryption=False,
                                             AwsRegion="us-east-1")["VoiceConnector"]
               ["VoiceConnectorId"])


def assert_nothing_left(client: Any, vc: str) -> None:
    """After destroy, the API (not the state) holds no session and no proxy configuration."""
    from botocore.exceptions import ClientError

    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
    with pytest.raises(ClientError) as gone:
        client.get_voice_connector_proxy(VoiceConnectorId=vc)
    assert gone.value.response["Error"]["Code"] == "NotFoundException"
