"""Round 4's native findings through the real CLI and a YAML program: imports of what does
not exist or of malformed ids fail in one line and leave nothing in state; ``forget``
keeps a resource refused for any reason but the end of support; every error of create
reaches the user as one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.aws.hung_server import hung_server
from tests.native import scenario

pytestmark = pytest.mark.engine

SESSION = "chime-proxy:index:ProxySession"
PROXY = "chime-proxy:index:VoiceConnectorProxy"
PROGRAM = """\
resources:
  ride:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: {vc}
      participantPhoneNumbers: ["{p0}", "{p1}"]
      capabilities: [Voice]
      {name}
      {adopt}
    options:
      protect: {protect}
outputs:
  id: ${{ride.proxySessionId}}
"""


def write_program(directory: Path, vc: str, name: str | None = None, protect: bool = False,
                  adopt: str | None = None) -> None:
    p0, p1 = support.NUMBERS[0]
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project("native-hardening", PROGRAM.format(
        vc=vc, p0=p0, p1=p1,
        name=f"name: {name}" if name else "", protect=str(protect).lower(),
        adopt=f"adoptProxySessionId: {adopt}" if adopt else "")))


@pytest.fixture()
def project(tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path,
            emulator: Any) -> Iterator[tuple[scenario.Project, str]]:
    vc = support.voice_connector(emulator.client())
    directory = tmp_path / "project"
    directory.mkdir()
    write_program(directory, vc)
    yield scenario.new_project(directory, pulumi_install, backend_dir, emulator, "hardening"), vc
    emulator.admin.clear_faults()


def resource_names(project: scenario.Project) -> list[str]:
    exported = json.loads(project.pulumi("stack", "export").stdout)
    return [r["urn"].rsplit("::", 1)[-1] for r in exported["deployment"].get("resources") or []
            if r["type"] in (SESSION, PROXY)]


def error_lines(done: Any) -> list[str]:
    """The lines of what the engine printed for the failure, from its ``error:`` on."""
    text = done.stdout + done.stderr
    assert "Traceback" not in text and "Unexpected <class" not in text, text
    return [line for line in text.splitlines() if "error:" in line]


def test_imports_of_what_does_not_exist_fail_in_one_line_and_take_nothing(
    project: tuple[scenario.Project, str], emulator: Any,
) -> None:
    proj, vc = project
    bare = support.bare_voice_connector(emulator.client())
    for token, id_, says in (
        (SESSION, f"{vc}/{'q' * 22}", "does not exist"),
        (SESSION, f"{vc}/..", "proxySessionId must be one URL path segment"),
        (SESSION, f"{vc}/%2e%2e", "proxySessionId must be one URL path segment"),
        (SESSION, f"VC/{'q' * 22}", "voiceConnectorId"),
        (PROXY, bare, "does not exist"),
    ):
        done = proj.pulumi("import", token, "ghost", id_, "--yes", "--generate-code=false", check=False)
        assert done.returncode != 0, done.stdout
        assert "1 imported" not in done.stdout
        assert any(says in line for line in error_lines(done)), done.stdout + done.stderr
        assert resource_names(proj) == []


def test_forget_keeps_a_resource_refused_without_the_end_of_support_notice(
    project: tuple[scenario.Project, str], emulator: Any,
) -> None:
    proj, vc = project
    proj.pulumi("up", "--yes")
    (session,) = emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    proj.pulumi("config", "set", "chime-proxy:endOfSupport", "forget")
    emulator.admin.inject_fault("DeleteProxySession", error="ForbiddenException")
    done = proj.pulumi("destroy", "--yes", "--run-program", check=False)
    assert done.returncode != 0, done.stdout
    assert any("does not quote AWS's end-of-support notice, so the resource stays in the stack's state"
               in line for line in error_lines(done)), done.stdout + done.stderr
    assert "left the stack's state" not in done.stdout + done.stderr
    assert resource_names(proj) == ["ride"]
    emulator.admin.clear_faults()
    live = emulator.client().get_proxy_session(VoiceConnectorId=vc, ProxySessionId=session["ProxySessionId"])
    assert live["ProxySession"]["Status"] == "Open"
    proj.pulumi("destroy", "--yes", "--run-program")


def test_create_errors_are_one_line(project: tuple[scenario.Project, str], emulator: Any) -> None:
    proj, vc = project
    # A named session whose create commits and then fails: it cannot be told apart from
    # another's, so the create stops and says so.
    write_program(proj.directory, vc, name="Ride One")
    emulator.admin.inject_fault("CreateProxySession", error="ServiceUnavailableException",
                                commit_then_fail=True, count=1)
    done = proj.pulumi("up", "--yes", check=False)
    assert done.returncode != 0
    assert any("CreateProxySession failed" in line and "Not retried" in line
               for line in error_lines(done)), done.stdout + done.stderr
    emulator.admin.clear_faults()
    for session in emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]:
        emulator.client().delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=session["ProxySessionId"])

    # An endpoint that takes the connection and never answers.
    write_program(proj.directory, vc)
    with hung_server() as hung:
        proj.pulumi("config", "set", "chime-proxy:endpoint", hung.endpoint_url)
        proj.pulumi("config", "set", "chime-proxy:readTimeout", "1")
        proj.pulumi("config", "set", "chime-proxy:maxAttempts", "1")
        done = proj.pulumi("up", "--yes", check=False)
    assert done.returncode != 0
    assert any("CreateProxySession failed" in line and "readTimeout" in line
               for line in error_lines(done)), done.stdout + done.stderr
    for text in (done.stdout, done.stderr):
        assert support.NUMBERS[0][0].lstrip("+") not in text


def test_the_gate_reports_protected_drift_as_drift_whose_replace_is_blocked(
    project: tuple[scenario.Project, str], emulator: Any,
) -> None:
    proj, vc = project
    write_program(proj.directory, vc, protect=True)
    proj.pulumi("up", "--yes")
    session_id = json.loads(proj.pulumi("stack", "output", "--json").stdout)["id"]
    emulator.admin.set_participant(vc, session_id, 1, phone_number="+12065550199")
    assert scenario.engine_verdict(proj).returncode != 0  # the engine refuses the replace
    drift = scenario.gate(proj, "--json")
    assert drift.returncode == 2, drift.stdout + drift.stderr
    (ride,) = json.loads(drift.stdout)["resources"]
    assert (ride["resource"], ride["state"], ride["op"], ride["blocked"]) == ("ride", "drifted", "replace",
                                                                              "protect")
    assert [c["property"] for c in ride["changes"]] == ["participantPhoneNumbers"]
    table = scenario.gate(proj)
    assert table.returncode == 2 and "participantPhoneNumbers (replace, blocked by protect)" in table.stdout
    for text in (drift.stdout, drift.stderr, table.stdout, table.stderr):
        assert "12065550199" not in text and support.NUMBERS[0][0].lstrip("+") not in text
    write_program(proj.directory, vc)  # unprotected, so the fixture's stack can go
    proj.pulumi("up", "--yes", "--refresh")


def test_import_code_holds_no_number_or_name_and_the_import_round_trips(
    project: tuple[scenario.Project, str], emulator: Any,
) -> None:
    proj, vc = project
    theirs = emulator.client().create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[0]), Name="Ride One",
        Capabilities=["Voice"])["ProxySession"]["ProxySessionId"]
    generated = proj.directory / "generated.yaml"
    done = proj.pulumi("import", SESSION, "ride", f"{vc}/{theirs}", "--yes", "--protect=false",
                       "--out", str(generated))
    assert "1 imported" in done.stdout, done.stdout
    code = generated.read_text()
    assert "capabilities" in code and vc in code, code
    assert f"adoptProxySessionId: {theirs}" in code, code  # an import is a takeover
    for text in (done.stdout, done.stderr, code):
        assert not any(n.lstrip("+") in text for n in support.NUMBERS[0]) and "Ride One" not in text
    # The program declares them, from wherever it keeps secrets: nothing to change.
    write_program(proj.directory, vc, name="Ride One", adopt=theirs)
    calm = scenario.engine_verdict(proj)
    assert calm.returncode == 0, calm.stdout + calm.stderr


TAKEOVER = """\
resources:
  proxy:
    type: chime-proxy:index:VoiceConnectorProxy
    properties:
      voiceConnectorId: {vc}
      defaultSessionExpiryMinutes: 60
      phoneNumberPoolCountries: [US]
      {adopt_existing}
    {import_proxy}
  ride:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: {vc}
      participantPhoneNumbers: ["{p0}", "{p1}"]
      capabilities: [Voice]
      {adopt_session}
    {session_options}
