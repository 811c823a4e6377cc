"""``VoiceConnectorProxy`` (a Voice Connector's proxy configuration), declared once:
every property, its API member, its change class, its comparison and its doc. The rest
of ``proxy_config/`` derives from this (:mod:`..kernel.spec` says what and how).

PutVoiceConnectorProxy replaces the whole configuration, so every input but the
connector updates in place, and an unset input means its default: no fallback number,
enabled. Put cannot tell a new configuration from someone else's, so create looks
first and takes over an existing one only when ``adopt_existing`` says so. The
fallback number is secret because the model marks phone numbers ``sensitive``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..kernel.props import as_int, flag, phone_key
from ..kernel.spec import Property, ResourceSpec, same


def _unless_empty(normalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``normalize``, with None and "" meaning unset."""
    def compare(value: Any) -> Any:
        return None if value is None or value == "" else normalize(value)
    return compare


def _countries(value: Any) -> Any:
    return sorted(set(map(str, value))) if isinstance(value, list) else value


def _live_countries(proxy_config: Mapping[str, Any]) -> list[Any]:
    return list(proxy_config.get("PhoneNumberCountries") or [])


def _send_list(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


VOICE_CONNECTOR_PROXY = ResourceSpec(
    kind="VoiceConnectorProxy",
    doc="The proxy configuration of an Amazon Chime SDK Voice connector.",
    create_operation="PutVoiceConnectorProxy",
    read_operation="GetVoiceConnectorProxy",
    read_member="Proxy",
    properties=(
        Property("voice_connector_id", "The Voice Connector to configure (also the "
                 "resource id).", "string", api="VoiceConnectorId", required=True,
                 compare=_unless_empty(same), rule="the model's Voice Connector id pattern",
                 on_change="replace (the configuration moves to the other connector)"),
        Property("default_session_expiry_minutes", "Minutes a session lasts when it sets "
                 "no expiry of its own.", "integer", api="DefaultSessionExpiryMinutes",
                 required=True, change="update", compare=_unless_empty(as_int), to_api=as_int,
                 rule="whole number from 1 to 2147483647 (the model's 32-bit `integer`)"),
        Property("phone_number_pool_countries", "Countries whose numbers serve as proxy "
                 "numbers.", "array", items="string", api="PhoneNumberPoolCountries",
                 required=True, change="update", compare=_unless_empty(_countries),
                 to_api=_send_list, read=_live_countries,
                 rule="1-100 ISO 3166-1 alpha-2 codes (`^[A-Z]{2}$`, and assigned to a country), no repeats"),
        Property("fall_back_phone_number", "The number callers reach when they dial a proxy "
                 "number outside a session.", "string", api="FallBackPhoneNumber",
                 change="update", compare=_unless_empty(phone_key),
                 read=lambda proxy_config: proxy_config.get("FallBackPhoneNumber") or None,
                 default="none", rule=r"E.164 (`^\+?[1-9]\d{1,14}$`)"),
        Property("disabled", "True stops new proxy sessions on the connector.", "boolean",
                 api="Disabled", change="update", compare=flag, to_api=bool,
                 read=lambda proxy_config: flag(proxy_config.get("Disabled")),
                 default="`False` (enabled)", rule="boolean"),
        Property("adopt_existing", "Take over a proxy configuration that already exists "
                 "on the connector instead of failing.", "boolean", change="record",
                 compare=flag, default="`False`: create fails on a connector that has one",
                 rule="take over a configuration already on the connector (another stack's, or "
                 "one made outside Pulumi); destroy then deletes it", takes_over=True),
        Property("phone_number_countries", "The live pool countries, under the API's "
                 "output name.", "array", items="string", api="PhoneNumberCountries",
                 input=False),
    ),
)
