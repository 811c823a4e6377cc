"""diff: live outputs against desired inputs, for up and for refresh alike."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.kernel.diff import ResourceDiff
from pulumi_chime_proxy.kernel.state import State
from pulumi_chime_proxy.proxy_config import diff
from pulumi_chime_proxy.proxy_config.props import UPDATABLE, outputs_from_proxy_config, put_params

VC = "abcdefghij0123456789ab"
INPUTS: dict[str, Any] = {
    "voice_connector_id": VC,
    "default_session_expiry_minutes": 60,
    "phone_number_pool_countries": ["US", "CA"],
}
def diff_proxy_config(live: dict[str, Any], inputs: dict[str, Any]) -> ResourceDiff:
    return diff.diff_proxy_config(State(live), inputs)


LIVE = outputs_from_proxy_config(VC, {"DefaultSessionExpiryMinutes": 60, "Disabled": False,
                                 "PhoneNumberCountries": ["CA", "US"]})


def test_no_changes_when_live_matches() -> None:
    result = diff_proxy_config(LIVE, INPUTS)
    assert result.changed == [] and not result.has_changes


def test_floats_and_order_are_not_drift() -> None:
    live = {**LIVE, "default_session_expiry_minutes": 60.0}
    assert not diff_proxy_config(live, {**INPUTS, "disabled": False}).has_changes


def test_out_of_band_expiry_change_is_an_in_place_update() -> None:
    result = diff_proxy_config({**LIVE, "default_session_expiry_minutes": 15}, INPUTS)
    assert result.changed == ["default_session_expiry_minutes"]
    assert result.replaces == []


def test_every_setting_updates_in_place() -> None:
    news = {**INPUTS, "default_session_expiry_minutes": 5, "phone_number_pool_countries": ["US"],
            "fall_back_phone_number": "+12065550199", "disabled": True, "adopt_existing": True}
    result = diff_proxy_config(LIVE, news)
    assert set(result.changed) == UPDATABLE
    assert result.replaces == []


def test_unset_optionals_mean_none_and_enabled() -> None:
    """Put replaces the whole configuration: live values the program omits are drift."""
    live = {**LIVE, "fall_back_phone_number": "+12065550199", "disabled": True}
    result = diff_proxy_config(live, INPUTS)
    assert result.changed == ["fall_back_phone_number", "disabled"]


def test_fallback_plus_prefix_is_not_drift() -> None:
    live = {**LIVE, "fall_back_phone_number": "12065550199"}
    assert not diff_proxy_config(live, {**INPUTS, "fall_back_phone_number": "+12065550199"}).has_changes


def test_new_voice_connector_replaces() -> None:
    result = diff_proxy_config(LIVE, {**INPUTS, "voice_connector_id": "zyxwvutsrq9876543210zy"})
    assert result.replaces == ["voice_connector_id"]


def test_unknown_input_is_a_change() -> None:
    result = diff_proxy_config(LIVE, {**INPUTS, "voice_connector_id": UNKNOWN})
    assert result.replaces == ["voice_connector_id"]


def test_put_params_and_outputs_round_trip() -> None:
    params = put_params({**INPUTS, "default_session_expiry_minutes": 60.0, "disabled": None})
    assert params == {"VoiceConnectorId": VC, "DefaultSessionExpiryMinutes": 60,
                      "PhoneNumberPoolCountries": ["US", "CA"]}
    assert isinstance(params["DefaultSessionExpiryMinutes"], int)
    outs = outputs_from_proxy_config(VC, {"DefaultSessionExpiryMinutes": 60,
                                     "PhoneNumberCountries": ["US", "CA"]})
    assert outs["disabled"] is False and outs["fall_back_phone_number"] is None
    assert outs["phone_number_countries"] == ["US", "CA"]