outputs:
  id: ${{ride.proxySessionId}}
"""


def write_takeover(directory: Path, vc: str, taken: str | None = None,
                   adopt: tuple[str, ...] = ()) -> None:
    """Stack A's program (``taken`` None), or stack B's: the same two resources imported
    from A (``taken``: the session's id), with the takeover input of those in ``adopt``."""
    p0, p1 = support.NUMBERS[1]
    directory.mkdir(exist_ok=True)
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project(directory.name, TAKEOVER.format(
        vc=vc, p0=p0, p1=p1,
        adopt_existing="adoptExisting: true" if "proxy" in adopt else "",
        adopt_session=f"adoptProxySessionId: {taken}" if "ride" in adopt else "",
        import_proxy=f"options: {{import: {vc}}}" if taken else "",
        # independent in B, so that the preview judges both imports
        session_options=(f"options: {{import: {vc}/{taken}}}" if taken
                         else 'options: {dependsOn: ["${proxy}"]}'))))


def test_an_import_takes_over_only_on_purpose_and_its_destroy_warns(
    tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any,
) -> None:
    """Stack B declares stack A's proxy configuration and session with the ``import``
    option. Without ``adoptExisting`` and ``adoptProxySessionId`` (the inputs that take
    over on create) the preview refuses the import and nothing of A's changes; with them B
    owns both, and B's destroy warns for each as after any takeover."""
    client = emulator.client()
    vc = support.bare_voice_connector(client, name="takeover")
    write_takeover(tmp_path / "a", vc)
    a = scenario.new_project(tmp_path / "a", pulumi_install, backend_dir, emulator, "takeover")
    a.pulumi("up", "--yes")
    ps = json.loads(a.pulumi("stack", "output", "--json").stdout)["id"]
    live = client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"]

    write_takeover(tmp_path / "b", vc, taken=ps)
    b = scenario.new_project(tmp_path / "b", pulumi_install, backend_dir, emulator, "takeover")
    refusals = {
        "proxy": "adoptExisting: this VoiceConnectorProxy existed before the stack took it over "
                 "(by import or adoption); declare adoptExisting: true",
        "ride": "adoptProxySessionId: this ProxySession existed before the stack took it over "
                f"(by import or adoption); declare adoptProxySessionId: {ps}",
    }
    for declared, undeclared in (("proxy", "ride"), ("ride", "proxy")):
        write_takeover(tmp_path / "b", vc, taken=ps, adopt=(declared,))
        refused = b.pulumi("up", "--yes", check=False)
        assert refused.returncode != 0, refused.stdout
        said = "\n".join(error_lines(refused))
        assert refusals[undeclared] in said and refusals[declared] not in said, said
        assert resource_names(b) == []
        assert client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"] == live
        assert scenario.engine_verdict(a).returncode == 0

    write_takeover(tmp_path / "b", vc, taken=ps, adopt=("proxy", "ride"))
    taken = b.pulumi("up", "--yes")
    assert "2 imported" in taken.stdout, taken.stdout
    destroyed = b.pulumi("destroy", "--yes")
    warned = destroyed.stdout + destroyed.stderr
    assert f"deleted proxy session {ps} on voice connector {vc}, which this stack took over" in warned
    assert f"deleted the proxy configuration of voice connector {vc}, which this stack took over" in warned
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
    assert scenario.gate(a).returncode == 2  # A learns it from its gate


