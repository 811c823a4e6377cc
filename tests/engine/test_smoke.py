"""The real engine drives a dynamic resource from the installed package end to end."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest
from chime_proxy_dev.noop import Noop
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

# floor: the dynamic front's smoke at the oldest releases too.
pytestmark = [pytest.mark.engine, pytest.mark.floor]


def test_outputs_are_read_when_used_and_never_stale(pulumi_install: PulumiCli, backend_dir: Path) -> None:
    """``Stack.up`` hands back outputs read when first used (engine/workspace.py): the
    values of that update, secrecy included, or an error once a later update ran."""
    runs: list[int] = []

    def program() -> None:
        runs.append(len(runs) + 1)
        pulumi.export("run", runs[-1])
        pulumi.export("word", pulumi.Output.secret("s3cret"))

    stack = workspace.inline_stack("lazy", "engine-outputs", program, pulumi_install, backend_dir)
    try:
        first = stack.up(show_secrets=False)
        assert first.outputs["run"].value == 1
        second = stack.up(show_secrets=False)
        third = stack.up(show_secrets=False)
        with pytest.raises(workspace.StaleOutputsError):
            second.outputs["run"]
        assert third.outputs["run"].value == 3 and first.outputs["run"].value == 1
        assert third.outputs["word"].secret and third.outputs["word"].value == "s3cret"
        assert not third.outputs["run"].secret
        assert stack.outputs()["run"].value == 3
    finally:
        stack.destroy(show_secrets=False)
        stack.workspace.remove_stack("lazy")


def test_up_refresh_up_destroy(pulumi_install: PulumiCli, backend_dir: Path) -> None:
    def program() -> None:
        res = Noop("one", value={"greeting": "hello", "n": 3})
        pulumi.export("value", res.value)

    stack = workspace.inline_stack("smoke", "engine-smoke", program, pulumi_install, backend_dir)
    try:
        up = stack.up(show_secrets=False)
        assert up.summary.resource_changes == {"create": 2}
        assert up.outputs["value"].value == {"greeting": "hello", "n": 3}

        refresh = stack.refresh(show_secrets=False)
        assert refresh.summary.resource_changes == {"same": 2}

        again = stack.up(show_secrets=False)
        assert again.summary.resource_changes == {"same": 2}  # idempotent

        # The provider is pickled by reference from the installed module, not __main__.
        state = stack.export_stack().deployment
        noop = next(r for r in state["resources"] if r["type"] == "pulumi-python:dynamic:Resource")
        assert noop["outputs"]["__provider"]  # the pickled provider is stored with the resource
    finally:
        destroyed = stack.destroy(show_secrets=False)
        stack.workspace.remove_stack("smoke")
    assert destroyed.summary.resource_changes == {"delete": 2}


def test_directory_program_runs_through_language_host(
    pulumi_install: PulumiCli, backend_dir: Path, tmp_path: Path
) -> None:
    """``pulumi up`` on a project directory works: our language host runs __main__.py."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: dirproj\nruntime: python\n")
    (project / "__main__.py").write_text(
        "import pulumi\nfrom chime_proxy_dev.noop import Noop\n"
        "cfg = pulumi.Config()\n"
        "r = Noop('one', value={'n': cfg.require('n'), 's': cfg.require_secret('s')})\n"
        "pulumi.export('value', r.value)\n"
    )
    stack = workspace.directory_stack("dev", project, pulumi_install, backend_dir)
    try:
        stack.set_config("n", pulumi.automation.ConfigValue("5"))
        stack.set_config("s", pulumi.automation.ConfigValue("hush", secret=True))
        up = stack.up(show_secrets=False)
        assert up.summary.resource_changes == {"create": 2}
        assert up.outputs["value"].value == {"n": "5", "s": "hush"}
        assert up.outputs["value"].secret  # a secret input makes the output secret
        assert "hush" not in workspace.encrypted_state(stack)
        assert "hush" in str(stack.export_stack().deployment)  # decrypts with the passphrase
    finally:
        stack.destroy(show_secrets=False)
