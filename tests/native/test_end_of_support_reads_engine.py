"""The end-of-support runbook's two cases a program hits beyond its own resources
(docs/end-of-support.md, decommissioning step 2), through the real CLI and a YAML program,
with the commands the runbook gives: a read of what the stack does not own (``get``, as
Python's ``ProxySession.get()``) fails in one line that does not ask for ``forget`` again,
and only leaving the program lets destroy run; what ``pulumi import`` brought in stays
protected under ``--run-program`` until the program drops ``protect``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

pytestmark = pytest.mark.engine

SESSION = "chime-proxy:index:ProxySession"
READ = """\
  seen:
    type: chime-proxy:index:ProxySession
    get:
      id: {vc}/{seen}
"""
PROTECTED = "    options:\n      protect: true\n"


def write_program(directory: Path, vc: str, seen: str | None, imported: str | None,
                  protect: bool) -> None:
    (a0, a1), (b0, b1) = support.NUMBERS[:2]
    body = scenario.yaml_session("ride", vc, (a0, a1))
    if seen:
        body += READ.format(vc=vc, seen=seen)
    if imported:
        # As the code `pulumi import` writes, with the numbers it leaves to the program.
        body += scenario.yaml_session("imported", vc, (b0, b1), adoptProxySessionId=imported)
        body += PROTECTED if protect else ""
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project("eos-reads", f"resources:\n{body}"))


def in_state(project: scenario.Project) -> dict[str, bool]:
    """Each proxy session in the stack's state, by name: whether it is protected."""
    exported = json.loads(project.pulumi("stack", "export").stdout)
    return {r["urn"].rsplit("::", 1)[-1]: bool(r.get("protect"))
            for r in exported["deployment"].get("resources") or [] if r["type"] == SESSION}


def error_text(done: Any) -> str:
    assert done.returncode != 0, done.stdout
    return " ".join((done.stdout + done.stderr).split())


def test_a_read_or_an_import_in_the_program_and_the_runbook_way_out(
    tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any,
) -> None:
    client = emulator.client()
    vc = support.voice_connector(client)
    theirs = [client.create_proxy_session(VoiceConnectorId=vc, ParticipantPhoneNumbers=list(numbers),
                                          Capabilities=["Voice"])["ProxySession"]["ProxySessionId"]
              for numbers in support.NUMBERS[1:]]
    imported, seen = theirs
    directory = tmp_path / "project"
    directory.mkdir()
    write_program(directory, vc, seen, None, protect=False)
    proj = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "eos-reads")
    proj.pulumi("up", "--yes")
    done = proj.pulumi("import", SESSION, "imported", f"{vc}/{imported}", "--yes")
    assert "1 imported" in done.stdout, done.stdout
    write_program(directory, vc, seen, imported, protect=True)
    proj.pulumi("up", "--yes")
    assert in_state(proj) == {"ride": False, "seen": False, "imported": True}

    emulator.admin.end_of_support("forbidden")
    proj.pulumi("config", "set", "chime-proxy:endOfSupport", "forget")
    way_out = "remove the import or .get() from the program"
    text = error_text(proj.pulumi("destroy", "--yes", "--run-program", check=False))
    assert way_out in text and "set chime-proxy:endOfSupport to forget" not in text, text
    # Deleting the read from the state does not help: the program reads it again.
    proj.pulumi("state", "delete", f"urn:pulumi:dev::eos-reads::{SESSION}::seen", "--yes")
    assert way_out in error_text(proj.pulumi("destroy", "--yes", "--run-program", check=False))

    write_program(directory, vc, None, imported, protect=True)
    protected = "cannot be deleted because it is protected"
    assert protected in error_text(proj.pulumi("destroy", "--yes", "--run-program", check=False))
    proj.pulumi("state", "unprotect", f"urn:pulumi:dev::eos-reads::{SESSION}::imported", "--yes")
    assert in_state(proj)["imported"] is False
    # --run-program applies the program's protect again.
    assert protected in error_text(proj.pulumi("destroy", "--yes", "--run-program", check=False))

    write_program(directory, vc, None, imported, protect=False)
    done = proj.pulumi("destroy", "--yes", "--run-program")
    forgotten = [line for line in done.stdout.splitlines() if "left the stack's state without being" in line]
    assert {imported in line for line in forgotten} == {True, False}, done.stdout  # it and ride
    assert in_state(proj) == {}
    emulator.admin.end_of_support("off")
    assert len(client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]) == 3  # none deleted
