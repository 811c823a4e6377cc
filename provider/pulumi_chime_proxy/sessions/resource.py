"""``ProxySession`` and ``ProxySessionArgs``: what a Pulumi program declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict, overload

import pulumi
from pulumi.dynamic import Resource

from ..aws.provider_base import resource_props
from ..kernel import hidden
from ..kernel.arguments import input_props, resource_args
from ..kernel.shards import sharded_options
from .outputs import Participant
from .props import COMPUTED, SECRET_OUTPUTS, SPEC
from .provider import ProxySessionProvider


class GeoMatchParamsArgs(TypedDict):
    """Country (ISO 3166-1 alpha-2, e.g. ``US``) and area code (3 digits) to match."""

    country: pulumi.Input[str]
    area_code: pulumi.Input[str]


class ProxySessionArgs:
    """Inputs of a ``ProxySession`` (see the README's reference for every rule).

    :param voice_connector_id: The Voice Connector, with a proxy configuration.
    :param participant_phone_numbers: Exactly two distinct E.164 numbers (secret).
    :param capabilities: ``Voice`` and/or ``SMS``; changes update in place.
    :param name: Optional, up to 30 letters, digits and spaces (secret).
    :param expiry_minutes: Minutes until the session closes (>= 1); updates in place.
        Defaults to the connector's ``DefaultSessionExpiryMinutes``.
    :param number_selection_behavior: ``PreferSticky`` or ``AvoidSticky``.
    :param geo_match_level: ``Country`` or ``AreaCode``; needs ``geo_match_params``.
    :param geo_match_params: ``{"country": "US", "area_code": "206"}``.
    :param adopt_proxy_session_id: Take over this existing session instead of creating
        one; its participants must equal ``participant_phone_numbers``.
    :param keep_closed: Keep a session that has closed (expired) instead of replacing it
        on the next ``up``.
    """

    def __init__(
        self,
        voice_connector_id: pulumi.Input[str],
        participant_phone_numbers: pulumi.Input[Sequence[pulumi.Input[str]]],
        capabilities: pulumi.Input[Sequence[pulumi.Input[str]]],
        name: pulumi.Input[str] | None = None,
        expiry_minutes: pulumi.Input[int] | None = None,
        number_selection_behavior: pulumi.Input[str] | None = None,
        geo_match_level: pulumi.Input[str] | None = None,
        geo_match_params: pulumi.Input[GeoMatchParamsArgs] | None = None,
        adopt_proxy_session_id: pulumi.Input[str] | None = None,
        keep_closed: pulumi.Input[bool] | None = None,
    ) -> None:
        self.voice_connector_id = voice_connector_id
        self.participant_phone_numbers = participant_phone_numbers
        self.capabilities = capabilities
        self.name = name
        self.expiry_minutes = expiry_minutes
        self.number_selection_behavior = number_selection_behavior
        self.geo_match_level = geo_match_level
        self.geo_match_params = geo_match_params
        self.adopt_proxy_session_id = adopt_proxy_session_id
        self.keep_closed = keep_closed

    def to_props(self) -> dict[str, Any]:
        """Inputs as provider props; numbers and name wrapped as secrets."""
        return input_props(SPEC, self)


class ProxySession(Resource, module="chime", name="ProxySession"):
    """An Amazon Chime SDK Voice proxy session, kept in sync with the live service.

    ``pulumi refresh`` reads the session back with GetProxySession, so ``status``,
    ``participants`` and the timestamps in state (and in stack outputs, with
    ``--run-program``) are what AWS reports. A ``Closed`` session is drift that the
    next ``up`` heals by replacing it, unless ``keep_closed`` is set.

    With the stack config ``chime-proxy:shards`` = k, sessions are spread over k
    provider host processes by a hash of their name (kernel/shards.py).
    """

    proxy_session_id: pulumi.Output[str]
    """The session's id (also the resource id)."""
    voice_connector_id: pulumi.Output[str]
    """The Voice Connector the session belongs to."""
    name: pulumi.Output[str | None]
    """The session name (secret)."""
    status: pulumi.Output[str]
    """``Open``, ``InProgress`` or ``Closed``, as last read."""
    expiry_minutes: pulumi.Output[int | None]
    """Minutes from creation until the session closes."""
    capabilities: pulumi.Output[list[str]]
    """``Voice`` and/or ``SMS``."""
    created_timestamp: pulumi.Output[str | None]
    """ISO-8601 creation time."""
    updated_timestamp: pulumi.Output[str | None]
    """ISO-8601 time of the last change."""
    ended_timestamp: pulumi.Output[str | None]
    """ISO-8601 time the session closed, or None while it is open."""
    participants: pulumi.Output[list[Participant]]
    """Each participant: ``.phone_number`` and the ``.proxy_phone_number`` they see (secret)."""
    participant_phone_numbers: pulumi.Output[list[str]]
    """The participants' numbers as live (secret)."""
    number_selection_behavior: pulumi.Output[str | None]
    """``PreferSticky`` or ``AvoidSticky``."""
    geo_match_level: pulumi.Output[str | None]
    """``Country`` or ``AreaCode``."""
    geo_match_params: pulumi.Output[dict[str, str] | None]
    """``{"country": ..., "area_code": ...}``."""
    adopt_proxy_session_id: pulumi.Output[str | None]
    """The adopted session id, when the session was adopted."""
    keep_closed: pulumi.Output[bool]
    """Whether a closed session is kept rather than replaced."""

    @overload
    def __init__(self, resource_name: str, args: ProxySessionArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        voice_connector_id: pulumi.Input[str],
        participant_phone_numbers: pulumi.Input[Sequence[pulumi.Input[str]]],
        capabilities: pulumi.Input[Sequence[pulumi.Input[str]]],
        name: pulumi.Input[str] | None = None,
        expiry_minutes: pulumi.Input[int] | None = None,
        number_selection_behavior: pulumi.Input[str] | None = None,
        geo_match_level: pulumi.Input[str] | None = None,
        geo_match_params: pulumi.Input[GeoMatchParamsArgs] | None = None,
        adopt_proxy_session_id: pulumi.Input[str] | None = None,
        keep_closed: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare the session ``resource_name`` from a :class:`ProxySessionArgs` or from
        its fields as keyword arguments (``voice_connector_id=..., ...``)."""
        session_args, options = resource_args(ProxySessionArgs, args, kwargs)
        props, options = resource_props(session_args.to_props(), COMPUTED, (*SECRET_OUTPUTS, hidden.KEY),
                                        sharded_options(resource_name, options))
        super().__init__(ProxySessionProvider(), resource_name, props, options)
