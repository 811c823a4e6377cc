"""``ProxySession``, declared once: every property, its API member, its change class,
its comparison and its doc. The rest of ``sessions/`` derives from this
(:mod:`..kernel.spec` says what and how).

A change to ``capabilities`` or ``expiry_minutes`` is an UpdateProxySession; every other
API input replaces the session (the API cannot change it). ``participants`` and
``participant_phone_numbers`` are secret because the model marks phone numbers
``sensitive``; ``name`` because its request member is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kernel.props import as_int, flag, phone_key
from ..kernel.spec import Field, Property, ResourceSpec


def _numbers(session: Mapping[str, Any]) -> list[Any]:
    return [p.get("PhoneNumber") for p in session.get("Participants") or []]


def _sorted_numbers(value: Any) -> Any:
    return sorted(phone_key(v) for v in value) if isinstance(value, list) else value


def _sorted_texts(value: Any) -> Any:
    return sorted(str(v) for v in value) if isinstance(value, list) else value


def _no_empty(value: Any) -> Any:
    return value or None  # the API may return "" for an unset name


PROXY_SESSION = ResourceSpec(
    kind="ProxySession",
    doc="An Amazon Chime SDK Voice proxy session between two participants, kept in sync "
        "with the live service.",
    create_operation="CreateProxySession",
    read_operation="GetProxySession",
    read_member="ProxySession",
    properties=(
        Property("voice_connector_id", "The Voice Connector, with a proxy configuration.",
                 "string", api="VoiceConnectorId", required=True,
                 rule="the model's Voice Connector id pattern"),
        Property("participant_phone_numbers", "Exactly two distinct E.164 numbers.",
                 "array", items="string", api="ParticipantPhoneNumbers", required=True,
                 compare=_sorted_numbers, read=_numbers,
                 rule=r"exactly 2 distinct E.164 numbers (`^\+?[1-9]\d{1,14}$`)"),
        Property("capabilities", "Voice and/or SMS.", "array", items="string",
                 api="Capabilities", required=True, change="update", compare=_sorted_texts,
                 rule="non-empty, from `Voice`, `SMS`, no repeats"),
        Property("name", "Up to 30 letters, digits and spaces.", "string", api="Name",
                 compare=_no_empty, rule="`^[a-zA-Z0-9 ]{0,30}$`",
                 default="a mark, `pulumi` and 16 hex digits (how a failed create finds its session)"),
        Property("expiry_minutes", "Minutes from creation until the session closes.",
                 "integer", api="ExpiryMinutes", change="update", compare=as_int, to_api=as_int,
                 default="the connector's `DefaultSessionExpiryMinutes`",
                 rule="whole number from 1 to 2147483647 (the model's 32-bit `integer`)"),
        Property("number_selection_behavior", "PreferSticky or AvoidSticky.", "string",
                 api="NumberSelectionBehavior", rule="`PreferSticky` or `AvoidSticky`"),
        Property("geo_match_level", "Country or AreaCode; needs geo_match_params.", "string",
                 api="GeoMatchLevel", rule="`Country` or `AreaCode`; needs `geo_match_params`"),
        Property("geo_match_params", "The country and area code to prefer.", "object",
                 api="GeoMatchParams", object_type="GeoMatchParams",
                 fields=(Field("country", "Country", "ISO 3166-1 alpha-2 country code, e.g. US.",
                               required=True),
                         Field("area_code", "AreaCode", "Three-digit area code, e.g. 206.",
                               required=True)),
                 rule='`{"country": "US", "area_code": "206"}`, both required'),
        Property("adopt_proxy_session_id", "Take over this existing session instead of "
                 "creating one.", "string",
                 rule="adopt this existing session instead of creating one",
                 on_change="replace if it names another session", takes_over=True),
        Property("keep_closed", "Keep a Closed session instead of replacing it.", "boolean",
                 change="record", compare=flag,
                 rule="keep a `Closed` session instead of replacing it"),
        Property("proxy_session_id", "The session's id (also the resource id).", "string",
                 api="ProxySessionId", input=False, required=True),
        Property("status", "Open, InProgress or Closed, as last read.", "string",
                 api="Status", input=False, required=True),
        Property("created_timestamp", "ISO-8601 creation time.", "string",
                 api="CreatedTimestamp", input=False),
        Property("updated_timestamp", "ISO-8601 time of the last change.", "string",
                 api="UpdatedTimestamp", input=False),
        Property("ended_timestamp", "ISO-8601 time the session closed, or none while open.",
                 "string", api="EndedTimestamp", input=False),
        Property("participants", "Each participant's number and the proxy number they see.",
                 "array", items="object", object_type="Participant", api="Participants",
                 input=False, required=True,
                 fields=(Field("phone_number", "PhoneNumber", "The participant's E.164 number.",
                               required=True),
                         Field("proxy_phone_number", "ProxyPhoneNumber", "The proxy number the "
                               "participant calls and texts, and sees as the caller."))),
    ),
    accepted_output=Property(
        "accepted_participants", "The participants and proxy numbers this stack last created, "
        "imported or updated; live ones that differ are drift of participants.", "array",
        items="object", object_type="Participant", input=False, mask="phone",
        fields=(Field("phone_number", "PhoneNumber", "The participant's E.164 number.", required=True),
                Field("proxy_phone_number", "ProxyPhoneNumber", "The proxy number."))),
)
