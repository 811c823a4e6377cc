"""Where the client points: stack config the pulumi-aws way, else boto3's chain.

Every bad value is rejected by ``settings_from_config`` (pure: no client, no call) with
a message that names the key and the rule.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.aws.endpoint_keys import PULUMI_AWS_ENDPOINT_KEYS
from pulumi_chime_proxy.aws.settings import (
    DEFAULT_MAX_ATTEMPTS,
    ClientSettings,
    ConfigError,
    endpoint_from_config,
    installed_pulumi_aws_keys,
    native_settings,
    settings_from_config,
)

URL = "http://127.0.0.1:4599"


def getter(values: dict[str, Any]) -> Any:
    return values.get


def rejected(values: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        settings_from_config(getter(values))
    return str(caught.value)


# -- aws:endpoints ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        json.dumps([{"chimesdkvoice": URL}]),
        [{"s3": "http://x"}, {"chimesdkvoice": URL}],
        {"chimesdkvoice": URL},
        json.dumps([{"chimesdkvoice": URL, "chime": "http://other"}, {"chimesdkvoice": URL}]),
    ],
)
def test_endpoint_from_pulumi_aws_style_config(raw: Any) -> None:
    assert endpoint_from_config(raw) == URL


@pytest.mark.parametrize("raw", [None, "", "[]", json.dumps([{"s3": "http://x"}]), "{}"])
def test_no_endpoint_means_aws(raw: Any) -> None:
    assert endpoint_from_config(raw) is None


@pytest.mark.parametrize("raw", [
    [{"chime": URL}],                         # the legacy Amazon Chime service
    [{"chimesdkmediapipelines": URL}],
    [{"chime-sdk-voice": URL}],               # botocore's name, not pulumi-aws's
    [{"chimesdkVoice": URL}],
    [{"chimesdkvoice ": URL}],
    [{"voice-chime": URL}],
    [{"s3": "http://x", "chimesdk": URL}],
])
def test_a_typo_never_silently_means_aws(raw: Any) -> None:
    message = rejected({"aws:endpoints": json.dumps(raw)})
    assert message.startswith("aws:endpoints:") and "'chimesdkvoice'" in message


@given(st.text(min_size=1, max_size=60).filter(lambda k: k not in PULUMI_AWS_ENDPOINT_KEYS))
@settings(max_examples=300, deadline=None)
def test_any_key_pulumi_aws_does_not_know_is_an_error(key: str) -> None:
    message = rejected({"aws:endpoints": json.dumps([{key: URL}])})
    assert message.startswith("aws:endpoints: unknown key") and "chimesdkvoice" in message
    assert len(message) < 300  # a huge key is cut short


@pytest.mark.parametrize("raw", ["[{", "chimesdkvoice=http://x", "[{'chimesdkvoice': 1}]",
                                 "\x00", "[" * 100_000, "nul", "{\"a\": }"])
def test_malformed_json_names_the_key(raw: str) -> None:
    message = rejected({"aws:endpoints": raw})
    assert message.startswith("aws:endpoints: is not valid JSON")


@pytest.mark.parametrize("raw", ["5", "\"http://x\"", "[5]", "[[]]", "[null]", "true"])
def test_endpoints_must_be_maps(raw: str) -> None:
    assert rejected({"aws:endpoints": raw}).startswith("aws:endpoints: must be a list of maps")


@pytest.mark.parametrize("url", ["", "127.0.0.1:4599", "ftp://h", "http://", "http:///x",
                                 "http://h:99999", "http://h:port", "http://h /x", "http://\u0085h",
                                 "http://" + "h" * 3000, None, 5, ["http://h"], {"url": "x"}])
def test_the_endpoint_must_be_an_http_url(url: Any) -> None:
    message = rejected({"aws:endpoints": json.dumps([{"chimesdkvoice": url}])})
    assert message.startswith("aws:endpoints[0].chimesdkvoice: must be an http:// or https:// URL")


def test_two_different_urls_are_ambiguous() -> None:
    message = rejected({"aws:endpoints": json.dumps([{"chimesdkvoice": URL},
                                                      {"chimesdkvoice": "https://other"}])})
    assert "2 different URLs" in message


@pytest.mark.skipif(not installed_pulumi_aws_keys(), reason="pulumi-aws is not installed")
def test_our_list_of_pulumi_aws_keys_matches_the_installed_pulumi_aws() -> None:
    assert installed_pulumi_aws_keys() >= PULUMI_AWS_ENDPOINT_KEYS
    assert "chimesdkvoice" in PULUMI_AWS_ENDPOINT_KEYS


# -- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("key,field,default", [
    ("chime-proxy:maxAttempts", "max_attempts", DEFAULT_MAX_ATTEMPTS),
])
def test_max_attempts_bounds(key: str, field: str, default: int) -> None:
    assert getattr(settings_from_config(getter({key: "1"})), field) == 1
    assert getattr(settings_from_config(getter({key: "100"})), field) == 100
    assert getattr(settings_from_config(getter({key: ""})), field) == default


bad_integers = st.one_of(
    st.integers(max_value=0), st.integers(min_value=101),
    st.integers(max_value=0).map(str), st.integers(min_value=101).map(str),
    st.floats(allow_nan=True, allow_infinity=True), st.floats().map(repr),
    st.booleans(), st.lists(st.integers()), st.dictionaries(st.text(), st.integers()),
    st.text().filter(lambda t: t != "" and not (t.isascii() and t.isdigit() and 1 <= int(t) <= 100)),
)


@given(bad_integers)
@settings(max_examples=400, deadline=None)
def test_max_attempts_rejects_the_class_of_bad_values(raw: Any) -> None:
    message = rejected({"chime-proxy:maxAttempts": raw})
    assert message == "chime-proxy:maxAttempts: must be a whole number from 1 to 100" or (
        message.startswith("chime-proxy:maxAttempts: must be a whole number from 1 to 100, not "))


@pytest.mark.parametrize("key", ["chime-proxy:readTimeout", "chime-proxy:connectTimeout"])
@given(raw=st.one_of(
    st.floats().filter(lambda f: not (math.isfinite(f) and 0 < f <= 600)),
    st.integers().filter(lambda i: not 0 < i <= 600),
    st.text().filter(lambda t: t != "" and not _good_seconds(t)),
    st.booleans(), st.lists(st.floats()), st.none().map(lambda _: {}),
))
@settings(max_examples=300, deadline=None)
def test_timeouts_reject_the_class_of_bad_values(key: str, raw: Any) -> None:
    message = rejected({key: raw})
    assert message.startswith(f"{key}: must be a number of seconds greater than 0 and at most 600")


def _good_seconds(text: str) -> bool:
    try:
        return text.strip() == text and text.isascii() and 0 < float(text) <= 600 and (
            "e" not in text.lower() and not text.startswith(("+", "-", ".")))
    except ValueError:
        return False


def test_timeouts_from_config() -> None:
    values = {"chime-proxy:readTimeout": "2.5", "chime-proxy:connectTimeout": "1"}
    got = settings_from_config(getter(values))
    assert (got.read_timeout, got.connect_timeout) == (2.5, 1.0)


# -- chime-proxy:endOfSupport -----------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [(None, "fail"), ("", "fail"), ("fail", "fail"),
                                               ("forget", "forget")])
def test_end_of_support_choices(raw: Any, expected: str) -> None:
    assert settings_from_config(getter({"chime-proxy:endOfSupport": raw})).end_of_support == expected
    native = native_settings({"endOfSupport": raw}.get)
    assert native.client.end_of_support == expected


@given(raw=st.one_of(
    st.text().filter(lambda t: t not in ("", "fail", "forget")),
    st.integers(), st.booleans(), st.lists(st.text()), st.dictionaries(st.text(), st.text()),
))
@settings(max_examples=200, deadline=None)
def test_end_of_support_rejects_the_class_of_bad_values_without_echoing_them(raw: Any) -> None:
    message = rejected({"chime-proxy:endOfSupport": raw})
    assert message == "chime-proxy:endOfSupport: must be one of fail, forget"
    with pytest.raises(ConfigError, match=r"^chime-proxy:endOfSupport: must be one of fail, forget$"):
        native_settings({"endOfSupport": raw}.get)


# -- names -----------------------------------------------------------------------------

@pytest.mark.parametrize("region", ["us east 1", "-us-east-1", "us_east_1", "a" * 64, "ü-1",
                                    "us-east-1\n", " us-east-1"])
def test_a_malformed_region_names_the_key(region: str) -> None:
    assert rejected({"aws:region": region}).startswith("aws:region: must be")


@pytest.mark.parametrize("key", ["aws:region", "aws:profile"])
@pytest.mark.parametrize("raw", [5, ["ops"], {"a": 1}, True])
def test_names_must_be_strings(key: str, raw: Any) -> None:
    assert rejected({key: raw}).startswith(f"{key}: must be a string")


@pytest.mark.parametrize("profile", [" ops", "ops\t", "o\x00ps", "p" * 300])
def test_a_malformed_profile_names_the_key(profile: str) -> None:
    assert rejected({"aws:profile": profile}).startswith("aws:profile: must be a name")


def test_settings_from_stack_config() -> None:
    got = settings_from_config(getter({
        "aws:region": "eu-central-1", "aws:profile": "ops",
        "aws:endpoints": json.dumps([{"chimesdkvoice": "http://e"}]),
        "chime-proxy:maxAttempts": "12",
    }))
    assert got == ClientSettings(region="eu-central-1", profile="ops", endpoint_url="http://e",
                                 max_attempts=12)


@pytest.mark.parametrize("front", ["dynamic", "native"])
def test_both_fronts_read_the_same_chime_proxy_keys(front: str) -> None:
    """One config story: ``chime-proxy:region``/``profile``/``endpoint`` configure a dynamic
    stack and the native provider alike, under the same rules and messages."""
    values = {"region": "eu-west-2", "profile": "ops", "endpoint": URL, "maxAttempts": "3"}
    if front == "native":
        got = native_settings(getter(values)).client
    else:
        got = settings_from_config(getter({f"chime-proxy:{k}": v for k, v in values.items()}))
    assert (got.region, got.profile, got.endpoint_url, got.max_attempts) == ("eu-west-2", "ops", URL, 3)
    bad = {"endpoint": "ftp://x"}
    with pytest.raises(ConfigError, match=r"^chime-proxy:endpoint: must be an http:// or https:// URL"):
        if front == "native":
            native_settings(getter(bad))
        else:
            settings_from_config(getter({"chime-proxy:endpoint": "ftp://x"}))


def test_the_older_aws_keys_still_configure_a_dynamic_stack_where_ours_are_unset() -> None:
    older = {"aws:region": "eu-central-1", "aws:profile": "ops",
             "aws:endpoints": json.dumps([{"chimesdkvoice": "http://older"}])}
    got = settings_from_config(getter(older))
    assert (got.region, got.profile, got.endpoint_url) == ("eu-central-1", "ops", "http://older")
    ours = {"chime-proxy:region": "us-west-2", "chime-proxy:profile": "mine",
            "chime-proxy:endpoint": URL}
    got = settings_from_config(getter({**older, **ours}))
    assert (got.region, got.profile, got.endpoint_url) == ("us-west-2", "mine", URL)
    # An older key is not read where ours is set, so a stale value there is no error...
    assert settings_from_config(getter({"aws:region": "bad region", "chime-proxy:region": "us-east-1"}))
    # ...and the native provider is never given them.
    assert native_settings(getter({"aws:region": "eu-central-1"})).client.region is None


def test_unset_config_leaves_boto3_chain_in_charge() -> None:
    got = settings_from_config(getter({}))
    assert (got.region, got.profile, got.endpoint_url) == (None, None, None)
    assert got.max_attempts == DEFAULT_MAX_ATTEMPTS


def test_the_provider_rejects_bad_config_when_the_engine_configures_it() -> None:
    """``configure`` runs before check/create, so a typo fails before any AWS call."""
    from pulumi.dynamic import Config, ConfigureRequest
    from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

    provider = ProxySessionProvider()
    request = ConfigureRequest(Config({"aws:region": "us-east-1",
                                       "aws:endpoints": json.dumps([{"chime": URL}])}, "p"))
    with pytest.raises(ConfigError, match=r"^aws:endpoints: 'chime' is the endpoint of another"):
        provider.configure(request)
    good = ConfigureRequest(Config({"aws:region": "us-east-1", "chime-proxy:readTimeout": "3",
                                    "aws:endpoints": json.dumps([{"chimesdkvoice": URL}])}, "p"))
    provider.configure(good)
    assert (provider.settings.endpoint_url, provider.settings.read_timeout) == (URL, 3.0)
