"""The drift gate agrees with the engine: a matrix of out-of-band changes, each checked
with and without a prior plain ``pulumi refresh``.

For every case: ``pulumi preview --refresh --expect-no-changes`` (the engine) and
``chime-proxy drift`` (the gate) exit the same way, the engine's plan names the
property, the gate reports it with the desired and the live value, and
``pulumi up --refresh`` heals (the next case starts from a stack with no drift).

One stack per column, shared by its cases (healed between them), so the whole matrix
costs two deployments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import bare_voice_connector, emulator_config

from .conftest import Run, run_cli

pytestmark = pytest.mark.engine

PROGRAM = '''\
import pulumi
from pulumi_chime_proxy import ProxySession, ProxySessionArgs, VoiceConnectorProxy, VoiceConnectorProxyArgs

cfg = pulumi.Config()
proxy = VoiceConnectorProxy("px", VoiceConnectorProxyArgs(
    voice_connector_id=cfg.require("vc"), default_session_expiry_minutes=60,
    phone_number_pool_countries=["US"]))
session = ProxySession("s0", ProxySessionArgs(
    voice_connector_id=proxy.voice_connector_id,
    participant_phone_numbers=cfg.require_secret_object("numbers"),
    capabilities=["Voice"], name=cfg.require_secret("label"), expiry_minutes=60))
pulumi.export("id", session.proxy_session_id)
'''
NUMBERS = ["+12065550160", "+12065550161"]
STACK = "matrix"


@dataclass
class Deployed:
    stack: auto.Stack
    project: Path
    emulator: Any
    client: Any
    vc: str

    def session_id(self) -> str:
        return str(self.stack.outputs()["id"].value)


@dataclass(frozen=True)
class Change:
    """One out-of-band change: how to make it, what the plan must name, how to undo extras."""

    make: Callable[[Deployed], Any]
    named: str  # the property the plan names; "create" for a session to be recreated
    cleanup: Callable[[Deployed, Any], None] | None = None


def _update(**params: Any) -> Callable[[Deployed], None]:
    def make(d: Deployed) -> None:
        d.client.update_proxy_session(VoiceConnectorId=d.vc, ProxySessionId=d.session_id(),
                                      **{"Capabilities": ["Voice"]} | params)
    return make


def _stray(d: Deployed) -> str:
    return str(d.client.create_proxy_session(
        VoiceConnectorId=d.vc, ParticipantPhoneNumbers=["+12065550170", "+12065550171"],
        Capabilities=["SMS"], ExpiryMinutes=60)["ProxySession"]["ProxySessionId"])


CHANGES: dict[str, Change] = {
    "capabilities": Change(_update(Capabilities=["Voice", "SMS"]), "capabilities"),
    "expiry": Change(_update(ExpiryMinutes=90), "expiry_minutes"),
    "close": Change(lambda d: d.emulator.admin.set_status(d.vc, d.session_id(), "Closed"), "status"),
    "delete": Change(lambda d: d.client.delete_proxy_session(VoiceConnectorId=d.vc,
                                                             ProxySessionId=d.session_id()), "create"),
    "participant": Change(lambda d: d.emulator.admin.set_participant(
        d.vc, d.session_id(), 1, phone_number="+12065550169"), "participants"),
    "proxy-number": Change(lambda d: d.emulator.admin.set_participant(
        d.vc, d.session_id(), 1, proxy_phone_number="+12065559917"), "participants"),
    "proxy-config": Change(lambda d: d.client.put_voice_connector_proxy(
        VoiceConnectorId=d.vc, DefaultSessionExpiryMinutes=30, PhoneNumberPoolCountries=["US"]),
        "default_session_expiry_minutes"),
    "unmanaged": Change(_stray, "", lambda d, sid: d.client.delete_proxy_session(
        VoiceConnectorId=d.vc, ProxySessionId=sid)),
}


#: Each column is one stack; the preview column also runs at the oldest releases, whose
#: dynamic host must name each drifted property (pyproject.toml).
COLUMNS = [pytest.param("preview", marks=pytest.mark.floor), "refreshed"]


@pytest.fixture(scope="module", params=COLUMNS)
def deployed(request: pytest.FixtureRequest, pulumi_install: PulumiCli, _emulator_server: Any,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Deployed]]:
    emu = _emulator_server
    root = tmp_path_factory.mktemp(f"matrix-{request.param}")
    project = root / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: matrix\nruntime: python\n")
    (project / "__main__.py").write_text(PROGRAM)
    backend = root / "state"
    client = emu.client()
    vc = bare_voice_connector(client, name=f"matrix{request.param}"[:20])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULUMI_BACKEND_URL", backend.as_uri())
        mp.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
        stack = workspace.directory_stack(STACK, project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(vc),
            "numbers": auto.ConfigValue(json.dumps(NUMBERS), secret=True),
            "label": auto.ConfigValue("Matrix Ride", secret=True),
        })
        stack.up()
        try:
            yield request.param, Deployed(stack, project, emu, client, vc)
        finally:
            stack.destroy()


def engine_verdict(stack: auto.Stack) -> tuple[int, str]:
    """``pulumi preview --refresh --expect-no-changes``: (exit code, what it printed)."""
    try:
        result = stack.preview(refresh=True, expect_no_changes=True, color="never")
    except auto.CommandError as exc:
        return 1, str(exc)
    return 0, result.stdout


def named_properties(text: str, resource: str) -> set[str]:
    """What the engine's plan lines for ``resource`` name: ``[diff: ~a,b-c]`` keys and ops."""
    found: set[str] = set()
    for line in text.splitlines():
        if not re.search(rf"\s{re.escape(resource)}(\s|$)", line):
            continue
        for group in re.findall(r"\[diff: ([^\]]*)\]", line):
            found |= {k for k in re.split(r"[~+\-,\s]+", group) if k}
        if re.search(r"\bcreate\b", line):
            found.add("create")
    return found


