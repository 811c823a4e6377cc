"""The drift gate agrees with the engine: a matrix of out-of-band changes, each checked
with and without a prior plain ``pulumi refresh``.

Every change is made at once, each to a session of its own (and one to the proxy
configuration), beside a session left alone. Then ``pulumi preview --refresh
--expect-no-changes`` (the engine) and ``chime-proxy drift`` (the gate) exit the same
way, for every resource the engine's plan names the property and the gate reports it
with the desired and the live value, neither names the untouched session, and
``pulumi up --refresh`` heals all of it (both then pass).

One stack per column, so the whole matrix costs two deployments and one check each.
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
numbers = cfg.require_secret_object("numbers")
ids = {}
for key in cfg.require_object("sessions"):
    session = ProxySession(key, ProxySessionArgs(
        voice_connector_id=proxy.voice_connector_id,
        participant_phone_numbers=numbers.apply(lambda n, key=key: n[key]),
        capabilities=["Voice"], name=cfg.require_secret("label"), expiry_minutes=60))
    ids[key] = session.proxy_session_id
pulumi.export("ids", ids)
'''
STACK = "matrix"
UNTOUCHED = "s-same"
DRIFTED_NUMBER = "+12065550199"  # a participant's number changed out of band


@dataclass
class Deployed:
    stack: auto.Stack
    project: Path
    emulator: Any
    client: Any
    vc: str
    numbers: dict[str, list[str]]

    def session_id(self, key: str) -> str:
        return str(self.stack.outputs()["ids"].value[key])


@dataclass(frozen=True)
class Change:
    """One out-of-band change to the session of the same name (or to ``px``), and what
    the plan must name for it: a property, or "create" for a session to be recreated."""

    make: Callable[[Deployed, str], Any]
    named: str
    resource: str = ""  # the resource it drifts, when not its own session

    def target(self, case: str) -> str:
        return self.resource or f"s-{case}"


def _update(**params: Any) -> Callable[[Deployed, str], None]:
    def make(d: Deployed, sid: str) -> None:
        d.client.update_proxy_session(VoiceConnectorId=d.vc, ProxySessionId=sid,
                                      **{"Capabilities": ["Voice"]} | params)
    return make


CHANGES: dict[str, Change] = {
    "capabilities": Change(_update(Capabilities=["Voice", "SMS"]), "capabilities"),
    "expiry": Change(_update(ExpiryMinutes=90), "expiry_minutes"),
    "close": Change(lambda d, sid: d.emulator.admin.set_status(d.vc, sid, "Closed"), "status"),
    "delete": Change(lambda d, sid: d.client.delete_proxy_session(
        VoiceConnectorId=d.vc, ProxySessionId=sid), "create"),
    "participant": Change(lambda d, sid: d.emulator.admin.set_participant(
        d.vc, sid, 1, phone_number=DRIFTED_NUMBER), "participants"),
    "proxy-number": Change(lambda d, sid: d.emulator.admin.set_participant(
        d.vc, sid, 1, proxy_phone_number="+12065559917"), "participants"),
    "proxy-config": Change(lambda d, _: d.client.put_voice_connector_proxy(
        VoiceConnectorId=d.vc, DefaultSessionExpiryMinutes=30, PhoneNumberPoolCountries=["US"]),
        "default_session_expiry_minutes", resource="px"),
}
SESSIONS = [c.target(case) for case, c in CHANGES.items() if not c.resource] + [UNTOUCHED]


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
    numbers = {key: [f"+120655501{10 + 2 * i}", f"+120655501{11 + 2 * i}"]
               for i, key in enumerate(SESSIONS)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULUMI_BACKEND_URL", backend.as_uri())
        mp.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
        stack = workspace.directory_stack(STACK, project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(vc),
            "sessions": auto.ConfigValue(json.dumps(SESSIONS)),
            "numbers": auto.ConfigValue(json.dumps(numbers), secret=True),
            "label": auto.ConfigValue("Matrix Ride", secret=True),
        })
        stack.up(show_secrets=False)
        try:
            yield request.param, Deployed(stack, project, emu, client, vc, numbers)
        finally:
            stack.destroy(show_secrets=False)


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


def assert_masked(d: Deployed, *texts: str) -> None:
    secrets = [n for pair in d.numbers.values() for n in pair] + [DRIFTED_NUMBER, "Matrix Ride"]
    for text in texts:
        assert not [s for s in secrets if s in text]


def test_gate_agrees_with_the_engine(deployed: tuple[str, Deployed]) -> None:
    column, d = deployed
    for case, change in CHANGES.items():
        change.make(d, "" if change.resource else d.session_id(change.target(case)))
    if column == "refreshed":
        d.stack.refresh(show_secrets=False, color="never")
    engine_code, printed = engine_verdict(d.stack)
    run = gate(d.project)
    assert (engine_code, run.code) == (1, 2), (run.err, printed)
    findings = {r["resource"]: r for r in run.json()["resources"]}
    for case, change in CHANGES.items():
        resource = change.target(case)
        assert change.named in named_properties(printed, resource), (case, printed)
        finding = findings[resource]
        if change.named == "create":
            assert finding["state"] == ("missing" if column == "refreshed" else "gone")
            continue
        by_property = {c["property"]: c for c in finding["changes"]}
        assert change.named in by_property, (case, finding)
        assert by_property[change.named]["desired"] != by_property[change.named]["live"]
        if case == "participant":  # the gate names the input too
            assert by_property["participant_phone_numbers"]["replaces"] is True
    assert named_properties(printed, UNTOUCHED) == set(), printed
    assert not findings.get(UNTOUCHED, {}).get("changes"), findings.get(UNTOUCHED)
    assert_masked(d, run.out, run.err, printed)
    if column == "preview":
        shown = d.stack.preview(refresh=True, diff=True, color="never").stdout
        assert "participant_phone_numbers: [secret]" in shown
        assert_masked(d, shown)

    d.stack.up(show_secrets=False, refresh=True, color="never")
    assert engine_verdict(d.stack)[0] == 0
    assert gate(d.project).code == 0


def test_an_unmanaged_session_is_reported_where_the_engine_sees_nothing(
        deployed: tuple[str, Deployed]) -> None:
    column, d = deployed
    stray = str(d.client.create_proxy_session(
        VoiceConnectorId=d.vc, ParticipantPhoneNumbers=["+12065550180", "+12065550181"],
        Capabilities=["SMS"], ExpiryMinutes=60)["ProxySession"]["ProxySessionId"])
    try:
        if column == "refreshed":
            d.stack.refresh(show_secrets=False, color="never")
        engine_code, printed = engine_verdict(d.stack)
        run = gate(d.project, "--unmanaged", "report")
        assert (engine_code, run.code) == (0, 0), (run.err, printed)
        assert [u["id"] for u in run.json()["unmanaged"]] == [stray]
        assert_masked(d, run.out, run.err)
        if column == "preview":
            assert gate(d.project).code == 2  # the default policy fails on it
    finally:
        d.client.delete_proxy_session(VoiceConnectorId=d.vc, ProxySessionId=stray)
