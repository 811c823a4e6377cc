"""Nothing the engine marks secret is printed by ``chime-proxy drift`` without
``--show-secrets``: changed secret config (copied into the default provider's inputs)
and the secret inputs of another package's resources, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.emulator.testing import RunningEmulator
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import emulator_config, voice_connector

from .conftest import run_cli

pytestmark = pytest.mark.engine

PROGRAM = '''\
import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider
from pulumi_chime_proxy import ProxySession


class TokenProvider(ResourceProvider):
    def create(self, props):
        return CreateResult("token-1", {"token": props["token"]})


class Token(Resource):
    def __init__(self, name, token):
        super().__init__(TokenProvider(), name, {"token": token})


cfg = pulumi.Config()
ProxySession("ride", voice_connector_id=cfg.require("vc"),
             participant_phone_numbers=cfg.require_secret_object("numbers"), capabilities=["Voice"])
Token("api", cfg.require_secret("token"))
'''
OLD = {"numbers": ["+12065550140", "+12065550141"], "token": "tok-aaaa-1111-first"}
NEW = {"numbers": ["+12065550140", "+12065550149"], "token": "tok-zzzz-9999-second"}


def config(vc: str, endpoint_url: str, values: dict[str, object]) -> dict[str, auto.ConfigValue]:
    return emulator_config(endpoint_url) | {
        "vc": auto.ConfigValue(vc),
        "numbers": auto.ConfigValue(json.dumps(values["numbers"]), secret=True),
        "token": auto.ConfigValue(str(values["token"]), secret=True),
    }


def secrets(values: dict[str, object]) -> list[str]:
    numbers = [str(n) for n in values["numbers"]]  # type: ignore[attr-defined]
    return [*numbers, *(n.lstrip("+") for n in numbers), str(values["token"])]


def test_changed_secret_config_and_foreign_secret_inputs_are_never_printed(
        pulumi_install: PulumiCli, emulator: RunningEmulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: secretproj\nruntime: python\n")
    (project / "__main__.py").write_text(PROGRAM)
    backend = tmp_path / "state"
    backend.mkdir()
    monkeypatch.setenv("PULUMI_BACKEND_URL", backend.as_uri())
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
    vc = voice_connector(emulator.client())
    stack = workspace.directory_stack("dev", project, pulumi_install, backend)
    stack.set_all_config(config(vc, emulator.endpoint_url, OLD))
    stack.up(show_secrets=False)
    try:
        stack.set_all_config(config(vc, emulator.endpoint_url, NEW))
        runs = {fmt: run_cli("drift", "--stack", "dev", "--cwd", str(project), *args)
                for fmt, args in {"table": (), "json": ("--json",), "markdown": ("--markdown",)}.items()}
        for fmt, run in runs.items():
            assert run.code == 2, (fmt, run.err)
            printed = run.out + run.err
            leaked = [s for s in secrets(OLD) + secrets(NEW) if s in printed]
            assert leaked == [], (fmt, leaked)
        doc = runs["json"].json()
        drifted = {r["resource"]: r for r in doc["resources"] if r["state"] != "in_sync"}
        assert "api" in drifted  # the other package's resource is reported, masked
        shown = run_cli("drift", "--stack", "dev", "--cwd", str(project), "--json", "--show-secrets")
        assert NEW["token"] in shown.out  # what the masked runs withheld was there to print
    finally:
        stack.destroy(show_secrets=False)