def gate(project: Path, *args: str) -> Run:
    return run_cli("drift", "--stack", STACK, "--cwd", str(project), "--json", *args)


@pytest.mark.parametrize("case", list(CHANGES))
def test_gate_agrees_with_the_engine(deployed: tuple[str, Deployed], case: str) -> None:
    column, d = deployed
    change = CHANGES[case]
    made = change.make(d)
    try:
        if column == "refreshed":
            d.stack.refresh(color="never")
        engine_code, printed = engine_verdict(d.stack)
        policy = ("--unmanaged", "report") if case == "unmanaged" else ()
        run = gate(d.project, *policy)
        assert run.code in (0, 2), run.err
        assert run.code == (2 if engine_code else 0), (case, column, run.out, printed)
        doc = run.json()
        if case == "unmanaged":
            assert engine_code == 0 and [u["id"] for u in doc["unmanaged"]] == [made]
            if column == "preview":
                assert gate(d.project).code == 2  # the default policy fails on it
            return
        assert engine_code == 1
        resource = "px" if case == "proxy-config" else "s0"
        assert change.named in named_properties(printed, resource), printed
        (finding,) = [r for r in doc["resources"] if r["resource"] == resource]
        if change.named == "create":
            assert finding["state"] == ("missing" if column == "refreshed" else "gone")
        else:
            by_property = {c["property"]: c for c in finding["changes"]}
            assert change.named in by_property, finding
            assert by_property[change.named]["desired"] != by_property[change.named]["live"]
        assert "+1206555016" not in run.out  # masked
        if case == "participant" and column == "preview":  # the gate names the input too
            assert by_property["participant_phone_numbers"]["replaces"] is True
            shown = d.stack.preview(refresh=True, diff=True, color="never").stdout
            assert "participant_phone_numbers: [secret]" in shown and "+1206555016" not in shown
    finally:
        if change.cleanup is not None:
            change.cleanup(d, made)  # nothing of the stack changed: no up needed
        else:
            d.stack.up(refresh=True, color="never")
    if column == "preview" and case in ("close", "delete", "proxy-number", "proxy-config"):
        assert engine_verdict(d.stack)[0] == 0  # healed: the engine expects no changes
        assert gate(d.project).code == 0
