"""The end-of-support warning through the real engine: one per preview/up of a stack whose
endpoint is AWS, however many resources it has; none for the emulator's endpoint, and
none when the loaded model does not mark the operations.

Only ``preview`` runs against the AWS endpoint: previewing new resources checks them
(the client is built, no call is made), so nothing reaches AWS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, VoiceConnectorProxy
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.servicemodel import end_of_support

from tests import support as helpers
from tests.servicemodel.models import forget_loaded_model, model_without_deprecation

pytestmark = pytest.mark.engine


def warnings_naming_the_notice(run: Any, notice: end_of_support.EndOfSupport) -> int:
    """How many warnings the run's engine events carry that quote the model's notice."""
    events: list[auto.EngineEvent] = []
    run(on_event=events.append)
    return sum(1 for event in events
               if event.diagnostic_event and event.diagnostic_event.severity == "warning"
               and notice.message in event.diagnostic_event.message)


def test_one_warning_per_run_for_an_aws_endpoint(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CHIME_SDK_VOICE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    forget_loaded_model()
    notice = end_of_support.notice()
    assert notice is not None
    client = emulator.client()
    vc = helpers.voice_connector(client)
    bare = client.create_voice_connector(Name="bare", RequireEncryption=False)
    bare_id = bare["VoiceConnector"]["VoiceConnectorId"]

    def program() -> None:
        VoiceConnectorProxy("proxy", voice_connector_id=bare_id,
                            default_session_expiry_minutes=30, phone_number_pool_countries=["US"])
        for index, pair in enumerate(helpers.NUMBERS):
            ProxySession(f"s{index}", voice_connector_id=vc, capabilities=["Voice"],
                         participant_phone_numbers=list(pair))

    stack = helpers.stack("endofsupport", program, pulumi_install, backend_dir,
                          emulator.endpoint_url)
    try:
        stack.remove_config("chime-proxy:endpoint")
        assert warnings_naming_the_notice(stack.preview, notice) == 1
        assert warnings_naming_the_notice(stack.preview, notice) == 1  # again: per run
        with model_without_deprecation(tmp_path / "models", monkeypatch):
            assert warnings_naming_the_notice(stack.preview, notice) == 0

        stack.set_all_config(helpers.emulator_config(emulator.endpoint_url))
        assert warnings_naming_the_notice(stack.preview, notice) == 0
        assert warnings_naming_the_notice(stack.up, notice) == 0
    finally:
        stack.destroy(show_secrets=False)
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def test_the_native_provider_warns_once_per_run_too(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A YAML program on the plugin: the same one warning per preview when its endpoint is
    AWS (the plugin checks the new session, no call is made), none on the emulator."""
    from tests.native import scenario

    for variable in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CHIME_SDK_VOICE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    forget_loaded_model()
    notice = end_of_support.notice()
    assert notice is not None
    directory = tmp_path / "yaml"
    directory.mkdir()
    session = scenario.yaml_session("ride", helpers.voice_connector(emulator.client()), helpers.NUMBERS[0])
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project("eos-native", f"resources:\n{session}"))
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "eos")

    def warnings() -> list[str]:
        """The warnings quoting the notice in the preview's Diagnostics section (the
        progress lines above it echo each one)."""
        shown = project.pulumi("preview").stdout
        diagnostics = shown.partition("Diagnostics:")[2].partition("Resources:")[0]
        return [line for line in diagnostics.splitlines() if notice.message in line]

    assert warnings() == []  # the emulator
    project.pulumi("config", "rm", "chime-proxy:endpoint")
    found = warnings()
    assert len(found) == 1 and ".us-east-1.amazonaws.com" in found[0], found
    assert emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0) == 0


def recorded(stack: auto.Stack) -> dict[str, Any]:
    """Each resource's id and plain outputs (secrets are re-encrypted on every save)."""
    return {r["urn"]: (r.get("id"), {k: v for k, v in r.get("outputs", {}).items()
                                     if not isinstance(v, dict) or "ciphertext" not in v})
            for r in stack.export_stack().deployment["resources"]}


@pytest.mark.parametrize("mode", ["bad-request", "forbidden"])
def test_a_retired_api_fails_up_and_refresh_in_one_line_and_keeps_the_state(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path, mode: str,
) -> None:
    vc = helpers.voice_connector(emulator.client())
    count = {"sessions": 1}

    def program() -> None:
        for index in range(count["sessions"]):
            ProxySession(f"s{index}", voice_connector_id=vc, capabilities=["Voice"],
                         participant_phone_numbers=list(helpers.NUMBERS[index]))

    stack = helpers.stack(f"retired-{mode}", program, pulumi_install, backend_dir,
                          emulator.endpoint_url)
    try:
        stack.up(show_secrets=False)
        before = recorded(stack)
        emulator.admin.end_of_support(mode)
        count["sessions"] = 2
        for run in (stack.up, stack.refresh):
            with pytest.raises(auto.errors.CommandError) as failure:
                run()
            # The provider's own line (the dynamic host of pulumi >= 3.260 prints the
            # traceback above it: README "Error messages").
            errors = [line for line in str(failure.value).splitlines() if "failed for" in line]
            assert errors and all("end of support" in line and end_of_support.DOCS in line
                                  for line in errors), run
            assert "+1206" not in str(failure.value)
        assert recorded(stack) == before
    finally:
        emulator.admin.end_of_support("off")
        count["sessions"] = 1
        stack.destroy(show_secrets=False)
