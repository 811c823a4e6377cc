"""Typed output values of a proxy session.

Generated from ``sessions/spec.py`` by ``python -m chime_proxy_dev generate``:
edit the spec, not this file.

What ``participants`` and :func:`~pulumi_chime_proxy.get_proxy_session` resolve
to. They are Pulumi output types (``@pulumi.output_type``, dict subclasses as pulumi-aws
generates them): the SDK builds them from the engine's values, so a program reads
``participant.phone_number`` (typed) and ``participant["phone_number"]`` alike, and
stack outputs serialize them as plain maps.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pulumi

T = TypeVar("T")


@pulumi.output_type
class Participant(dict):  # type: ignore[type-arg]
    """Each participant's number and the proxy number they see."""

    def __init__(
        self,
        *,
        phone_number: str,
        proxy_phone_number: str | None = None,
    ) -> None:
        pulumi.set(self, "phone_number", phone_number)
        pulumi.set(self, "proxy_phone_number", proxy_phone_number)

    @property
    @pulumi.getter(name="phone_number")
    def phone_number(self) -> str:
        """The participant's E.164 number."""
        return str(pulumi.get(self, "phone_number"))

    @property
    @pulumi.getter(name="proxy_phone_number")
    def proxy_phone_number(self) -> str | None:
        """The proxy number the participant calls and texts, and sees as the caller."""
        return _optional(pulumi.get(self, "proxy_phone_number"), str)


@pulumi.output_type
class GetProxySessionResult(dict):  # type: ignore[type-arg]
    """A ProxySession as GetProxySession reports it (the read-only lookup's result)."""

    def __init__(
        self,
        *,
        voice_connector_id: str,
        participant_phone_numbers: list[str],
        capabilities: list[str],
        proxy_session_id: str,
        status: str,
        participants: list[Participant],
        name: str | None = None,
        expiry_minutes: int | None = None,
        number_selection_behavior: str | None = None,
        geo_match_level: str | None = None,
        geo_match_params: dict[str, str] | None = None,
        created_timestamp: str | None = None,
        updated_timestamp: str | None = None,
        ended_timestamp: str | None = None,
    ) -> None:
        pulumi.set(self, "voice_connector_id", voice_connector_id)
        pulumi.set(self, "participant_phone_numbers", participant_phone_numbers)
        pulumi.set(self, "capabilities", capabilities)
        pulumi.set(self, "name", name)
        pulumi.set(self, "expiry_minutes", expiry_minutes)
        pulumi.set(self, "number_selection_behavior", number_selection_behavior)
        pulumi.set(self, "geo_match_level", geo_match_level)
        pulumi.set(self, "geo_match_params", geo_match_params)
        pulumi.set(self, "proxy_session_id", proxy_session_id)
        pulumi.set(self, "status", status)
        pulumi.set(self, "created_timestamp", created_timestamp)
        pulumi.set(self, "updated_timestamp", updated_timestamp)
        pulumi.set(self, "ended_timestamp", ended_timestamp)
        pulumi.set(self, "participants", participants)

    @property
    @pulumi.getter(name="voice_connector_id")
    def voice_connector_id(self) -> str:
        """The Voice Connector, with a proxy configuration."""
        return str(pulumi.get(self, "voice_connector_id"))

    @property
    @pulumi.getter(name="participant_phone_numbers")
    def participant_phone_numbers(self) -> list[str]:
        """Exactly two distinct E.164 numbers."""
        return list(pulumi.get(self, "participant_phone_numbers") or [])

    @property
    @pulumi.getter(name="capabilities")
    def capabilities(self) -> list[str]:
        """Voice and/or SMS."""
        return list(pulumi.get(self, "capabilities") or [])

    @property
    @pulumi.getter(name="name")
    def name(self) -> str | None:
        """Up to 30 letters, digits and spaces."""
        return _optional(pulumi.get(self, "name"), str)

    @property
    @pulumi.getter(name="expiry_minutes")
    def expiry_minutes(self) -> int | None:
        """Minutes from creation until the session closes."""
        return _optional(pulumi.get(self, "expiry_minutes"), int)

    @property
    @pulumi.getter(name="number_selection_behavior")
    def number_selection_behavior(self) -> str | None:
        """PreferSticky or AvoidSticky."""
        return _optional(pulumi.get(self, "number_selection_behavior"), str)

    @property
    @pulumi.getter(name="geo_match_level")
    def geo_match_level(self) -> str | None:
        """Country or AreaCode; needs geo_match_params."""
        return _optional(pulumi.get(self, "geo_match_level"), str)

    @property
    @pulumi.getter(name="geo_match_params")
    def geo_match_params(self) -> dict[str, str] | None:
        """The country and area code to prefer."""
        return _optional(pulumi.get(self, "geo_match_params"), dict)

    @property
    @pulumi.getter(name="proxy_session_id")
    def proxy_session_id(self) -> str:
        """The session's id (also the resource id)."""
        return str(pulumi.get(self, "proxy_session_id"))

    @property
    @pulumi.getter(name="status")
    def status(self) -> str:
        """Open, InProgress or Closed, as last read."""
        return str(pulumi.get(self, "status"))

    @property
    @pulumi.getter(name="created_timestamp")
    def created_timestamp(self) -> str | None:
        """ISO-8601 creation time."""
        return _optional(pulumi.get(self, "created_timestamp"), str)

    @property
    @pulumi.getter(name="updated_timestamp")
    def updated_timestamp(self) -> str | None:
        """ISO-8601 time of the last change."""
        return _optional(pulumi.get(self, "updated_timestamp"), str)

    @property
    @pulumi.getter(name="ended_timestamp")
    def ended_timestamp(self) -> str | None:
        """ISO-8601 time the session closed, or none while open."""
        return _optional(pulumi.get(self, "ended_timestamp"), str)

    @property
    @pulumi.getter(name="participants")
    def participants(self) -> list[Participant]:
        """Each participant's number and the proxy number they see."""
        return list(pulumi.get(self, "participants") or [])


def _optional(value: Any, kind: type[T]) -> T | None:
    return None if value is None else kind(value)  # type: ignore[call-arg]
