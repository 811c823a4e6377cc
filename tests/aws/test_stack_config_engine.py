"""Bad provider config through the real engine: one line naming the key and the rule, at
preview and at ``up``, no Python traceback, nothing registered and nothing recorded.

Values the rules can judge alone are checked in the program (dynamic/stack_config.py); a
profile that is not in the AWS files is found by the provider's check, where the calls
will run. The way out of a profile the last ``up`` recorded is in its message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession
from pulumi_chime_proxy.aws.clients import RECORDED_CONFIG
from pulumi_chime_proxy.aws.settings import ConfigError, settings_from_config
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.kernel.shards import SHARDS_KEY, shard_count

from tests import support

# floor: the dynamic host's configure and its errors, at the oldest releases too.
pytestmark = [pytest.mark.engine, pytest.mark.floor]

#: One bad value per config key the providers read, each breaking a different rule.
BAD_VALUES = [
    ("chime-proxy:maxAttempts", "abc"),
    ("chime-proxy:readTimeout", "0"),
    ("chime-proxy:connectTimeout", "601"),
    ("aws:endpoints", json.dumps([{"chimesdkvoce": "http://127.0.0.1:4599"}])),
    ("chime-proxy:endpoint", "127.0.0.1:4599"),
    ("chime-proxy:region", "us east 1"),
    ("chime-proxy:profile", " ops"),
    (SHARDS_KEY, "0"),
]


def rule_of(key: str, value: str) -> str:
    """The message the pure rules give for ``key`` = ``value``."""
    try:
        if key == SHARDS_KEY:
            shard_count(value)
        else:
            settings_from_config({key: value}.get)
    except ConfigError as exc:
        return str(exc)
    raise AssertionError(f"{key}={value!r} is accepted")


def failure_text(run: Any) -> str:
    with pytest.raises(auto.errors.CommandError) as failure:
        run()
    return str(failure.value)


def provider_inputs(stack: auto.Stack) -> dict[str, Any]:
    """The default provider's recorded inputs (the config refresh and destroy use)."""
    resources = stack.export_stack().deployment["resources"]
    return next(r["inputs"] for r in resources if r["type"] == "pulumi:providers:pulumi-python")


def test_bad_config_is_one_line_and_never_recorded(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aws_config, credentials = tmp_path / "aws-config", tmp_path / "aws-credentials"
    aws_config.write_text("[profile ops]\nregion = us-east-1\n")
    credentials.write_text("[ops]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    vc = support.voice_connector(emulator.client())

    def program() -> None:
        ProxySession("s", voice_connector_id=vc, capabilities=["Voice"],
                     participant_phone_numbers=list(support.NUMBERS[0]))

    stack = support.stack("badconfig", program, pulumi_install, backend_dir, emulator.endpoint_url)
    good = support.emulator_config(emulator.endpoint_url)
    try:
        stack.up(show_secrets=False)
        recorded = provider_inputs(stack)
        for key, value in BAD_VALUES:
            if key == "aws:endpoints":  # the older key is read only where ours is unset
                stack.remove_config("chime-proxy:endpoint")
            stack.set_config(key, auto.ConfigValue(value))
            for run in (stack.preview, stack.up):
                text = failure_text(run)
                assert f"error: {rule_of(key, value)}\n" in text, (key, run)
                assert "Traceback" not in text and "File \"" not in text, (key, run)
            stack.remove_config(key)
            stack.set_all_config(good)
        assert provider_inputs(stack) == recorded
        calls = emulator.admin.calls()["ByOperation"]
        assert calls.get("CreateProxySession") == 1  # the first up's, and no other
        assert not {"UpdateProxySession", "DeleteProxySession"} & calls.keys()

        # A profile the AWS files do not have: the provider's check, one line.
        stack.set_config("chime-proxy:profile", auto.ConfigValue("nosuch"))
        for run in (stack.preview, stack.up):
            text = failure_text(run)
            assert "has a problem: chime-proxy:profile: no profile named 'nosuch'" in text
            assert "Traceback" not in text
        # The failed up recorded it, so a refresh still uses it after the key is gone;
        # the message says how to get out, and that way works.
        stack.remove_config("chime-proxy:profile")
        assert RECORDED_CONFIG in failure_text(lambda: stack.up(show_secrets=False, refresh=True))
        stack.up(show_secrets=False)
        assert stack.up(show_secrets=False, refresh=True).summary.resource_changes == {"same": 2}

        # A profile that is there is accepted, and used (destroy runs with it).
        stack.set_config("chime-proxy:profile", auto.ConfigValue("ops"))
        assert stack.up(show_secrets=False).summary.resource_changes == {"same": 2}
    finally:
        stack.destroy(show_secrets=False)
    assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
