"""Where the client points: stack config the pulumi-aws way, else boto3's chain."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi_chime_proxy.aws.settings import (
    DEFAULT_MAX_ATTEMPTS,
    ClientSettings,
    endpoint_from_config,
    settings_from_config,
)


def getter(values: dict[str, Any]) -> Any:
    return values.get


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps([{"chimesdkvoice": "http://127.0.0.1:4599"}]),
        [{"s3": "http://x"}, {"chimesdkvoice": "http://127.0.0.1:4599"}],
        {"chimesdkvoice": "http://127.0.0.1:4599"},
    ],
)
def test_endpoint_from_pulumi_aws_style_config(raw: Any) -> None:
    assert endpoint_from_config(raw) == "http://127.0.0.1:4599"


@pytest.mark.parametrize("raw", [None, "", "[]", json.dumps([{"s3": "http://x"}])])
def test_no_endpoint_means_aws(raw: Any) -> None:
    assert endpoint_from_config(raw) is None


def test_settings_from_stack_config() -> None:
    settings = settings_from_config(getter({
        "aws:region": "eu-central-1", "aws:profile": "ops",
        "aws:endpoints": json.dumps([{"chimesdkvoice": "http://e"}]),
        "chime-proxy:maxAttempts": "12",
    }))
    assert settings == ClientSettings(region="eu-central-1", profile="ops", endpoint_url="http://e",
                                      max_attempts=12)


def test_unset_config_leaves_boto3_chain_in_charge() -> None:
    settings = settings_from_config(getter({}))
    assert (settings.region, settings.profile, settings.endpoint_url) == (None, None, None)
    assert settings.max_attempts == DEFAULT_MAX_ATTEMPTS
