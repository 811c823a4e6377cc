"""Typed output values of a proxy session: what ``participants`` and
:func:`~pulumi_chime_proxy.get_proxy_session` resolve to.

They are Pulumi output types (``@pulumi.output_type``, dict subclasses as pulumi-aws
generates them): the SDK builds them from the engine's values, so a program reads
``participant.phone_number`` (typed) and ``participant["phone_number"]`` alike, and
stack outputs serialize them as plain maps.
"""

from __future__ import annotations

from typing import Any

import pulumi


@pulumi.output_type
class Participant(dict):  # type: ignore[type-arg]
    """One participant of a session: their own number and the proxy number they see."""

    def __init__(self, *, phone_number: str, proxy_phone_number: str | None = None) -> None:
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
        value = pulumi.get(self, "proxy_phone_number")
        return None if value is None else str(value)


@pulumi.output_type
class GetProxySessionResult(dict):  # type: ignore[type-arg]
    """A proxy session as GetProxySession reports it (the read-only lookup's result)."""

    def __init__(self, *, proxy_session_id: str, voice_connector_id: str, status: str,
                 capabilities: list[str], participants: list[Participant],
                 participant_phone_numbers: list[str], name: str | None = None,
                 expiry_minutes: int | None = None, created_timestamp: str | None = None,
                 updated_timestamp: str | None = None, ended_timestamp: str | None = None,
                 number_selection_behavior: str | None = None, geo_match_level: str | None = None,
                 geo_match_params: dict[str, str] | None = None) -> None:
        for key, value in locals().items():
            if key not in ("self", "__class__"):
                pulumi.set(self, key, value)

    @property
    @pulumi.getter(name="proxy_session_id")
    def proxy_session_id(self) -> str:
        """The session's id."""
        return str(pulumi.get(self, "proxy_session_id"))

    @property
    @pulumi.getter(name="voice_connector_id")
    def voice_connector_id(self) -> str:
        """The Voice Connector the session belongs to."""
        return str(pulumi.get(self, "voice_connector_id"))

    @property
    @pulumi.getter(name="status")
    def status(self) -> str:
        """``Open``, ``InProgress`` or ``Closed``."""
        return str(pulumi.get(self, "status"))

    @property
    @pulumi.getter(name="capabilities")
    def capabilities(self) -> list[str]:
        """``Voice`` and/or ``SMS``."""
        return list(pulumi.get(self, "capabilities") or [])

    @property
    @pulumi.getter(name="participants")
    def participants(self) -> list[Participant]:
        """Each participant with the proxy number they see."""
        return list(pulumi.get(self, "participants") or [])

    @property
    @pulumi.getter(name="participant_phone_numbers")
    def participant_phone_numbers(self) -> list[str]:
        """The participants' numbers."""
        return list(pulumi.get(self, "participant_phone_numbers") or [])

    @property
    @pulumi.getter(name="name")
    def name(self) -> str | None:
        """The session name, if any."""
        return _optional(pulumi.get(self, "name"))

    @property
    @pulumi.getter(name="expiry_minutes")
    def expiry_minutes(self) -> int | None:
        """Minutes from creation until the session closes."""
        value = pulumi.get(self, "expiry_minutes")
        return None if value is None else int(value)

    @property
    @pulumi.getter(name="created_timestamp")
    def created_timestamp(self) -> str | None:
        """ISO-8601 creation time."""
        return _optional(pulumi.get(self, "created_timestamp"))

    @property
    @pulumi.getter(name="updated_timestamp")
    def updated_timestamp(self) -> str | None:
        """ISO-8601 time of the last change."""
        return _optional(pulumi.get(self, "updated_timestamp"))

    @property
    @pulumi.getter(name="ended_timestamp")
    def ended_timestamp(self) -> str | None:
        """ISO-8601 time the session closed, or None while it is open."""
        return _optional(pulumi.get(self, "ended_timestamp"))

    @property
    @pulumi.getter(name="number_selection_behavior")
    def number_selection_behavior(self) -> str | None:
        """``PreferSticky`` or ``AvoidSticky``."""
        return _optional(pulumi.get(self, "number_selection_behavior"))

    @property
    @pulumi.getter(name="geo_match_level")
    def geo_match_level(self) -> str | None:
        """``Country`` or ``AreaCode``."""
        return _optional(pulumi.get(self, "geo_match_level"))

    @property
    @pulumi.getter(name="geo_match_params")
    def geo_match_params(self) -> dict[str, str] | None:
        """``{"country": ..., "area_code": ...}``."""
        value = pulumi.get(self, "geo_match_params")
        return None if value is None else dict(value)


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)