INVOKE = """\
variables:
  looked:
    fn::invoke:
      function: chime-proxy:index:getProxySession
      arguments:
        voiceConnectorId: {vc}
        proxySessionId: {ps}
outputs:
  participants: ${{looked.participants}}
  name: ${{looked.name}}
  status: ${{looked.status}}
"""


def test_yaml_fn_invoke_answers_with_the_numbers_and_the_name_masked(
    project: tuple[scenario.Project, str], emulator: Any, backend_dir: Path,
) -> None:
    """YAML's ``fn::invoke`` hands the program plain values, as every SDK's plain form
    does: the provider's answer holds no secret to lose."""
    proj, vc = project
    theirs = emulator.client().create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[0]), Name="Ride One",
        Capabilities=["Voice"])["ProxySession"]["ProxySessionId"]
    (proj.directory / "Pulumi.yaml").write_text(
        scenario.yaml_project("native-hardening", INVOKE.format(vc=vc, ps=theirs)))
    up = proj.pulumi("up", "--yes")
    outputs = json.loads(proj.pulumi("stack", "output", "--json", "--show-secrets").stdout)
    assert outputs["status"] == "Open"
    assert [p["phoneNumber"] for p in outputs["participants"]] == ["+1******00", "+1******01"]
    assert outputs["name"] == "******"
    for text in (up.stdout, up.stderr, scenario.backend_text(backend_dir)):
        assert not any(n.lstrip("+") in text for n in support.NUMBERS[0]) and "Ride One" not in text
