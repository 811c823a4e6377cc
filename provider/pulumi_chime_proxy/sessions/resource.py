"""``ProxySession`` and ``ProxySessionArgs``: what a Pulumi program declares.

Generated from ``sessions/spec.py`` by ``python -m chime_proxy_dev generate``:
edit the spec, not this file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypedDict, overload

import pulumi
from pulumi.dynamic import Resource

from ..dynamic.decode import ENVELOPE
from ..dynamic.provider_base import resource_props
from ..kernel.arguments import input_props, resource_args
from ..kernel.shards import sharded_options
from .outputs import Participant
from .props import COMPUTED, SECRET_OUTPUTS, SPEC
from .provider import ProxySessionProvider


class GeoMatchParamsArgs(TypedDict):
    """The country and area code to prefer."""

    country: pulumi.Input[str]
    area_code: pulumi.Input[str]


@dataclasses.dataclass(repr=False, eq=False)
class ProxySessionArgs:
    """Inputs of a ``ProxySession`` (see the README's reference for every rule).

    :param voice_connector_id: The Voice Connector, with a proxy configuration. Rule: the
        model's Voice Connector id pattern. Changing it: replaces the resource.
    :param participant_phone_numbers: Exactly two distinct E.164 numbers. Rule: exactly 2
        distinct E.164 numbers (``^\\+?[1-9]\\d{1,14}$``). Changing it: replaces the resource.
        Secret.
    :param capabilities: Voice and/or SMS. Rule: non-empty, from ``Voice``, ``SMS``, no repeats.
        Updates in place.
    :param name: Up to 30 letters, digits and spaces. Rule: ``^[a-zA-Z0-9 ]{0,30}$``. Unset: a
        mark, ``pulumi`` and 16 hex digits (how a failed create finds its session). Changing it:
        replaces the resource. Secret.
    :param expiry_minutes: Minutes from creation until the session closes. Rule: whole number
        from 1 to 2147483647 (the model's 32-bit ``integer``). Unset: the connector's
        ``DefaultSessionExpiryMinutes``. Updates in place.
    :param number_selection_behavior: PreferSticky or AvoidSticky. Rule: ``PreferSticky`` or
        ``AvoidSticky``. Changing it: replaces the resource.
    :param geo_match_level: Country or AreaCode; needs geo_match_params. Rule: ``Country`` or
        ``AreaCode``; needs ``geo_match_params``. Changing it: replaces the resource.
    :param geo_match_params: The country and area code to prefer. Rule: ``{"country": "US",
        "area_code": "206"}``, both required. Changing it: replaces the resource.
    :param adopt_proxy_session_id: Take over this existing session instead of creating one.
        Rule: adopt this existing session instead of creating one. Changing it: replace if it
        names another session.
    :param keep_closed: Keep a Closed session instead of replacing it. Rule: keep a ``Closed``
        session instead of replacing it. Changes are recorded in place, with no API call.
    """

    voice_connector_id: pulumi.Input[str]
    participant_phone_numbers: pulumi.Input[Sequence[pulumi.Input[str]]]
    capabilities: pulumi.Input[Sequence[pulumi.Input[str]]]
    name: pulumi.Input[str] | None = None
    expiry_minutes: pulumi.Input[int] | None = None
    number_selection_behavior: pulumi.Input[str] | None = None
    geo_match_level: pulumi.Input[str] | None = None
    geo_match_params: pulumi.Input[GeoMatchParamsArgs] | None = None
    adopt_proxy_session_id: pulumi.Input[str] | None = None
    keep_closed: pulumi.Input[bool] | None = None

    def to_props(self) -> dict[str, Any]:
        """Inputs as provider props; secret inputs wrapped as secrets."""
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

    voice_connector_id: pulumi.Output[str]
    """The Voice Connector, with a proxy configuration. Changing it: replaces the resource."""
    participant_phone_numbers: pulumi.Output[list[str]]
    """Exactly two distinct E.164 numbers. Changing it: replaces the resource. Secret."""
    capabilities: pulumi.Output[list[str]]
    """Voice and/or SMS. Updates in place."""
    name: pulumi.Output[str | None]
    """
    Up to 30 letters, digits and spaces. Unset: a mark, ``pulumi`` and 16 hex digits (how a
    failed create finds its session). Changing it: replaces the resource. Secret.
    """
    expiry_minutes: pulumi.Output[int | None]
    """
    Minutes from creation until the session closes. Unset: the connector's
    ``DefaultSessionExpiryMinutes``. Updates in place.
    """
    number_selection_behavior: pulumi.Output[str | None]
    """PreferSticky or AvoidSticky. Changing it: replaces the resource."""
    geo_match_level: pulumi.Output[str | None]
    """Country or AreaCode; needs geo_match_params. Changing it: replaces the resource."""
    geo_match_params: pulumi.Output[dict[str, str] | None]
    """The country and area code to prefer. Changing it: replaces the resource."""
    adopt_proxy_session_id: pulumi.Output[str | None]
    """
    Take over this existing session instead of creating one. Changing it: replace if it names
    another session.
    """
    keep_closed: pulumi.Output[bool]
    """
    Keep a Closed session instead of replacing it. Changes are recorded in place, with no API
    call.
    """
    proxy_session_id: pulumi.Output[str]
    """The session's id (also the resource id)."""
    status: pulumi.Output[str]
    """Open, InProgress or Closed, as last read."""
    created_timestamp: pulumi.Output[str | None]
    """ISO-8601 creation time."""
    updated_timestamp: pulumi.Output[str | None]
    """ISO-8601 time of the last change."""
    ended_timestamp: pulumi.Output[str | None]
    """ISO-8601 time the session closed, or none while open."""
    participants: pulumi.Output[list[Participant]]
    """Each participant's number and the proxy number they see. Secret."""

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
        """Declare ``resource_name`` from a :class:`ProxySessionArgs` or from its fields as
        keyword arguments."""
        declared, options = resource_args(ProxySessionArgs, args, kwargs)
        props, options = resource_props(declared.to_props(), COMPUTED, (*SECRET_OUTPUTS, ENVELOPE),
                                        sharded_options(resource_name, options))
        super().__init__(ProxySessionProvider(), resource_name, props, options)
