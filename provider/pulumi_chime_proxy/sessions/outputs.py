"""Typed output values of a proxy session.

Generated from ``sessions/spec.py`` by ``python -m chime_proxy_dev generate``:
edit the spec, not this file.

What ``participants`` and :func:`~pulumi_chime_proxy.get_proxy_session` resolve
to. They are Pulumi output types (``@pulumi.output_type``, dict subclasses declared by
annotations: the SDK makes their getters and ``__init__``), so a program reads
``participant.phone_number`` (typed) and ``participant["phone_number"]`` alike, and
stack outputs serialize them as plain maps.
"""

from __future__ import annotations

import pulumi


@pulumi.output_type
class Participant(dict):  # type: ignore[type-arg]
    """Each participant's number and the proxy number they see."""

    phone_number: str
    """The participant's E.164 number."""
    proxy_phone_number: str | None
    """The proxy number the participant calls and texts, and sees as the caller."""

    def __init__(
        self,
        *,
        phone_number: str,
        proxy_phone_number: str | None = None,
    ) -> None:
        super().__init__(
            phone_number=phone_number,
            proxy_phone_number=proxy_phone_number,
        )


@pulumi.output_type
class GetProxySessionResult(dict):  # type: ignore[type-arg]
    """A ProxySession as GetProxySession reports it (the read-only lookup's result)."""

    voice_connector_id: str
    """The Voice Connector, with a proxy configuration."""
    participant_phone_numbers: list[str]
    """Exactly two distinct E.164 numbers."""
    capabilities: list[str]
    """Voice and/or SMS."""
    proxy_session_id: str
    """The session's id (also the resource id)."""
    status: str
    """Open, InProgress or Closed, as last read."""
    participants: list[Participant]
    """Each participant's number and the proxy number they see."""
    name: str | None
    """Up to 30 letters, digits and spaces."""
    expiry_minutes: int | None
    """Minutes from creation until the session closes."""
    number_selection_behavior: str | None
    """PreferSticky or AvoidSticky."""
    geo_match_level: str | None
    """Country or AreaCode; needs geo_match_params."""
    geo_match_params: dict[str, str] | None
    """The country and area code to prefer."""
    created_timestamp: str | None
    """ISO-8601 creation time."""
    updated_timestamp: str | None
    """ISO-8601 time of the last change."""
    ended_timestamp: str | None
    """ISO-8601 time the session closed, or none while open."""

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
        super().__init__(
            voice_connector_id=voice_connector_id,
            participant_phone_numbers=participant_phone_numbers,
            capabilities=capabilities,
            name=name,
            expiry_minutes=expiry_minutes,
            number_selection_behavior=number_selection_behavior,
            geo_match_level=geo_match_level,
            geo_match_params=geo_match_params,
            proxy_session_id=proxy_session_id,
            status=status,
            created_timestamp=created_timestamp,
            updated_timestamp=updated_timestamp,
            ended_timestamp=ended_timestamp,
            participants=participants,
        )
